"""Benchmark of the battle map (作战图) at 22 and at 400 villages (SPEC §4), in one run.

Builds in a throw-away database (SQLite file in a temp folder, or ``test_<name>``
on PostgreSQL when DATABASE_URL is set):

- a township of 22 villages (the demo size), 40 tasks each;
- a county of 20 townships × 20 villages (400 villages, 16,000 tasks);
- one township of 400 villages (the map shows 50 villages a page).

Then requests each page through the full Django stack (middleware, session,
templates) with a logged-in user, ``--repeat`` times, and prints the median time
and the number of SQL queries of each, and the ratios time(400)/time(22).
Target: ≤ 3, and the same number of queries at both sizes.

Run: ``python bench/battle_map.py [--repeat 15]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "election_admin.settings.test")
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="hjt-bench-var-"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def measure(client: Client, url: str, repeat: int) -> tuple[float, int]:
    """Return (median seconds, queries) of GET url through the whole stack."""
    client.get(url)  # warm caches (templates, translations)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return statistics.median(times), len(captured)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.urls import reverse

        from core.models import User
        from stages.defaults import load_defaults
        from stages.models import Stage
        from stages.scale import generate_county

        load_defaults()
        start = time.perf_counter()
        small = generate_county(townships=1, villages=22, seed=1)
        county = generate_county(townships=20, villages=20, seed=2)
        big = generate_county(townships=1, villages=400, seed=3)
        built = time.perf_counter() - start
        print(f"datasets built in {built:.1f}s on {connection.vendor}")

        def office(data):
            return User.objects.get(
                username__endswith="-000-office0", township=data.townships[0]
            )

        def client_for(user):
            client = Client()
            client.force_login(user)
            return client

        county_user = User.objects.create(username="bench-county", county=county.county)
        from django.contrib.auth.models import Group

        county_user.groups.add(Group.objects.get_or_create(name="county")[0])
        small_county_user = User.objects.create(
            username="bench-county-small", county=small.county
        )
        small_county_user.groups.add(Group.objects.get(name="county"))
        stage = Stage.objects.get(code="candidates")

        rows = []

        def row(label, client, url):
            seconds, queries = measure(client, url, args.repeat)
            rows.append((label, seconds, queries))
            print(f"{label:<58} {seconds * 1000:8.1f} ms  {queries:3d} queries")
            return seconds, queries

        print(f"median of {args.repeat} requests each:")
        map22 = row(
            "battle map, township of 22 villages",
            client_for(office(small)),
            reverse("stages:round_map", args=[small.rounds[0].pk]),
        )
        map400 = row(
            "battle map, township of 400 villages (page 1 of 8)",
            client_for(office(big)),
            reverse("stages:round_map", args=[big.rounds[0].pk]),
        )
        map_in_county = row(
            "battle map, 20-village township in the 400-village county",
            client_for(office(county)),
            reverse("stages:battle_map"),
        )
        county1 = row(
            "county map, 1 township (22 villages)",
            client_for(small_county_user),
            reverse("stages:battle_map"),
        )
        county20 = row(
            "county map, 20 townships (400 villages)",
            client_for(county_user),
            reverse("stages:battle_map"),
        )
        stage22 = row(
            "stage view, 22 villages",
            client_for(office(small)),
            reverse("stages:stage_view", args=[small.rounds[0].pk, stage.pk]),
        )
        stage400 = row(
            "stage view, 400 villages (page 1 of 8)",
            client_for(office(big)),
            reverse("stages:stage_view", args=[big.rounds[0].pk, stage.pk]),
        )

        print()
        print(
            f"time(400)/time(22) battle map, one township of 400: {map400[0] / map22[0]:.2f}"
            f"  (queries {map22[1]} vs {map400[1]})"
        )
        print(
            f"time(400)/time(22) battle map, township in 400-village county: "
            f"{map_in_county[0] / map22[0]:.2f}  (queries {map22[1]} vs {map_in_county[1]})"
        )
        print(
            f"time(400)/time(22) county map, 20 townships vs 1: {county20[0] / county1[0]:.2f}"
            f"  (queries {county1[1]} vs {county20[1]})"
        )
        print(
            f"time(400)/time(22) stage view: {stage400[0] / stage22[0]:.2f}"
            f"  (queries {stage22[1]} vs {stage400[1]})"
        )
        worst = max(
            map400[0] / map22[0],
            map_in_county[0] / map22[0],
            county20[0] / county1[0],
            stage400[0] / stage22[0],
        )
        same = (
            map22[1] == map400[1] == map_in_county[1]
            and stage22[1] == stage400[1]
            and county1[1] == county20[1]
        )
        print(
            f"target ≤ 3: {'met' if worst <= 3 else 'NOT met'} (worst {worst:.2f}); "
            f"same queries at both sizes: {'yes' if same else 'NO'}"
        )
        return 0 if worst <= 3 and same else 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())

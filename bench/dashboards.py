"""Benchmark of the supervisors' screens (SPEC §3.9) at 22 and at 400 villages, in one run.

Builds in a throw-away database (SQLite file in a temp folder, or ``test_<name>``
on PostgreSQL when DATABASE_URL / BENCH_DATABASE_URL is set):

- a township of 22 villages (the demo size), 40 tasks each;
- one township of 400 villages (16,000 tasks);
- counties of 2 × 11 and 20 × 20 villages (22 and 400) for the county screen.

Requests each page through the full Django stack with a logged-in user,
``--repeat`` times, and prints the median time, the SQL queries and the ratio
time(400)/time(22). Target: ≤ 3, and the same number of queries at both sizes.

Run: ``python bench/dashboards.py [--repeat 15]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "election_admin.settings.test")
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="hjt-bench-var-"))
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from battle_map import measure  # noqa: E402

# Imported before the (slow) test database is built, not after.
from stages.defaults import load_defaults  # noqa: E402
from stages.scale import generate_county  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        import time

        from django.contrib.auth.models import Group
        from django.urls import reverse

        from core.models import User

        load_defaults()
        start = time.perf_counter()
        small = generate_county(townships=1, villages=22, seed=1)
        big = generate_county(townships=1, villages=400, seed=3)
        small_county = generate_county(townships=2, villages=11, seed=4)
        county = generate_county(townships=20, villages=20, seed=2)
        print(
            f"datasets built in {time.perf_counter() - start:.1f}s on {connection.vendor}"
        )

        def office(data):
            return User.objects.get(
                username__endswith="-000-office0", township=data.townships[0]
            )

        def client_for(user):
            client = Client()
            client.force_login(user)
            return client

        county_group = Group.objects.get_or_create(name="county")[0]
        officials = {}
        for label, data in (("small", small_county), ("big", county)):
            user = User.objects.create(
                username=f"bench-county-{label}", county=data.county
            )
            user.groups.add(county_group)
            officials[label] = user

        tasks = reverse("stages:task_list")
        pages = [
            ("home (office: lagging villages, progress, notes)", reverse("home")),
            ("lagging villages ranked", reverse("stages:lagging")),
            ("task list, page 1", tasks),
            ("task list, overdue", f"{tasks}?overdue=1"),
            ("task list, due within 7 days", f"{tasks}?due_within=7"),
            ("inspection notes", reverse("supervision:note_list") + "?state=all"),
        ]
        print(f"median of {args.repeat} requests each:")
        ratios = []
        same = True
        for label, url in pages:
            t22, q22 = measure(client_for(office(small)), url, args.repeat)
            t400, q400 = measure(client_for(office(big)), url, args.repeat)
            ratio = t400 / t22
            ratios.append(ratio)
            same &= q22 == q400
            print(
                f"{label:<52} 22: {t22 * 1000:7.1f} ms {q22:3d} q   "
                f"400: {t400 * 1000:7.1f} ms {q400:3d} q   ratio {ratio:4.2f}"
            )
        t1, q1 = measure(client_for(officials["small"]), reverse("home"), args.repeat)
        t20, q20 = measure(client_for(officials["big"]), reverse("home"), args.repeat)
        ratios.append(t20 / t1)
        same &= q1 == q20
        print(
            f"{'county home (townships side by side)':<52} 22: {t1 * 1000:7.1f} ms "
            f"{q1:3d} q   400: {t20 * 1000:7.1f} ms {q20:3d} q   ratio {t20 / t1:4.2f}"
        )
        worst = max(ratios)
        print(
            f"target ≤ 3: {'met' if worst <= 3 else 'NOT met'} (worst {worst:.2f}); "
            f"same queries at both sizes: {'yes' if same else 'NO'}"
        )
        return 0 if worst <= 3 and same else 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())

"""Province simulation (SPEC §4): 1,000 townships × 16 villages = 16,000 villages and
640,000 tasks on PostgreSQL, then the reminder scan and the county/province summary pages.

Builds in a throw-away PostgreSQL database (``BENCH_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/hjt_province``; dropped and created anew) with
``stages.scale.generate_county``, which writes with ``COPY`` on PostgreSQL. Prints:

- the time to build the province;
- the reminder scan over every task: seconds, SQL queries, reminders created; a
  second scan must create nothing (targets: ≤ 60 s, the same number of queries as at
  22 villages);
- the county official's first screen and the battle map of a county of 1,000 townships
  and of one township: seconds and queries.

Run: ``python bench/province.py [--townships 1000] [--villages 16]``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hjt_province"
)
os.environ["DATABASE_URL"] = URL
os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="hjt-bench-province-")
os.environ["CELERY_BROKER_URL"] = "memory://"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "election_admin.settings.base")
os.environ["LOG_LEVEL"] = "WARNING"
os.environ["DEBUG"] = "0"


def recreate_database() -> None:
    import psycopg

    parsed = urllib.parse.urlparse(URL)
    if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("BENCH_DATABASE_URL must point at this machine (loopback).")
    name = parsed.path.lstrip("/")
    with psycopg.connect(URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--townships", type=int, default=1000)
    parser.add_argument("--villages", type=int, default=16)
    args = parser.parse_args()
    recreate_database()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from core.models import User
    from core.roles import Role
    from notifications.scan import run_scan
    from stages.defaults import load_defaults
    from stages.scale import generate_county

    if connection.vendor != "postgresql":
        raise SystemExit("the province simulation needs PostgreSQL")
    setup_test_environment()
    call_command("migrate", verbosity=0)
    load_defaults()
    today = timezone.localdate()

    started = time.perf_counter()
    small = generate_county(townships=1, villages=22, today=today, seed=1)
    small_built = time.perf_counter() - started
    started = time.perf_counter()
    data = generate_county(
        townships=args.townships, villages=args.villages, today=today, seed=2
    )
    built = time.perf_counter() - started
    print(
        f"province: {len(data.townships)} townships, {data.villages} villages, "
        f"{data.tasks} tasks built in {built:.0f} s "
        f"({data.tasks / built:,.0f} tasks/s; 22 villages took {small_built:.1f} s)"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def scan():
        with CaptureQueriesContext(connection) as queries:
            t = time.perf_counter()
            result = run_scan(today=today)
            return time.perf_counter() - t, len(queries), result.created

    first, second = scan(), scan()
    print(
        f"reminder scan over {small.tasks + data.tasks:,} tasks: first {first[0]:.1f} s, "
        f"{first[1]} queries, {first[2]:,} reminders created; second {second[0]:.1f} s, "
        f"{second[1]} queries, {second[2]} created"
    )

    county_user = User.objects.create(
        username="bench-county", full_name="县委组织部", county=data.county
    )
    county_user.groups.add(*_groups(Role.COUNTY))
    office = User.objects.filter(
        township=data.townships[0], username__contains="-office"
    ).first()
    pages = [
        ("county first screen", county_user, reverse("home")),
        ("county battle map", county_user, reverse("stages:battle_map")),
        ("township first screen", office, reverse("home")),
        ("township battle map", office, reverse("stages:battle_map")),
    ]
    for label, user, url in pages:
        client = Client()
        client.force_login(user)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            t = time.perf_counter()
            response = client.get(url)
            took = time.perf_counter() - t
        print(
            f"{label:<24} {url:<20} {response.status_code} {took * 1000:7.0f} ms "
            f"{len(queries):4d} queries"
        )
    return 0


def _groups(*names):
    from django.contrib.auth.models import Group

    return [Group.objects.get_or_create(name=name)[0] for name in names]


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark of the structure analysis (两升一降) and the election list at 22 and 400 villages.

Builds in a throw-away database (SQLite file in a temp folder, or ``test_<name>``
on PostgreSQL when DATABASE_URL is set) two townships — 22 villages (the demo
size) and 400 villages (a county's worth in one township) — each village with an
outgoing Party committee (3) and villagers' committee (4), and a new term of 5 + 4
from applied elections (two elections per village). Then requests the structure
page, its .xlsx export and the election list through the full Django stack with a
logged-in leader, ``--repeat`` times, and prints the median time and the number
of SQL queries of each, and the ratios time(400)/time(22). Target (SPEC §4): the
same number of queries at both sizes and time at 400 ≤ 3 × time at 22 for the
structure page, its export and the county statistics report (换届统计表) and its
export — the roster is counted by the database (elections.structure) and the
per-village table is paged.

Run: ``python bench/structure_analysis.py [--repeat 7]``; on PostgreSQL
``BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_bench python bench/structure_analysis.py``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "election_admin.settings.test")
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="hjt-bench-var-"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

OLD_START = datetime.date(2016, 11, 1)
PARTY_DAY = datetime.date(2021, 11, 20)
VC_DAY = datetime.date(2021, 12, 12)


def measure(client: Client, url: str, repeat: int) -> tuple[float, int]:
    """Return (median seconds, queries) of GET url through the whole stack."""
    client.get(url)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return statistics.median(times), len(captured)


def build(code: str, villages: int, rng: random.Random, counter: list[int]):
    """Create a township with ``villages`` villages, old committees and a new term."""
    from core.models import User
    from core.services import ensure_role_groups
    from elections.models import Election
    from stages.defaults import load_rules
    from stages.models import ElectionRound
    from villages.choices import Category, Education, Gender, Post
    from villages.models import County, Person, RosterMembership, Township, Village

    county, _ = County.objects.get_or_create(code="BENCH", defaults={"name": "基准县"})
    township = Township.objects.create(county=county, code=code, name=f"基准镇{code}")
    groups = ensure_role_groups()
    leader = User.objects.create_user(
        username=f"leader-{code}", password="x", township=township
    )
    leader.groups.add(groups["leader"])
    round = ElectionRound.objects.create(
        township=township,
        name="2021年换届",
        start_date=datetime.date(2021, 9, 1),
        target_end_date=datetime.date(2021, 12, 31),
        rule_set=load_rules(),
        status="active",
    )
    rows = Village.objects.bulk_create(
        [
            Village(township=township, code=f"{i:03d}", name=f"{code}村{i}")
            for i in range(villages)
        ]
    )
    people, plans = [], []
    educations = list(Education.values)
    for village in rows:
        for category, posts, start, end, young in (
            (
                Category.PARTY_COMMITTEE,
                [Post.SECRETARY, Post.MEMBER, Post.MEMBER],
                OLD_START,
                PARTY_DAY,
                False,
            ),
            (
                Category.VILLAGERS_COMMITTEE,
                [Post.DIRECTOR, Post.MEMBER, Post.MEMBER, Post.MEMBER],
                OLD_START,
                VC_DAY,
                False,
            ),
            (
                Category.PARTY_COMMITTEE,
                [Post.SECRETARY, *[Post.MEMBER] * 4],
                PARTY_DAY,
                None,
                True,
            ),
            (
                Category.VILLAGERS_COMMITTEE,
                [Post.DIRECTOR, *[Post.MEMBER] * 3],
                VC_DAY,
                None,
                True,
            ),
        ):
            for post in posts:
                counter[0] += 1
                person = Person(
                    id_number=f"B{counter[0]:017d}",
                    name=f"成员{counter[0]}",
                    gender=rng.choice([Gender.MALE, Gender.FEMALE]),
                    birth_date=datetime.date(
                        rng.randint(1960, 1998) if young else rng.randint(1955, 1975),
                        6,
                        1,
                    ),
                    education=rng.choice(educations),
                    village=village,
                )
                people.append(person)
                plans.append((person, village, category, post, start, end))
    Person.objects.bulk_create(people, batch_size=2000)
    RosterMembership.objects.bulk_create(
        [
            RosterMembership(
                person=p, village=v, category=c, post=post, start_date=s, end_date=e
            )
            for p, v, c, post, s, e in plans
        ],
        batch_size=2000,
    )
    Election.objects.bulk_create(
        [
            Election(
                round=round,
                village=village,
                body=body,
                held_on=day,
                seats_member=5,
                status="applied",
                valid=True,
                recorded_by=leader,
            )
            for village in rows
            for body, day in (
                ("party_committee", PARTY_DAY),
                ("villagers_committee", VC_DAY),
            )
        ],
        batch_size=2000,
    )
    return leader


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rng = random.Random(2021)
        counter = [0]
        start = time.perf_counter()
        small = build("S22", 22, rng, counter)
        big = build("B400", 400, rng, counter)
        print(
            f"datasets built in {time.perf_counter() - start:.1f}s on {connection.vendor}"
        )
        pages = [
            ("structure page", "/elections/structure/"),
            ("structure .xlsx", "/elections/structure/?export=xlsx"),
            ("election list", "/elections/"),
            ("statistics page", "/elections/statistics/"),
            ("statistics .xlsx", "/elections/statistics/?export=xlsx"),
        ]
        results = {}
        for label, user in (("22", small), ("400", big)):
            client = Client()
            client.force_login(user)
            for name, url in pages:
                results[(name, label)] = measure(client, url, args.repeat)
        print(f"{'page':<18}{'22 villages':>22}{'400 villages':>22}{'time ratio':>12}")
        for name, _url in pages:
            t22, q22 = results[(name, "22")]
            t400, q400 = results[(name, "400")]
            print(
                f"{name:<18}{t22 * 1000:>12.1f} ms {q22:>3} q{t400 * 1000:>12.1f} ms {q400:>3} q"
                f"{t400 / t22:>11.2f}x"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())

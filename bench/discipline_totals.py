"""Benchmark of the discipline pages at 22 and at 400 villages (SPEC §4), in one run.

Builds in a throw-away database (SQLite file in a temp folder, or ``test_<name>``
on PostgreSQL when DATABASE_URL is set) a township of 22 villages and a township
of 400 villages, each village with a month of records like the demo (5 screenings,
4 publicity entries, 2 materials rows, 20 commitment letters, 1 舆情, 1 report),
and a county of 20 townships × 20 villages for the county view.

Then requests each page through the full Django stack (middleware, session,
templates) with a logged-in user, ``--repeat`` times, and prints the median time,
the number of SQL queries, and the ratios time(400)/time(22).
Target: ≤ 3, and the same number of queries at both sizes.

Run: ``python bench/discipline_totals.py [--repeat 11]``.
"""

from __future__ import annotations

import argparse
import datetime
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

DAY = datetime.date(2021, 10, 8)


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


def build_township(county, code: str, villages: int, users: dict):
    """Create a township with ``villages`` villages and a month of records each."""
    from discipline.models import (
        CommitmentLetter,
        EducationEvent,
        MaterialDistribution,
        PublicityEntry,
        PublicOpinion,
        Report,
    )
    from villages.models import Township, Village

    township = Township.objects.create(county=county, code=code, name=f"镇{code}")
    rows = [
        Village(township=township, code=f"{i:03d}", name=f"{code}村{i:03d}")
        for i in range(villages)
    ]
    Village.objects.bulk_create(rows)
    rows = list(Village.objects.filter(township=township).order_by("code"))
    through = EducationEvent.villages.through
    events, links, publicity, materials, letters, opinions, reports = (
        [],
        [],
        [],
        [],
        [],
        [],
        [],
    )
    for village in rows:
        for n in range(5):
            events.append(
                EducationEvent(
                    township=township,
                    kind="warning_film",
                    title=f"放映{n}",
                    held_on=DAY,
                    attendance=30,
                )
            )
        for channel in ("banner", "loudspeaker", "wechat", "notice_board"):
            publicity.append(
                PublicityEntry(
                    township=township,
                    village=village,
                    channel=channel,
                    count=5,
                    happened_on=DAY,
                )
            )
        for kind, quantity in (("reminder_card", 19), ("prohibition_board", 2)):
            materials.append(
                MaterialDistribution(
                    township=township,
                    village=village,
                    kind=kind,
                    quantity=quantity,
                    distributed_on=DAY,
                )
            )
        for n in range(20):
            letters.append(
                CommitmentLetter(
                    township=township,
                    village=village,
                    signer_name=f"签名{n}",
                    kind="discipline",
                    signed_on=DAY,
                )
            )
        opinions.append(
            PublicOpinion(
                township=township,
                village=village,
                source="online",
                summary="传言",
                discovered_on=DAY,
                risk_level="low",
                due_on=DAY,
            )
        )
        reports.append(
            Report(
                township=township,
                village=village,
                number=f"JB2021-{village.code}",
                channel="hotline",
                category="other",
                summary="反映问题",
                received_on=DAY,
                registered_by=users["discipline"],
            )
        )
    EducationEvent.objects.bulk_create(events)
    created = list(
        EducationEvent.objects.filter(township=township)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for index, event_id in enumerate(created):
        links.append(
            through(educationevent_id=event_id, village_id=rows[index // 5].pk)
        )
    through.objects.bulk_create(links)
    PublicityEntry.objects.bulk_create(publicity)
    MaterialDistribution.objects.bulk_create(materials)
    CommitmentLetter.objects.bulk_create(letters)
    PublicOpinion.objects.bulk_create(opinions)
    Report.objects.bulk_create(reports)
    return township


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from django.contrib.auth.models import Group
        from django.urls import reverse

        from core.models import User
        from villages.models import County

        groups = {
            name: Group.objects.get_or_create(name=name)[0]
            for name in ("office", "discipline", "county")
        }

        def user(name, role, **fields):
            created = User.objects.create(username=name, **fields)
            created.groups.add(groups[role])
            return created

        start = time.perf_counter()
        county_small = County.objects.create(code="C1", name="小县")
        county_big = County.objects.create(code="C2", name="大县")
        writer = {"discipline": user("writer", "discipline")}
        small = build_township(county_small, "T022", 22, writer)
        big = build_township(county_small, "T400", 400, writer)
        for index in range(20):
            build_township(county_big, f"K{index:02d}", 20, writer)
        print(
            f"datasets built in {time.perf_counter() - start:.1f}s on {connection.vendor}"
        )

        def client(name, role, **fields):
            c = Client()
            c.force_login(user(name, role, **fields))
            return c

        office_small = client("office-small", "office", township=small)
        office_big = client("office-big", "office", township=big)
        discipline_small = client("discipline-small", "discipline", township=small)
        discipline_big = client("discipline-big", "discipline", township=big)
        county1 = client("county-1", "county", county=county_small)
        county20 = client("county-20", "county", county=county_big)

        rows = {}

        def row(key, label, c, url):
            seconds, queries = measure(c, url, args.repeat)
            rows[key] = (seconds, queries)
            print(f"{label:<60} {seconds * 1000:8.1f} ms  {queries:3d} queries")

        totals = reverse("discipline:totals")
        print(f"median of {args.repeat} requests each:")
        row("t22", "totals, township of 22 villages", office_small, totals)
        row(
            "t400", "totals, township of 400 villages (page 1 of 8)", office_big, totals
        )
        row("c1", "totals, county of 2 townships (22 + 400 villages)", county1, totals)
        row("c20", "totals, county of 20 townships × 20 villages", county20, totals)
        row(
            "r22",
            "report list, 22 reports",
            discipline_small,
            reverse("discipline:report_list"),
        )
        row(
            "r400",
            "report list, 400 reports (page 1 of 16)",
            discipline_big,
            reverse("discipline:report_list"),
        )
        row(
            "e22",
            "education events, 110 events",
            office_small,
            reverse("discipline:event_list"),
        )
        row(
            "e400",
            "education events, 2000 events (page 1)",
            office_big,
            reverse("discipline:event_list"),
        )
        row(
            "l22",
            "commitment letters, 440 letters",
            office_small,
            reverse("discipline:letter_list"),
        )
        row(
            "l400",
            "commitment letters, 8000 letters (page 1)",
            office_big,
            reverse("discipline:letter_list"),
        )

        print()
        worst = 0.0
        same = True
        for label, a, b in (
            ("totals, township", "t22", "t400"),
            ("totals, county", "c1", "c20"),
            ("report list", "r22", "r400"),
            ("education events", "e22", "e400"),
            ("commitment letters", "l22", "l400"),
        ):
            ratio = rows[b][0] / rows[a][0]
            worst = max(worst, ratio)
            same = same and rows[a][1] == rows[b][1]
            print(
                f"time(400)/time(22) {label:<20} {ratio:5.2f}  (queries {rows[a][1]} vs {rows[b][1]})"
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

"""Demo rows of the 离任经济责任审计 and the 工作移交, so their pages are not empty.

Called by ``elections.demo.seed`` after the election results: audits of the
outgoing villagers' committee members of the first villages (one with problems
being rectified, one published late, one not yet published) and the handovers
of the first villages whose new committee is elected (one signed, one open).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError

from villages.choices import Category

from .choices import AuditFinding, Rectification


def seed_audits_and_handovers(round, office, *, today: date) -> tuple[int, int]:
    """Record demo audits and handovers once per round; return how many."""
    from candidates.models import Nomination
    from stages.models import VillageElection
    from villages.models import RosterMembership

    from . import services
    from .models import Handover, OutgoingAudit

    if office is None or OutgoingAudit.objects.filter(round=round).exists():
        return 0, 0
    rows = list(
        VillageElection.objects.filter(round=round, vc_election_date__isnull=False)
        .select_related("village")
        .order_by("village__code")[:4]
    )
    audits = 0
    for index, row in enumerate(rows):
        village, vc_day = row.village, row.vc_election_date
        outgoing = list(
            RosterMembership.objects.filter(
                village=village,
                category=Category.VILLAGERS_COMMITTEE,
                start_date__lt=round.start_date,
            )
            .select_related("person")
            .order_by("post", "pk")[:2]
        )
        # A cadre standing again first: the problems of the first village's audit
        # then show in that nominee's pre-checks (十不选 item 8).
        nominated = set(
            Nomination.objects.filter(
                round=round, person__in=[m.person for m in outgoing]
            ).values_list("person_id", flat=True)
        )
        outgoing.sort(key=lambda m: m.person_id not in nominated)
        audited_on = min(vc_day - timedelta(days=25), today)
        for number, membership in enumerate(outgoing):
            values = {
                "post": membership.post,
                "auditor": "镇农村经济经营管理站",
                "period_start": round.start_date - timedelta(days=5 * 365),
                "period_end": audited_on - timedelta(days=10),
                "audited_on": audited_on,
                "finding": AuditFinding.CLEAN,
                "problems": "",
                "amount": None,
                "rectification": "",
                "rectification_note": "",
                "published_on": None,
                "published_place": "",
                "notes": "",
            }
            if index == 0 and number == 0:
                values.update(
                    finding=AuditFinding.PROBLEMS,
                    problems="2019年道路硬化项目部分支出以白条入账，未经村民代表会议审议。",
                    amount=Decimal("18600.00"),
                    rectification=Rectification.OPEN,
                    rectification_note="补办审批手续，补齐票据；镇农经站跟踪。",
                )
            publish = {0: 12, 1: 5, 2: 15}.get(index)
            if publish is not None and vc_day - timedelta(days=publish) <= today:
                values.update(
                    published_on=vc_day - timedelta(days=publish),
                    published_place="村务公开栏",
                )
            try:
                services.audit_save(
                    round=round,
                    village=village,
                    person=membership.person,
                    by=office,
                    today=today,
                    **values,
                )
            except ValidationError:
                continue
            audits += 1
    handovers = 0
    for index, row in enumerate(rows[:3]):
        village = row.village
        if services.new_committee_election(round, village) is None:
            continue
        if Handover.objects.filter(round=round, village=village).exists():
            continue
        handover = services.handover_setup(round=round, village=village, by=office)
        old = (
            RosterMembership.objects.filter(
                village=village,
                category=Category.VILLAGERS_COMMITTEE,
                post="director",
                start_date__lt=round.start_date,
            )
            .select_related("person")
            .first()
        )
        new = (
            handover.election.candidates.filter(post="director", result="elected")
            .select_related("person")
            .first()
        )
        handovers += 1
        signed_on = handover.produced_on + timedelta(days=6)
        if index != 0 or signed_on > today:
            continue
        items = [
            {
                "pk": item.pk,
                "name": item.name,
                "detail": {1: "村委会公章1枚、财务专用章1枚"}.get(item.order, ""),
                "handed_over": True,
                "received": True,
                "note": "",
            }
            for item in handover.items.all()
        ]
        try:
            services.handover_save(
                handover=handover,
                by=office,
                items=items,
                produced_on=handover.produced_on,
                handed_over_by=old.person.name if old else "上届村委会主任",
                received_by=new.person.name if new else "新任村委会主任",
                supervised_by="镇包村干部",
                signed_on=signed_on,
                notes="",
                today=today,
            )
        except ValidationError:
            continue
    return audits, handovers

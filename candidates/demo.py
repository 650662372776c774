"""Demo data of candidate vetting: departments with reviewers, and villagers'-committee
nominees of the villages whose VC election is still ahead, at every stage.

Seen from today (the stages demo places the election days around today), the six
villages with the nearest VC election days show, nearest first:

1. 正式候选人 — reviewed, inspected, on notice (ended), list proposed by
   ``office`` and confirmed by ``leader``;
2. 公示 — notice on display, one objection still open;
3. 考察 — review clear, one 不宜 finding decided “may proceed” by ``leader``;
4. 联审中 — 公安 (the demo ``reviewer``) and half of the departments signed,
   the rest overdue; one nominee disqualified on a 公安 “must not” finding;
5. 联审中 — sent yesterday, nothing answered yet (the reviewer's to-do list);
6. 初步人选 — not yet sent.

Everything goes through the vetting services. Nominees come from the village's
roster (reserve cadres, talents, members); all people are fictional.
Idempotent: a village with villagers'-committee nominations is left alone.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from core.roles import Role

from .choices import Body, DecisionKind, FindingResult, ObjectionStatus, Route
from .defaults import DEPARTMENTS

PLAN = ("formal", "notice", "inspection", "partial", "sent", "preliminary")
POSTS = ("director", "deputy_director", "member", "member")
ROUTES = (Route.VILLAGERS, Route.MASSES, Route.VILLAGERS, Route.SELF)


def _reviewers(township) -> dict:
    """Put the demo ``reviewer`` in 公安 and give every other department a demo reviewer."""
    from core.models import User
    from core.services import ensure_role_groups

    from .models import Department

    groups = ensure_role_groups()
    result = {}
    for code, name, short_name, _order in DEPARTMENTS:
        department = Department.objects.filter(code=code).first()
        if department is None:
            continue
        username = "reviewer" if code == "gongan" else f"reviewer-{code}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": f"{short_name}审查员",
                "title": name,
                "township": township,
            },
        )
        if created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save()
            user.groups.add(groups[Role.REVIEWER])
        department.reviewers.add(user)
        result[code] = user
    return result


def _candidates(village, round, count: int) -> list:
    """Return roster people of a village fit to stand (18–58), not yet nominated for the VC."""
    from villages.models import Person

    from .models import Nomination

    taken = Nomination.objects.filter(
        round=round, body=Body.VILLAGERS_COMMITTEE
    ).values("person_id")
    today = timezone.localdate()
    people = [
        p
        for p in Person.objects.filter(village=village)
        .exclude(pk__in=taken)
        .order_by("birth_date", "pk")
        if 25 <= p.age_on(today) <= 58
    ]
    return people[:count]


def _sign(nomination, reviewers, codes=None, *, issues=None):
    """Answer and sign the items of the given departments (all by default)."""
    from . import services
    from .models import ReviewItem, RoundCriterion

    issues = issues or {}
    items = ReviewItem.objects.filter(nomination=nomination).select_related(
        "department"
    )
    for item in items:
        code = item.department.code
        if codes is not None and code not in codes:
            continue
        reviewer = reviewers.get(code)
        if reviewer is None:
            continue
        for number, text in issues.get(code, {}).items():
            services.review_finding_record(
                item=item,
                criterion=RoundCriterion.objects.get(
                    round=nomination.round, number=number
                ),
                result=FindingResult.ISSUE,
                finding=text,
                by=reviewer,
            )
        services.review_mark_rest_clear(item=item, by=reviewer)
        conclusion = (
            "经查，发现该同志存在所列情形，详见审查意见。"
            if code in issues
            else "经查，未发现该同志存在本单位负责审查的“十不选”情形。"
        )
        nomination.refresh_from_db()
        if nomination.status == "disqualified":
            return
        services.review_item_sign(item=item, conclusion=conclusion, by=reviewer)


def seed(*, township, stdout=None):
    """Create the demo nominations of six villages at six stages (idempotent)."""
    from core.models import User
    from stages.models import VillageElection
    from stages.selectors import current_round
    from stages.workdays import add_working_days

    from . import services
    from .defaults import load_defaults
    from .models import Nomination

    if township is None:
        return
    round = current_round(township)
    if round is None:
        return
    load_defaults()
    reviewers = _reviewers(township)
    office = User.objects.get(username="office")
    leader = User.objects.get(username="leader")
    today = timezone.localdate()
    rows = list(
        VillageElection.objects.filter(round=round, vc_election_date__gte=today)
        .select_related("village__township")
        .order_by("vc_election_date", "village__code")[: len(PLAN)]
    )
    done = 0
    for stage, row in zip(PLAN, rows, strict=False):
        village = row.village
        if Nomination.objects.filter(
            round=round, village=village, body=Body.VILLAGERS_COMMITTEE
        ).exists():
            continue
        people = _candidates(village, round, len(POSTS))
        nominations = [
            services.nomination_create(
                village=village,
                person=person,
                body=Body.VILLAGERS_COMMITTEE,
                post=post,
                route=route,
                by=office,
                round=round,
                notes="演示数据",
            )
            for person, post, route in zip(people, POSTS, ROUTES, strict=False)
        ]
        if not nominations or stage == "preliminary":
            done += 1
            continue
        sent_days = {
            "formal": 25,
            "notice": 18,
            "inspection": 12,
            "partial": 8,
            "sent": 1,
        }[stage]
        services.review_send(
            nominations=nominations,
            by=office,
            sent_on=add_working_days(today, -sent_days),
            note="演示批次",
        )
        if stage == "sent":
            done += 1
            continue
        if stage == "partial":
            half = {code for code, *_rest in DEPARTMENTS[::2]} | {"gongan"}
            _sign(
                nominations[-1],
                reviewers,
                {"gongan"},
                issues={
                    "gongan": {
                        2: "2014年因聚众斗殴罪被判处有期徒刑一年六个月（蒙城县人民法院刑事判决书）"
                    }
                },
            )
            for nomination in nominations[:-1]:
                _sign(nomination, reviewers, half)
            done += 1
            continue
        for index, nomination in enumerate(nominations):
            warn = (
                {"zuzhi": {7: "2019年民主评议党员中被评为不合格党员，已整改"}}
                if index == 1
                else None
            )
            _sign(nomination, reviewers, issues=warn)
            if warn:
                services.review_decide(
                    nomination=nomination,
                    decision=DecisionKind.PROCEED,
                    reason="已按要求整改到位，近两年表现良好，经领导组研究可以继续作为人选。",
                    by=leader,
                )
            services.nomination_start_inspection(nomination=nomination, by=office)
        if stage == "inspection":
            done += 1
            continue
        start = add_working_days(today, -12 if stage == "formal" else -2)
        notice = services.notice_publish(
            village=village,
            body=Body.VILLAGERS_COMMITTEE,
            nominations=nominations,
            start_date=start,
            by=office,
        )
        if stage == "notice":
            services.objection_record(
                notice=notice,
                nomination=nominations[0],
                received_on=today,
                channel="来电",
                content="反映该人选长期在外地经商，很少回村。",
                by=office,
            )
            done += 1
            continue
        objection = services.objection_record(
            notice=notice,
            nomination=nominations[0],
            received_on=start,
            channel="来信",
            content="反映该人选曾拖欠村集体承包费。",
            by=office,
        )
        services.objection_resolve(
            objection=objection,
            status=ObjectionStatus.DISMISSED,
            resolution="经镇纪委核实，承包费已于2020年全部缴清，反映问题不属实。",
            by=office,
        )
        proposal = services.formal_list_propose(
            village=village, body=Body.VILLAGERS_COMMITTEE, by=office, round=round
        )
        services.formal_list_confirm(formal_list=proposal, by=leader)
        done += 1
    if stdout is not None:
        stdout.write(f"candidates: vetting demo for {done} villages.")

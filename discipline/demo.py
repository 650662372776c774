"""Demo data of the discipline app: a month of education and publicity in 立仓镇.

The figures come out like the township's own report: 横幅100余条, 党工委集中学习4次,
专题研讨3次, “以案促廉百村行”宣讲及观看警示教育片106场次, 纪律提醒卡400余份, “十个严禁”
宣传图板50余份, 《严守换届纪律承诺书》400余份 — plus reports in different states
and 舆情 records. All names are fictional. Idempotent: a township that already
has publicity records is left as it is.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from core.models import User

from . import services
from .choices import (
    ActionKind,
    Channel,
    Conclusion,
    EventKind,
    LetterKind,
    MaterialKind,
    OpinionSource,
    ReportCategory,
    ReportChannel,
    RiskLevel,
)
from .models import (
    CommitmentLetter,
    EducationEvent,
    MaterialDistribution,
    PublicityEntry,
    PublicOpinion,
    Report,
)

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
)
GIVEN = "建国海军秀英玉兰志强春梅红霞德胜文华明亮小燕国庆桂芳永刚丽娟新民长江金凤"
TOWNSHIP_STAFF_UNITS = [
    "镇党政办",
    "镇组织办",
    "镇民政办",
    "镇纪委",
    "镇财政所",
    "镇农业站",
    "镇派出所",
]
VILLAGE_UNITS = [
    "村民小组长",
    "村“两委”成员",
    "换届工作人员",
    "村务监督委员会成员",
    "党员代表",
]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN[::2]) + rng.choice(GIVEN[1::2])


def _period(township) -> tuple[datetime.date, datetime.date]:
    """Return the month of the 宣传动员 stage: from the round start, never in the future."""
    today = timezone.localdate()
    start = None
    try:
        from stages.selectors import current_round

        election_round = current_round(township)
        if election_round is not None:
            start = election_round.start_date + datetime.timedelta(days=7)
    except ImportError:
        pass
    if start is None or start > today - datetime.timedelta(days=30):
        start = today - datetime.timedelta(days=35)
    return start, start + datetime.timedelta(days=30)


def _day(rng, start, end) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, (end - start).days))


@transaction.atomic
def seed(*, township, stdout=None):
    """Create a month of discipline records for the demo township (once)."""
    if township is None:
        return None
    if PublicityEntry.objects.filter(township=township).exists():
        if stdout is not None:
            stdout.write("discipline: records already present; left as they are.")
        return township
    from villages.models import Village

    rng = random.Random(2021)
    office = User.objects.filter(username="office").first()
    discipline = User.objects.filter(username="discipline").first()
    villages = list(Village.objects.filter(township=township).order_by("code"))
    start, end = _period(township)

    _education(township, villages, rng, start, end, office)
    _materials_and_publicity(township, villages, rng, start, end, office)
    letters = _letters(township, villages, rng, start, end, office)
    _opinions(township, villages, rng, office)
    reports = _reports(villages, rng, discipline) if discipline is not None else 0
    if stdout is not None:
        stdout.write(
            f"discipline: {EducationEvent.objects.filter(township=township).count()} events, "
            f"{letters} commitment letters, {reports} reports"
        )
    return township


def _education(township, villages, rng, start, end, recorder):
    for number in range(1, 5):
        EducationEvent.objects.create(
            township=township,
            kind=EventKind.PARTY_STUDY,
            title=f"党工委换届工作集中学习（第{number}次）",
            held_on=start + datetime.timedelta(days=number * 6),
            location="镇党委会议室",
            attendance=rng.randint(28, 36),
            participants="镇党工委班子成员、各管区书记",
            materials_used="《村民委员会组织法》、“十不选”、“十个严禁”",
            recorded_by=recorder,
        )
    for number, topic in enumerate(
        ["严把人选资格关", "防范拉票贿选和宗族势力干扰", "“一肩挑”与班子结构优化"],
        start=1,
    ):
        EducationEvent.objects.create(
            township=township,
            kind=EventKind.SEMINAR,
            title=f"换届工作专题研讨：{topic}",
            held_on=start + datetime.timedelta(days=number * 8 + 2),
            location="镇党委会议室",
            attendance=rng.randint(20, 30),
            participants="镇换届工作领导组、指导组成员",
            recorded_by=recorder,
        )
    # 106 lectures and screenings: five in each of the first 18 villages, four in the rest.
    for index, village in enumerate(villages):
        sessions = 5 if index < 18 else 4
        for session in range(sessions):
            kind = (
                EventKind.CASE_LECTURE if session % 2 == 0 else EventKind.WARNING_FILM
            )
            title = (
                "“以案促廉百村行”宣讲"
                if kind == EventKind.CASE_LECTURE
                else "观看警示教育片《警钟》"
            )
            event = EducationEvent.objects.create(
                township=township,
                kind=kind,
                title=f"{village.name}{title}",
                held_on=_day(rng, start, end),
                location=f"{village.name}党群服务中心",
                attendance=rng.randint(25, 70),
                participants="村“两委”成员、党员、村民代表",
                recorded_by=recorder,
            )
            event.villages.set([village])
        talk = EducationEvent.objects.create(
            township=township,
            kind=EventKind.COLLECTIVE_TALK,
            title=f"{village.name}初步人选集体谈话暨纪律宣誓",
            held_on=end - datetime.timedelta(days=rng.randint(0, 4)),
            location=f"{village.name}党群服务中心",
            attendance=rng.randint(6, 12),
            participants="初步人选",
            materials_used="宣读“十个严禁”“九个不准”",
            recorded_by=recorder,
        )
        talk.villages.set([village])


def _materials_and_publicity(township, villages, rng, start, end, recorder):
    rows = []
    for index, village in enumerate(villages):
        rows.append(
            MaterialDistribution(
                township=township,
                village=village,
                kind=MaterialKind.REMINDER_CARD,
                quantity=18 + index % 3,
                distributed_on=_day(rng, start, end),
                recipients="参选人、党员、村民代表",
                recorded_by=recorder,
            )
        )
        rows.append(
            MaterialDistribution(
                township=township,
                village=village,
                kind=MaterialKind.PROHIBITION_BOARD,
                quantity=2 + (1 if index % 4 == 0 else 0),
                distributed_on=_day(rng, start, end),
                recipients="村党群服务中心、村民小组",
                recorded_by=recorder,
            )
        )
    rows.append(
        MaterialDistribution(
            township=township,
            kind=MaterialKind.REMINDER_CARD,
            quantity=20,
            distributed_on=start,
            recipients="镇换届工作人员",
            recorded_by=recorder,
        )
    )
    for row in rows:
        row.save()  # one by one, so each row has its history entry

    entries = []
    for index, village in enumerate(villages):
        entries += [
            PublicityEntry(
                township=township,
                village=village,
                channel=Channel.BANNER,
                count=4 + (1 if index % 2 == 0 else 0),
                happened_on=_day(rng, start, start + datetime.timedelta(days=10)),
                note="主干道、村部、集市悬挂换届横幅",
                recorded_by=recorder,
            ),
            PublicityEntry(
                township=township,
                village=village,
                channel=Channel.LOUDSPEAKER,
                count=rng.randint(20, 30),
                happened_on=_day(rng, start, end),
                note="村级大喇叭每日早晚循环播放换届政策",
                recorded_by=recorder,
            ),
            PublicityEntry(
                township=township,
                village=village,
                channel=Channel.NOTICE_BOARD,
                count=rng.randint(2, 4),
                happened_on=_day(rng, start, end),
                note="公开栏张贴选举公告、“十个严禁”和举报电话",
                recorded_by=recorder,
            ),
            PublicityEntry(
                township=township,
                village=village,
                channel=Channel.WECHAT,
                count=rng.randint(3, 8),
                happened_on=_day(rng, start, end),
                note="村民微信群推送换届政策解读",
                recorded_by=recorder,
            ),
        ]
    entries += [
        PublicityEntry(
            township=township,
            channel=Channel.SMS,
            count=3200,
            happened_on=start + datetime.timedelta(days=3),
            note="向全镇党员和村民代表发送换届纪律提醒短信",
            recorded_by=recorder,
        ),
        PublicityEntry(
            township=township,
            channel=Channel.BANNER,
            count=6,
            happened_on=start + datetime.timedelta(days=1),
            note="镇区主干道悬挂换届横幅",
            recorded_by=recorder,
        ),
    ]
    for entry in entries:
        entry.save()


def _people_to_sign(township):
    """Return the current committee members and reserve cadres on the roster, by village."""
    try:
        from villages.models import RosterMembership
    except ImportError:
        return {}
    people = {}
    for membership in (
        RosterMembership.objects.current()
        .filter(
            village__township=township,
            category__in=[
                "party_committee",
                "villagers_committee",
                "supervision_committee",
                "reserve_cadre",
            ],
        )
        .select_related("person")
        .order_by("village_id", "person_id")
    ):
        people.setdefault(membership.village_id, {})[membership.person_id] = (
            membership.person
        )
    return people


def _nominees(township):
    try:
        from candidates.models import Nomination
    except ImportError:
        return []
    return list(
        Nomination.objects.filter(village__township=township)
        .exclude(status__in=["disqualified", "not_elected"])
        .select_related("person", "village")
        .order_by("pk")
    )


def _letters(township, villages, rng, start, end, recorder) -> int:
    """About 420 《严守换届纪律承诺书》 and the nominees' 竞职/辞职/创业 letters."""
    roster = _people_to_sign(township)
    created = 0
    for index, village in enumerate(villages):
        people = list(roster.get(village.pk, {}).values())
        # A few roster people are left unsigned so the “not yet signed” list is real.
        for person in people[: max(0, len(people) - (2 if index % 3 == 0 else 0))]:
            CommitmentLetter.objects.create(
                township=township,
                village=village,
                person=person,
                signer_name=person.name,
                signer_unit="村干部或后备干部",
                kind=LetterKind.DISCIPLINE,
                signed_on=_day(rng, start, end),
                recorded_by=recorder,
            )
            created += 1
        for _number in range(max(0, 18 - len(people))):
            CommitmentLetter.objects.create(
                township=township,
                village=village,
                signer_name=_name(rng),
                signer_unit=f"{village.name}{rng.choice(VILLAGE_UNITS)}",
                kind=LetterKind.DISCIPLINE,
                signed_on=_day(rng, start, end),
                recorded_by=recorder,
            )
            created += 1
    for _number in range(30):
        CommitmentLetter.objects.create(
            township=township,
            signer_name=_name(rng),
            signer_unit=rng.choice(TOWNSHIP_STAFF_UNITS) + "换届工作人员",
            kind=LetterKind.DISCIPLINE,
            signed_on=_day(rng, start, start + datetime.timedelta(days=5)),
            recorded_by=recorder,
        )
        created += 1
    signed_discipline = set(
        CommitmentLetter.objects.filter(township=township, kind=LetterKind.DISCIPLINE)
        .exclude(person=None)
        .values_list("person_id", flat=True)
    )
    for position, nomination in enumerate(_nominees(township)):
        if position % 7 == 3:
            continue  # this nominee has signed nothing yet: vetting flags them
        kinds = [
            LetterKind.CAMPAIGN,
            LetterKind.RESIGNATION,
            LetterKind.ENTREPRENEURSHIP,
        ]
        if nomination.person_id not in signed_discipline:
            kinds.append(LetterKind.DISCIPLINE)
            signed_discipline.add(nomination.person_id)
        for kind in kinds:
            if CommitmentLetter.objects.filter(
                person=nomination.person, kind=kind
            ).exists():
                continue
            CommitmentLetter.objects.create(
                township=township,
                village=nomination.village,
                person=nomination.person,
                signer_name=nomination.person.name,
                signer_unit="参选人",
                kind=kind,
                signed_on=_day(rng, end - datetime.timedelta(days=6), end),
                recorded_by=recorder,
            )
            created += 1
    return created


def _opinions(township, villages, rng, recorder):
    today = timezone.localdate()
    samples = [
        (
            OpinionSource.ONLINE,
            "村民微信群",
            "有人在群内称某参选人请党员吃饭拉票",
            RiskLevel.HIGH,
            True,
        ),
        (
            OpinionSource.SOCIAL,
            "集市",
            "群众议论村集体土地承包费分配不公，担心影响选举",
            RiskLevel.MEDIUM,
            True,
        ),
        (
            OpinionSource.NEWS,
            "县融媒体",
            "报道我镇换届宣传工作，反响正面",
            RiskLevel.LOW,
            True,
        ),
        (
            OpinionSource.ONLINE,
            "短视频平台",
            "视频称某村选举已“内定”，引发转发",
            RiskLevel.HIGH,
            False,
        ),
        (
            OpinionSource.SOCIAL,
            "村民来访",
            "外出务工人员询问能否委托投票",
            RiskLevel.LOW,
            False,
        ),
    ]
    for index, (source, platform, summary, risk, closed) in enumerate(samples):
        village = villages[(index * 5) % len(villages)] if villages else None
        found = today - datetime.timedelta(
            days=12 - index * 2 if closed else 4 - index + 3
        )
        opinion = PublicOpinion.objects.create(
            township=township,
            village=village,
            source=source,
            platform=platform,
            summary=summary,
            discovered_on=found,
            risk_level=risk,
            due_on=found
            + datetime.timedelta(days={"high": 1, "medium": 3, "low": 7}[risk]),
            verification="经指导组入村核实，情况已查明。" if closed else "",
            verified_on=found + datetime.timedelta(days=1) if closed else None,
            handling="已在群内澄清并开展政策解读。" if closed else "",
            handler=recorder if closed else None,
            closed=closed,
            closed_on=found + datetime.timedelta(days=2) if closed else None,
            recorded_by=recorder,
        )
        opinion.full_clean()


def _reports(villages, rng, discipline) -> int:
    """A few reports in different states, registered through the services."""
    if not villages or Report.objects.filter(village__in=villages).exists():
        return 0
    today = timezone.localdate()
    nominees = {n.village_id: n for n in reversed(_nominees(villages[0].township))}
    made = 0

    def register(village, days_ago, category, summary, *, named=False, person=None):
        return services.report_register(
            by=discipline,
            village=village,
            person=person,
            subject_name="" if person else "某参选人亲属",
            channel=rng.choice(
                [ReportChannel.HOTLINE, ReportChannel.MAILBOX, ReportChannel.VISIT]
            ),
            category=category,
            summary=summary,
            received_on=today - datetime.timedelta(days=days_ago),
            anonymous=not named,
            reporter_name=_name(rng) if named else "",
            reporter_phone=f"139{rng.randint(10000000, 99999999)}" if named else "",
            original_content="（举报原件内容，仅纪检人员可见。）" + summary,
        )

    # Closed: substantiated, criticised, fed back.
    village = villages[4 % len(villages)]
    report = register(
        village,
        20,
        ReportCategory.DISCIPLINE,
        "反映村干部在选举前突击发放补贴。",
        named=True,
    )
    services.report_accept(report=report, by=discipline, accepted_on=report.received_on)
    services.report_conclude(
        report=report,
        by=discipline,
        conclusion=Conclusion.PARTLY_TRUE,
        findings="经核查，确有提前发放部分误工补贴的情况，但未发现拉票意图。",
        concluded_on=report.received_on + datetime.timedelta(days=4),
    )
    services.report_action_add(
        report=report,
        by=discipline,
        kind=ActionKind.CRITICISE,
        description="对相关村干部进行批评教育，责令按规定程序发放。",
        taken_on=report.received_on + datetime.timedelta(days=5),
    )
    services.report_mark_handled(
        report=report,
        by=discipline,
        handled_on=report.received_on + datetime.timedelta(days=5),
    )
    services.report_feedback(
        report=report,
        by=discipline,
        feedback_note="已向村党组织通报核查结果。",
        reporter_feedback="已电话告知举报人核查结果。",
        feedback_on=report.received_on + datetime.timedelta(days=6),
    )
    services.report_close(
        report=report,
        by=discipline,
        closed_on=report.received_on + datetime.timedelta(days=6),
    )
    made += 1
    # Unsubstantiated, handled, waiting for feedback.
    village = villages[7 % len(villages)]
    report = register(
        village, 10, ReportCategory.CLAN_INTERFERENCE, "反映某宗族串联阻止党员参会。"
    )
    services.report_accept(report=report, by=discipline, accepted_on=report.received_on)
    services.report_conclude(
        report=report,
        by=discipline,
        conclusion=Conclusion.FALSE,
        findings="经走访党员和群众，未发现串联阻止参会的情况。",
        concluded_on=report.received_on + datetime.timedelta(days=3),
    )
    services.report_mark_handled(
        report=report,
        by=discipline,
        handling_note="向相关群众说明核查情况，予以澄清。",
        handled_on=report.received_on + datetime.timedelta(days=3),
    )
    made += 1
    # Under verification, against a nominee: blocks formal candidacy.
    village = villages[2 % len(villages)]
    nominee = nominees.get(village.pk) or next(iter(nominees.values()), None)
    if nominee is not None:
        village = nominee.village
    report = register(
        village,
        3,
        ReportCategory.VOTE_BUYING,
        "反映参选人通过亲属向党员发放购物卡拉票。",
        named=True,
        person=nominee.person if nominee else None,
    )
    services.report_accept(report=report, by=discipline, accepted_on=report.received_on)
    made += 1
    # Under verification and overdue, with an extension waiting for the leader.
    village = villages[10 % len(villages)]
    report = register(
        village,
        14,
        ReportCategory.ELIGIBILITY,
        "反映某初步人选长期在外务工，不能正常履职。",
    )
    services.report_accept(report=report, by=discipline, accepted_on=report.received_on)
    services.extension_request(
        report=report,
        by=discipline,
        days=3,
        reason="当事人在外地务工，需赴外地调查取证，申请延长核查期限。",
    )
    made += 1
    # Registered today, not yet accepted.
    village = villages[15 % len(villages)]
    register(village, 0, ReportCategory.OTHER, "来信反映选民登记可能遗漏外出务工人员。")
    made += 1
    return made

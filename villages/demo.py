"""Demo data of the villages app: county, township 立仓镇, 22 villages, groups, users.

All names of people are fictional; all figures are invented.
"""

import datetime
import random

from django.conf import settings

from core.models import User
from core.roles import Role
from core.services import ensure_role_groups

from .choices import GroupKind, GroupPosition, PlanKind, PlanStatus, Rating, VillageKind
from .models import (
    County,
    GroupMembership,
    PlanItem,
    Township,
    Village,
    VillageFile,
    WorkingGroup,
)

VILLAGE_NAMES = [
    ("立仓社区", VillageKind.COMMUNITY),
    ("新集社区", VillageKind.COMMUNITY),
    ("王楼村", VillageKind.VILLAGE),
    ("李庙村", VillageKind.VILLAGE),
    ("张湖村", VillageKind.VILLAGE),
    ("刘圩村", VillageKind.VILLAGE),
    ("陈桥村", VillageKind.VILLAGE),
    ("赵集村", VillageKind.VILLAGE),
    ("孙店村", VillageKind.VILLAGE),
    ("周营村", VillageKind.VILLAGE),
    ("吴寨村", VillageKind.VILLAGE),
    ("郑台村", VillageKind.VILLAGE),
    ("冯岗村", VillageKind.VILLAGE),
    ("褚庄村", VillageKind.VILLAGE),
    ("卫湾村", VillageKind.VILLAGE),
    ("蒋桥村", VillageKind.VILLAGE),
    ("沈楼村", VillageKind.VILLAGE),
    ("韩庄村", VillageKind.VILLAGE),
    ("杨集村", VillageKind.VILLAGE),
    ("朱圩村", VillageKind.VILLAGE),
    ("秦岗村", VillageKind.VILLAGE),
    ("许湖村", VillageKind.VILLAGE),
]

# (username, full name, title, roles)
DEMO_USERS = [
    ("office", "马晓燕", "组织委员", [Role.OFFICE]),
    ("leader", "何建国", "镇党委书记", [Role.LEADER]),
    ("guide", "高志强", "第一管区书记", [Role.GUIDE]),
    ("inspector", "罗文静", "督察组组长", [Role.INSPECTOR]),
    ("reviewer", "梁海涛", "派出所副所长", [Role.REVIEWER]),
    ("discipline", "宋立新", "纪委书记", [Role.DISCIPLINE]),
    ("county", "唐明辉", "县委组织部组织科科长", [Role.COUNTY]),
]
GUIDES = [
    ("guide2", "郭春生", "第二管区书记"),
    ("guide3", "林红梅", "第三管区书记"),
    ("guide4", "谢振华", "第四管区书记"),
    ("guide5", "邓玉兰", "第五管区书记"),
    ("guide6", "曹德胜", "第六管区书记"),
    ("guide1b", "彭小军", "第一管区副书记"),
]
GROUP_ORDINALS = ["第一", "第二", "第三", "第四", "第五", "第六"]

ASSESSMENTS = {
    Rating.GOOD: (
        "班子团结，运转正常，村级事务按时公开。",
        "党员年龄结构合理，流动党员已纳入管理。",
        "储备后备干部3人，其中35岁以下2人。",
        "群众希望改善村内道路和灌溉设施。",
        "暂无明显风险隐患。",
    ),
    Rating.FAIR: (
        "班子基本稳定，个别成员年龄偏大，履职能力不足。",
        "党员老龄化，60岁以上占比较高。",
        "后备力量偏少，需从致富能手、退役军人中物色。",
        "群众关注集体经济收益分配。",
        "存在个别信访苗头，需跟踪化解。",
    ),
    Rating.COMPLEX: (
        "班子不团结，主要负责人长期外出，工作推进缓慢。",
        "党员发展断档，近三年未发展新党员。",
        "人选储备不足，书记人选需从外部选派。",
        "群众对征地补偿分配意见较大。",
        "存在宗族势力干扰选举的风险，需重点防范拉票贿选。",
    ),
}


def _user(username, full_name, title, township, roles, groups, county=None):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "full_name": full_name,
            "title": title,
            "township": township,
            "county": county,
        },
    )
    user.full_name, user.title = full_name, title
    user.township = township
    user.county = county
    user.is_staff = Role.OFFICE in roles
    user.email = f"{username}@example.invalid"
    if created or not user.has_usable_password():
        user.set_password(settings.DEMO_PASSWORD)
    user.save()
    user.groups.set([groups[role] for role in roles])
    return user


def seed(*, township=None, stdout=None):
    """Create or refresh the demo township and return it."""
    rng = random.Random(2021)
    groups = ensure_role_groups()
    county, _ = County.objects.update_or_create(
        code="341622", defaults={"name": "蒙城县"}
    )
    township, _ = Township.objects.update_or_create(
        code="341622108", defaults={"name": "立仓镇", "county": county}
    )
    users = {}
    for username, full_name, title, roles in DEMO_USERS:
        users[username] = _user(
            username,
            full_name,
            title,
            None if Role.COUNTY in roles else township,
            roles,
            groups,
            county=county if Role.COUNTY in roles else None,
        )
    for username, full_name, title in GUIDES:
        users[username] = _user(
            username, full_name, title, township, [Role.GUIDE], groups
        )

    villages = []
    ratings = [
        Rating.GOOD,
        Rating.GOOD,
        Rating.FAIR,
        Rating.GOOD,
        Rating.COMPLEX,
        Rating.FAIR,
    ]
    for index, (name, kind) in enumerate(VILLAGE_NAMES, start=1):
        population = rng.randint(1800, 6200)
        village, _ = Village.objects.update_or_create(
            township=township,
            code=f"{index:03d}",
            defaults={
                "name": name,
                "kind": kind,
                "population": population,
                "households": population // 3,
                "party_member_count": rng.randint(35, 120),
                "natural_villages": 0
                if kind == VillageKind.COMMUNITY
                else rng.randint(4, 14),
                "report_hotline": f"0558-76{index:02d}{rng.randint(100, 999)}",
                "report_mailbox": f"{name}党群服务中心门口",
            },
        )
        villages.append(village)
        rating = ratings[index % len(ratings)]
        team, members, reserve, demands, risks = ASSESSMENTS[rating]
        VillageFile.objects.update_or_create(
            village=village,
            defaults={
                "rating": rating,
                "team_functioning": team,
                "party_members_status": members,
                "reserve_talent": reserve,
                "public_demands": demands,
                "risks": risks,
                "village_strategy": f"{name}：镇党委班子成员包村，指导组驻村指导，先党组织后村委会依次推进。",
                "issue_plans": "针对群众反映集中的问题逐项制定方案，明确责任人和完成时限。"
                if rating != Rating.GOOD
                else "",
                "assessed_on": datetime.date(2026, 8, 20 + index % 8),
                "assessed_by": users["office"],
            },
        )

    def group(kind, name, members, group_villages=()):
        wg, _ = WorkingGroup.objects.update_or_create(
            township=township, name=name, defaults={"kind": kind}
        )
        for user, position, title in members:
            GroupMembership.objects.update_or_create(
                group=wg, user=user, defaults={"position": position, "title": title}
            )
        if group_villages:
            wg.villages.set(group_villages)
        return wg

    group(
        GroupKind.LEADING,
        "换届工作领导组",
        [
            (users["leader"], GroupPosition.LEADER, "镇党委书记"),
            (users["office"], GroupPosition.MEMBER, "组织委员"),
        ],
    )
    guide_leaders = [users["guide"], *(users[u] for u, _, _ in GUIDES[:5])]
    chunks = [
        villages[0:4],
        villages[4:8],
        villages[8:12],
        villages[12:15],
        villages[15:19],
        villages[19:22],
    ]
    for ordinal, leader, chunk in zip(
        GROUP_ORDINALS, guide_leaders, chunks, strict=True
    ):
        members = [(leader, GroupPosition.LEADER, f"{ordinal}管区书记")]
        if ordinal == "第一":
            members.append((users["guide1b"], GroupPosition.DEPUTY, "第一管区副书记"))
        group(GroupKind.GUIDANCE, f"{ordinal}指导组", members, chunk)
    group(
        GroupKind.INSPECTION,
        "换届工作督察组",
        [(users["inspector"], GroupPosition.LEADER, "督察组组长")],
    )
    group(
        GroupKind.REVIEW,
        "换届工作审查组",
        [
            (users["office"], GroupPosition.LEADER, "组织委员"),
            (users["reviewer"], GroupPosition.MEMBER, "派出所副所长"),
            (users["discipline"], GroupPosition.MEMBER, "纪委书记"),
        ],
    )

    if not PlanItem.objects.filter(village__township=township).exists():
        for village in villages:
            for kind, content in (
                (
                    PlanKind.TEAM,
                    "配强村党组织书记，推行“一肩挑”，优化班子年龄和学历结构。",
                ),
                (PlanKind.PLAN, "制定村集体经济发展三年计划，明确增收项目。"),
                (PlanKind.CORPS, "培养后备干部不少于2名，其中35岁以下至少1名。"),
            ):
                PlanItem.objects.create(
                    village=village,
                    kind=kind,
                    content=content,
                    owner=users["guide"] if village in chunks[0] else users["office"],
                    target_date=datetime.date(2026, 12, 31),
                    status=rng.choice(list(PlanStatus.values)),
                )
    if stdout is not None:
        stdout.write(f"Villages: {len(villages)} in {township.name}")
    seed_roster(township=township, stdout=stdout)
    return township


def seed_roster(*, township, stdout=None) -> int:
    """Give each demo village a fictional roster (see ``villages.demo_roster``)."""
    from .demo_roster import seed_roster as seed

    return seed(township=township, stdout=stdout)

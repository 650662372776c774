"""Default vetting data from DOMAIN.md: the joint-review departments (§3) and the
十不选 (§1.1) with the department that checks each item (§3 mapping, [BK] split).

``load_defaults()`` creates missing rows and never overwrites an edited one, so
a county's own wording survives a re-run.
"""

from __future__ import annotations

from django.db import transaction

from core.default_texts import refresh_untouched

from .choices import Severity, WindowKind

# (code, name, short name, order) — DOMAIN.md §3: the 12–16 county departments.
DEPARTMENTS = [
    ("jiwei", "县纪委监委", "纪委监委", 10),
    ("zuzhi", "县委组织部", "组织部", 20),
    ("zhengfa", "县委政法委", "政法委", 30),
    ("gongan", "县公安局", "公安", 40),
    ("fayuan", "县人民法院", "法院", 50),
    ("jiancha", "县人民检察院", "检察院", 60),
    ("sifa", "县司法局", "司法", 70),
    ("xinfang", "县信访局", "信访", 80),
    ("minzheng", "县民政局", "民政", 90),
    ("tongzhan", "县委统战部", "统战部", 100),
    ("nongye", "县农业农村局", "农业农村", 110),
    ("ziyuan", "县自然资源和规划局", "自然资源", 120),
    ("shengtai", "县生态环境分局", "生态环境", 130),
    ("weijian", "县卫生健康委员会", "卫健", 140),
]

SOURCE = "村（社区）“两委”换届“十不选”第%s条"
# Shipped before; a criterion still holding it was never edited (load_defaults).
RETIRED_SOURCES = (
    "村和社区“两委”换届“十不选”之%s（2020年12月24日发布，省份待核实；DOMAIN.md §1.1）",
)

# (number, short title, full text, severity, window kind, years, departments, extra basis)
CRITERIA = [
    (
        1,
        "对党不忠诚、政治上的“两面人”",
        "对党不忠诚，政治上的“两面人”，散布违背党的理论和路线方针政策的意见，公开发表违背党中央决定的言论，"
        "制造、传播政治谣言及丑化党和国家形象言论的。",
        Severity.BLOCK,
        WindowKind.ALWAYS,
        None,
        ["zuzhi", "tongzhan", "jiwei"],
        "",
    ),
    (
        2,
        "受过刑事处罚，存在“村霸”和涉黑涉恶问题",
        "受过刑事处罚，以及存在“村霸”和涉黑涉恶问题的。",
        Severity.BLOCK,
        WindowKind.ALWAYS,
        None,
        ["zhengfa", "gongan", "fayuan", "jiancha", "sifa"],
        "《村民委员会组织法》第十三条（依法被剥夺政治权利的人除外）",
    ),
    (
        3,
        "受处分尚在影响期，或正在接受调查",
        "受到党纪政务处分和组织处理尚在有关任职影响期的，以及涉嫌严重违纪违法正在接受调查处理的。",
        Severity.BLOCK,
        WindowKind.DURING_PERIOD,
        None,
        ["jiwei", "zuzhi", "jiancha"],
        "",
    ),
    (
        4,
        "非法宗教邪教、黄赌毒，宗族宗派干扰基层",
        "组织、实施或参与非法宗教邪教、迷信、黄赌毒活动，组织、利用宗族宗派宗教势力干扰侵蚀基层组织和基层政权的。",
        Severity.BLOCK,
        WindowKind.ALWAYS,
        None,
        ["gongan", "tongzhan"],
        "",
    ),
    (
        5,
        "拉票贿选、操纵破坏选举",
        "非法串联拉票、贿选或操纵、破坏选举的。",
        Severity.BLOCK,
        WindowKind.ALWAYS,
        None,
        ["jiwei", "minzheng"],
        "《村民委员会组织法》第十七条",
    ),
    (
        6,
        "聚众闹事、违法信访、妨碍公务被处理",
        "有组织、煽动、串联、胁迫、利诱、参与聚众闹事、违法信访的，以及有扰乱公共秩序、妨碍公务等行为被处理的。",
        Severity.BLOCK,
        WindowKind.ALWAYS,
        None,
        ["gongan", "xinfang"],
        "",
    ),
    (
        7,
        "应急处置失职、考核不称职、近3年不合格党员、长期外出",
        "在疫情防控、抗洪救灾等重大应急处置工作中存在玩忽职守、不服从安排、干扰破坏等情形的，本届任期内考核不称职、"
        "有被依法罢免等情形，近3年内曾被评为不合格党员，以及长期外出不能正常履行职务的。",
        Severity.WARN,
        WindowKind.YEARS,
        3,
        ["zuzhi", "minzheng", "weijian"],
        "",
    ),
    (
        8,
        "截留挪用惠民资金、侵占集体财产未整改",
        "有截留挪用惠民政策资金、侵占村（社区）集体财产等行为未整改到位的。",
        Severity.BLOCK,
        WindowKind.UNTIL_RECTIFIED,
        None,
        ["nongye"],
        "",
    ),
    (
        9,
        "违法用地建房建墓未整改、损害生态环境、失信被执行人",
        "有严重违法用地、违章建房、建墓行为尚未整改的，近5年内有严重损害生态环境行为的，"
        "有恶意失信行为被法院纳入失信被执行人名单且至今未撤销的。",
        Severity.BLOCK,
        WindowKind.UNTIL_RECTIFIED,
        None,
        ["ziyuan", "shengtai", "fayuan"],
        "生态环境一项看近5年；失信被执行人一项看是否至今未撤销。",
    ),
    (
        10,
        "其他不宜确定为候选人的情形",
        "其他不宜确定为村（社区）“两委”成员候选人的。",
        Severity.WARN,
        WindowKind.ALWAYS,
        None,
        ["zuzhi"],
        "兜底条款：须写明具体情形，由领导组决定。",
    ),
]


@transaction.atomic
def load_defaults() -> None:
    """Create the default departments and criteria that do not exist yet (keeps edits)."""
    from .models import Criterion, Department

    departments = {}
    for code, name, short_name, order in DEPARTMENTS:
        department, _created = Department.objects.get_or_create(
            code=code, defaults={"name": name, "short_name": short_name, "order": order}
        )
        departments[code] = department
    for number, title, text, severity, window_kind, years, codes, extra in CRITERIA:
        tail = "；" + extra if extra else ""
        basis = SOURCE % number + tail
        criterion, created = Criterion.objects.get_or_create(
            number=number,
            defaults={
                "title": title,
                "text": text,
                "severity": severity,
                "window_kind": window_kind,
                "window_years": years,
                "legal_basis": basis,
            },
        )
        if created:
            criterion.departments.set([departments[code] for code in codes])
        else:
            refresh_untouched(
                criterion,
                legal_basis=(basis, [old % number + tail for old in RETIRED_SOURCES]),
            )

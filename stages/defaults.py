"""Default rows of the stages app from DOMAIN.md： rules， the six stages， the 任务表.

Every row is editable in the admin afterwards； ``load_defaults（）`` only adds
what is missing， so it never overwrites an office's edits and may run again.
"""

from __future__ import annotations

from django.db import transaction

from core.default_texts import refresh_untouched

from .choices import Comparison, RuleKey, RuleKind
from .models import Rule, RuleSet, Stage, TaskTemplate

DEFAULT_RULE_SET_CODE = "vc-law-2018"

LAW_2018 = "《中华人民共和国村民委员会组织法》（2018年12月29日修正）"
PARTY_RULES_2020 = "《中国共产党基层组织选举工作条例》（2020年7月）"

PROXY_BASIS_2018 = (
    LAW_2018
    + "第十五条：登记参加选举的村民，选举期间外出不能参加投票的，可以书面委托本村"
    "有选举权的近亲属代为投票。村民选举委员会应当公布委托人和受委托人的名单。"
)

# (key, kind, numerator, denominator, comparison, legal basis, note)
DEFAULT_RULES = [
    (
        RuleKey.VOTER_LIST_DAYS_BEFORE,
        RuleKind.DAYS,
        20,
        1,
        "",
        LAW_2018
        + "第十四条：登记参加选举的村民名单应当在选举日的二十日前由村民选举委员会公布。",
        "各省村民委员会选举办法一般同为选举日20日前。",
    ),
    (
        RuleKey.VOTER_LIST_APPEAL_DAYS,
        RuleKind.DAYS,
        5,
        1,
        "",
        LAW_2018
        + "第十四条：对登记参加选举的村民名单有异议的，应当自名单公布之日起五日内向村民选举委员会申诉。",
        "",
    ),
    (
        RuleKey.APPEAL_DECISION_DAYS,
        RuleKind.DAYS,
        3,
        1,
        "",
        LAW_2018
        + "第十四条：村民选举委员会应当自收到申诉之日起三日内作出处理决定，并公布处理结果。",
        "",
    ),
    (
        RuleKey.CANDIDATE_LIST_DAYS_BEFORE,
        RuleKind.DAYS,
        5,
        1,
        "",
        "省级村民委员会选举办法：正式候选人名单应在选举日5日前按得票多少为序公布。",
        "部分省份为选举日7日前；请按本省村民委员会选举办法核对后修改。",
    ),
    (
        RuleKey.VC_WITHDRAWAL_DAYS,
        RuleKind.DAYS,
        3,
        1,
        "",
        "省级村民委员会选举办法：正式候选人在选举日3日前可以书面提出退出选举，"
        "出缺的按得票多少依次递补并公告。",
        "各省期限不同（有的为候选人名单确定后3日内）；请按本省村民委员会选举办法核对后修改。",
    ),
    (
        RuleKey.AUDIT_PUBLISH_DAYS_BEFORE,
        RuleKind.DAYS,
        10,
        1,
        "",
        LAW_2018 + "第三十五条：村民委员会成员实行任期和离任经济责任审计……"
        "其中离任经济责任审计结果应当在下一届村民委员会选举之前公布。",
        "法律只要求选举之前公布；本县（镇）要求审计结果在选举日10日前张榜公布，"
        "按本地要求修改。",
    ),
    (
        RuleKey.HANDOVER_DAYS_AFTER,
        RuleKind.DAYS,
        10,
        1,
        "",
        LAW_2018
        + "第二十条：村民委员会应当自新一届村民委员会产生之日起十日内完成工作移交。"
        "工作移交由村民选举委员会主持，由乡、民族乡、镇的人民政府监督。",
        "",
    ),
    (
        RuleKey.RUNOFF_WITHIN_DAYS,
        RuleKind.DAYS,
        30,
        1,
        "",
        "省级村民委员会选举办法：另行选举在选举日当日或30日内进行。",
        "有的省份为15日内；请按本省村民委员会选举办法修改。",
    ),
    (
        RuleKey.VC_VALID_TURNOUT,
        RuleKind.RATIO,
        1,
        2,
        Comparison.MORE_THAN,
        LAW_2018
        + "第十五条：选举村民委员会，有登记参加选举的村民过半数投票，选举有效。",
        "",
    ),
    (
        RuleKey.VC_WIN_SHARE,
        RuleKind.RATIO,
        1,
        2,
        Comparison.MORE_THAN,
        LAW_2018 + "第十五条：候选人获得参加投票的村民过半数的选票，始得当选。",
        "",
    ),
    (
        RuleKey.VC_RUNOFF_MIN_SHARE,
        RuleKind.RATIO,
        1,
        3,
        Comparison.AT_LEAST,
        LAW_2018
        + "第十五条：另行选举的，候选人以得票多的当选，但是所得票数不得少于已投选票总数的三分之一。",
        "",
    ),
    (
        RuleKey.VC_CANDIDATE_SURPLUS,
        RuleKind.COUNT,
        1,
        1,
        "",
        LAW_2018 + "第十五条：候选人的名额应当多于应选名额。",
        "各省规定不一：主任、副主任一般多1人，委员多1至2人或1至3人；"
        "本省规定更多的，按本省村民委员会选举办法修改。",
    ),
    (
        RuleKey.VC_RUNOFF_TURNOUT,
        RuleKind.RATIO,
        1,
        2,
        Comparison.MORE_THAN,
        LAW_2018
        + "第十五条：选举村民委员会，有登记参加选举的村民过半数投票，选举有效。"
        "另行选举也是选举村民委员会，同样须过半数投票。",
        "多数省份的选举办法要求另行选举同样过半数投票方为有效；本省选举办法规定另行选举"
        "不受此限的，把数值改为0（不要求）。",
    ),
    (
        RuleKey.VC_PROXY_MAX,
        RuleKind.COUNT,
        3,
        1,
        "",
        PROXY_BASIS_2018 + "省级村民委员会选举办法：每一选民接受委托投票不得超过三人。",
        "多数省份为每人受托不超过3人；本省规定不同的，按本省村民委员会选举办法修改。",
    ),
    (
        RuleKey.VC_PROXY_NEAR_RELATIVE,
        RuleKind.COUNT,
        1,
        1,
        "",
        PROXY_BASIS_2018,
        "1：受托人须为委托人的近亲属（配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、"
        "孙子女、外孙子女，《中华人民共和国民法典》第一千零四十五条）；"
        "本省选举办法允许委托其他选民的，把数值改为0。",
    ),
    (
        RuleKey.VC_PROXY_DAYS_BEFORE,
        RuleKind.DAYS,
        3,
        1,
        "",
        "省级村民委员会选举办法：委托投票应当在选举日前办理书面委托手续，"
        "经村民选举委员会审核后公布委托人和受委托人名单，选举日不得临时委托。",
        "有的省份为选举日3日前，有的为5日前；请按本省村民委员会选举办法修改。",
    ),
    (
        RuleKey.VC_SIZE_MIN,
        RuleKind.COUNT,
        3,
        1,
        "",
        LAW_2018
        + "第六条：村民委员会由主任、副主任和委员共三至七人组成。村民委员会成员中，应当有妇女成员。",
        "",
    ),
    (
        RuleKey.VC_SIZE_MAX,
        RuleKind.COUNT,
        7,
        1,
        "",
        LAW_2018 + "第六条：村民委员会由主任、副主任和委员共三至七人组成。",
        "",
    ),
    (
        RuleKey.PARTY_QUORUM,
        RuleKind.RATIO,
        4,
        5,
        Comparison.MORE_THAN,
        PARTY_RULES_2020 + "：有选举权的到会人数超过应到会人数的五分之四，会议有效。",
        "应到会人数=正式党员减去经上级党组织同意、党员大会通过不计入的人数。",
    ),
    (
        RuleKey.PARTY_WIN_SHARE,
        RuleKind.RATIO,
        1,
        2,
        Comparison.MORE_THAN,
        PARTY_RULES_2020
        + "：被选举人获得的赞成票超过应到会有选举权的人数的半数，始得当选。",
        "2020年条例以“应到会”为基数；1990年暂行条例曾用“实到会”，不要混用。",
    ),
    (
        RuleKey.PARTY_MARGIN,
        RuleKind.RATIO,
        1,
        5,
        Comparison.AT_LEAST,
        PARTY_RULES_2020 + "第十三条：委员候选人的差额不少于应选人数的20%。",
        "候选人数须多于应选人数；小支部实践中向上取整（3名应选→4名候选人）。",
    ),
    (
        RuleKey.RECOMMEND_ATTENDANCE,
        RuleKind.RATIO,
        2,
        3,
        Comparison.MORE_THAN,
        "2021年村党组织换届选举工作流程图：参加党员大会和村民代表会议的党员和村民代表，"
        "分别要超过全村党员总数和村民代表总数的三分之二有效。",
        "",
    ),
    (
        RuleKey.RECOMMEND_MARGIN,
        RuleKind.RATIO,
        1,
        5,
        Comparison.AT_LEAST,
        "2021年村党组织换届选举工作流程图：按照不低于委员职数20%的差额比例推荐候选人初步人选，现场公开计票。",
        "",
    ),
    (
        RuleKey.REVIEW_DAYS,
        RuleKind.WORKING_DAYS,
        5,
        1,
        "",
        "县级联审惯例：乡镇报送初步人选名单后，各联审部门3至5个工作日内出具书面结论性意见。",
        "未查到官方时限，按县委组织部通知修改。",
    ),
    (
        RuleKey.REPORT_VERIFY_DAYS,
        RuleKind.WORKING_DAYS,
        5,
        1,
        "",
        "县纪委监委换届举报受理要求：实名举报必查，查结时间一般不超过5个工作日。",
        "按县纪委监委要求修改。",
    ),
    (
        RuleKey.NOTICE_DAYS,
        RuleKind.WORKING_DAYS,
        5,
        1,
        "",
        "公推直选操作规程：候选人预备人选公示时间一般为3至5个工作日。",
        "",
    ),
    (
        RuleKey.ESCALATE_OVERDUE_DAYS,
        RuleKind.DAYS,
        3,
        1,
        "",
        "本镇换届工作督查惯例：任务逾期超过3日，报督察组和包保领导督办。",
        "本地工作制度，可按实际修改。",
    ),
]

# Texts shipped before, by rule: a rule still holding one was never edited, so
# ``load_rules`` gives it the current wording (see core.default_texts).
RETIRED_RULE_TEXTS = {
    RuleKey.VOTER_LIST_DAYS_BEFORE: {
        "note": ["浙江、上海、北京、河南选举办法同为20日前。"]
    },
    RuleKey.CANDIDATE_LIST_DAYS_BEFORE: {
        "legal_basis": [
            "省级选举办法：正式候选人名单在选举日5日前按得票多少为序公布"
            "（浙江第十八条、北京第二十条、河南第二十六条）。"
        ],
        "note": [
            "部分省份为选举日7日前；《安徽省村民委员会选举办法》原文未查到，"
            "请按省定文本核对后修改。"
        ],
    },
    RuleKey.RUNOFF_WITHIN_DAYS: {
        "legal_basis": [
            "省级选举办法：另行选举在选举日当日或30日内进行（浙江第二十九条、上海第二十一条）。"
        ],
        "note": ["北京为15日内；按本省选举办法修改。"],
    },
    RuleKey.REPORT_VERIFY_DAYS: {
        "legal_basis": [
            "广饶县纪委换届举报“三快”：实名举报必查……查结时间一般不超过5个工作日。"
        ]
    },
}

# (order, code, name, description)
DEFAULT_STAGES = [
    (
        1,
        "preparation",
        "前期准备",
        "调查摸底、村情研判、集中整顿软弱涣散村、离任经济责任审计，建立现任干部、党员和后备干部台账。",
    ),
    (
        2,
        "launch",
        "部署启动",
        "成立换届工作机构，制定工作方案，召开动员会和培训会；村党组织请示、乡镇党委批复，推选村民选举委员会。",
    ),
    (
        3,
        "mobilisation",
        "宣传动员",
        "宣传换届政策和“十不选”“十个严禁”，发放纪律提醒卡，签订承诺书，公布举报电话；选民登记和选民名单公布。",
    ),
    (
        4,
        "candidates",
        "确定人选",
        "“两推”推荐、资格联审、考察公示，确定党组织委员候选人预备人选；村民提名，确定村委会正式候选人。",
    ),
    (
        5,
        "assembly",
        "大会推荐",
        "召开党员大会选举村党组织委员会和书记、副书记；召开选举大会选举村民委员会；推选村务监督委员会。"
        "（省级文件称“大会选举”。）",
    ),
    (
        6,
        "follow-up",
        "后续工作",
        "报批备案、工作移交、推选村民代表和村民小组长、资料归档、新班子培训。",
    ),
]


@transaction.atomic
def load_rules() -> RuleSet:
    """Create the default rule set and any of its missing rules; return it."""
    rule_set, _created = RuleSet.objects.get_or_create(
        code=DEFAULT_RULE_SET_CODE,
        version=1,
        defaults={
            "name": "2021年村“两委”换届规则（国家法律与通行省级规定）",
            "law_version": LAW_2018 + ";" + PARTY_RULES_2020,
            "notes": "2021年换届适用2018年修正的村委会组织法。该法已于2025年10月28日再次修正，"
            "用于2026年换届前请逐条核对并另建新版本。",
        },
    )
    existing = {rule.key: rule for rule in rule_set.rules.all()}
    for key, _kind, _num, _den, _cmp, basis, note in DEFAULT_RULES:
        retired = RETIRED_RULE_TEXTS.get(key)
        if key in existing and retired:
            refresh_untouched(
                existing[key],
                legal_basis=(basis, retired.get("legal_basis", ())),
                note=(note, retired.get("note", ())),
            )
    Rule.objects.bulk_create(
        [
            Rule(
                rule_set=rule_set,
                key=key,
                kind=kind,
                numerator=numerator,
                denominator=denominator,
                comparison=comparison,
                legal_basis=basis,
                note=note,
            )
            for key, kind, numerator, denominator, comparison, basis, note in DEFAULT_RULES
            if key not in existing
        ]
    )
    return rule_set


@transaction.atomic
def load_stages() -> dict[str, Stage]:
    """Create the six stages that are missing; return them by code."""
    stages = {}
    for order, code, name, description in DEFAULT_STAGES:
        stage, _created = Stage.objects.get_or_create(
            code=code,
            defaults={"order": order, "name": name, "description": description},
        )
        stages[code] = stage
    return stages


@transaction.atomic
def load_templates(stages: dict[str, Stage]) -> None:
    """Create the missing task templates of the 任务表 and their prerequisites."""
    from .default_templates import DEFAULT_TEMPLATES, RETIRED_LEGAL_BASIS

    existing = {t.code: t for t in TaskTemplate.objects.all()}
    created = []
    for row in DEFAULT_TEMPLATES:
        if row["code"] in existing:
            refresh_untouched(
                existing[row["code"]],
                legal_basis=(
                    row["legal_basis"],
                    RETIRED_LEGAL_BASIS.get(row["code"], ()),
                ),
            )
            continue
        fields = {k: v for k, v in row.items() if k not in {"stage", "prerequisites"}}
        template = TaskTemplate(stage=stages[row["stage"]], **fields)
        template.full_clean(exclude=["prerequisites"])
        template.save()
        existing[template.code] = template
        created.append((template, row.get("prerequisites", ())))
    for template, prerequisite_codes in created:
        if prerequisite_codes:
            template.prerequisites.set([existing[code] for code in prerequisite_codes])


def load_defaults() -> None:
    """Load the rule sets (2018 for history, 2026 the default), stages and templates."""
    from .rule_sets import load_rule_set_2026

    load_rules()
    load_rule_set_2026()
    stages = load_stages()
    load_templates(stages)

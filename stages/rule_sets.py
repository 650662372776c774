"""Rule sets by law version: the 2026 set under the amended 村民委员会组织法.

The 2018 set (``defaults.DEFAULT_RULES``) stays for the rounds run under it
(the 2021 round). The 村民委员会组织法 was amended on 2025-10-28 (in force
2026-01-01); the 2026 round uses the set below, which is the default for new
rounds. Rows whose article number or wording under the amended text has not
been checked against the official text carry ``basis_checked=False``: users
see “待核对” until the office ticks the row in the admin.

``load_rule_sets()`` is idempotent: it adds what is missing, never overwrites
an edited row, and makes the 2026 set the default only while no set is.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from .choices import Comparison, RuleKey, RuleKind
from .models import Rule, RuleSet

RULE_SET_2026_CODE = "vc-law-2025"

LAW_2025 = "《中华人民共和国村民委员会组织法》（2025年10月28日修正）"
PARTY_RULES_2020 = "《中国共产党基层组织选举工作条例》（2020年7月）"
PROVINCIAL = "省级村民委员会选举办法"
UNCHECKED_ARTICLE = (
    "2018年修正文本第%s条的规定；修正后的条文序号和表述尚未与官方文本逐条核对，"
    "核对后请在后台勾选“依据已核对”。"
)

RULE_SET_2026 = {
    "name": "2026年村“两委”换届规则（2025年修正的村民委员会组织法）",
    "law_version": LAW_2025 + "；" + PARTY_RULES_2020,
    "effective_from": date(2026, 1, 1),
    "notes": (
        "适用于2026—2027年村（社区）“两委”换届。《中华人民共和国村民委员会组织法》于"
        "2025年10月28日经第十四届全国人民代表大会常务委员会第十八次会议修正，"
        "自2026年1月1日起施行。修正后增加了村民委员会工作坚持中国共产党的领导等规定；"
        "据公开报道，并为村党组织负责人通过法定程序担任村民委员会主任（“一肩挑”）"
        "提供了法律依据，具体条文待核对。标注“待核对”的条目，其条文序号或表述尚未与"
        "修正后的官方文本逐条核对。"
    ),
}

PROXY_BASIS_2025 = (
    LAW_2025 + "：登记参加选举的村民，选举期间外出不能参加投票的，可以书面委托本村"
    "有选举权的近亲属代为投票。村民选举委员会应当公布委托人和受委托人的名单。"
)

# (key, kind, numerator, denominator, comparison, legal basis, basis checked, note)
RULES_2026 = [
    (
        RuleKey.VOTER_LIST_DAYS_BEFORE,
        RuleKind.DAYS,
        20,
        1,
        "",
        LAW_2025
        + "：登记参加选举的村民名单应当在选举日的二十日前由村民选举委员会公布。",
        False,
        UNCHECKED_ARTICLE % "十四",
    ),
    (
        RuleKey.VOTER_LIST_APPEAL_DAYS,
        RuleKind.DAYS,
        5,
        1,
        "",
        LAW_2025
        + "：对登记参加选举的村民名单有异议的，应当自名单公布之日起五日内向村民选举委员会申诉。",
        False,
        UNCHECKED_ARTICLE % "十四",
    ),
    (
        RuleKey.APPEAL_DECISION_DAYS,
        RuleKind.DAYS,
        3,
        1,
        "",
        LAW_2025
        + "：村民选举委员会应当自收到申诉之日起三日内作出处理决定，并公布处理结果。",
        False,
        UNCHECKED_ARTICLE % "十四",
    ),
    (
        RuleKey.CANDIDATE_LIST_DAYS_BEFORE,
        RuleKind.DAYS,
        5,
        1,
        "",
        PROVINCIAL + "：正式候选人名单在选举日5日前按得票多少为序张榜公布。",
        False,
        "多数省份为选举日5日前，部分省份为7日前；请按本省村民委员会选举办法核对。",
    ),
    (
        RuleKey.VC_WITHDRAWAL_DAYS,
        RuleKind.DAYS,
        3,
        1,
        "",
        PROVINCIAL + "：正式候选人在选举日3日前可以书面提出退出选举，"
        "出缺的按得票多少依次递补并公告。",
        False,
        "各省期限不同（有的为选举日3日前，有的为候选人名单确定后3日内）；"
        "请按本省村民委员会选举办法核对。",
    ),
    (
        RuleKey.AUDIT_PUBLISH_DAYS_BEFORE,
        RuleKind.DAYS,
        10,
        1,
        "",
        LAW_2025 + "：离任经济责任审计结果应当在下一届村民委员会选举之前公布。",
        False,
        UNCHECKED_ARTICLE % "三十五"
        + "法律只要求选举之前公布；本县（镇）要求选举日10日前张榜公布，按本地要求修改。",
    ),
    (
        RuleKey.HANDOVER_DAYS_AFTER,
        RuleKind.DAYS,
        10,
        1,
        "",
        LAW_2025 + "：村民委员会应当自新一届村民委员会产生之日起十日内完成工作移交。"
        "工作移交由村民选举委员会主持，由乡、民族乡、镇的人民政府监督。",
        False,
        UNCHECKED_ARTICLE % "二十",
    ),
    (
        RuleKey.RUNOFF_WITHIN_DAYS,
        RuleKind.DAYS,
        30,
        1,
        "",
        PROVINCIAL
        + "：当选人数不足应选名额的，不足的名额在选举日当日或30日内另行选举。",
        False,
        "有的省份为15日内；请按本省村民委员会选举办法核对。",
    ),
    (
        RuleKey.VC_VALID_TURNOUT,
        RuleKind.RATIO,
        1,
        2,
        Comparison.MORE_THAN,
        LAW_2025 + "：选举村民委员会，有登记参加选举的村民过半数投票，选举有效。",
        False,
        UNCHECKED_ARTICLE % "十五",
    ),
    (
        RuleKey.VC_WIN_SHARE,
        RuleKind.RATIO,
        1,
        2,
        Comparison.MORE_THAN,
        LAW_2025 + "：候选人获得参加投票的村民过半数的选票，始得当选。",
        False,
        UNCHECKED_ARTICLE % "十五",
    ),
    (
        RuleKey.VC_RUNOFF_MIN_SHARE,
        RuleKind.RATIO,
        1,
        3,
        Comparison.AT_LEAST,
        LAW_2025
        + "：另行选举的，候选人以得票多的当选，但是所得票数不得少于已投选票总数的三分之一。",
        False,
        UNCHECKED_ARTICLE % "十五",
    ),
    (
        RuleKey.VC_CANDIDATE_SURPLUS,
        RuleKind.COUNT,
        1,
        1,
        "",
        LAW_2025 + "：候选人的名额应当多于应选名额。",
        False,
        UNCHECKED_ARTICLE % "十五"
        + "各省规定不一：主任、副主任一般多1人，委员多1至2人或1至3人。",
    ),
    (
        RuleKey.VC_RUNOFF_TURNOUT,
        RuleKind.RATIO,
        1,
        2,
        Comparison.MORE_THAN,
        LAW_2025 + "：选举村民委员会，有登记参加选举的村民过半数投票，选举有效。"
        "另行选举也是选举村民委员会，同样须过半数投票。",
        False,
        UNCHECKED_ARTICLE % "十五"
        + "本省选举办法规定另行选举不受过半数投票限制的，把数值改为0（不要求）。",
    ),
    (
        RuleKey.VC_PROXY_MAX,
        RuleKind.COUNT,
        3,
        1,
        "",
        PROXY_BASIS_2025 + PROVINCIAL + "：每一选民接受委托投票不得超过三人。",
        False,
        UNCHECKED_ARTICLE % "十五"
        + "多数省份为每人受托不超过3人；本省规定不同的，按本省村民委员会选举办法修改。",
    ),
    (
        RuleKey.VC_PROXY_NEAR_RELATIVE,
        RuleKind.COUNT,
        1,
        1,
        "",
        PROXY_BASIS_2025,
        False,
        UNCHECKED_ARTICLE
        % "十五"
        + "1：受托人须为委托人的近亲属（配偶、父母、子女、兄弟姐妹、祖父母、外祖父母、"
        "孙子女、外孙子女，《中华人民共和国民法典》第一千零四十五条）；"
        "本省选举办法允许委托其他选民的，把数值改为0。",
    ),
    (
        RuleKey.VC_PROXY_DAYS_BEFORE,
        RuleKind.DAYS,
        3,
        1,
        "",
        PROVINCIAL
        + "：委托投票应当在选举日前办理书面委托手续，经村民选举委员会审核后公布委托人和"
        "受委托人名单，选举日不得临时委托。",
        True,
        "有的省份为选举日3日前，有的为5日前；请按本省村民委员会选举办法修改。",
    ),
    (
        RuleKey.VC_SIZE_MIN,
        RuleKind.COUNT,
        3,
        1,
        "",
        LAW_2025
        + "：村民委员会由主任、副主任和委员共三至七人组成。村民委员会成员中，应当有妇女成员。",
        False,
        UNCHECKED_ARTICLE % "六",
    ),
    (
        RuleKey.VC_SIZE_MAX,
        RuleKind.COUNT,
        7,
        1,
        "",
        LAW_2025 + "：村民委员会由主任、副主任和委员共三至七人组成。",
        False,
        UNCHECKED_ARTICLE % "六",
    ),
    (
        RuleKey.PARTY_QUORUM,
        RuleKind.RATIO,
        4,
        5,
        Comparison.MORE_THAN,
        PARTY_RULES_2020 + "：有选举权的到会人数超过应到会人数的五分之四，会议有效。",
        False,
        "应到会人数=正式党员减去经上级党组织同意、党员大会通过不计入的人数。"
        "条例原文的条文序号待核对（有的材料写作“不少于”五分之四）。",
    ),
    (
        RuleKey.PARTY_WIN_SHARE,
        RuleKind.RATIO,
        1,
        2,
        Comparison.MORE_THAN,
        PARTY_RULES_2020
        + "：被选举人获得的赞成票超过应到会有选举权的人数的半数，始得当选。",
        False,
        "以“应到会”为基数；条例原文的条文序号待核对。",
    ),
    (
        RuleKey.PARTY_MARGIN,
        RuleKind.RATIO,
        1,
        5,
        Comparison.AT_LEAST,
        PARTY_RULES_2020 + "第十三条：委员候选人的差额不少于应选人数的20%。",
        True,
        "候选人数须多于应选人数；小支部实践中向上取整（3名应选→4名候选人）。",
    ),
    (
        RuleKey.RECOMMEND_ATTENDANCE,
        RuleKind.RATIO,
        2,
        3,
        Comparison.MORE_THAN,
        "村党组织换届“两推一选”工作流程：参加党员大会和村民代表会议的党员和村民代表，"
        "分别超过全村党员总数和村民代表总数的三分之二有效。",
        False,
        "沿用上一届换届工作流程；请按本省本届换届工作流程核对。",
    ),
    (
        RuleKey.RECOMMEND_MARGIN,
        RuleKind.RATIO,
        1,
        5,
        Comparison.AT_LEAST,
        "村党组织换届“两推一选”工作流程：按照不低于委员职数20%的差额比例推荐候选人初步人选，"
        "现场公开计票。",
        False,
        "沿用上一届换届工作流程；请按本省本届换届工作流程核对。",
    ),
    (
        RuleKey.REVIEW_DAYS,
        RuleKind.WORKING_DAYS,
        5,
        1,
        "",
        "县委组织部换届工作通知：各联审部门在收到初步人选名单后，于规定工作日内出具书面结论性意见。",
        False,
        "未见统一时限，常见为3至5个工作日；按县委组织部通知修改。",
    ),
    (
        RuleKey.REPORT_VERIFY_DAYS,
        RuleKind.WORKING_DAYS,
        5,
        1,
        "",
        "县纪委监委换届风气监督要求：换届举报查结时间一般不超过5个工作日。",
        False,
        "按县纪委监委要求修改。",
    ),
    (
        RuleKey.NOTICE_DAYS,
        RuleKind.WORKING_DAYS,
        5,
        1,
        "",
        "村党组织换届工作规程：候选人预备人选公示时间一般为3至5个工作日。",
        False,
        "按县委组织部通知修改。",
    ),
    (
        RuleKey.ESCALATE_OVERDUE_DAYS,
        RuleKind.DAYS,
        3,
        1,
        "",
        "本镇换届工作督查制度：任务逾期超过3日，报督察组和包保领导督办。",
        False,
        "本地工作制度，按实际修改。",
    ),
]


def _add_missing_rules(rule_set: RuleSet, rows) -> None:
    existing = set(rule_set.rules.values_list("key", flat=True))
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
                basis_checked=checked,
                note=note,
            )
            for key, kind, numerator, denominator, comparison, basis, checked, note in rows
            if key not in existing
        ]
    )


@transaction.atomic
def load_rule_set_2026() -> RuleSet:
    """Create the 2026 rule set and its missing rules; make it the default if none is."""
    rule_set, _created = RuleSet.objects.get_or_create(
        code=RULE_SET_2026_CODE, version=1, defaults=RULE_SET_2026
    )
    _add_missing_rules(rule_set, RULES_2026)
    if not RuleSet.objects.filter(is_default=True).exists():
        rule_set.is_default = True
        rule_set._change_reason = "默认规则集：2026年换届"
        rule_set.save(update_fields=["is_default"])
    return rule_set


def default_rule_set() -> RuleSet | None:
    """Return the rule set new rounds start with (the flagged one, else the newest)."""
    return (
        RuleSet.objects.filter(is_default=True).first()
        or RuleSet.objects.order_by("-effective_from", "-code", "-version").first()
    )

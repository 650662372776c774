"""Default discipline texts and letter rules from DOMAIN.md, as editable rows.

``load_defaults()`` creates the rows that are missing and never overwrites a
row the office has edited, so it is safe to run again.
"""

from __future__ import annotations

from django.db import transaction

from core.default_texts import refresh_untouched

from .choices import Audience, LetterKind, TextCode
from .models import CommitmentRequirement, LetterTemplate, ReferenceItem, ReferenceText

TEN_SOURCE = (
    "安徽省太和县、肥东县村（社区）“两委”换届纪律“十个严禁”（安徽省纪委监委网站转载）；"
    "请按本省市正式文本核对。"
)
TEN_PROHIBITIONS = [
    "严禁以威胁、恐吓、欺骗等手段，妨害党员或选民行使选举权和被选举权；",
    "严禁通过吃请、赠送现金、有价证券和各种礼品，以及采取口头承诺选举后给予某种利益等形式搞拉票、“贿选”活动；",
    "严禁参与操纵选举、避会抵制、跟踪监视、虚假委托、张贴大字报、分发传单等不正当活动；",
    "严禁利用宗族、宗派、宗教和黑恶势力干扰、破坏换届工作；",
    "严禁以毁损、抢夺票箱、伪造选票、虚报票数、冲击选举会场等手段破坏和妨碍选举正常进行；",
    "严禁诬告陷害、诽谤中伤他人，或制造和传播小道消息扰乱换届工作；",
    "严禁党员干部封官许愿，隐瞒、包庇、袒护换届选举中搞非组织活动的行为；",
    "严禁阻挠对违反换届纪律行为的调查和处理，或对检举、举报、控告换届选举中违纪违法行为人员进行打击、报复；",
    "严禁村和社区干部擅离职守、中断工作，借换届之机突击花钱、私分公物（公款）、滥发补贴和奖金，擅自处置集体财产；",
    "严禁换届结束后不交工作、不交印章、不交账本、不交档案等行为。",
]

NINE_SOURCE = (
    "安徽省太和县、肥东县村（社区）“两委”换届纪律“九个不准”；公开文本仅前三条可见，"
    "第四至九条按公开的打击拉票贿选工作预案所列情形整理，须按本省市正式文本核对。"
)
# Sources shipped before: a text still holding one was never edited.
RETIRED_SOURCES = {
    "ten-prohibitions": [
        "DOMAIN.md §1.4：太和县（阜阳）与肥东县（合肥）“十个严禁”相同文本，安徽省纪委监委网站转载；"
        "日期不详，请按本省市正式文本核对。"
    ],
    "nine-forbidden": [
        "DOMAIN.md §1.4：太和县、肥东县“九个不准”，公开文本仅前三条可见；"
        "第四至九条按公开的打击拉票贿选工作预案所列情形整理（与前三条一致），须按本省市正式文本核对。"
    ],
}
NINE_VERIFIED = [
    "不准向选举人赠送现金、存单、银行卡、会员卡、有价证券、支付凭证、电子红包或实物等进行拉票；",
    "不准为选举人提供吃请、旅游、休闲、健身、娱乐等消费活动进行拉票；",
    "不准以慰问、帮扶名义向选举人变相赠送财物进行拉票；",
]
NINE_TO_CHECK = [
    "不准以交保证金形式，许诺当选后将保证金分发给选举人进行拉票；",
    "不准通过许诺当选后赞助村级组织或群众团体活动经费、免除村民债务、给予选举人其他利益等进行拉票；",
    "不准违反规定分发村集体资产、用集体资金为选举人交纳各种费用进行拉票；",
    "不准以提供交通费、食宿费、误工费等名义，诱导外出人员回乡投票或阻止为他人投票；",
    "不准以送钱送物、威逼利诱等方式，鼓动其他参选人退出选举；",
    "不准以贿赂等手段诱使或收买选举工作人员在选举中进行舞弊活动。",
]
TO_CHECK_NOTE = "公开来源未见本条原文，系按同类规定整理，使用前请核对。"

LETTERS = {
    LetterKind.CAMPAIGN: (
        "竞职承诺书",
        "本人{name}，系{township}{village}“两委”换届参选人。为营造风清气正的换届环境，"
        "本人郑重承诺：\n"
        "一、严格遵守“十个严禁”“九个不准”等换届纪律，不拉票贿选，不封官许愿，"
        "不利用宗族、宗派势力干扰选举；\n"
        "二、如实向组织报告个人有关事项，自觉接受资格审查和党员群众监督；\n"
        "三、当选后勤勉履职，公道正派，带头执行村务公开和民主决策制度；\n"
        "四、落选后正确对待选举结果，支持新一届班子开展工作。\n"
        "如有违反，自愿接受取消参选资格处理；已当选的，当选无效。",
    ),
    LetterKind.RESIGNATION: (
        "辞职承诺书",
        "本人{name}，系{township}{village}“两委”换届参选人。本人郑重承诺，"
        "当选后如有下列情形之一，自愿辞去所任职务：\n"
        "一、经查实以拉票贿选等不正当手段当选的；\n"
        "二、任期内受到党纪政务处分或刑事处罚的；\n"
        "三、年度考核不称职或群众满意度测评不合格的；\n"
        "四、长期外出不能正常履行职务的；\n"
        "五、不兑现竞职承诺、造成不良影响的。",
    ),
    LetterKind.ENTREPRENEURSHIP: (
        "创业承诺书",
        "本人{name}，系{township}{village}“两委”换届参选人。本人郑重承诺，"
        "当选后任期内：\n"
        "一、立足村情制定集体经济发展计划，带领群众增收致富；\n"
        "二、每年至少办成一件群众关心的实事，并向党员群众公开进展；\n"
        "三、培养后备力量，带动党员群众共同创业。\n"
        "以上承诺在党务公开栏公示，接受党员群众监督。",
    ),
    LetterKind.DISCIPLINE: (
        "严守换届纪律承诺书",
        "本人{name}，作为{township}{village}“两委”换届工作的参与者，"
        "郑重承诺：\n"
        "一、严格遵守“十个严禁”“九个不准”，不参与、不组织、不纵容拉票贿选等违纪违法行为；\n"
        "二、不违规干预、插手选举，不为他人拉票说情、打招呼；\n"
        "三、不传播小道消息，不泄露换届工作秘密；\n"
        "四、发现违反换届纪律的行为，及时向组织报告（举报电话：{hotline}）。\n"
        "如有违反，自愿接受组织处理。",
    ),
}

REQUIREMENTS = [
    (Audience.NOMINEE, LetterKind.CAMPAIGN),
    (Audience.NOMINEE, LetterKind.RESIGNATION),
    (Audience.NOMINEE, LetterKind.ENTREPRENEURSHIP),
    (Audience.NOMINEE, LetterKind.DISCIPLINE),
    (Audience.PARTY_COMMITTEE, LetterKind.DISCIPLINE),
    (Audience.VILLAGERS_COMMITTEE, LetterKind.DISCIPLINE),
    (Audience.SUPERVISION_COMMITTEE, LetterKind.DISCIPLINE),
    (Audience.RESERVE_CADRE, LetterKind.DISCIPLINE),
]


def _text(code, kind, title, source, position, items):
    text, created = ReferenceText.objects.get_or_create(
        code=code,
        defaults={"kind": kind, "title": title, "source": source, "position": position},
    )
    if not created:
        refresh_untouched(text, source=(source, RETIRED_SOURCES.get(code, ())))
    for number, (content, verified, note) in enumerate(items, start=1):
        ReferenceItem.objects.get_or_create(
            text=text,
            number=number,
            defaults={"content": content, "verified": verified, "source_note": note},
        )
    return text


@transaction.atomic
def load_defaults() -> None:
    """Create the missing default texts, letter wordings and letter requirements."""
    _text(
        "ten-prohibitions",
        TextCode.TEN_PROHIBITIONS,
        "十个严禁",
        TEN_SOURCE,
        1,
        [(content, True, "") for content in TEN_PROHIBITIONS],
    )
    _text(
        "nine-forbidden",
        TextCode.NINE_FORBIDDEN,
        "九个不准",
        NINE_SOURCE,
        2,
        [(content, True, "") for content in NINE_VERIFIED]
        + [(content, False, TO_CHECK_NOTE) for content in NINE_TO_CHECK],
    )
    for kind, (title, body) in LETTERS.items():
        LetterTemplate.objects.get_or_create(
            kind=kind, defaults={"title": title, "body": body}
        )
    for audience, kind in REQUIREMENTS:
        CommitmentRequirement.objects.get_or_create(audience=audience, kind=kind)

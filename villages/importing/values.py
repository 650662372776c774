"""Cleaning of cell values as clerks really type them.

Full-width characters and every kind of space are folded, dates come as
Excel dates or as text (``1985.03``, ``1985年3月``, ``1985-03-01``,
``19850301``), choice columns accept the words clerks use. Each cleaner
returns the clean value or raises :class:`CellError` with a Chinese message.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from functools import lru_cache

from django.utils.translation import gettext as _

from ..choices import (
    Category,
    Education,
    Gender,
    PartyMemberKind,
    PoliticalStatus,
    Post,
    TalentKind,
    VotingStatus,
)
from . import messages as msg

_SPACES = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


class CellError(Exception):
    """A cell that cannot be cleaned; ``message`` is shown to the clerk."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def fold(value) -> str:
    """Return text with full-width characters folded and outer spaces stripped."""
    if value is None:
        return ""
    if type(value) is str:
        text = value
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(value)
    if text.isascii():
        # No full-width characters and no exotic spaces: the common case.
        return text.strip()
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.strip().strip("\u3000\u00a0\u200b\ufeff").strip()


def squash(value) -> str:
    """Return folded text with every space removed (names, codes, choices)."""
    text = fold(value)
    if text.isalnum():
        # Letters and digits only (Chinese characters count as letters).
        return text
    return _SPACES.sub("", text)


def header_key(value) -> str:
    """Normalise a header cell: fold, drop spaces, asterisks and “(必填)”."""
    text = squash(value).lower()
    text = re.sub(r"[*＊]", "", text)
    text = re.sub(r"\((必填|选填|必填项|可选)\)$", "", text)
    return text


# --- dates -----------------------------------------------------------------------

_DATE_PATTERNS = (
    # 1985-03-01, 1985/3/1, 1985.3.1, 1985年3月1日
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    # 1985-03, 1985/3, 1985.03, 1985年3月
    re.compile(r"^(\d{4})[-/.年](\d{1,2})月?$"),
    # 19850301
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    # 198503
    re.compile(r"^(\d{4})(\d{2})$"),
    # 1985年
    re.compile(r"^(\d{4})年?$"),
)
EXCEL_EPOCH = datetime.date(1899, 12, 30)


@lru_cache(maxsize=4096)
def _parse_date_text(text: str) -> tuple[datetime.date, bool] | None:
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        # 1985-03-01, the most frequent spelling: parsed in C. Anything else
        # (or an impossible date) goes through the patterns as before.
        try:
            return datetime.date.fromisoformat(text), False
        except ValueError:
            pass
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = [int(p) for p in match.groups()]
            has_day = len(parts) == 3
            while len(parts) < 3:
                parts.append(1)
            try:
                return datetime.date(*parts), not has_day
            except ValueError:
                return None
    return None


def clean_date(value) -> tuple[datetime.date, bool] | None:
    """Return (date, month_only) for a date cell, None for an empty cell.

    ``month_only`` is true when only year and month were given (1985.03):
    comparisons with a full date then look at year and month only.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date(), False
    if isinstance(value, datetime.date):
        return value, False
    if isinstance(value, float) and not value.is_integer():
        # A clerk typed 1985.03 into a number cell. 1985.1 is ambiguous: Excel
        # drops the trailing zero of 1985.10, so it may mean October.
        text = repr(value)
        year, _dot, month = text.partition(".")
        if len(year) == 4 and month == "1":
            raise CellError(_(msg.DATE_AMBIGUOUS) % {"value": text})
        if len(year) == 4 and len(month) <= 2:
            month_number = int(month) if len(month) == 2 else int(month)
            try:
                return datetime.date(int(year), month_number, 1), True
            except ValueError:
                pass
        raise CellError(_(msg.DATE_INVALID) % {"value": text})
    if isinstance(value, (int, float)):
        number = int(value)
        text = str(number)
        if 20000 <= number <= 80000:
            # An Excel serial date in a cell formatted as a number.
            return EXCEL_EPOCH + datetime.timedelta(days=number), False
    else:
        text = squash(value)
        if not text:
            return None
    parsed = _parse_date_text(text)
    if parsed is None:
        raise CellError(_(msg.DATE_INVALID) % {"value": text})
    return parsed


def format_date(day: datetime.date, month_only: bool = False) -> str:
    """Return a date as the township writes it: 1985年3月1日 / 1985年3月."""
    if month_only:
        return f"{day.year}年{day.month}月"
    return f"{day.year}年{day.month}月{day.day}日"


# --- choices ---------------------------------------------------------------------


class ChoiceCleaner:
    """Map the words clerks use to a ``TextChoices`` value.

    ``ordered`` lists (word, value) pairs; the first word of each value is the
    one shown in messages and offered in the template's drop-down lists.
    """

    def __init__(self, choices, ordered: list[tuple[str, str]]):
        self.choices = choices
        self.ordered = ordered
        self.aliases = {squash(word).lower(): value for word, value in ordered}
        for value in choices.values:
            self.aliases.setdefault(value, value)
        firsts: dict[str, str] = {}
        for word, value in ordered:
            firsts.setdefault(value, word)
        self.display = list(firsts.values())
        self.word_of = firsts

    def clean(self, value) -> str:
        text = squash(value)
        if not text:
            return ""
        found = self.aliases.get(text.lower())
        if found is None:
            raise CellError(
                _(msg.CHOICE_UNKNOWN)
                % {"value": text, "allowed": "、".join(self.display)}
            )
        return found


def _choice(choices, ordered: list[tuple[str, str]]) -> ChoiceCleaner:
    return ChoiceCleaner(choices, ordered)


GENDER = _choice(
    Gender,
    [
        ("男", Gender.MALE),
        ("女", Gender.FEMALE),
        ("男性", Gender.MALE),
        ("女性", Gender.FEMALE),
    ],
)
EDUCATION = _choice(
    Education,
    [
        ("小学", Education.PRIMARY),
        ("初中", Education.JUNIOR),
        ("高中", Education.SENIOR),
        ("中专", Education.TECHNICAL),
        ("大专", Education.COLLEGE),
        ("本科", Education.BACHELOR),
        ("研究生", Education.POSTGRADUATE),
        ("小学及以下", Education.PRIMARY),
        ("初级中学", Education.JUNIOR),
        ("高级中学", Education.SENIOR),
        ("普高", Education.SENIOR),
        ("职高", Education.TECHNICAL),
        ("中技", Education.TECHNICAL),
        ("技校", Education.TECHNICAL),
        ("中等专科", Education.TECHNICAL),
        ("大学专科", Education.COLLEGE),
        ("专科", Education.COLLEGE),
        ("高职", Education.COLLEGE),
        ("大学本科", Education.BACHELOR),
        ("大学", Education.BACHELOR),
        ("硕士", Education.POSTGRADUATE),
        ("硕士研究生", Education.POSTGRADUATE),
        ("博士", Education.POSTGRADUATE),
        ("博士研究生", Education.POSTGRADUATE),
    ],
)
POLITICAL_STATUS = _choice(
    PoliticalStatus,
    [
        ("中共党员", PoliticalStatus.MEMBER),
        ("中共预备党员", PoliticalStatus.PROBATIONARY),
        ("共青团员", PoliticalStatus.LEAGUE),
        ("民主党派", PoliticalStatus.DEMOCRATIC),
        ("群众", PoliticalStatus.MASSES),
        ("党员", PoliticalStatus.MEMBER),
        ("中国共产党党员", PoliticalStatus.MEMBER),
        ("正式党员", PoliticalStatus.MEMBER),
        ("预备党员", PoliticalStatus.PROBATIONARY),
        ("团员", PoliticalStatus.LEAGUE),
        ("民革", PoliticalStatus.DEMOCRATIC),
        ("民盟", PoliticalStatus.DEMOCRATIC),
        ("民建", PoliticalStatus.DEMOCRATIC),
        ("民进", PoliticalStatus.DEMOCRATIC),
        ("农工党", PoliticalStatus.DEMOCRATIC),
        ("致公党", PoliticalStatus.DEMOCRATIC),
        ("九三学社", PoliticalStatus.DEMOCRATIC),
        ("台盟", PoliticalStatus.DEMOCRATIC),
        ("无党派", PoliticalStatus.MASSES),
        ("无党派人士", PoliticalStatus.MASSES),
    ],
)
PARTY_MEMBER_KIND = _choice(
    PartyMemberKind,
    [
        ("正式党员", PartyMemberKind.FULL),
        ("预备党员", PartyMemberKind.PROBATIONARY),
        ("正式", PartyMemberKind.FULL),
        ("预备", PartyMemberKind.PROBATIONARY),
    ],
)
VOTING_STATUS = _choice(
    VotingStatus,
    [
        ("正常", VotingStatus.NORMAL),
        ("留党察看", VotingStatus.PROBATION),
        ("留置或逮捕", VotingStatus.DETAINED),
        ("有表决权", VotingStatus.NORMAL),
        ("留置", VotingStatus.DETAINED),
        ("逮捕", VotingStatus.DETAINED),
        ("被留置", VotingStatus.DETAINED),
        ("被逮捕", VotingStatus.DETAINED),
    ],
)
TALENT_KIND = _choice(
    TalentKind,
    [
        ("致富能手", TalentKind.ENTREPRENEUR),
        ("大学毕业生", TalentKind.GRADUATE),
        ("退役军人", TalentKind.VETERAN),
        ("退休干部", TalentKind.RETIRED_CADRE),
        ("外出务工经商人员", TalentKind.MIGRANT),
        ("其他", TalentKind.OTHER),
        ("高校毕业生", TalentKind.GRADUATE),
        ("大学生", TalentKind.GRADUATE),
        ("复员军人", TalentKind.VETERAN),
        ("退伍军人", TalentKind.VETERAN),
        ("外出务工经商", TalentKind.MIGRANT),
        ("外出务工", TalentKind.MIGRANT),
        ("返乡创业人员", TalentKind.MIGRANT),
        ("其它", TalentKind.OTHER),
    ],
)
YES_WORDS = frozenset({"是", "√", "✓", "✔", "y", "yes", "1", "true", "不计入"})
NO_WORDS = frozenset({"否", "×", "n", "no", "0", "false", "计入"})


def clean_yes_no(value) -> bool | None:
    """Return True/False for 是/否 (and √, ×, 1, 0), None for an empty cell."""
    text = squash(value).lower()
    if not text:
        return None
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    raise CellError(_(msg.CHOICE_UNKNOWN) % {"value": text, "allowed": "是、否"})


# Category words: a committee, Party member, reserve cadre, talent — or a talent
# kind written straight into the category column.
CATEGORY_WORDS: dict[str, tuple[str, str]] = {
    "村党组织": (Category.PARTY_COMMITTEE, ""),
    "村委会": (Category.VILLAGERS_COMMITTEE, ""),
    "村务监督委员会": (Category.SUPERVISION_COMMITTEE, ""),
    "党员": (Category.PARTY_MEMBER, ""),
    "后备干部": (Category.RESERVE_CADRE, ""),
    "人才": (Category.TALENT, ""),
    "村党组织委员": (Category.PARTY_COMMITTEE, ""),
    "村党组织成员": (Category.PARTY_COMMITTEE, ""),
    "村党组织委员会": (Category.PARTY_COMMITTEE, ""),
    "村党支部": (Category.PARTY_COMMITTEE, ""),
    "党支部": (Category.PARTY_COMMITTEE, ""),
    "党总支": (Category.PARTY_COMMITTEE, ""),
    "村党委": (Category.PARTY_COMMITTEE, ""),
    "支委": (Category.PARTY_COMMITTEE, ""),
    "村委会委员": (Category.VILLAGERS_COMMITTEE, ""),
    "村委会成员": (Category.VILLAGERS_COMMITTEE, ""),
    "村民委员会": (Category.VILLAGERS_COMMITTEE, ""),
    "居委会": (Category.VILLAGERS_COMMITTEE, ""),
    "居民委员会": (Category.VILLAGERS_COMMITTEE, ""),
    "村委": (Category.VILLAGERS_COMMITTEE, ""),
    "村务监督委员会委员": (Category.SUPERVISION_COMMITTEE, ""),
    "监委会": (Category.SUPERVISION_COMMITTEE, ""),
    "村监委": (Category.SUPERVISION_COMMITTEE, ""),
    "村监会": (Category.SUPERVISION_COMMITTEE, ""),
    "中共党员": (Category.PARTY_MEMBER, ""),
    "正式党员": (Category.PARTY_MEMBER, ""),
    "预备党员": (Category.PARTY_MEMBER, ""),
    "后备": (Category.RESERVE_CADRE, ""),
    "村级后备干部": (Category.RESERVE_CADRE, ""),
    "后备力量": (Category.RESERVE_CADRE, ""),
    "人才库": (Category.TALENT, ""),
    **{word: (Category.TALENT, kind) for word, kind in TALENT_KIND.ordered},
}
CATEGORY_DISPLAY = ["村党组织", "村委会", "村务监督委员会", "党员", "后备干部", "人才"]
_CATEGORY_LOOKUP = {squash(key).lower(): value for key, value in CATEGORY_WORDS.items()}


def clean_category(value) -> tuple[str, str]:
    """Return (category, talent kind) for a 类别 cell; ("", "") when empty."""
    text = squash(value)
    if not text:
        return "", ""
    found = _CATEGORY_LOOKUP.get(text.lower())
    if found is None:
        raise CellError(
            _(msg.CHOICE_UNKNOWN)
            % {"value": text, "allowed": "、".join(CATEGORY_DISPLAY)}
        )
    return found


# Post words. A word that names its committee (村主任) fixes the category; a
# bare 主任 or 委员 needs the 类别 column. 书记兼主任 / 一肩挑 mean two posts.
PARTY, VC, SUP = (
    Category.PARTY_COMMITTEE,
    Category.VILLAGERS_COMMITTEE,
    Category.SUPERVISION_COMMITTEE,
)
POST_WORDS: dict[str, tuple[tuple[str | None, str], ...]] = {
    "书记": ((PARTY, Post.SECRETARY),),
    "副书记": ((PARTY, Post.DEPUTY_SECRETARY),),
    "主任": ((None, Post.DIRECTOR),),
    "副主任": ((None, Post.DEPUTY_DIRECTOR),),
    "委员": ((None, Post.MEMBER),),
    "成员": ((None, Post.MEMBER),),
    "党组织书记": ((PARTY, Post.SECRETARY),),
    "村党组织书记": ((PARTY, Post.SECRETARY),),
    "党支部书记": ((PARTY, Post.SECRETARY),),
    "村党支部书记": ((PARTY, Post.SECRETARY),),
    "党总支书记": ((PARTY, Post.SECRETARY),),
    "支部书记": ((PARTY, Post.SECRETARY),),
    "党委书记": ((PARTY, Post.SECRETARY),),
    "党组织副书记": ((PARTY, Post.DEPUTY_SECRETARY),),
    "党支部副书记": ((PARTY, Post.DEPUTY_SECRETARY),),
    "党总支副书记": ((PARTY, Post.DEPUTY_SECRETARY),),
    "支委委员": ((PARTY, Post.MEMBER),),
    "党支部委员": ((PARTY, Post.MEMBER),),
    "党组织委员": ((PARTY, Post.MEMBER),),
    "支委": ((PARTY, Post.MEMBER),),
    "村委会主任": ((VC, Post.DIRECTOR),),
    "村主任": ((VC, Post.DIRECTOR),),
    "居委会主任": ((VC, Post.DIRECTOR),),
    "村委会副主任": ((VC, Post.DEPUTY_DIRECTOR),),
    "村副主任": ((VC, Post.DEPUTY_DIRECTOR),),
    "村委会委员": ((VC, Post.MEMBER),),
    "村委委员": ((VC, Post.MEMBER),),
    "监委会主任": ((SUP, Post.DIRECTOR),),
    "村务监督委员会主任": ((SUP, Post.DIRECTOR),),
    "监委会委员": ((SUP, Post.MEMBER),),
    "村务监督委员会委员": ((SUP, Post.MEMBER),),
    "书记兼主任": ((PARTY, Post.SECRETARY), (VC, Post.DIRECTOR)),
    "书记、主任": ((PARTY, Post.SECRETARY), (VC, Post.DIRECTOR)),
    "书记主任": ((PARTY, Post.SECRETARY), (VC, Post.DIRECTOR)),
    "一肩挑": ((PARTY, Post.SECRETARY), (VC, Post.DIRECTOR)),
    "书记、主任一肩挑": ((PARTY, Post.SECRETARY), (VC, Post.DIRECTOR)),
}
POST_DISPLAY = ["书记", "副书记", "主任", "副主任", "委员", "书记兼主任"]
POST_LABELS = {
    Post.SECRETARY: "书记",
    Post.DEPUTY_SECRETARY: "副书记",
    Post.DIRECTOR: "主任",
    Post.DEPUTY_DIRECTOR: "副主任",
    Post.MEMBER: "委员",
}
CATEGORY_LABELS = {
    Category.PARTY_COMMITTEE: "村党组织",
    Category.VILLAGERS_COMMITTEE: "村委会",
    Category.SUPERVISION_COMMITTEE: "村务监督委员会",
    Category.PARTY_MEMBER: "党员",
    Category.RESERVE_CADRE: "后备干部",
    Category.TALENT: "人才",
}
_POST_LOOKUP = {squash(key).lower(): value for key, value in POST_WORDS.items()}


def clean_post(value) -> tuple[tuple[str | None, str], ...]:
    """Return the (category or None, post) pairs a 职务 cell names; () when empty."""
    text = squash(value)
    if not text:
        return ()
    found = _POST_LOOKUP.get(text.lower())
    if found is None:
        raise CellError(
            _(msg.CHOICE_UNKNOWN) % {"value": text, "allowed": "、".join(POST_DISPLAY)}
        )
    return found


# --- phone -----------------------------------------------------------------------
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def clean_phone(value) -> str:
    """Return a mobile (11 digits) or landline number; '' when empty."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = squash(value).replace("－", "-").replace("—", "-")
    if not text:
        return ""
    compact = text.replace(" ", "")
    if compact.startswith("+86"):
        compact = compact[3:]
    digits = (
        compact.replace("-", "") if _MOBILE.match(compact.replace("-", "")) else compact
    )
    if _MOBILE.match(digits) or _LANDLINE.match(digits):
        return digits
    raise CellError(_(msg.PHONE_INVALID) % {"value": text})


def clean_text(value, max_length: int) -> str:
    """Return folded text of at most ``max_length`` characters."""
    text = fold(value)
    if len(text) > max_length:
        raise CellError(_(msg.TOO_LONG) % {"max": max_length, "length": len(text)})
    return text


def clean_name(value) -> str:
    """Return a person's name without any spaces (张  三 → 张三); middle dots kept."""
    text = squash(value).replace("•", "·").replace("．", "·")
    if len(text) > 50:
        raise CellError(_(msg.TOO_LONG) % {"max": 50, "length": len(text)})
    return text

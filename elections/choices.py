"""Choice lists of the elections app: meetings, elections, tallies and staff.

The committee (``Body``), its posts and the nomination routes belong to the
candidates app and are re-exported here for the election code.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from candidates.choices import POSTS_BY_BODY, Body, NominationStatus, Route
from villages.choices import Post

__all__ = [
    "COUNT_STATUS_COLOURS",
    "POSTS_BY_BODY",
    "ROUTE_BY_MEETING",
    "TALLY_COLOURS",
    "Body",
    "CountStatus",
    "ElectionKind",
    "MeetingKind",
    "NominationStatus",
    "Post",
    "Route",
    "ShortfallDecision",
    "StaffRole",
    "TallyStatus",
]


class MeetingKind(models.TextChoices):
    """The two recommendation meetings of the 两推 (2021 village procedure)."""

    PARTY_MEMBERS = "party_members", _("Party members' recommendation meeting")
    REPRESENTATIVES = (
        "representatives",
        _("villager representatives' recommendation meeting"),
    )


# The nomination route of a person a meeting recommends.
ROUTE_BY_MEETING = {
    MeetingKind.PARTY_MEMBERS: Route.PARTY_MEMBERS,
    MeetingKind.REPRESENTATIVES: Route.MASSES,
}


class ElectionKind(models.TextChoices):
    """What a vote is: the election itself, a 另行选举, a re-vote of a tie, or the
    new Party committee electing its 书记 and 副书记."""

    REGULAR = "regular", _("regular election")
    RUNOFF = "runoff", _("separate election for unfilled seats")
    REVOTE = "revote", _("re-vote among tied candidates")
    POSTS = "posts", _("committee elects its secretary and deputy")
    WOMEN_SEAT = "women_seat", _("separate election for the women's seat")


class CountStatus(models.TextChoices):
    """Where a meeting or election stands: set up, counted, or its result applied."""

    PLANNED = "planned", _("set up, not counted")
    COUNTED = "counted", _("counted")
    APPLIED = "applied", _("result applied")


COUNT_STATUS_COLOURS = {
    CountStatus.PLANNED: "secondary",
    CountStatus.COUNTED: "primary",
    CountStatus.APPLIED: "success",
}


class TallyStatus(models.TextChoices):
    """What the numbers made of a candidate (``elections.rules.ResultStatus``)."""

    PENDING = "", _("not counted")
    ELECTED = "elected", _("elected")
    NOT_ELECTED = "not_elected", _("not elected")
    TIE = "tie", _("tied: vote again")
    HIGHER_POST = "higher_post", _("elected to a higher post")


TALLY_COLOURS = {
    TallyStatus.PENDING: "secondary",
    TallyStatus.ELECTED: "success",
    TallyStatus.NOT_ELECTED: "dark",
    TallyStatus.TIE: "warning",
    TallyStatus.HIGHER_POST: "info",
}


class StaffRole(models.TextChoices):
    """Election staff checked by V8."""

    COMMITTEE = "committee", _("villagers' election committee member")
    SCRUTINEER = "scrutineer", _("scrutineer")
    TELLER = "teller", _("teller")


class ShortfallDecision(models.TextChoices):
    """What a Party members' meeting decided about seats left unfilled (P3)."""

    NONE = "", _("not decided")
    RUNOFF = "runoff", _("hold a separate election")
    REDUCE = "reduce", _("reduce the seats")


class VoterCategory(models.TextChoices):
    """The three groups of 第十三条 who are put on the voter register."""

    RESIDENT = "resident", _("registered and living in the village")
    ABSENT = "absent", _("registered here, living elsewhere, chose to vote")
    NEWCOMER = (
        "newcomer",
        _("living here a year or more, applied, admitted by the representatives"),
    )


class VoterAddReason(models.TextChoices):
    """Why a voter was put on the register."""

    REGISTRATION = "registration", _("registration")
    TURNED_18 = "turned_18", _("turned 18 before election day")
    MOVED_IN = "moved_in", _("moved in")
    APPEAL = "appeal", _("appeal upheld")
    OTHER = "other", _("other")


class VoterRemoveReason(models.TextChoices):
    """Why a voter was taken off the register."""

    MOVED_AWAY = "moved_away", _("moved away")
    DIED = "died", _("died")
    DEPRIVED = "deprived", _("deprived of political rights")
    REGISTERED_ELSEWHERE = "elsewhere", _("registered in another village")
    APPEAL = "appeal", _("appeal upheld")
    OTHER = "other", _("other")


class AppealDecision(models.TextChoices):
    """The election committee's decision on an appeal against the voter list."""

    PENDING = "", _("not decided")
    UPHELD = "upheld", _("upheld: list corrected")
    REJECTED = "rejected", _("rejected")


class AuditFinding(models.TextChoices):
    """What the 离任经济责任审计 of an outgoing cadre found."""

    CLEAN = "clean", _("no problems found")
    PROBLEMS = "problems", _("problems found")


class Rectification(models.TextChoices):
    """Whether the problems an exit audit found are put right (十不选 item 8: 未整改到位)."""

    NOT_NEEDED = "", _("not needed")
    OPEN = "open", _("being rectified")
    DONE = "done", _("fully rectified")


# The handover checklist a township starts from (组织法第二十条; 十个严禁之十:
# 不交印章、不交账本、不交档案、不交工作). Editable per handover.
DEFAULT_HANDOVER_ITEMS = (
    _("official seals"),
    _("financial accounts"),
    _("files and records"),
    _("fixed assets"),
    _("office equipment"),
    _("claims and debts"),
    _("other items"),
)


class ProxyRelation(models.TextChoices):
    """The proxy's relation to the voter: the near relatives of 民法典 第一千零四十五条."""

    SPOUSE = "spouse", _("spouse")
    PARENT = "parent", _("parent")
    CHILD = "child", _("child")
    SIBLING = "sibling", _("brother or sister")
    GRANDPARENT = "grandparent", _("grandparent")
    GRANDCHILD = "grandchild", _("grandchild")
    OTHER = "other", _("other (not a near relative)")


NEAR_RELATIVES = frozenset(ProxyRelation.values) - {ProxyRelation.OTHER}


class StationKind(models.TextChoices):
    """Where ballots are cast on election day: the meeting, stations, mobile boxes."""

    MEETING = "meeting", _("election meeting hall")
    CENTRAL = "central", _("central polling station")
    STATION = "station", _("polling station")
    MOBILE = "mobile", _("mobile ballot box")

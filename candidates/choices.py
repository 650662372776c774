"""Choice lists of the candidates app (vetting first, then elections)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Posts are the roster's posts (书记/副书记/主任/副主任/委员), so that results
# become roster memberships without translation.
from villages.choices import Post

# --- shared by vetting and elections ---------------------------------------------


class Body(models.TextChoices):
    """The committee a nomination or an election is for."""

    PARTY_COMMITTEE = "party_committee", _("village Party organisation committee")
    VILLAGERS_COMMITTEE = "villagers_committee", _("villagers' committee")
    SUPERVISION_COMMITTEE = (
        "supervision_committee",
        _("village affairs supervision committee"),
    )


POSTS_BY_BODY = {
    Body.PARTY_COMMITTEE: (Post.SECRETARY, Post.DEPUTY_SECRETARY, Post.MEMBER),
    Body.VILLAGERS_COMMITTEE: (Post.DIRECTOR, Post.DEPUTY_DIRECTOR, Post.MEMBER),
    Body.SUPERVISION_COMMITTEE: (Post.DIRECTOR, Post.MEMBER),
}


class Route(models.TextChoices):
    """How a person came to be nominated."""

    PARTY_MEMBERS = "party_members", _("recommended by Party members")
    MASSES = "masses", _("recommended by the masses")
    VILLAGERS = "villagers", _("nominated by villagers")
    SELF = "self", _("self-nominated")


class NominationStatus(models.TextChoices):
    """Where a nomination stands: 初步人选 → 联审中 → 考察 → 公示 → 正式候选人 → 当选/落选."""

    PRELIMINARY = "preliminary", _("preliminary nominee")
    IN_REVIEW = "in_review", _("in joint review")
    INSPECTION = "inspection", _("under inspection")
    PUBLIC_NOTICE = "public_notice", _("on public notice")
    FORMAL = "formal", _("formal candidate")
    ELECTED = "elected", _("elected")
    NOT_ELECTED = "not_elected", _("not elected")
    DISQUALIFIED = "disqualified", _("disqualified")


# Colours of the status badges (Bootstrap).
STATUS_COLOURS = {
    NominationStatus.PRELIMINARY: "secondary",
    NominationStatus.IN_REVIEW: "primary",
    NominationStatus.INSPECTION: "info",
    NominationStatus.PUBLIC_NOTICE: "warning",
    NominationStatus.FORMAL: "success",
    NominationStatus.ELECTED: "success",
    NominationStatus.NOT_ELECTED: "dark",
    NominationStatus.DISQUALIFIED: "danger",
}

# --- vetting ------------------------------------------------------------------------


class Severity(models.TextChoices):
    """How a 十不选 criterion weighs: 不得 (disqualifies) or 不宜 (a leader decides)."""

    BLOCK = "block", _("must not (不得)")
    WARN = "warn", _("not advisable (不宜)")


class WindowKind(models.TextChoices):
    """How long a disqualifying fact counts."""

    ALWAYS = "always", _("no time limit")
    YEARS = "years", _("within the last N years")
    UNTIL_REVOKED = "until_revoked", _("until revoked")
    UNTIL_RECTIFIED = "until_rectified", _("until rectified")
    DURING_PERIOD = "during_period", _("during the period of effect")


class ReviewItemStatus(models.TextChoices):
    """A department's review of one candidate: waiting for its sign-off, or signed."""

    PENDING = "pending", _("pending")
    SIGNED = "signed", _("signed off")


class FindingResult(models.TextChoices):
    """The answer of a department for one criterion: 无问题 / 有问题."""

    CLEAR = "clear", _("no problem")
    ISSUE = "issue", _("problem found")


class DecisionKind(models.TextChoices):
    """A leader's decision on 不宜 findings."""

    PROCEED = "proceed", _("may proceed")
    DISQUALIFY = "disqualify", _("disqualify")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("open")
    DISMISSED = "dismissed", _("dismissed after verification")
    UPHELD = "upheld", _("upheld")


class ProposalStatus(models.TextChoices):
    """The formal candidate list of a village and body: proposed, then confirmed."""

    PROPOSED = "proposed", _("proposed")
    CONFIRMED = "confirmed", _("confirmed")
    STALE = "stale", _("stale")
    WITHDRAWN = "withdrawn", _("withdrawn")


# --- elections ------------------------------------------------------------------------


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
    """What the numbers made of a candidate (``candidates.rules.ResultStatus``)."""

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

"""Choice lists of the candidates app (vetting: nominations, joint review, 公示).

``Body`` and ``POSTS_BY_BODY`` are shared with the elections app, which imports them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Posts are the roster's posts (书记/副书记/主任/副主任/委员), so that results
# become roster memberships without translation.
from villages.choices import Post

# --- shared with the elections app ------------------------------------------------


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
    WITHDRAWN = "withdrawn", _("withdrew")


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
    NominationStatus.WITHDRAWN: "dark",
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

"""Choice lists of the villages app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class VillageKind(models.TextChoices):
    VILLAGE = "village", _("village")
    COMMUNITY = "community", _("community")


class GroupKind(models.TextChoices):
    LEADING = "leading", _("leading group")
    GUIDANCE = "guidance", _("guidance group")
    INSPECTION = "inspection", _("inspection group")
    REVIEW = "review", _("review group")


class GroupPosition(models.TextChoices):
    LEADER = "leader", _("group leader")
    DEPUTY = "deputy", _("deputy group leader")
    MEMBER = "member", _("member")


class Rating(models.TextChoices):
    GOOD = "good", _("good")
    FAIR = "fair", _("fair")
    COMPLEX = "complex", _("complex")


RATING_COLOURS = {
    Rating.GOOD: "success",
    Rating.FAIR: "warning",
    Rating.COMPLEX: "danger",
}


class PlanKind(models.TextChoices):
    TEAM = "team", _("strengthen the committee")
    PLAN = "plan", _("draw up a plan")
    CORPS = "corps", _("train a reserve corps")


class PlanStatus(models.TextChoices):
    PLANNED = "planned", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")


class Gender(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class Education(models.TextChoices):
    """Highest education, in ascending order (the order matters for analysis)."""

    PRIMARY = "primary", _("primary school")
    JUNIOR = "junior", _("junior middle school")
    SENIOR = "senior", _("senior high school")
    TECHNICAL = "technical", _("technical secondary school")
    COLLEGE = "college", _("junior college")
    BACHELOR = "bachelor", _("bachelor")
    POSTGRADUATE = "postgraduate", _("postgraduate")


# Education levels counted as "高中及以上", "大专及以上", "本科及以上" (SPEC §3.7).
SENIOR_OR_ABOVE = frozenset(
    {
        Education.SENIOR,
        Education.TECHNICAL,
        Education.COLLEGE,
        Education.BACHELOR,
        Education.POSTGRADUATE,
    }
)
COLLEGE_OR_ABOVE = frozenset(
    {Education.COLLEGE, Education.BACHELOR, Education.POSTGRADUATE}
)
BACHELOR_OR_ABOVE = frozenset({Education.BACHELOR, Education.POSTGRADUATE})


class PoliticalStatus(models.TextChoices):
    MEMBER = "member", _("CPC member")
    PROBATIONARY = "probationary", _("probationary CPC member")
    LEAGUE = "league", _("Communist Youth League member")
    DEMOCRATIC = "democratic", _("democratic party member")
    MASSES = "masses", _("masses")


class Category(models.TextChoices):
    """What a roster membership records about a person in a village."""

    PARTY_COMMITTEE = "party_committee", _("village Party committee member")
    VILLAGERS_COMMITTEE = "villagers_committee", _("villagers' committee member")
    SUPERVISION_COMMITTEE = (
        "supervision_committee",
        _("village affairs supervision committee member"),
    )
    PARTY_MEMBER = "party_member", _("Party member")
    RESERVE_CADRE = "reserve_cadre", _("reserve cadre")
    TALENT = "talent", _("talent")


COMMITTEE_CATEGORIES = frozenset(
    {
        Category.PARTY_COMMITTEE,
        Category.VILLAGERS_COMMITTEE,
        Category.SUPERVISION_COMMITTEE,
    }
)


class Post(models.TextChoices):
    """A post on a committee. Party committee: 书记/副书记/委员; VC: 主任/副主任/委员."""

    SECRETARY = "secretary", _("secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("deputy secretary")
    DIRECTOR = "director", _("director")
    DEPUTY_DIRECTOR = "deputy_director", _("deputy director")
    MEMBER = "member", _("committee member")


POSTS_BY_CATEGORY = {
    Category.PARTY_COMMITTEE: (Post.SECRETARY, Post.DEPUTY_SECRETARY, Post.MEMBER),
    Category.VILLAGERS_COMMITTEE: (Post.DIRECTOR, Post.DEPUTY_DIRECTOR, Post.MEMBER),
    Category.SUPERVISION_COMMITTEE: (Post.DIRECTOR, Post.MEMBER),
}


class PartyMemberKind(models.TextChoices):
    FULL = "full", _("full member")
    PROBATIONARY = "probationary", _("probationary member")


class VotingStatus(models.TextChoices):
    """Whether a Party member may vote (条例 第五条)."""

    NORMAL = "normal", _("may vote")
    PROBATION = "probation", _("under probation within the Party (留党察看)")
    DETAINED = "detained", _("detained or arrested (留置/逮捕)")


class TalentKind(models.TextChoices):
    ENTREPRENEUR = (
        "entrepreneur",
        _("capable of leading villagers to prosperity (致富能手)"),
    )
    GRADUATE = "graduate", _("university graduate")
    VETERAN = "veteran", _("veteran")
    RETIRED_CADRE = "retired_cadre", _("retired cadre")
    MIGRANT = "migrant", _("migrant worker or businessperson")
    OTHER = "other", _("other")


class RelationKind(models.TextChoices):
    """Close relatives that may not serve on one committee together."""

    SPOUSE = "spouse", _("spouse")
    LINEAL = "lineal", _("lineal blood relative")
    COLLATERAL = "collateral", _("collateral blood relative within three generations")
    IN_LAW = "in_law", _("close relative by marriage")


class ImportStatus(models.TextChoices):
    """Where a roster import job stands."""

    QUEUED = "queued", _("waiting to be checked")
    PARSING = "parsing", _("checking the file")
    PREVIEWED = "previewed", _("checked, waiting for confirmation")
    INVALID = "invalid", _("has errors, nothing written")
    CONFIRMED = "confirmed", _("confirmed, waiting to be written")
    IMPORTING = "importing", _("writing")
    DONE = "done", _("imported")
    UNCHANGED = "unchanged", _("no changes, nothing to import")
    FAILED = "failed", _("failed, nothing written")


class ImportKind(models.TextChoices):
    """What an import job writes: the cadre roster, or an election's voter register."""

    ROSTER = "roster", _("cadre roster")
    REGISTER = "register", _("voter register")


IMPORT_FINISHED = frozenset(
    {
        ImportStatus.INVALID,
        ImportStatus.DONE,
        ImportStatus.UNCHANGED,
        ImportStatus.FAILED,
    }
)


class ImportFailure(models.TextChoices):
    """Why an import job failed; the retryable ones offer a 重试 button."""

    CRASHED = "crashed", _("internal error")
    STALLED = "stalled", _("the background service stopped while working on it")
    NOT_PICKED_UP = "not_picked_up", _("the background service never picked it up")
    TIME_LIMIT = "time_limit", _("took too long")


RETRYABLE_FAILURES = frozenset(
    {ImportFailure.CRASHED, ImportFailure.STALLED, ImportFailure.NOT_PICKED_UP}
)


class AgeBand(models.TextChoices):
    """Age bands of the roster filters and the structure tables."""

    UNDER_35 = "u35", _("under 35")
    FROM_35_TO_45 = "35-45", _("35 to 45")
    FROM_46_TO_55 = "46-55", _("46 to 55")
    FROM_56_TO_60 = "56-60", _("56 to 60")
    OVER_60 = "o60", _("over 60")


# (lowest age, highest age) of each band, inclusive.
AGE_BANDS = {
    AgeBand.UNDER_35: (0, 34),
    AgeBand.FROM_35_TO_45: (35, 45),
    AgeBand.FROM_46_TO_55: (46, 55),
    AgeBand.FROM_56_TO_60: (56, 60),
    AgeBand.OVER_60: (61, 150),
}

"""Choice lists of the discipline app: education, publicity, letters, reports, 舆情."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# --- education and publicity ------------------------------------------------------


class EventKind(models.TextChoices):
    """Kinds of discipline education event the township reports on."""

    PARTY_STUDY = "party_study", _("Party working committee group study")
    SEMINAR = "seminar", _("topical seminar")
    CASE_LECTURE = (
        "case_lecture",
        _("“cases promote integrity in a hundred villages” lecture"),
    )
    WARNING_FILM = "warning_film", _("warning-education film screening")
    COLLECTIVE_TALK = "collective_talk", _("collective talk and pledge")
    TRAINING = "training", _("election-work training")
    OTHER = "other", _("other education event")


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("photo")
    SIGN_IN = "sign_in", _("sign-in sheet")
    MATERIAL = "material", _("material used")
    OTHER = "other", _("other file")


class MaterialKind(models.TextChoices):
    """Printed and made materials handed out or put up."""

    REMINDER_CARD = "reminder_card", _("discipline reminder card")
    PROHIBITION_BOARD = "prohibition_board", _("“ten prohibitions” display board")
    COMMITMENT_FORM = "commitment_form", _("blank commitment letter")
    BANNER = "banner", _("banner")
    LEAFLET = "leaflet", _("leaflet or explanatory sheet")
    OTHER = "other", _("other material")


class Channel(models.TextChoices):
    """Publicity channels (宣传途径)."""

    BANNER = "banner", _("publicity banner")
    LOUDSPEAKER = "loudspeaker", _("village loudspeaker")
    SMS = "sms", _("mobile text message")
    WECHAT = "wechat", _("WeChat")
    NOTICE_BOARD = "notice_board", _("public notice board")
    DOOR_TO_DOOR = "door_to_door", _("door-to-door publicity")
    OTHER = "other", _("other channel")


class TextCode(models.TextChoices):
    """The reference texts seeded from DOMAIN.md §1.4 (more may be added)."""

    TEN_PROHIBITIONS = "ten_prohibitions", _("ten prohibitions")
    NINE_FORBIDDEN = "nine_forbidden", _("nine forbidden acts")
    OTHER = "other", _("other reference text")


class PrintLayout(models.TextChoices):
    BOARD = "board", _("A4 display board")
    CARD = "card", _("reminder cards (two per A4 page)")


# --- commitment letters ---------------------------------------------------------------


class LetterKind(models.TextChoices):
    """The four commitment letters (承诺书)."""

    CAMPAIGN = "campaign", _("campaign commitment")
    RESIGNATION = "resignation", _("resignation commitment")
    ENTREPRENEURSHIP = "entrepreneurship", _("entrepreneurship commitment")
    DISCIPLINE = "discipline", _("commitment to election discipline")


class Audience(models.TextChoices):
    """Who must sign a kind of letter: nominees, or a roster category."""

    NOMINEE = "nominee", _("nominees")
    PARTY_COMMITTEE = "party_committee", _("village Party committee members")
    VILLAGERS_COMMITTEE = "villagers_committee", _("villagers' committee members")
    SUPERVISION_COMMITTEE = "supervision_committee", _("supervision committee members")
    RESERVE_CADRE = "reserve_cadre", _("reserve cadres")
    PARTY_MEMBER = "party_member", pgettext_lazy("audience", "Party members")


# --- reports (举报) ----------------------------------------------------------------------


class ReportChannel(models.TextChoices):
    HOTLINE = "hotline", _("report hotline")
    MAILBOX = "mailbox", _("report mailbox")
    VISIT = "visit", _("visit in person")
    PLATFORM_12380 = "12380", _("12380 platform")
    REFERRAL = "referral", _("referred by a higher authority")
    OTHER = "other", _("other channel")


class ReportCategory(models.TextChoices):
    VOTE_BUYING = "vote_buying", _("canvassing and vote buying")
    CLAN_INTERFERENCE = "clan_interference", _("clan or criminal interference")
    ELIGIBILITY = "eligibility", _("eligibility problem")
    DISCIPLINE = "discipline", _("breach of election discipline")
    OTHER = "other", _("other")


# An open report of these categories against a nominee blocks 正式候选人 (DOMAIN §5).
BLOCKING_CATEGORIES = frozenset(
    {ReportCategory.VOTE_BUYING, ReportCategory.ELIGIBILITY}
)


class ReportStatus(models.TextChoices):
    """Where a report stands. 受理 opens the 核查; 核查 ends with the 结论."""

    REGISTERED = "registered", _("registered, awaiting acceptance")
    ACCEPTED = "accepted", _("accepted, under verification")
    CONCLUDED = "concluded", _("concluded, awaiting handling")
    HANDLED = "handled", _("handled, awaiting feedback")
    FED_BACK = "fed_back", _("fed back, awaiting closure")
    CLOSED = "closed", pgettext_lazy("report status", "closed")


OPEN_STATUSES = frozenset(set(ReportStatus.values) - {ReportStatus.CLOSED})

STATUS_COLOURS = {
    ReportStatus.REGISTERED: "warning",
    ReportStatus.ACCEPTED: "primary",
    ReportStatus.CONCLUDED: "info",
    ReportStatus.HANDLED: "info",
    ReportStatus.FED_BACK: "secondary",
    ReportStatus.CLOSED: "success",
}


class Conclusion(models.TextChoices):
    TRUE = "true", _("substantiated")
    PARTLY_TRUE = "partly_true", _("partly substantiated")
    FALSE = "false", _("unsubstantiated")


SUBSTANTIATED = frozenset({Conclusion.TRUE, Conclusion.PARTLY_TRUE})


class ActionKind(models.TextChoices):
    DISQUALIFY = "disqualify", _("disqualify the nominee")
    VOID_ELECTION = "void_election", _("declare the election void")
    CRITICISE = "criticise", _("criticism and education")
    REFER = "refer", _("refer to another authority")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("awaiting the leader's decision")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


# --- public opinion (舆情) -----------------------------------------------------------------


class OpinionSource(models.TextChoices):
    SOCIAL = "social", _("social opinion")
    NEWS = "news", _("news media")
    ONLINE = "online", _("online opinion")


class RiskLevel(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


RISK_COLOURS = {
    RiskLevel.LOW: "secondary",
    RiskLevel.MEDIUM: "warning",
    RiskLevel.HIGH: "danger",
}

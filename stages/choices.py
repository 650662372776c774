"""Choice lists of the stages app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("in preparation")
    ACTIVE = "active", _("under way")
    CLOSED = "closed", _("closed")


class RuleKind(models.TextChoices):
    """What a rule's number means."""

    DAYS = "days", _("calendar days")
    WORKING_DAYS = "working_days", _("working days")
    COUNT = "count", _("count")
    RATIO = "ratio", _("ratio")


class Comparison(models.TextChoices):
    """How a ratio rule is applied to a count."""

    MORE_THAN = "more_than", _("strictly more than")
    AT_LEAST = "at_least", _("at least")
    NOT_APPLICABLE = "", _("—")


class RuleKey(models.TextChoices):
    """The statutory and provincial numbers other apps read with ``round.rules.get(key)``."""

    VOTER_LIST_DAYS_BEFORE = (
        "voter_list_days_before",
        _("voter list published days before VC election"),
    )
    VOTER_LIST_APPEAL_DAYS = (
        "voter_list_appeal_days",
        _("days to appeal against the voter list"),
    )
    APPEAL_DECISION_DAYS = "appeal_decision_days", _("days to decide an appeal")
    CANDIDATE_LIST_DAYS_BEFORE = (
        "candidate_list_days_before",
        _("candidate list published days before VC election"),
    )
    VC_WITHDRAWAL_DAYS = (
        "vc_withdrawal_days",
        _("formal VC candidate may withdraw in writing days before the election"),
    )
    AUDIT_PUBLISH_DAYS_BEFORE = (
        "vc_audit_publish_days",
        _("exit audit results published days before VC election"),
    )
    HANDOVER_DAYS_AFTER = (
        "handover_days_after",
        _("handover completed within days after the election"),
    )
    RUNOFF_WITHIN_DAYS = "runoff_within_days", _("second-round election within days")
    VC_VALID_TURNOUT = "vc_valid_turnout", _("VC election valid when turnout exceeds")
    VC_WIN_SHARE = (
        "vc_win_share",
        _("VC candidate elected with more than this share of ballots cast"),
    )
    VC_RUNOFF_MIN_SHARE = (
        "vc_runoff_min_share",
        _("second-round winner needs at least this share"),
    )
    VC_RUNOFF_TURNOUT = (
        "vc_runoff_turnout",
        _("second-round election valid when turnout exceeds (0: not required)"),
    )
    VC_CANDIDATE_SURPLUS = (
        "vc_candidate_surplus",
        _("VC candidates per post at least this many more than seats"),
    )
    VC_PROXY_MAX = (
        "vc_proxy_max",
        _("voters one proxy may vote for at most"),
    )
    VC_PROXY_NEAR_RELATIVE = (
        "vc_proxy_near_relative",
        _("proxy must be a near relative (1: required, 0: any voter of the village)"),
    )
    VC_PROXY_DAYS_BEFORE = (
        "vc_proxy_days_before",
        _("proxy authorised days before VC election at the latest"),
    )
    VC_SIZE_MIN = "vc_size_min", _("minimum VC members")
    VC_SIZE_MAX = "vc_size_max", _("maximum VC members")
    PARTY_QUORUM = (
        "party_quorum",
        _("Party members' assembly valid when attendance exceeds"),
    )
    PARTY_WIN_SHARE = (
        "party_win_share",
        _("Party candidate elected with more than this share of entitled voters"),
    )
    PARTY_MARGIN = (
        "party_margin",
        _("Party committee candidate surplus (差额) at least"),
    )
    RECOMMEND_ATTENDANCE = (
        "recommend_attendance",
        _("recommendation meeting valid when attendance exceeds"),
    )
    RECOMMEND_MARGIN = "recommend_margin", _("recommendation surplus (差额) at least")
    REVIEW_DAYS = "review_days", _("joint review answered within working days")
    REPORT_VERIFY_DAYS = "report_verify_days", _("report verified within working days")
    NOTICE_DAYS = "notice_days", _("public notice lasts working days")
    ESCALATE_OVERDUE_DAYS = (
        "escalate_overdue_days",
        _("escalate a task overdue by days"),
    )


class ElectionKind(models.TextChoices):
    """Which election a task template belongs to."""

    GENERAL = "general", _("whole round")
    PARTY = "party", _("Party organisation election")
    VC = "vc", _("villagers' committee election")
    SUPERVISION = "supervision", _("village affairs supervision committee")


class Anchor(models.TextChoices):
    """The date a task's deadline is counted from."""

    ROUND_START = "round_start", _("round start")
    PARTY_ELECTION = "party_election", _("Party election day")
    VC_ELECTION = "vc_election", _("VC election day")


class OffsetUnit(models.TextChoices):
    CALENDAR = "calendar", _("calendar days")
    WORKING = "working", _("working days")


class TaskStatus(models.TextChoices):
    """Stored status of a village task; “overdue” is derived from the due date."""

    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


CLOSED_STATUSES = frozenset({TaskStatus.DONE, TaskStatus.NOT_APPLICABLE})


class HolidayKind(models.TextChoices):
    """A line of the State Council's holiday notice."""

    HOLIDAY = "holiday", _("days off (放假)")
    WORKDAY = "workday", _("make-up workday (调休上班)")


class CellState(models.TextChoices):
    """The colour of a battle-map cell or a task row."""

    DONE = "done", _("done")
    ON_TRACK = "on_track", _("on track")
    DUE_SOON = "due_soon", _("due soon")
    OVERDUE = "overdue", _("overdue")
    EMPTY = "empty", _("no tasks")


CELL_COLOURS = {
    CellState.DONE: "success",
    CellState.ON_TRACK: "primary",
    CellState.DUE_SOON: "warning",
    CellState.OVERDUE: "danger",
    CellState.EMPTY: "secondary",
}

# A task is “due soon” when its deadline is at most this many days away.
DUE_SOON_DAYS = 3

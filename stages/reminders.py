"""Reminders for village tasks: due in 3 days, tomorrow, today, overdue, escalation.

Discovered by the reminder scan (``notifications.scan``). Reads the open tasks of
every round not closed in four queries, whatever the number of villages:

- due in 3 days / tomorrow / today, and overdue (every day while overdue): to
  the task's owner, or to the village's guidance-group leader when it has none;
- overdue for N days (the round's rule ``escalate_overdue_days``, else
  ``settings.NOTIFICATIONS_ESCALATE_OVERDUE_DAYS``): once, to the village's
  guidance-group leader and every member of the township's 督察组.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.conf import settings
from django.db.models import F, Q
from django.urls import NoReverseMatch
from django.utils.formats import date_format

from notifications import texts
from notifications.registry import Reminder, reminder_kind
from villages.choices import GroupKind, GroupPosition
from villages.models import GroupMembership

from .choices import RoundStatus, RuleKey
from .models import Rule, VillageTask

DUE_IN_3_DAYS = "stages.task_due_in_3_days"
DUE_TOMORROW = "stages.task_due_tomorrow"
DUE_TODAY = "stages.task_due_today"
OVERDUE = "stages.task_overdue"
ESCALATED = "stages.task_escalated"

DUE_KINDS = {
    3: (DUE_IN_3_DAYS, texts.TASK_DUE_IN_3_DAYS),
    1: (DUE_TOMORROW, texts.TASK_DUE_TOMORROW),
    0: (DUE_TODAY, texts.TASK_DUE_TODAY),
}


# Only what the reminders print: a county-wide scan loads thousands of tasks.
USER_FIELDS = ("username", "full_name", "first_name", "last_name", "is_active")
TASK_FIELDS = (
    "title",
    "due_date",
    "status",
    "village_id",
    "round_id",
    "village__name",
    "village__township_id",
    "stage__name",
    "round__rule_set_id",
    *(f"owner__{name}" for name in USER_FIELDS),
)


def _escalation_days(rule_set_ids) -> dict[int, int]:
    """Return ``escalate_overdue_days`` per rule set (one query)."""
    return dict(
        Rule.objects.filter(
            rule_set_id__in=rule_set_ids, key=RuleKey.ESCALATE_OVERDUE_DAYS
        ).values_list("rule_set_id", "numerator")
    )


def _guidance_leaders(township_ids) -> dict[int, object]:
    """Return the guidance-group leader (active User) of each village (one query)."""
    leaders: dict[int, object] = {}
    memberships = (
        GroupMembership.objects.filter(
            group__kind=GroupKind.GUIDANCE,
            group__township_id__in=township_ids,
            position=GroupPosition.LEADER,
            user__is_active=True,
            group__villages__isnull=False,
        )
        .annotate(village_id=F("group__villages"))
        .select_related("user")
        .only("group_id", *(f"user__{name}" for name in USER_FIELDS))
        .order_by("pk")
    )
    for membership in memberships:
        leaders.setdefault(membership.village_id, membership.user)
    return leaders


def _inspectors(township_ids) -> dict[int, list]:
    """Return the active members of each township's 督察组 (one query)."""
    members: dict[int, dict[int, object]] = defaultdict(dict)
    memberships = (
        GroupMembership.objects.filter(
            group__kind=GroupKind.INSPECTION,
            group__township_id__in=township_ids,
            user__is_active=True,
        )
        .select_related("user", "group")
        .only("group__township_id", *(f"user__{name}" for name in USER_FIELDS))
        .order_by("pk")
    )
    for membership in memberships:
        members[membership.group.township_id].setdefault(
            membership.user_id, membership.user
        )
    return {township: list(users.values()) for township, users in members.items()}


def _url(task) -> str:
    try:
        return task.get_absolute_url()
    except NoReverseMatch:
        return ""


@reminder_kind("stages.task_deadlines")
def task_deadline_reminders(*, today: datetime.date) -> Iterator[Reminder]:
    """Yield the day's reminders for every open task of every round not closed."""
    tasks = list(
        VillageTask.objects.open()
        .exclude(round__status=RoundStatus.CLOSED)
        .filter(
            Q(due_date__lt=today)
            | Q(due_date__in=[today + datetime.timedelta(days=d) for d in DUE_KINDS])
        )
        .select_related("village", "stage", "owner", "round")
        .only(*TASK_FIELDS)
        .order_by("due_date", "village_id", "pk")
    )
    if not tasks:
        return
    township_ids = {task.village.township_id for task in tasks}
    escalate = _escalation_days({task.round.rule_set_id for task in tasks})
    leaders = _guidance_leaders(township_ids)
    inspectors = _inspectors(township_ids)
    default_days = settings.NOTIFICATIONS_ESCALATE_OVERDUE_DAYS

    for task in tasks:
        leader = leaders.get(task.village_id)
        owner = (
            task.owner if task.owner is not None and task.owner.is_active else leader
        )
        days_left = (task.due_date - today).days
        values = {
            "village": task.village.name,
            "task": task.title,
            "due": date_format(task.due_date, "DATE_FORMAT"),
            "days": -days_left,
        }
        body = texts.TASK_BODY % {
            "stage": task.stage.name,
            "owner": owner.display_name if owner else texts.NOBODY,
        }
        url = _url(task)
        if days_left >= 0:
            kind, title = DUE_KINDS[days_left]
            if owner is not None:
                yield Reminder(owner, task, kind, today, title % values, body, url)
            continue
        if owner is not None:
            yield Reminder(
                owner, task, OVERDUE, today, texts.TASK_OVERDUE % values, body, url
            )
        threshold = escalate.get(task.round.rule_set_id, default_days)
        if -days_left < threshold:
            continue
        # Keyed on the day the threshold was reached: sent once per task and person,
        # even when the scan first sees the task later.
        escalation_day = task.due_date + datetime.timedelta(days=threshold)
        escalated_body = texts.TASK_ESCALATED_BODY % {
            "stage": task.stage.name,
            "owner": owner.display_name if owner else texts.NOBODY,
            "days": -days_left,
        }
        recipients = {}
        if leader is not None:
            recipients[leader.pk] = leader
        for inspector in inspectors.get(task.village.township_id, ()):
            recipients.setdefault(inspector.pk, inspector)
        for recipient in recipients.values():
            yield Reminder(
                recipient,
                task,
                ESCALATED,
                escalation_day,
                texts.TASK_ESCALATED % values,
                escalated_body,
                url,
            )

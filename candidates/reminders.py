"""Reminders of joint-review (联审) deadlines for the notification scan.

- ``candidates.review_due``: a department's review items of a batch that are due
  tomorrow, today or overdue; one reminder per batch and reviewer a day, listing
  the department(s) and how many candidates wait. Items of candidates no longer
  in review (disqualified, say) are not counted.
- ``candidates.review_escalation``: items overdue by the round's
  ``escalate_overdue_days`` (default 3) or more; the township's organisation
  office is reminded to chase the department.

Each provider reads a fixed number of queries, whatever the number of villages
or items, and writes nothing (the scan writes the outbox).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.roles import Role
from notifications.registry import Reminder, reminder_kind

from .choices import NominationStatus, ReviewItemStatus
from .models import ReviewItem

DEFAULT_ESCALATE_DAYS = 3


def _open_items(*, until: datetime.date) -> list[ReviewItem]:
    return list(
        ReviewItem.objects.filter(
            status=ReviewItemStatus.PENDING,
            due_date__lte=until,
            nomination__status=NominationStatus.IN_REVIEW,
        )
        .select_related("department", "batch__round__rule_set", "batch__township")
        .order_by("batch_id", "department__order", "pk")
    )


def _next_working_day(today: datetime.date) -> datetime.date:
    from stages.workdays import add_working_days

    return add_working_days(today, 1)


@reminder_kind("candidates.review_due")
def review_items_due(*, today: datetime.date):
    """Remind department reviewers of review items due tomorrow, today or overdue."""
    items = _open_items(until=_next_working_day(today))
    if not items:
        return
    from .models import Department

    reviewers = defaultdict(list)
    through = Department.reviewers.through
    for row in through.objects.filter(
        department_id__in={i.department_id for i in items}, user__is_active=True
    ).select_related("user"):
        reviewers[row.department_id].append(row.user)
    # (batch, reviewer) → department → [items]
    grouped: dict[tuple, dict] = defaultdict(lambda: defaultdict(list))
    batches = {}
    users = {}
    for item in items:
        batches[item.batch_id] = item.batch
        for user in reviewers.get(item.department_id, ()):
            # A reviewer sees only their own township's candidates.
            if user.township_id != item.batch.township_id:
                continue
            users[user.pk] = user
            grouped[(item.batch_id, user.pk)][item.department].append(item)
    url = reverse("candidates:review_inbox")
    for (batch_id, user_id), by_department in grouped.items():
        first_due = min(i.due_date for group in by_department.values() for i in group)
        count = sum(len(group) for group in by_department.values())
        departments = "、".join(str(d) for d in by_department)
        values = {
            "departments": departments,
            "count": count,
            "day": date_format(first_due),
        }
        if first_due < today:
            values["days"] = (today - first_due).days
            title = _(
                "%(departments)s: the joint review of %(count)s candidate(s) is %(days)s days overdue (due %(day)s)"
            )
        elif first_due == today:
            title = _(
                "%(departments)s: the joint review of %(count)s candidate(s) is due today"
            )
        else:
            title = _(
                "%(departments)s: the joint review of %(count)s candidate(s) is due on %(day)s"
            )
        yield Reminder(
            recipient=users[user_id],
            subject=batches[batch_id],
            kind="candidates.review_due",
            day=today,
            title=title % values,
            body=_("Answer every criterion your department checks and sign off."),
            url=url,
        )


@reminder_kind("candidates.review_escalation")
def review_items_escalated(*, today: datetime.date):
    """Remind the organisation office of departments overdue by the escalation threshold."""
    from core.models import User

    items = _open_items(until=today - datetime.timedelta(days=1))
    if not items:
        return
    thresholds: dict[int, int] = {}
    late = []
    for item in items:
        round_id = item.batch.round_id
        if round_id not in thresholds:
            rules = item.batch.round.rules
            thresholds[round_id] = int(
                rules.get("escalate_overdue_days")
                if "escalate_overdue_days" in rules
                else DEFAULT_ESCALATE_DAYS
            )
        if (today - item.due_date).days >= thresholds[round_id]:
            late.append(item)
    if not late:
        return
    office = defaultdict(list)
    for user in (
        User.objects.filter(
            is_active=True,
            township_id__in={i.batch.township_id for i in late},
            groups__name=Role.OFFICE,
        )
        .distinct()
        .order_by("pk")
    ):
        office[user.township_id].append(user)
    by_batch: dict[int, list] = defaultdict(list)
    for item in late:
        by_batch[item.batch_id].append(item)
    url = reverse("candidates:nomination_list") + "?status=in_review"
    for items_of_batch in by_batch.values():
        batch = items_of_batch[0].batch
        departments = sorted(
            {i.department for i in items_of_batch}, key=lambda d: (d.order, d.code)
        )
        title = _(
            "Joint review overdue: %(departments)s have not answered for %(count)s candidate(s) (due %(day)s)"
        ) % {
            "departments": "、".join(str(d) for d in departments),
            "count": len({i.nomination_id for i in items_of_batch}),
            "day": date_format(min(i.due_date for i in items_of_batch)),
        }
        for user in office.get(batch.township_id, ()):
            yield Reminder(
                recipient=user,
                subject=batch,
                kind="candidates.review_escalation",
                day=today,
                title=title,
                body=_("Chase the departments, or record why the review is late."),
                url=url,
            )

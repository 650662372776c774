"""Reminders of report (举报) and public-opinion (舆情) deadlines for the scan.

- ``discipline.report_accept``: a report registered and not accepted — 受理 is due
  the day it arrives; reminded that day and every day it stays overdue.
- ``discipline.report_verify``: a report under verification whose deadline is
  tomorrow, today or past; after ``escalate_overdue_days`` overdue the leading
  group is reminded too.
- ``discipline.report_extension``: an extension waiting for a leader's decision.
- ``discipline.opinion_due``: an open 舆情 record due tomorrow, today or overdue.

Report reminders go to the discipline staff of the township (and leaders),
never to anyone who guides the village concerned (回避), and never name the
reporter: title and body carry the number, the village and the deadline only.
Each provider reads a fixed number of queries, whatever the number of villages.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.roles import Role
from notifications.registry import Reminder, reminder_kind

from . import deadlines
from .choices import ExtensionStatus, ReportStatus
from .models import PublicOpinion, Report, ReportExtension


def _staff(township_ids, roles) -> dict[int, list]:
    """Return {township_id: [(user, guided village ids)]} for users holding ``roles``."""
    from core.models import User
    from villages.models import GroupMembership

    users = list(
        User.objects.filter(
            is_active=True,
            township_id__in=set(township_ids),
            groups__name__in=list(roles),
        )
        .distinct()
        .order_by("pk")
    )
    guided: dict[int, set[int]] = defaultdict(set)
    rows = GroupMembership.objects.filter(
        user__in=users, group__kind="guidance"
    ).values_list("user_id", "group__villages")
    for user_id, village_id in rows:
        if village_id is not None:
            guided[user_id].add(village_id)
    staff: dict[int, list] = defaultdict(list)
    for user in users:
        staff[user.township_id].append((user, guided[user.pk]))
    return staff


def _roles_of(township_ids, role) -> dict[int, list]:
    return _staff(township_ids, [role])


def _due_text(day: datetime.date) -> str:
    return date_format(day)


@reminder_kind("discipline.report_accept")
def reports_to_accept(*, today: datetime.date):
    """Remind the discipline staff of reports waiting for 受理 (due the day received)."""
    reports = list(
        Report.objects.filter(status=ReportStatus.REGISTERED, received_on__lte=today)
        .select_related("village")
        .order_by("pk")
    )
    if not reports:
        return
    staff = _roles_of({r.township_id for r in reports}, Role.DISCIPLINE)
    for report in reports:
        overdue = report.received_on < today
        title = (
            _(
                "Report %(number)s (%(village)s) was not accepted on the day received (%(day)s)"
            )
            if overdue
            else _("Report %(number)s (%(village)s) must be accepted today")
        ) % {
            "number": report.number,
            "village": report.village.name,
            "day": _due_text(report.received_on),
        }
        for user, guided in staff.get(report.township_id, ()):
            if report.village_id in guided:
                continue
            yield Reminder(
                recipient=user,
                subject=report,
                kind="discipline.report_accept",
                day=today,
                title=title,
                url=report.get_absolute_url(),
            )


@reminder_kind("discipline.report_verify")
def reports_to_verify(*, today: datetime.date):
    """Remind of verification deadlines: tomorrow, today, overdue (then leaders too)."""
    tomorrow = today + datetime.timedelta(days=1)
    reports = list(
        Report.objects.filter(status=ReportStatus.ACCEPTED, verify_due__lte=tomorrow)
        .select_related("village")
        .order_by("pk")
    )
    if not reports:
        return
    townships = {r.township_id for r in reports}
    discipline = _roles_of(townships, Role.DISCIPLINE)
    leaders = _roles_of(townships, Role.LEADER)
    escalate = {tid: deadlines.escalate_after_days(tid) for tid in townships}
    for report in reports:
        due = report.verify_due
        values = {
            "number": report.number,
            "village": report.village.name,
            "day": _due_text(due),
        }
        if due == tomorrow:
            title = (
                _(
                    "Verification of report %(number)s (%(village)s) is due tomorrow, %(day)s"
                )
                % values
            )
        elif due == today:
            title = (
                _("Verification of report %(number)s (%(village)s) is due today")
                % values
            )
        else:
            values["days"] = (today - due).days
            title = (
                _(
                    "Verification of report %(number)s (%(village)s) is %(days)s days overdue (due %(day)s)"
                )
                % values
            )
        body = _(
            "Conclude it, or ask the leading group for an extension with a reason."
        )
        recipients = list(discipline.get(report.township_id, ()))
        if due < today and (today - due).days >= escalate[report.township_id]:
            recipients += leaders.get(report.township_id, ())
        seen = set()
        for user, guided in recipients:
            if report.village_id in guided or user.pk in seen:
                continue
            seen.add(user.pk)
            yield Reminder(
                recipient=user,
                subject=report,
                kind="discipline.report_verify",
                day=today,
                title=title,
                body=body,
                url=report.get_absolute_url(),
            )


@reminder_kind("discipline.report_extension")
def extensions_to_decide(*, today: datetime.date):
    """Remind the leading group of extension requests waiting for a decision."""
    extensions = list(
        ReportExtension.objects.filter(status=ExtensionStatus.PENDING)
        .select_related("report__village")
        .order_by("pk")
    )
    if not extensions:
        return
    leaders = _roles_of({e.report.township_id for e in extensions}, Role.LEADER)
    for extension in extensions:
        report = extension.report
        title = _(
            "Extension of report %(number)s (%(village)s) by %(days)s working days awaits your decision"
        ) % {
            "number": report.number,
            "village": report.village.name,
            "days": extension.days,
        }
        for user, guided in leaders.get(report.township_id, ()):
            if report.village_id in guided:
                continue
            yield Reminder(
                recipient=user,
                subject=extension,
                kind="discipline.report_extension",
                day=today,
                title=title,
                url=report.get_absolute_url(),
            )


@reminder_kind("discipline.opinion_due")
def opinions_due(*, today: datetime.date):
    """Remind the handler (else the discipline staff) of 舆情 due tomorrow, today or overdue."""
    tomorrow = today + datetime.timedelta(days=1)
    opinions = list(
        PublicOpinion.objects.filter(closed=False, due_on__lte=tomorrow)
        .select_related("village", "handler")
        .order_by("pk")
    )
    if not opinions:
        return
    discipline = _roles_of({o.township_id for o in opinions}, Role.DISCIPLINE)
    for opinion in opinions:
        where = opinion.village.name if opinion.village else _("township")
        values = {
            "where": where,
            "summary": opinion.summary[:20],
            "day": _due_text(opinion.due_on),
        }
        if opinion.due_on < today:
            title = (
                _("Public opinion (%(where)s) “%(summary)s” is overdue since %(day)s")
                % values
            )
        elif opinion.due_on == today:
            title = _("Public opinion (%(where)s) “%(summary)s” is due today") % values
        else:
            title = (
                _("Public opinion (%(where)s) “%(summary)s” is due tomorrow") % values
            )
        if opinion.handler is not None and opinion.handler.is_active:
            recipients = [opinion.handler]
        else:
            recipients = [
                user for user, _guided in discipline.get(opinion.township_id, ())
            ]
        for user in recipients:
            yield Reminder(
                recipient=user,
                subject=opinion,
                kind="discipline.opinion_due",
                day=today,
                title=title,
                url=opinion.get_absolute_url(),
            )

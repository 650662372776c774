"""Task progress: status, completion, statutory order, evidence."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import validate_upload

from .. import workdays
from ..choices import Anchor, TaskStatus
from ..models import (
    TaskEvidence,
    VillageElection,
    VillageTask,
)
from ..timetable import anchors_for, due_date_for, offset_of
from .messages import (
    DATE_WITHOUT_DONE_MESSAGE,
    DEPENDANTS_DONE_MESSAGE,
    DONE_NEEDS_DATE_MESSAGE,
    FUTURE_DATE_MESSAGE,
    LATE_REASON_REQUIRED_MESSAGE,
    PREREQUISITE_LATER_MESSAGE,
    PREREQUISITE_OPEN_MESSAGE,
    STATUTORY_AFTER_MESSAGE,
    STATUTORY_BEFORE_MESSAGE,
    STATUTORY_IMPOSSIBLE_MESSAGE,
    _d,
    _ensure_open,
)


def statutory_limit(task: VillageTask) -> tuple[date, int, str, date] | None:
    """Return (limit, signed offset, anchor, anchor day) of a statutory task, else None."""
    template = task.template
    if not template.is_statutory:
        return None
    election = VillageElection.objects.filter(
        round=task.round, village_id=task.village_id
    ).first()
    anchors = anchors_for(task.round, election)
    limit = due_date_for(
        template,
        anchors=anchors,
        rules=task.round.rules,
        calendar=workdays.WorkCalendar.load(),
    )
    if limit is None:
        return None
    return (
        limit,
        offset_of(template, task.round.rules),
        template.anchor,
        anchors[template.anchor],
    )


def _check_statutory(task: VillageTask, completed_on: date, late_reason: str) -> bool:
    """Return whether the step is done after its statutory deadline (逾期完成).

    Late is recorded when a reason is given. Refused outright is only what the
    law makes impossible: a step that must precede an election day, completed
    on or after that day. Without a reason, a late date is refused with the rule,
    the deadline and how to record it as late.
    """
    found = statutory_limit(task)
    if found is None:
        return False
    limit, offset, anchor, anchor_date = found
    if completed_on <= limit:
        return False
    template = task.template
    values = {
        "title": task.title,
        "days": abs(offset),
        "anchor": Anchor(anchor).label,
        "anchor_date": _d(anchor_date),
        "limit": _d(limit),
        "basis": template.legal_basis or _("rule set of the round"),
        "date": _d(completed_on),
    }
    if offset < 0 and anchor_date is not None and completed_on >= anchor_date:
        raise ValidationError(
            {"completed_on": STATUTORY_IMPOSSIBLE_MESSAGE % values},
            code="statutory_impossible",
        )
    if late_reason.strip():
        return True
    message = STATUTORY_BEFORE_MESSAGE if offset < 0 else STATUTORY_AFTER_MESSAGE
    raise ValidationError(
        {
            "completed_on": message % values,
            "late_reason": LATE_REASON_REQUIRED_MESSAGE % values,
        },
        code="statutory",
    )


def _notify_late(task: VillageTask, *, by) -> None:
    """Tell the township's supervision group (督察组) in their inbox, after commit."""
    from core.models import User
    from core.roles import Role
    from notifications.services import notify

    inspectors = list(
        User.objects.filter(
            is_active=True,
            township_id=task.round.township_id,
            groups__name=Role.INSPECTOR,
        ).distinct()
    )
    title = _("Completed late: %(village)s, %(title)s") % {
        "village": task.village.name,
        "title": task.title,
    }
    body = _(
        "Done on %(date)s by %(who)s, after the statutory deadline. Reason: %(reason)s"
    ) % {
        "date": _d(task.completed_on),
        "who": by.display_name,
        "reason": task.late_reason,
    }
    day = timezone.localdate()

    def send():
        for inspector in inspectors:
            notify(
                recipient=inspector,
                kind="stages.task_completed_late",
                subject=task,
                day=day,
                title=title,
                body=body,
                url=task.get_absolute_url(),
            )

    transaction.on_commit(send)


def _check_prerequisites(task: VillageTask, completed_on: date) -> None:
    prerequisite_ids = list(task.template.prerequisites.values_list("pk", flat=True))
    if not prerequisite_ids:
        return
    prerequisites = list(
        VillageTask.objects.filter(
            round=task.round,
            village_id=task.village_id,
            template_id__in=prerequisite_ids,
        ).order_by("stage__order", "template__order")
    )
    open_ones = [p for p in prerequisites if p.is_open]
    if open_ones:
        raise ValidationError(
            {
                "status": PREREQUISITE_OPEN_MESSAGE
                % {"titles": "”“".join(p.title for p in open_ones)}
            },
            code="prerequisite_open",
        )
    for prerequisite in prerequisites:
        if (
            prerequisite.status == TaskStatus.DONE
            and prerequisite.completed_on
            and prerequisite.completed_on > completed_on
        ):
            raise ValidationError(
                {
                    "completed_on": PREREQUISITE_LATER_MESSAGE
                    % {
                        "title": prerequisite.title,
                        "other": _d(prerequisite.completed_on),
                        "date": _d(completed_on),
                    }
                },
                code="prerequisite_later",
            )


def _check_dependants(task: VillageTask) -> None:
    dependants = list(
        VillageTask.objects.filter(
            round=task.round,
            village_id=task.village_id,
            template__prerequisites=task.template,
            status=TaskStatus.DONE,
        ).order_by("stage__order", "template__order")
    )
    if dependants:
        raise ValidationError(
            {
                "status": DEPENDANTS_DONE_MESSAGE
                % {"titles": "”“".join(d.title for d in dependants)}
            },
            code="dependants_done",
        )


@transaction.atomic
def task_update(
    *,
    task: VillageTask,
    status: str,
    completed_on: date | None,
    note: str,
    by,
    today: date | None = None,
    late_reason: str = "",
) -> VillageTask:
    """Record a task's progress: status, completion date and note.

    Marking done checks the date (not in the future), the statutory limit of
    the step, and that its prerequisites are completed no later than it. Done
    after the statutory limit needs ``late_reason``: the task is marked
    completed late (逾期完成) and the supervision group is notified.
    Reopening a step is refused while a step that depends on it is done.
    """
    late_reason = (late_reason or "").strip()
    was_late = False
    today = today or timezone.localdate()
    task = (
        VillageTask.objects.select_for_update()
        .select_related("round", "template")
        .get(pk=task.pk)
    )
    _ensure_open(task.round)
    if status == TaskStatus.DONE:
        if completed_on is None:
            raise ValidationError(
                {"completed_on": DONE_NEEDS_DATE_MESSAGE}, code="needs_date"
            )
        if completed_on > today:
            raise ValidationError(
                {"completed_on": FUTURE_DATE_MESSAGE % {"date": _d(completed_on)}},
                code="future",
            )
        late = _check_statutory(task, completed_on, late_reason)
        _check_prerequisites(task, completed_on)
        was_late = task.completed_late and task.late_reason == late_reason
        task.completed_late = late
        task.late_reason = late_reason if late else ""
        if (
            task.status != TaskStatus.DONE
            or task.completed_by_id is None
            or task.completed_on != completed_on
        ):
            task.completed_by = by
        task.completed_on = completed_on
    else:
        if completed_on is not None and status != TaskStatus.NOT_APPLICABLE:
            raise ValidationError(
                {"completed_on": DATE_WITHOUT_DONE_MESSAGE}, code="date_not_done"
            )
        if task.status in (
            TaskStatus.DONE,
            TaskStatus.NOT_APPLICABLE,
        ) and status not in (
            TaskStatus.DONE,
            TaskStatus.NOT_APPLICABLE,
        ):
            _check_dependants(task)
        task.completed_on = None
        task.completed_by = by if status == TaskStatus.NOT_APPLICABLE else None
        task.completed_late = False
        task.late_reason = ""
    task.status = status
    task.note = note or ""
    task.full_clean()
    task.save()
    if task.completed_late and not was_late:
        _notify_late(task, by=by)
    return task


@transaction.atomic
def task_assign(*, task: VillageTask, owner, by) -> VillageTask:
    """Give a task to another owner."""
    _ensure_open(task.round)
    task.owner = owner
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def evidence_add(*, task: VillageTask, uploaded, by) -> TaskEvidence:
    """Attach an evidence file to a task after checking its type and size."""
    _ensure_open(task.round)
    validate_upload(uploaded)
    evidence = TaskEvidence(
        task=task,
        file=uploaded,
        original_name=(getattr(uploaded, "name", "") or "")[:200],
        size=uploaded.size,
        uploaded_by=by,
    )
    evidence.full_clean(exclude=["file"])
    evidence.save()
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: TaskEvidence, by) -> None:
    """Remove an evidence file; the history keeps who removed which file."""
    _ensure_open(evidence.task.round)
    stored = evidence.file
    evidence._change_reason = _("Evidence removed")
    evidence.delete()
    transaction.on_commit(lambda: stored.storage.delete(stored.name))


@transaction.atomic
def task_progress_record(
    *,
    task: VillageTask,
    status: str,
    completed_on: date | None,
    note: str,
    evidence_file=None,
    by,
    today: date | None = None,
    late_reason: str = "",
) -> VillageTask:
    """Record progress and attach an evidence file in one step: all or nothing."""
    if evidence_file is not None:
        validate_upload(evidence_file)
    unchanged = (
        task.status == status
        and task.completed_on == completed_on
        and (task.note or "") == (note or "")
        and (task.late_reason or "") == (late_reason or "").strip()
    )
    if not unchanged:
        task = task_update(
            task=task,
            status=status,
            completed_on=completed_on,
            note=note,
            by=by,
            today=today,
            late_reason=late_reason,
        )
    if evidence_file is not None:
        evidence_add(task=task, uploaded=evidence_file, by=by)
    return task

"""Writes of the 离任经济责任审计 and the 工作移交 (组织法第三十五条、第二十条).

Each service checks that the user edits the village (office, or the guide of
the village), validates everything first and writes nothing when a check
fails; each refusal is a Chinese sentence saying what to change. A signed and
complete handover completes the village's 新老班子工作移交 task.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.scope import get_scope
from stages.choices import RuleKey

from ..choices import (
    DEFAULT_HANDOVER_ITEMS,
    AuditFinding,
    Body,
    CountStatus,
    ElectionKind,
)
from ..models import Election, Handover, HandoverItem, OutgoingAudit
from ..rules.base import date_text

__all__ = [
    "audit_save",
    "handover_due",
    "handover_save",
    "handover_setup",
    "new_committee_election",
]

HANDOVER_TASK = "vc-handover"
AUDIT_TASK = "prep-audit"

NOT_ALLOWED = gettext_lazy(
    "You may not change the records of %(village)s: only the organisation office "
    "or the village's guidance group can."
)
FUTURE = gettext_lazy(
    "%(date)s lies in the future; enter the day it actually happened."
)
PERIOD_REVERSED = gettext_lazy(
    "The audited period ends on %(end)s, before it starts on %(start)s."
)
PROBLEMS_NEEDED = gettext_lazy(
    "Describe the problems the audit found, or choose “no problems found”."
)
PROBLEMS_WITH_CLEAN = gettext_lazy(
    "The audit found no problems: leave the problems, amount and rectification empty."
)
NEGATIVE_AMOUNT = gettext_lazy("The amount cannot be negative.")
RECTIFICATION_NEEDED = gettext_lazy(
    "Say whether the problems are being rectified or fully rectified."
)
PUBLISHED_BEFORE_AUDIT = gettext_lazy(
    "The results cannot be published on %(date)s, before the audit on %(audited)s."
)
PLACE_NEEDED = gettext_lazy("Say where the results were published (e.g. 村务公开栏).")
WRONG_VILLAGE = gettext_lazy(
    "%(name)s is on the roster of %(other)s, not of %(village)s."
)
AUDIT_EXISTS = gettext_lazy(
    "%(name)s already has an exit audit in this round; open it to change it."
)
NO_NEW_COMMITTEE = gettext_lazy(
    "%(village)s has no counted villagers' committee election in this round: the "
    "handover is due from the day the new committee is produced."
)
HANDOVER_EXISTS = gettext_lazy(
    "The handover of %(village)s is already set up; open it to change it."
)
PRODUCED_BEFORE_ELECTION = gettext_lazy(
    "The new committee cannot be produced on %(date)s, before its election on %(held)s."
)
SIGNED_BEFORE_PRODUCED = gettext_lazy(
    "The handover cannot be signed on %(date)s, before the new committee was "
    "produced on %(produced)s."
)
SIGNATURES_NEEDED = gettext_lazy(
    "A signed handover needs the names of the person handing over, the person "
    "receiving and the township's supervisor."
)
ITEMS_OPEN = gettext_lazy(
    "The handover cannot be signed while items are not both handed over and "
    "received: %(items)s."
)
NO_ITEMS = gettext_lazy("The handover list needs at least one item.")
LATE_TASK_REASON = gettext_lazy(
    "Handover signed on %(date)s, after the deadline %(due)s (组织法第二十条)."
)
TASK_NOTE = gettext_lazy(
    "Handover signed on %(date)s by %(out)s (handing over), %(in)s (receiving) and "
    "%(sup)s (supervisor). List: %(url)s"
)
AUDIT_TASK_NOTE = gettext_lazy(
    "The exit audits of the %(count)s outgoing cadres are published, the last on "
    "%(date)s. Audits: %(url)s"
)
AUDIT_LATE_REASON = gettext_lazy(
    "The last exit audit was published on %(date)s, after the step's due date %(due)s."
)
TASK_NOT_UPDATED = gettext_lazy("The task “%(task)s” was not updated: %(reason)s")


def _require_editor(user, village) -> None:
    if not get_scope(user).can_edit_village(village):
        raise PermissionDenied(NOT_ALLOWED % {"village": village})


# --- 离任经济责任审计 ------------------------------------------------------------------


def audit_save(
    *,
    round,
    village,
    person,
    by,
    audit: OutgoingAudit | None = None,
    today: date | None = None,
    **values,
) -> OutgoingAudit:
    """Record or correct an outgoing cadre's exit audit; all checks before any write.

    ``values`` are the model's editable fields (post, auditor, period_start,
    period_end, audited_on, finding, problems, amount, rectification,
    rectification_note, published_on, published_place, notes).
    """
    _require_editor(by, village)
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def err(field, message):
        errors.setdefault(field, []).append(str(message))

    if person.village_id != village.pk:
        err(
            "person",
            WRONG_VILLAGE
            % {"name": person.name, "other": person.village, "village": village},
        )
    start, end = values.get("period_start"), values.get("period_end")
    if start and end and end < start:
        err(
            "period_end",
            PERIOD_REVERSED % {"start": date_text(start), "end": date_text(end)},
        )
    audited_on = values.get("audited_on")
    for field in ("audited_on", "published_on"):
        day = values.get(field)
        if day and day > today:
            err(field, FUTURE % {"date": date_text(day)})
    finding = values.get("finding")
    problems = (values.get("problems") or "").strip()
    values["problems"] = problems
    amount = values.get("amount")
    if amount is not None and Decimal(amount) < 0:
        err("amount", NEGATIVE_AMOUNT)
    if finding == AuditFinding.PROBLEMS:
        if not problems:
            err("problems", PROBLEMS_NEEDED)
        if not values.get("rectification"):
            err("rectification", RECTIFICATION_NEEDED)
    elif problems or amount or values.get("rectification"):
        err("problems", PROBLEMS_WITH_CLEAN)
    published_on = values.get("published_on")
    if published_on and audited_on and published_on < audited_on:
        err(
            "published_on",
            PUBLISHED_BEFORE_AUDIT
            % {"date": date_text(published_on), "audited": date_text(audited_on)},
        )
    values["published_place"] = (values.get("published_place") or "").strip()
    if published_on and not values["published_place"]:
        err("published_place", PLACE_NEEDED)
    if (
        audit is None
        and OutgoingAudit.objects.filter(round=round, person=person).exists()
    ):
        err("person", AUDIT_EXISTS % {"name": person.name})
    if errors:
        raise ValidationError(errors)
    if audit is None:
        audit = OutgoingAudit(round=round, village=village, recorded_by=by)
    audit.person = person
    for name, value in values.items():
        setattr(audit, name, value)
    try:
        with transaction.atomic():
            audit.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"person": [str(AUDIT_EXISTS % {"name": person.name})]}
        ) from exc
    audit.task_notes = (
        _complete_audit_task(round, village, by=by, today=today)
        if audit.published_on
        else []
    )
    return audit


def outgoing_cadres(round, village):
    """Return the people on the village committee when the round started (离任 at its end)."""
    from django.db.models import Q

    from villages.choices import Category
    from villages.models import Person

    return (
        Person.objects.filter(
            memberships__village=village,
            memberships__category=Category.VILLAGERS_COMMITTEE,
            memberships__start_date__lt=round.start_date,
        )
        .filter(
            Q(memberships__end_date__isnull=True)
            | Q(memberships__end_date__gte=round.start_date)
        )
        .distinct()
    )


def _complete_audit_task(round, village, *, by, today) -> list[str]:
    """Every outgoing cadre's audit published: the 离任审计 step of the timetable is done."""
    from django.db.models import Max

    from stages.choices import TaskStatus
    from stages.models import VillageTask
    from stages.services.progress import task_update

    task = (
        VillageTask.objects.filter(
            round=round, village=village, template__code=AUDIT_TASK
        )
        .select_related("template")
        .first()
    )
    if task is None or task.status == TaskStatus.DONE:
        return []
    audits = OutgoingAudit.objects.filter(round=round, village=village)
    if audits.filter(published_on__isnull=True).exists():
        return []
    cadres = set(outgoing_cadres(round, village).values_list("pk", flat=True))
    if not cadres <= set(audits.values_list("person_id", flat=True)):
        return []
    last = audits.aggregate(last=Max("published_on"))["last"]
    note = AUDIT_TASK_NOTE % {
        "count": audits.count(),
        "date": date_text(last),
        "url": reverse("elections:audit_list") + f"?village={village.pk}",
    }
    late = ""
    if task.due_date and last > task.due_date:
        late = str(
            AUDIT_LATE_REASON
            % {"date": date_text(last), "due": date_text(task.due_date)}
        )
    try:
        with transaction.atomic():
            task_update(
                task=task,
                status=TaskStatus.DONE,
                completed_on=last,
                note=str(note),
                by=by,
                today=max(today, last),
                late_reason=late,
            )
    except ValidationError as exc:
        return [
            str(
                TASK_NOT_UPDATED
                % {"task": task.title, "reason": "；".join(exc.messages)}
            )
        ]
    return []


# --- 工作移交 --------------------------------------------------------------------------


def new_committee_election(round, village) -> Election | None:
    """Return the counted, valid VC election that produced the village's new committee."""
    return (
        Election.objects.filter(
            round=round,
            village=village,
            body=Body.VILLAGERS_COMMITTEE,
            valid=True,
            status__in=[CountStatus.COUNTED, CountStatus.APPLIED],
        )
        .exclude(kind=ElectionKind.POSTS)
        .order_by("-held_on", "-pk")
        .first()
    )


def handover_due(round, produced_on: date) -> date:
    """V10: the day the handover is due (handover_days_after of the round's rule set)."""
    days = round.rules.get(RuleKey.HANDOVER_DAYS_AFTER)
    return produced_on + timedelta(days=int(days if days is not None else 10))


def handover_setup(*, round, village, by, items=None, today=None) -> Handover:
    """Set up a village's handover from its new committee's election, with the default list."""
    _require_editor(by, village)
    election = new_committee_election(round, village)
    if election is None:
        raise ValidationError(NO_NEW_COMMITTEE % {"village": village})
    names = [str(n) for n in (items if items is not None else DEFAULT_HANDOVER_ITEMS)]
    with transaction.atomic():
        if Handover.objects.filter(round=round, village=village).exists():
            raise ValidationError(HANDOVER_EXISTS % {"village": village})
        try:
            with transaction.atomic():
                handover = Handover.objects.create(
                    round=round,
                    village=village,
                    election=election,
                    produced_on=election.held_on,
                    due_on=handover_due(round, election.held_on),
                    recorded_by=by,
                )
        except IntegrityError as exc:
            raise ValidationError(HANDOVER_EXISTS % {"village": village}) from exc
        HandoverItem.objects.bulk_create(
            [
                HandoverItem(handover=handover, order=i, name=name)
                for i, name in enumerate(names, start=1)
            ]
        )
    return handover


def handover_save(
    *,
    handover: Handover,
    by,
    items: list[dict],
    today: date | None = None,
    **values,
) -> tuple[Handover, list[str]]:
    """Save a handover's list and signatures; a complete signed list closes the task.

    ``items`` are dicts with ``pk`` (None for a new line), ``name``, ``detail``,
    ``handed_over``, ``received``, ``note``, ``delete``. ``values``: produced_on,
    handed_over_by, received_by, supervised_by, signed_on, notes. Returns the
    handover and what could not be updated on the timetable.
    """
    _require_editor(by, handover.village)
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def err(field, message):
        errors.setdefault(field, []).append(str(message))

    for key in ("handed_over_by", "received_by", "supervised_by", "notes"):
        values[key] = (values.get(key) or "").strip()
    produced_on = values.get("produced_on") or handover.produced_on
    signed_on = values.get("signed_on")
    if produced_on > today:
        err("produced_on", FUTURE % {"date": date_text(produced_on)})
    if handover.election_id and produced_on < handover.election.held_on:
        err(
            "produced_on",
            PRODUCED_BEFORE_ELECTION
            % {
                "date": date_text(produced_on),
                "held": date_text(handover.election.held_on),
            },
        )
    kept = [
        row
        for row in items
        if not row.get("delete") and (row.get("name") or "").strip()
    ]
    if not kept:
        err("items", NO_ITEMS)
    if signed_on:
        if signed_on > today:
            err("signed_on", FUTURE % {"date": date_text(signed_on)})
        elif signed_on < produced_on:
            err(
                "signed_on",
                SIGNED_BEFORE_PRODUCED
                % {"date": date_text(signed_on), "produced": date_text(produced_on)},
            )
        if not (
            values["handed_over_by"]
            and values["received_by"]
            and values["supervised_by"]
        ):
            err("signed_on", SIGNATURES_NEEDED)
        open_items = [
            row["name"].strip()
            for row in kept
            if not (row.get("handed_over") and row.get("received"))
        ]
        if open_items:
            err("signed_on", ITEMS_OPEN % {"items": "、".join(open_items)})
    if errors:
        raise ValidationError(errors)
    existing = {item.pk: item for item in handover.items.all()}
    with transaction.atomic():
        handover = Handover.objects.select_for_update().get(pk=handover.pk)
        was_signed = handover.signed_on is not None
        for key, value in values.items():
            setattr(handover, key, value)
        handover.produced_on = produced_on
        handover.due_on = handover_due(handover.round, produced_on)
        # Saved every time, so the version the edit form carries covers the list too.
        handover.save()
        order = 0
        for row in items:
            item = existing.get(row.get("pk"))
            name = (row.get("name") or "").strip()
            if row.get("delete") or not name:
                if item is not None:
                    item.delete()
                continue
            order += 1
            item = item or HandoverItem(handover=handover)
            item.order = order
            item.name = name
            item.detail = (row.get("detail") or "").strip()
            item.handed_over = bool(row.get("handed_over"))
            item.received = bool(row.get("received"))
            item.note = (row.get("note") or "").strip()
            item.save()
    notes = []
    if handover.signed_on and not was_signed:
        notes = _complete_task(handover, by=by, today=today)
    return handover, notes


def _complete_task(handover: Handover, *, by, today) -> list[str]:
    """Complete the village's 新老班子工作移交 task with the signed list as evidence."""
    from stages.choices import TaskStatus
    from stages.models import VillageTask
    from stages.services.progress import task_update

    task = (
        VillageTask.objects.filter(
            round_id=handover.round_id,
            village_id=handover.village_id,
            template__code=HANDOVER_TASK,
        )
        .select_related("template")
        .first()
    )
    if task is None or task.status == TaskStatus.DONE:
        return []
    note = TASK_NOTE % {
        "date": date_text(handover.signed_on),
        "out": handover.handed_over_by,
        "in": handover.received_by,
        "sup": handover.supervised_by,
        "url": handover.get_absolute_url(),
    }
    late = ""
    if handover.signed_on > handover.due_on:
        late = str(
            LATE_TASK_REASON
            % {"date": date_text(handover.signed_on), "due": date_text(handover.due_on)}
        )
    try:
        with transaction.atomic():
            task_update(
                task=task,
                status=TaskStatus.DONE,
                completed_on=handover.signed_on,
                note=str(note),
                by=by,
                today=max(today, handover.signed_on),
                late_reason=late,
            )
    except ValidationError as exc:
        return [
            str(
                TASK_NOT_UPDATED
                % {"task": task.title, "reason": "；".join(exc.messages)}
            )
        ]
    return []

"""Writes of the voter register (选民登记): voters, publication (V2) and appeals.

Every service checks that the user edits the village (office, or the guide of
the village), validates everything first and writes nothing when a check
fails; each refusal is a Chinese sentence saying what to change.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candidates.choices import Body
from core.scope import get_scope
from stages.choices import RuleKey
from villages.idnumbers import parse_id_number
from villages.models import Person

from ..choices import AppealDecision, VoterAddReason, VoterRemoveReason
from ..models import Election, Voter, VoterAppeal, VoterRegister
from ..rules.base import date_text

__all__ = [
    "appeal_create",
    "appeal_decide",
    "register_for",
    "register_publish",
    "registered_count",
    "voter_add",
    "voter_remove",
]

NOT_VC = gettext_lazy(
    "Only a villagers' committee election has a voter register; this is “%(body)s”."
)
NOT_ALLOWED = gettext_lazy(
    "You may not change the voter register of %(village)s: only the organisation "
    "office or the village's guidance group can."
)
UNDER_18 = gettext_lazy(
    "%(name)s turns 18 on %(birthday)s, after the election day %(day)s, and "
    "cannot be registered."
)
ALREADY_ON = gettext_lazy(
    "%(name)s (ID number %(id)s) is already on this register. Search for the name "
    "instead of adding the voter again."
)
ALREADY_OFF = gettext_lazy("%(name)s was already taken off the register on %(date)s.")
NAME_REQUIRED = gettext_lazy("Fill in the voter's name.")
NAME_CONTRADICTS = gettext_lazy(
    "The roster has ID number %(id)s under the name %(roster)s, not %(name)s. "
    "Check the name and the number."
)
FUTURE_DATE = gettext_lazy(
    "%(date)s lies in the future; enter the day it actually happened."
)
REMOVED_BEFORE_ADDED = gettext_lazy(
    "The voter was added on %(added)s; the removal cannot be earlier."
)
EMPTY_REGISTER = gettext_lazy(
    "The register has no voters yet. Register or import the voters before "
    "publishing the list."
)
PUBLISHED_TOO_LATE = gettext_lazy(
    "The voter list must be published at least %(days)s days before the election "
    "day %(day)s, that is on %(deadline)s at the latest (%(basis)s). %(date)s is too "
    "late: move the election day or publish earlier."
)
NOT_PUBLISHED = gettext_lazy(
    "The voter list has not been published yet; appeals run from its publication."
)
APPEAL_TOO_LATE = gettext_lazy(
    "Appeals must reach the election committee within %(days)s days of the "
    "publication on %(published)s, that is by %(deadline)s. An appeal received on "
    "%(date)s is out of time."
)
APPEAL_BEFORE_PUBLICATION = gettext_lazy(
    "The list was published on %(published)s; an appeal cannot be received before."
)
DECISION_REQUIRED = gettext_lazy("Choose the decision: upheld or rejected.")
REASON_REQUIRED = gettext_lazy(
    "Write the reason for the decision; it is published with the result."
)
DECIDED_BEFORE_RECEIVED = gettext_lazy(
    "The appeal was received on %(received)s; the decision cannot be earlier."
)
ALREADY_DECIDED = gettext_lazy("This appeal was decided on %(date)s.")


def _require_edit(user, election: Election) -> None:
    if not get_scope(user).can_edit_village(election.village):
        raise PermissionDenied(NOT_ALLOWED % {"village": election.village})


def _require_vc(election: Election) -> None:
    if election.body != Body.VILLAGERS_COMMITTEE:
        raise ValidationError(NOT_VC % {"body": election.get_body_display()})


def _not_future(day: date, field: str, today: date) -> None:
    if day > today:
        raise ValidationError({field: FUTURE_DATE % {"date": date_text(day)}})


def register_for(election: Election) -> VoterRegister:
    """Return the election's register, creating the empty one on first use."""
    _require_vc(election)
    register, _created = VoterRegister.objects.get_or_create(election=election)
    return register


def registered_count(election: Election) -> int | None:
    """Return the voters on the election's register, or None without a register.

    An empty register counts as none: the typed number is used until voters
    are registered.
    """
    count = Voter.objects.filter(
        register__election=election, removed_on__isnull=True
    ).count()
    return count or None


def check_voter(
    *, election: Election, name: str, id_number: str, person_names=None
) -> tuple[str, str, Person | None]:
    """Validate one voter (ID number, age on election day, roster name).

    Return ``(name, id_number, person)``; raise ValidationError keyed by field.
    ``person_names`` maps ID numbers to roster people when the caller has
    loaded them in bulk (the import); otherwise the roster is asked.
    """
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": NAME_REQUIRED})
    try:
        info = parse_id_number(id_number)
    except ValidationError as exc:
        raise ValidationError({"id_number": exc.messages}) from exc
    try:
        birthday = info.birth_date.replace(year=info.birth_date.year + 18)
    except ValueError:  # born on 29 February
        birthday = date(info.birth_date.year + 18, 3, 1)
    if birthday > election.held_on:
        raise ValidationError(
            {
                "id_number": UNDER_18
                % {
                    "name": name,
                    "birthday": date_text(birthday),
                    "day": date_text(election.held_on),
                }
            }
        )
    if person_names is None:
        person = Person.objects.filter(id_number=info.number).first()
    else:
        person = person_names.get(info.number)
    if person is not None and person.name != name:
        raise ValidationError(
            {
                "name": NAME_CONTRADICTS
                % {"id": info.number, "roster": person.name, "name": name}
            }
        )
    return name, info.number, person


@transaction.atomic
def voter_add(
    *,
    election: Election,
    by,
    name: str,
    id_number: str,
    category: str,
    group: str = "",
    added_on: date,
    added_reason: str = VoterAddReason.REGISTRATION,
    note: str = "",
    today: date | None = None,
) -> Voter:
    """Put a villager on the register (or back on it, with the new reason)."""
    _require_vc(election)
    _require_edit(by, election)
    today = today or timezone.localdate()
    _not_future(added_on, "added_on", today)
    name, number, person = check_voter(
        election=election, name=name, id_number=id_number
    )
    register = register_for(election)
    voter = (
        Voter.objects.select_for_update()
        .filter(register=register, id_number=number)
        .first()
    )
    if voter is not None and voter.removed_on is None:
        raise ValidationError(
            {"id_number": ALREADY_ON % {"name": voter.name, "id": voter.masked_id}}
        )
    if voter is None:
        voter = Voter(register=register, id_number=number)
    voter.person = person
    voter.name = name
    voter.category = category
    voter.group = (group or "").strip()
    voter.added_on = added_on
    voter.added_reason = added_reason
    voter.removed_on = None
    voter.removed_reason = ""
    voter.note = note or ""
    voter._history_user = by
    voter.full_clean()
    voter.save()
    return voter


@transaction.atomic
def voter_remove(
    *,
    voter: Voter,
    by,
    removed_on: date,
    reason: str,
    note: str = "",
    today: date | None = None,
) -> Voter:
    """Take a voter off the register with the reason (the row stays as history)."""
    voter = (
        Voter.objects.select_for_update()
        .select_related("register__election__village")
        .get(pk=voter.pk)
    )
    _require_edit(by, voter.register.election)
    today = today or timezone.localdate()
    if voter.removed_on is not None:
        raise ValidationError(
            ALREADY_OFF % {"name": voter.name, "date": date_text(voter.removed_on)}
        )
    _not_future(removed_on, "removed_on", today)
    if removed_on < voter.added_on:
        raise ValidationError(
            {"removed_on": REMOVED_BEFORE_ADDED % {"added": date_text(voter.added_on)}}
        )
    if reason not in VoterRemoveReason.values:
        raise ValidationError({"reason": _("Choose the reason for the removal.")})
    voter.removed_on = removed_on
    voter.removed_reason = reason
    if note:
        voter.note = note
    voter._history_user = by
    voter.full_clean()
    voter.save()
    return voter


def publication_deadline(election: Election) -> tuple[date, int, str]:
    """Return the last day the list may be published, the days and the basis (V2)."""
    book = election.round.rule_set.book()
    days = int(book.get(RuleKey.VOTER_LIST_DAYS_BEFORE))
    basis = book.rule(RuleKey.VOTER_LIST_DAYS_BEFORE).legal_basis
    return election.held_on - timedelta(days=days), days, basis


@transaction.atomic
def register_publish(
    *,
    election: Election,
    by,
    published_on: date,
    place: str = "",
    today: date | None = None,
) -> tuple[VoterRegister, list[str]]:
    """Record the publication of the voter list (V2) and complete its tasks.

    Return the register and the notes about the timetable tasks (a task the
    timetable refuses to complete is named, the publication still stands).
    """
    _require_vc(election)
    _require_edit(by, election)
    today = today or timezone.localdate()
    _not_future(published_on, "published_on", today)
    register = VoterRegister.objects.select_for_update().get(
        pk=register_for(election).pk
    )
    if not register.voters.filter(removed_on__isnull=True).exists():
        raise ValidationError(EMPTY_REGISTER)
    deadline, days, basis = publication_deadline(election)
    if published_on > deadline:
        raise ValidationError(
            {
                "published_on": PUBLISHED_TOO_LATE
                % {
                    "days": days,
                    "day": date_text(election.held_on),
                    "deadline": date_text(deadline),
                    "basis": basis,
                    "date": date_text(published_on),
                }
            }
        )
    register.published_on = published_on
    register.published_by = by
    register.publication_place = (place or "").strip()
    register._history_user = by
    register.full_clean()
    register.save()
    notes = _complete_tasks(election=election, by=by, on=published_on)
    return register, notes


# Timetable steps the publication completes, in order (stages.default_templates).
PUBLICATION_TASKS = ("vc-registration", "vc-voter-list")


def _complete_tasks(*, election: Election, by, on: date) -> list[str]:
    from stages.choices import TaskStatus
    from stages.models import VillageTask
    from stages.services.progress import task_update

    notes = []
    tasks = VillageTask.objects.filter(
        round=election.round,
        village=election.village,
        template__code__in=PUBLICATION_TASKS,
    ).select_related("template")
    by_code = {task.template.code: task for task in tasks}
    for code in PUBLICATION_TASKS:
        task = by_code.get(code)
        if task is None or task.status in (TaskStatus.DONE, TaskStatus.NOT_APPLICABLE):
            continue
        try:
            with transaction.atomic():
                task_update(
                    task=task,
                    status=TaskStatus.DONE,
                    completed_on=on,
                    note=_("Voter list published on %(date)s (voter register).")
                    % {"date": date_text(on)},
                    by=by,
                    today=max(on, timezone.localdate()),
                )
        except ValidationError as exc:
            notes.append(
                _("The task “%(task)s” was not marked done: %(reason)s")
                % {"task": task.title, "reason": "；".join(exc.messages)}
            )
    return notes


def appeal_deadlines(register: VoterRegister) -> tuple[int, int]:
    """Return (days to appeal after publication, days to decide) from the rule set."""
    book = register.election.round.rule_set.book()
    return (
        int(book.get(RuleKey.VOTER_LIST_APPEAL_DAYS)),
        int(book.get(RuleKey.APPEAL_DECISION_DAYS)),
    )


@transaction.atomic
def appeal_create(
    *,
    election: Election,
    by,
    appellant: str,
    subject: str = "",
    content: str,
    received_on: date,
    today: date | None = None,
) -> VoterAppeal:
    """Record an appeal against the published list, due for decision per the rule set."""
    _require_vc(election)
    _require_edit(by, election)
    today = today or timezone.localdate()
    register = register_for(election)
    if register.published_on is None:
        raise ValidationError(NOT_PUBLISHED)
    _not_future(received_on, "received_on", today)
    if received_on < register.published_on:
        raise ValidationError(
            {
                "received_on": APPEAL_BEFORE_PUBLICATION
                % {"published": date_text(register.published_on)}
            }
        )
    appeal_days, decision_days = appeal_deadlines(register)
    last = register.published_on + timedelta(days=appeal_days)
    if received_on > last:
        raise ValidationError(
            {
                "received_on": APPEAL_TOO_LATE
                % {
                    "days": appeal_days,
                    "published": date_text(register.published_on),
                    "deadline": date_text(last),
                    "date": date_text(received_on),
                }
            }
        )
    appeal = VoterAppeal(
        register=register,
        appellant=(appellant or "").strip(),
        subject=(subject or "").strip(),
        content=(content or "").strip(),
        received_on=received_on,
        decide_by=received_on + timedelta(days=decision_days),
        recorded_by=by,
    )
    appeal._history_user = by
    appeal.full_clean()
    appeal.save()
    return appeal


@transaction.atomic
def appeal_decide(
    *,
    appeal: VoterAppeal,
    by,
    decision: str,
    decided_on: date,
    reason: str,
    today: date | None = None,
) -> VoterAppeal:
    """Record the committee's decision; a decision after ``decide_by`` shows as late."""
    appeal = (
        VoterAppeal.objects.select_for_update()
        .select_related("register__election__village")
        .get(pk=appeal.pk)
    )
    _require_edit(by, appeal.register.election)
    today = today or timezone.localdate()
    if appeal.decision:
        raise ValidationError(ALREADY_DECIDED % {"date": date_text(appeal.decided_on)})
    errors = {}
    if decision not in (AppealDecision.UPHELD, AppealDecision.REJECTED):
        errors["decision"] = DECISION_REQUIRED
    if not (reason or "").strip():
        errors["decision_reason"] = REASON_REQUIRED
    if decided_on > today:
        errors["decided_on"] = FUTURE_DATE % {"date": date_text(decided_on)}
    elif decided_on < appeal.received_on:
        errors["decided_on"] = DECIDED_BEFORE_RECEIVED % {
            "received": date_text(appeal.received_on)
        }
    if errors:
        raise ValidationError(errors)
    appeal.decision = decision
    appeal.decided_on = decided_on
    appeal.decision_reason = reason.strip()
    appeal._history_user = by
    appeal.full_clean()
    appeal.save()
    return appeal

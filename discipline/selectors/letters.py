"""Reads about commitment letters: who must sign, who has not signed yet."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from ..choices import Audience, LetterKind
from ..models import CommitmentLetter, CommitmentRequirement

# Roster categories that are also audiences of a letter requirement.
ROSTER_AUDIENCES = frozenset(set(Audience.values) - {Audience.NOMINEE})


def letter_window_start(township_id: int | None) -> datetime.date | None:
    """Return the first day a letter counts for the current round (its start), or None.

    Letters signed for an earlier round do not count for this one; without a
    round every letter counts.
    """
    if township_id is None:
        return None
    try:
        from stages.selectors import current_round
    except ImportError:
        return None
    election_round = current_round(township_id)
    return election_round.start_date if election_round is not None else None


def requirement_labels() -> list[tuple[str, list[str]]]:
    """Return the requirements in force as (audience label, [letter labels]) for pages."""
    wanted = requirements()
    return [
        (
            str(label),
            [
                str(LetterKind(k).label)
                for k in LetterKind.values
                if k in wanted[audience]
            ],
        )
        for audience, label in Audience.choices
        if audience in wanted
    ]


def requirements() -> dict[str, frozenset[str]]:
    """Return the letter kinds each audience must sign (one query)."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for audience, kind in CommitmentRequirement.objects.filter(active=True).values_list(
        "audience", "kind"
    ):
        wanted[audience].add(kind)
    return {audience: frozenset(kinds) for audience, kinds in wanted.items()}


def _nominee_queryset():
    """Return the nominations still standing (None when the candidates app lacks them)."""
    try:
        from candidates.choices import NominationStatus
        from candidates.models import Nomination
    except ImportError:
        return None
    return Nomination.objects.exclude(
        status__in=[
            NominationStatus.DISQUALIFIED,
            NominationStatus.NOT_ELECTED,
            NominationStatus.WITHDRAWN,
        ]
    )


def _signed(
    person_ids, township_windows: dict[int, datetime.date | None], person_township
):
    """Return {person_id: set(kind)} of letters that count, in one query."""
    signed: dict[int, set[str]] = defaultdict(set)
    rows = CommitmentLetter.objects.filter(person_id__in=list(person_ids)).values_list(
        "person_id", "kind", "signed_on"
    )
    for person_id, kind, signed_on in rows:
        window = township_windows.get(person_township.get(person_id))
        if window is None or signed_on >= window:
            signed[person_id].add(kind)
    return signed


def unsigned_commitment_person_ids(person_ids) -> set[int]:
    """Return the nominees among ``person_ids`` missing a letter nominees must sign.

    Contract for the vetting code (candidates): a nominee without a signed
    commitment is flagged. Reads a fixed number of queries whatever the count.
    """
    from villages.models import Person

    person_ids = {int(pk) for pk in person_ids}
    if not person_ids:
        return set()
    needed = requirements().get(Audience.NOMINEE, frozenset())
    if not needed:
        return set()
    person_township = dict(
        Person.objects.filter(pk__in=person_ids).values_list(
            "pk", "village__township_id"
        )
    )
    windows = {tid: letter_window_start(tid) for tid in set(person_township.values())}
    signed = _signed(person_township.keys(), windows, person_township)
    return {pk for pk in person_township if not needed <= signed.get(pk, set())}


@dataclass
class UnsignedRow:
    """A person who must sign letters and has not signed them all."""

    person: object
    audiences: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    signed: list[str] = field(default_factory=list)

    @property
    def missing_labels(self) -> list[str]:
        return [str(LetterKind(kind).label) for kind in self.missing]

    @property
    def signed_labels(self) -> list[str]:
        return [str(LetterKind(kind).label) for kind in self.signed]

    @property
    def audience_labels(self) -> list[str]:
        return [str(Audience(a).label) for a in self.audiences]


@dataclass
class CommitmentStatus:
    """How a village stands: who must sign, who is complete, who is missing letters."""

    required_people: int
    complete_people: int
    unsigned: list[UnsignedRow]


def commitment_status(
    village, *, today: datetime.date | None = None
) -> CommitmentStatus:
    """Return the people of a village who must sign letters and what they miss.

    Roster people in force on ``today`` whose category has a requirement, and
    the village's nominees of the current round (not disqualified, not lost).
    A fixed number of queries.
    """
    from villages.models import RosterMembership

    today = today or timezone.localdate()
    needed = requirements()
    people: dict[int, object] = {}
    audiences: dict[int, set[str]] = defaultdict(set)
    roster_categories = [a for a in needed if a in ROSTER_AUDIENCES]
    if roster_categories:
        memberships = (
            RosterMembership.objects.current(on=today)
            .filter(village=village, category__in=roster_categories)
            .select_related("person")
        )
        for membership in memberships:
            people[membership.person_id] = membership.person
            audiences[membership.person_id].add(membership.category)
    nominations = _nominee_queryset()
    window = letter_window_start(village.township_id)
    if Audience.NOMINEE in needed and nominations is not None:
        nominations = nominations.filter(village=village).select_related("person")
        try:
            from stages.selectors import current_round

            election_round = current_round(village.township_id)
        except ImportError:
            election_round = None
        if election_round is not None:
            nominations = nominations.filter(round=election_round)
        for nomination in nominations:
            people[nomination.person_id] = nomination.person
            audiences[nomination.person_id].add(Audience.NOMINEE)
    person_township = dict.fromkeys(people, village.township_id)
    signed = _signed(people.keys(), {village.township_id: window}, person_township)
    rows = []
    complete = 0
    for person_id, person in people.items():
        wanted = set().union(
            *(needed.get(a, frozenset()) for a in audiences[person_id])
        )
        have = signed.get(person_id, set())
        missing = [
            kind for kind in LetterKind.values if kind in wanted and kind not in have
        ]
        if missing:
            rows.append(
                UnsignedRow(
                    person=person,
                    audiences=sorted(
                        audiences[person_id], key=list(Audience.values).index
                    ),
                    missing=missing,
                    signed=[k for k in LetterKind.values if k in have],
                )
            )
        else:
            complete += 1
    rows.sort(key=lambda row: (Audience.NOMINEE not in row.audiences, row.person.name))
    return CommitmentStatus(
        required_people=len(people), complete_people=complete, unsigned=rows
    )

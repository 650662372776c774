"""Writes of election-day operations: proxy votes (委托投票, V9) and polling stations (V7).

Like the register's services: the user must edit the village (office, or the
village's guide), every check runs before anything is written, and each
refusal is a Chinese sentence saying what to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from stages.choices import RuleKey
from villages.idnumbers import parse_id_number

from ..choices import NEAR_RELATIVES, CountStatus, ProxyRelation, StationKind
from ..models import (
    MOBILE_BOX_MIN_SUPERVISORS,
    Election,
    ElectionCandidate,
    PollingStation,
    ProxyVote,
    Voter,
    VoterRegister,
)
from ..rules.base import date_text
from .register import _not_future, _require_edit, _require_vc, register_for

__all__ = [
    "proxy_change",
    "proxy_deadline",
    "proxy_limits",
    "proxy_publish",
    "proxy_record",
    "proxy_revoke",
    "station_ballots",
    "station_delete",
    "station_save",
]

# Defaults when a rule set predates the proxy rows (load_defaults adds them).
DEFAULT_PROXY_MAX = 3
DEFAULT_NEAR_RELATIVE = 1
DEFAULT_PROXY_DAYS = 3

NOT_ON_REGISTER = gettext_lazy(
    "“%(text)s” is not on this election's voter register. Enter the name or the "
    "ID number of a registered voter."
)
SEVERAL_NAMED = gettext_lazy(
    "%(count)s voters on the register are called %(text)s. Enter the ID number instead."
)
REMOVED = gettext_lazy(
    "%(name)s was taken off the voter register on %(date)s (%(reason)s) and can "
    "neither give nor receive a proxy."
)
SAME_PERSON = gettext_lazy("The voter cannot be their own proxy.")
NOT_NEAR_RELATIVE = gettext_lazy(
    "The proxy must be a near relative of the voter (spouse, parent, child, brother "
    "or sister, grandparent, grandchild) under the rule set (%(basis)s)."
)
RELATION_REQUIRED = gettext_lazy("Choose the proxy's relation to the voter.")
PROXY_IS_CANDIDATE = gettext_lazy(
    "%(name)s is a candidate in this election and cannot vote for others."
)
TOO_MANY = gettext_lazy(
    "%(name)s already votes for %(count)s voters (%(names)s); one proxy may vote "
    "for at most %(max)s (%(basis)s)."
)
ALREADY_GIVEN = gettext_lazy(
    "%(name)s has already authorised %(proxy)s (dated %(date)s). A voter gives one "
    "proxy only: revoke that authorisation first."
)
PROXY_IS_AWAY = gettext_lazy(
    "%(name)s has authorised someone else to vote for them and cannot be a proxy."
)
VOTER_IS_PROXY = gettext_lazy(
    "%(name)s votes for others as a proxy (%(names)s) and cannot authorise a proxy "
    "in turn."
)
AUTHORISED_TOO_LATE = gettext_lazy(
    "Proxy votes must be authorised at least %(days)s days before the election day "
    "%(day)s, that is on %(deadline)s at the latest (%(basis)s). An authorisation "
    "dated %(date)s is too late."
)
ALREADY_COUNTED = gettext_lazy(
    "The election has been counted; its proxy votes and ballots can no longer change."
)
NO_PROXIES = gettext_lazy(
    "No proxy votes are recorded yet: record them before publishing the list."
)
PROXY_LIST_TOO_LATE = gettext_lazy(
    "The list of voters and proxies is published before the election day %(day)s; "
    "%(date)s is too late."
)
NAME_REQUIRED = gettext_lazy("Give the station a name.")
NAME_TAKEN = gettext_lazy("This election already has a station called %(name)s.")
BOTH_NUMBERS = gettext_lazy(
    "Enter both the ballots issued and the ballots returned, or neither until the "
    "box is opened."
)
STATION_OVER = gettext_lazy(
    "%(station)s: %(returned)s ballots returned is more than the %(issued)s issued "
    "(V7). Check the box's tally sheet."
)
MOBILE_SUPERVISORS = gettext_lazy(
    "A mobile ballot box is carried by at least %(min)s scrutineers; %(count)s is "
    "too few."
)
STATIONS_NOT_COUNTED = gettext_lazy(
    "The ballots of %(names)s are not entered yet: enter them on the polling "
    "stations page first."
)
NO_STATIONS_FOR = gettext_lazy(
    "Only a villagers' committee election has polling stations and mobile boxes."
)


# --- rule-set rows -----------------------------------------------------------------------


@dataclass(frozen=True)
class ProxyLimits:
    """The rule-set rows of V9 for one election, with their legal basis."""

    max_per_proxy: int
    near_relative: bool
    days_before: int
    max_basis: str
    relative_basis: str
    days_basis: str


def _row(book, key, default) -> tuple[int, str]:
    if key in book:
        return int(book.get(key)), book.rule(key).legal_basis
    return default, ""


def proxy_limits(election: Election) -> ProxyLimits:
    """Return the V9 rows of the election's rule set (defaults when a row is missing)."""
    book = election.round.rules
    most, most_basis = _row(book, RuleKey.VC_PROXY_MAX, DEFAULT_PROXY_MAX)
    near, near_basis = _row(book, RuleKey.VC_PROXY_NEAR_RELATIVE, DEFAULT_NEAR_RELATIVE)
    days, days_basis = _row(book, RuleKey.VC_PROXY_DAYS_BEFORE, DEFAULT_PROXY_DAYS)
    return ProxyLimits(most, bool(near), days, most_basis, near_basis, days_basis)


def proxy_deadline(election: Election, limits: ProxyLimits | None = None) -> date:
    """Return the last day a written authorisation may be dated."""
    limits = limits or proxy_limits(election)
    return election.held_on - timedelta(days=limits.days_before)


# --- proxy votes ------------------------------------------------------------------------


def find_voter(register: VoterRegister, text: str, field: str) -> Voter:
    """Return the voter an ID number or a unique name designates (removed ones too)."""
    text = (text or "").strip()
    voters = Voter.objects.filter(register=register)
    try:
        number = parse_id_number(text).number
    except ValidationError:
        matches = list(voters.filter(name=text, removed_on__isnull=True)[:10]) or list(
            voters.filter(name=text)[:10]
        )
    else:
        matches = list(voters.filter(id_number=number))
    if not text or not matches:
        raise ValidationError({field: NOT_ON_REGISTER % {"text": text}})
    if len(matches) > 1:
        raise ValidationError(
            {field: SEVERAL_NAMED % {"count": len(matches), "text": text}}
        )
    return matches[0]


def _on_register(voter: Voter, field: str) -> None:
    if voter.removed_on is not None:
        raise ValidationError(
            {
                field: REMOVED
                % {
                    "name": voter.name,
                    "date": date_text(voter.removed_on),
                    "reason": voter.get_removed_reason_display(),
                }
            }
        )


def _not_counted(election: Election) -> None:
    if election.status != CountStatus.PLANNED:
        raise ValidationError(ALREADY_COUNTED)


def _is_candidate(election: Election, voter: Voter) -> bool:
    match = Q(person__id_number=voter.id_number)
    if voter.person_id:
        match |= Q(person_id=voter.person_id)
    return ElectionCandidate.objects.filter(match, election=election).exists()


def _names(proxies) -> str:
    return "、".join(p.voter.name for p in proxies)


def _check_relation(relation: str, limits: ProxyLimits) -> dict:
    if relation not in ProxyRelation.values:
        return {"relation": RELATION_REQUIRED}
    if limits.near_relative and relation not in NEAR_RELATIVES:
        return {"relation": NOT_NEAR_RELATIVE % {"basis": limits.relative_basis}}
    return {}


def _check_date(election, authorised_on, limits, today) -> dict:
    if authorised_on > today:
        from .register import FUTURE_DATE

        return {"authorised_on": FUTURE_DATE % {"date": date_text(authorised_on)}}
    deadline = proxy_deadline(election, limits)
    if authorised_on > deadline:
        return {
            "authorised_on": AUTHORISED_TOO_LATE
            % {
                "days": limits.days_before,
                "day": date_text(election.held_on),
                "deadline": date_text(deadline),
                "basis": limits.days_basis,
                "date": date_text(authorised_on),
            }
        }
    return {}


@transaction.atomic
def proxy_record(
    *,
    election: Election,
    by,
    voter: str,
    proxy: str,
    relation: str,
    authorised_on: date,
    note: str = "",
    today: date | None = None,
) -> ProxyVote:
    """Record a written proxy authorisation after every V9 check; nothing on refusal.

    ``voter`` and ``proxy`` are ID numbers or names of voters on the register.
    """
    _require_vc(election)
    _require_edit(by, election)
    _not_counted(election)
    today = today or timezone.localdate()
    register = register_for(election)
    limits = proxy_limits(election)
    errors = {}
    found = {}
    for field, text in (("voter", voter), ("proxy", proxy)):
        try:
            found[field] = find_voter(register, text, field)
            _on_register(found[field], field)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    errors.update(_check_relation(relation, limits))
    errors.update(_check_date(election, authorised_on, limits, today))
    if errors:
        raise ValidationError(errors)
    giver, taker = found["voter"], found["proxy"]
    if giver.pk == taker.pk:
        raise ValidationError({"proxy": SAME_PERSON})
    # Lock both voters: two clerks recording for the same proxy are serialised.
    list(
        Voter.objects.select_for_update()
        .filter(pk__in=[giver.pk, taker.pk])
        .values_list("pk", flat=True)
    )
    existing = ProxyVote.objects.filter(voter=giver).select_related("proxy").first()
    if existing is not None:
        raise ValidationError(
            {
                "voter": ALREADY_GIVEN
                % {
                    "name": giver.name,
                    "proxy": existing.proxy.name,
                    "date": date_text(existing.authorised_on),
                }
            }
        )
    given_by_giver = list(ProxyVote.objects.filter(proxy=giver).select_related("voter"))
    if given_by_giver:
        raise ValidationError(
            {
                "voter": VOTER_IS_PROXY
                % {"name": giver.name, "names": _names(given_by_giver)}
            }
        )
    if ProxyVote.objects.filter(voter=taker).exists():
        raise ValidationError({"proxy": PROXY_IS_AWAY % {"name": taker.name}})
    if _is_candidate(election, taker):
        raise ValidationError({"proxy": PROXY_IS_CANDIDATE % {"name": taker.name}})
    current = list(ProxyVote.objects.filter(proxy=taker).select_related("voter"))
    if len(current) >= limits.max_per_proxy:
        raise ValidationError(
            {
                "proxy": TOO_MANY
                % {
                    "name": taker.name,
                    "count": len(current),
                    "names": _names(current),
                    "max": limits.max_per_proxy,
                    "basis": limits.max_basis,
                }
            }
        )
    vote = ProxyVote(
        register=register,
        voter=giver,
        proxy=taker,
        relation=relation,
        authorised_on=authorised_on,
        note=(note or "").strip(),
        recorded_by=by,
    )
    vote._history_user = by
    vote.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            vote.save()
    except IntegrityError as exc:  # a colleague recorded the same voter meanwhile
        raise ValidationError(
            {"voter": ALREADY_GIVEN % {"name": giver.name, "proxy": "—", "date": "—"}}
        ) from exc
    return vote


@transaction.atomic
def proxy_change(
    *,
    vote: ProxyVote,
    by,
    relation: str,
    authorised_on: date,
    note: str = "",
    today: date | None = None,
) -> ProxyVote:
    """Correct the relation, the authorisation date or the note of a proxy vote."""
    vote = (
        ProxyVote.objects.select_for_update()
        .select_related("register__election__round", "register__election__village")
        .get(pk=vote.pk)
    )
    election = vote.register.election
    _require_edit(by, election)
    _not_counted(election)
    today = today or timezone.localdate()
    limits = proxy_limits(election)
    errors = {
        **_check_relation(relation, limits),
        **_check_date(election, authorised_on, limits, today),
    }
    if errors:
        raise ValidationError(errors)
    vote.relation = relation
    vote.authorised_on = authorised_on
    vote.note = (note or "").strip()
    vote._history_user = by
    vote.full_clean(validate_constraints=False)
    vote.save()
    return vote


@transaction.atomic
def proxy_revoke(*, vote: ProxyVote, by) -> None:
    """Withdraw an authorisation (the history keeps it)."""
    vote = (
        ProxyVote.objects.select_for_update()
        .select_related("register__election__village")
        .get(pk=vote.pk)
    )
    election = vote.register.election
    _require_edit(by, election)
    _not_counted(election)
    vote._history_user = by
    vote.delete()


@transaction.atomic
def proxy_publish(
    *,
    election: Election,
    by,
    published_on: date,
    place: str = "",
    today: date | None = None,
) -> VoterRegister:
    """Record the publication of the list of voters and proxies (before election day)."""
    _require_vc(election)
    _require_edit(by, election)
    today = today or timezone.localdate()
    _not_future(published_on, "published_on", today)
    register = VoterRegister.objects.select_for_update().get(
        pk=register_for(election).pk
    )
    if not register.proxy_votes.exists():
        raise ValidationError(NO_PROXIES)
    if published_on >= election.held_on:
        raise ValidationError(
            {
                "published_on": PROXY_LIST_TOO_LATE
                % {
                    "day": date_text(election.held_on),
                    "date": date_text(published_on),
                }
            }
        )
    register.proxies_published_on = published_on
    register.proxies_publication_place = (place or "").strip()
    register._history_user = by
    register.full_clean()
    register.save()
    return register


# --- polling stations -------------------------------------------------------------------


@transaction.atomic
def station_save(
    *,
    election: Election,
    by,
    name: str,
    kind: str,
    supervisors: int,
    ballots_issued: int | None = None,
    ballots_returned: int | None = None,
    note: str = "",
    station: PollingStation | None = None,
) -> PollingStation:
    """Set up or correct a station and its ballots (V7 per station)."""
    from ..choices import Body

    if election.body != Body.VILLAGERS_COMMITTEE:
        raise ValidationError(NO_STATIONS_FOR)
    _require_edit(by, election)
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status == CountStatus.APPLIED:
        raise ValidationError(ALREADY_COUNTED)
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = NAME_REQUIRED
    elif (
        PollingStation.objects.filter(election=election, name=name)
        .exclude(pk=getattr(station, "pk", None))
        .exists()
    ):
        errors["name"] = NAME_TAKEN % {"name": name}
    if kind == StationKind.MOBILE and (supervisors or 0) < MOBILE_BOX_MIN_SUPERVISORS:
        errors["supervisors"] = MOBILE_SUPERVISORS % {
            "min": MOBILE_BOX_MIN_SUPERVISORS,
            "count": supervisors or 0,
        }
    if (ballots_issued is None) != (ballots_returned is None):
        errors["ballots_returned"] = BOTH_NUMBERS
    elif ballots_issued is not None and ballots_returned > ballots_issued:
        errors["ballots_returned"] = STATION_OVER % {
            "station": name,
            "returned": ballots_returned,
            "issued": ballots_issued,
        }
    if errors:
        raise ValidationError(errors)
    if station is None:
        station = PollingStation(election=election)
    else:
        station = PollingStation.objects.select_for_update().get(
            pk=station.pk, election=election
        )
    station.name = name
    station.kind = kind
    station.supervisors = supervisors
    station.ballots_issued = ballots_issued
    station.ballots_returned = ballots_returned
    station.note = (note or "").strip()
    station._history_user = by
    station.full_clean(validate_constraints=False)
    station.save()
    return station


@transaction.atomic
def station_delete(*, station: PollingStation, by) -> None:
    """Delete a station set up in error (not once the result is applied)."""
    station = PollingStation.objects.select_related("election__village").get(
        pk=station.pk
    )
    _require_edit(by, station.election)
    if station.election.status == CountStatus.APPLIED:
        raise ValidationError(ALREADY_COUNTED)
    station._history_user = by
    station.delete()


@dataclass(frozen=True)
class StationTotals:
    stations: int
    issued: int
    returned: int
    missing: tuple[str, ...]


def station_totals(election: Election) -> StationTotals | None:
    """Return the stations' sums (and those without numbers), or None without stations."""
    stations = list(
        PollingStation.objects.filter(election=election).values_list(
            "name", "ballots_issued", "ballots_returned"
        )
    )
    if not stations:
        return None
    return StationTotals(
        stations=len(stations),
        issued=sum(issued or 0 for _n, issued, _r in stations),
        returned=sum(returned or 0 for _n, _i, returned in stations),
        missing=tuple(name for name, issued, _r in stations if issued is None),
    )


def station_ballots(election: Election) -> tuple[int, int] | None:
    """Return (issued, returned) summed over the stations, None without stations.

    Refused (ValidationError) while a station has no numbers: the election's
    ballots are the stations' sums, so each box must be counted first.
    """
    totals = station_totals(election)
    if totals is None:
        return None
    if totals.missing:
        raise ValidationError(
            {
                "ballots_issued": STATIONS_NOT_COUNTED
                % {"names": "、".join(totals.missing)}
            }
        )
    return totals.issued, totals.returned


def proxy_counts(round_ids) -> dict[int, int]:
    """Return the proxy votes of counted elections per round (one query)."""
    rows = (
        ProxyVote.objects.filter(
            register__election__round_id__in=list(round_ids),
            register__election__status__in=(CountStatus.COUNTED, CountStatus.APPLIED),
            voter__removed_on__isnull=True,
            proxy__removed_on__isnull=True,
        )
        .values("register__election__round_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["register__election__round_id"]: row["n"] for row in rows}


__all__ += ["find_voter", "proxy_counts", "station_totals"]

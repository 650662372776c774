"""Writes of candidate elections: recommendation meetings, elections, results, 当选无效.

The outcome of every meeting and election is computed by ``elections.rules``
from the entered numbers and the round's rule set, then stored with the numbers.
Impossible numbers raise ``ValidationError`` before anything is written; every
service is atomic, so a refused entry leaves the data as it was.

Applying an election's result makes it the new term on the roster: the
village's current members of that committee end on the election day and the
winners start on it (``villages.RosterMembership``); a 另行选举 or a re-vote
adds its winners; the new Party committee's 书记/副书记 election sets their
posts. Nominations of the candidates become 当选/落选 through the vetting
services' status machine.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from candidates.models import Nomination
from core.scope import get_scope
from villages.choices import Category, Gender
from villages.models import Person, Relationship, RosterMembership

from .. import rules
from ..choices import (
    POSTS_BY_BODY,
    ROUTE_BY_MEETING,
    Body,
    CountStatus,
    ElectionKind,
    NominationStatus,
    Post,
    ShortfallDecision,
    StaffRole,
    TallyStatus,
)
from ..models import (
    Election,
    ElectionCandidate,
    ElectionStaff,
    MeetingVote,
    RecommendationMeeting,
)

__all__ = [
    "ElectionExistsError",
    "election_apply",
    "election_count",
    "election_delete",
    "election_followup",
    "election_reduce_seats",
    "election_setup",
    "election_void",
    "meeting_confirm",
    "meeting_record",
]

# --- messages (matched by the tests) --------------------------------------------------------

NO_ROUND = gettext_lazy(
    "%(township)s has no election round yet: the organisation office creates the round first."
)
NOT_ALLOWED = gettext_lazy(
    "You may not record meetings or elections of %(village)s: only the organisation office "
    "and the village's guidance group may."
)
OFFICE_ONLY = gettext_lazy("Only the organisation office may %(action)s.")
NO_VOTES = gettext_lazy("Enter the votes of at least one person.")
DUPLICATE_PERSON = gettext_lazy("%(name)s is entered twice: enter each person once.")
PERSON_OTHER_VILLAGE = gettext_lazy(
    "%(name)s is on the roster of %(other)s, not of %(village)s: choose people of the village."
)
MEETING_CONFIRMED = gettext_lazy(
    "This meeting's recommendations were confirmed on %(date)s: it can no longer be changed."
)
MEETING_INVALID = gettext_lazy(
    "The meeting is invalid (%(reason)s): nobody can be recommended from it. Hold it again."
)
MEETING_TIES = gettext_lazy(
    "%(names)s are level for the last place(s): hold the re-vote among them and enter its "
    "votes before confirming."
)
NO_CANDIDATES = gettext_lazy("Select the formal candidates on the ballot.")
NOT_FORMAL = gettext_lazy(
    "%(name)s is “%(status)s”: only formal candidates (正式候选人) of this village and "
    "committee go on the ballot."
)
NO_SEATS_FOR_POST = gettext_lazy(
    "%(name)s stands for %(post)s, but the ballot has no seat for that post: enter the seats "
    "of each post."
)
PARTY_SEATS_ONLY_MEMBERS = gettext_lazy(
    "The Party members' meeting elects committee members (委员) only; the new committee "
    "elects its secretary and deputy afterwards."
)
SUPERVISION_NO_DEPUTY = gettext_lazy(
    "The supervision committee has a director and members, no deputy."
)
REGISTERED_REQUIRED = gettext_lazy("Enter the number of registered voters.")
ALREADY_APPLIED = gettext_lazy(
    "The result was applied on %(date)s: it can no longer be changed. Record a 当选无效 or a "
    "new election instead."
)
NOT_COUNTED = gettext_lazy(
    "Enter the numbers first: the election has not been counted."
)
NOT_VALID = gettext_lazy(
    "The election is invalid (%(reason)s): its result cannot become the new term."
)
HAS_TIES = gettext_lazy(
    "%(names)s are tied for the last seat(s): hold the re-vote first and apply its result."
)
PARENT_NOT_APPLIED = gettext_lazy(
    "Apply the result of the election this one follows first (%(parent)s)."
)
HAS_FOLLOWUPS = gettext_lazy(
    "Other votes follow this election (%(list)s): delete them first."
)
NUMBERS_MISSING = gettext_lazy("Enter %(field)s.")
FOLLOWUP_NOT_NEEDED = gettext_lazy(
    "This election left no %(what)s: there is nothing to vote on again."
)
FOLLOWUP_CANDIDATES = gettext_lazy(
    "Select the candidates for the %(what)s from those not elected: %(allowed)s."
)
RUNOFF_NEEDS_MORE = gettext_lazy(
    "%(post)s: %(count)s candidate(s) for %(seats)s seat(s): a separate election needs more "
    "candidates than seats."
)
REDUCE_ONLY_PARTY = gettext_lazy(
    "Seats are reduced instead of a separate election only in a Party committee election."
)
REDUCE_NOTE_REQUIRED = gettext_lazy(
    "Write the decision: who decided (more than half of the electors, or the presidium) and "
    "how many seats remain."
)
POSTS_NEED_APPLIED = gettext_lazy(
    "The committee elects its secretary and deputy after its members' election result is "
    "applied."
)
POSTS_NOT_MEMBERS = gettext_lazy(
    "%(name)s is not a member of the new Party committee: only its members can be elected "
    "secretary or deputy."
)
POSTS_SEATS = gettext_lazy(
    "Elect one secretary, and at most as many deputies as there are members."
)
VOID_REASON_REQUIRED = gettext_lazy(
    "Give the reason the election is void (e.g. 经查实存在贿选行为): it is recorded with the result."
)
VOID_NOT_ELECTED = gettext_lazy(
    "%(name)s holds no elected seat in %(village)s to declare void."
)
CANNOT_DELETE_APPLIED = gettext_lazy(
    "An applied result cannot be deleted: record a 当选无效 or a new election instead."
)
CHANGE_REASON_COUNT = gettext_lazy("Counted: %(verdict)s")

# The roster category of each committee (the values are the same strings).
CATEGORY_BY_BODY = {
    Body.PARTY_COMMITTEE: Category.PARTY_COMMITTEE,
    Body.VILLAGERS_COMMITTEE: Category.VILLAGERS_COMMITTEE,
    Body.SUPERVISION_COMMITTEE: Category.SUPERVISION_COMMITTEE,
}


# --- helpers -----------------------------------------------------------------------------------


def _require_edit(user, village) -> None:
    """Office for every village, a guide for their own; others may not write."""
    if not get_scope(user).can_edit_village(village):
        raise PermissionDenied(NOT_ALLOWED % {"village": village})


def _require_office(user, action: str) -> None:
    if not get_scope(user).can_manage:
        raise PermissionDenied(OFFICE_ONLY % {"action": action})


def _round_for(village, round=None):
    from stages.selectors import current_round

    round = round or current_round(village.township_id)
    if round is None:
        raise ValidationError(
            NO_ROUND % {"township": village.township}, code="no_round"
        )
    return round


def _findings_json(findings) -> list[dict]:
    return [asdict(f) for f in findings]


def _verdict(outcome) -> str:
    failed = outcome.failed
    if not outcome.valid:
        return "；".join(f.message for f in failed) or _("invalid")
    return _("valid")


def _relatives(person_ids) -> set[frozenset]:
    """Return the recorded close-relative pairs among and around some people."""
    person_ids = list(person_ids)
    pairs = Relationship.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "relative_id"
    )
    pairs2 = Relationship.objects.filter(relative_id__in=person_ids).values_list(
        "person_id", "relative_id"
    )
    return {frozenset(pair) for pair in [*pairs, *pairs2]}


def _lock(model, pk):
    return model.objects.select_for_update().get(pk=pk)


class ElectionExistsError(Exception):
    """The committee's election is already set up and waits for its vote."""

    def __init__(self, election: Election):
        super().__init__(election.pk)
        self.election = election


def _planned_regular(round, village, body) -> Election | None:
    return (
        Election.objects.select_for_update()
        .filter(
            round=round,
            village=village,
            body=body,
            kind=ElectionKind.REGULAR,
            status=CountStatus.PLANNED,
        )
        .first()
    )


def _post_label(post: str) -> str:
    return str(Post(post).label) if post in Post.values else post


def _line_posts(body: str) -> list[tuple[str, str]]:
    """Return (seat field, post) of a committee's ballot lines, highest post first."""
    posts = POSTS_BY_BODY[body]
    if len(posts) == 3:
        return [
            ("seats_head", posts[0]),
            ("seats_deputy", posts[1]),
            ("seats_member", posts[2]),
        ]
    return [("seats_head", posts[0]), ("seats_member", posts[1])]


# --- recommendation meetings --------------------------------------------------------------------


@transaction.atomic
def meeting_record(
    *,
    village,
    kind: str,
    held_on: date,
    seats: int,
    shortlist: int,
    entitled: int,
    present: int,
    votes: list[tuple[Person, int, str]],
    by,
    body: str = Body.PARTY_COMMITTEE,
    notes: str = "",
    meeting: RecommendationMeeting | None = None,
    round=None,
) -> RecommendationMeeting:
    """Record (or correct) a recommendation meeting and compute its outcome (P5).

    ``votes`` lists (person, votes, post recommended for). Nothing is written
    when a number is impossible.
    """
    _require_edit(by, village)
    if meeting is not None:
        meeting = _lock(RecommendationMeeting, meeting.pk)
        if meeting.confirmed_at:
            raise ValidationError(
                MEETING_CONFIRMED
                % {
                    "date": rules.base.date_text(
                        timezone.localtime(meeting.confirmed_at).date()
                    )
                }
            )
        round = meeting.round
    round = _round_for(village, round)
    if not votes:
        raise ValidationError({"votes": NO_VOTES})
    seen = set()
    for person, _count, _post in votes:
        if person.pk in seen:
            raise ValidationError({"votes": DUPLICATE_PERSON % {"name": person.name}})
        seen.add(person.pk)
        if person.village_id != village.pk:
            raise ValidationError(
                {
                    "votes": PERSON_OTHER_VILLAGE
                    % {"name": person.name, "other": person.village, "village": village}
                }
            )
    tallies = [rules.Tally(key=p.pk, votes=n, name=p.name) for p, n, _post in votes]
    outcome = rules.recommendation_meeting(
        entitled=entitled,
        present=present,
        seats=seats,
        shortlist=shortlist,
        tallies=tallies,
        rules=round.rules,
    )
    if meeting is None:
        meeting = RecommendationMeeting(round=round, village=village, recorded_by=by)
    meeting.kind = kind
    meeting.body = body
    meeting.held_on = held_on
    meeting.seats = seats
    meeting.shortlist = shortlist
    meeting.entitled = entitled
    meeting.present = present
    meeting.notes = notes
    meeting.valid = outcome.valid
    meeting.findings = _findings_json(outcome.findings)
    meeting.status = CountStatus.COUNTED
    meeting._history_user = by
    meeting._change_reason = (CHANGE_REASON_COUNT % {"verdict": _verdict(outcome)})[
        :100
    ]
    meeting.full_clean()
    meeting.save()
    meeting.votes.all().delete()
    rows = []
    for person, count, post in votes:
        result = outcome.result_for(person.pk)
        rows.append(
            MeetingVote(
                meeting=meeting,
                person=person,
                post=post or Post.MEMBER,
                votes=count,
                result=result.status if result else "",
                rule=result.rule if result else "",
                explanation=result.message if result else "",
            )
        )
    for row in rows:
        row.full_clean(exclude=["meeting"])
    bulk_create_with_history(rows, MeetingVote, default_user=by)
    return meeting


@transaction.atomic
def meeting_confirm(*, meeting: RecommendationMeeting, by) -> list[Nomination]:
    """Turn the people a valid meeting recommended into 初步人选 nominations.

    A person already nominated for the committee keeps that nomination, linked
    to the meeting. Ties at the cut must be resolved by a re-vote first.
    """
    from candidates.services import nomination_create

    meeting = _lock(RecommendationMeeting, meeting.pk)
    _require_edit(by, meeting.village)
    if meeting.confirmed_at:
        raise ValidationError(
            MEETING_CONFIRMED
            % {
                "date": rules.base.date_text(
                    timezone.localtime(meeting.confirmed_at).date()
                )
            }
        )
    if not meeting.valid:
        reason = "；".join(f["message"] for f in meeting.findings if not f["passed"])
        raise ValidationError(MEETING_INVALID % {"reason": reason})
    votes = list(meeting.votes.select_related("person__village"))
    tied = [v.person.name for v in votes if v.result == TallyStatus.TIE]
    if tied:
        raise ValidationError(MEETING_TIES % {"names": "、".join(tied)})
    nominations = []
    for vote in votes:
        if vote.result != TallyStatus.ELECTED:
            continue
        nomination = Nomination.objects.filter(
            round=meeting.round, person=vote.person, body=meeting.body
        ).first()
        if nomination is None:
            nomination = nomination_create(
                village=meeting.village,
                person=vote.person,
                body=meeting.body,
                post=vote.post,
                route=ROUTE_BY_MEETING[meeting.kind],
                by=by,
                round=meeting.round,
                notes=_("Recommended by %(meeting)s on %(date)s with %(votes)s votes.")
                % {
                    "meeting": meeting.get_kind_display(),
                    "date": rules.base.date_text(meeting.held_on),
                    "votes": vote.votes,
                },
            )
        vote.nomination = nomination
        vote._history_user = by
        vote.save(update_fields=["nomination"])
        nominations.append(nomination)
    meeting.status = CountStatus.APPLIED
    meeting.confirmed_by = by
    meeting.confirmed_at = timezone.now()
    meeting._history_user = by
    meeting.save()
    return nominations


# --- elections: set-up ----------------------------------------------------------------------------


def _staff_conflicts(
    *, candidates: dict, staff: list[tuple[Person, str]]
) -> list[rules.Finding]:
    """V8 for people: candidates vs election committee and scrutineers/tellers."""
    committee = {p.pk: p.name for p, role in staff if role == StaffRole.COMMITTEE}
    tellers = {p.pk: p.name for p, role in staff if role != StaffRole.COMMITTEE}
    relatives = _relatives(set(candidates) | set(tellers))
    return rules.election_staff_conflicts(
        candidates=candidates, committee=committee, tellers=tellers, relatives=relatives
    )


def vc_members_now(village, *, on: date | None = None) -> dict[int, str]:
    """Return the villagers' committee members in office on a day (person id → name)."""
    rows = (
        RosterMembership.objects.current(on=on)
        .filter(village=village, category=Category.VILLAGERS_COMMITTEE)
        .select_related("person")
    )
    return {row.person_id: row.person.name for row in rows}


def _supervision_conflicts(
    village, candidates: dict, *, on: date | None = None
) -> list[rules.Finding]:
    members = vc_members_now(village, on=on)
    relatives = _relatives(set(candidates) | set(members))
    return rules.supervision_conflicts(
        supervisors=candidates, vc_members=members, relatives=relatives
    )


def party_entitlement(village, *, on: date) -> rules.Entitlement:
    """P4: the 应到会 of the village's Party members' meeting on a day, from the roster."""
    members = RosterMembership.objects.current(on=on).filter(
        village=village, category=Category.PARTY_MEMBER
    )
    return rules.party_entitlement(members)


def _snapshot_entitlement(election: Election) -> rules.Entitlement:
    count = party_entitlement(election.village, on=election.held_on)
    election.entitled = count.entitled
    election.full_members = count.full
    election.excluded_members = count.excluded
    election.members_without_vote = count.no_vote
    election.probationary_members = count.probationary
    return count


@transaction.atomic
def election_setup(
    *,
    village,
    body: str,
    held_on: date,
    nominations,
    by,
    seats_head: int = 0,
    seats_deputy: int = 0,
    seats_member: int = 0,
    staff: list[tuple[Person, str]] = (),
    registered: int | None = None,
    notes: str = "",
    round=None,
    election: Election | None = None,
) -> Election:
    """Set up (or correct) an election: its day, seats per post, ballot and staff.

    The ballot is the village's formal candidates (正式候选人) for the committee,
    each on the line of their nominated post (the Party meeting elects 委员).
    Refused: a lawful-size breach (V1), too small a margin (P2), a candidate on
    the election staff or a relative counting votes (V8), a VC member or close
    relative on the supervision ballot (V11).
    """
    _require_edit(by, village)
    if election is not None:
        election = _lock(Election, election.pk)
        if election.status == CountStatus.APPLIED:
            raise ValidationError(
                ALREADY_APPLIED
                % {
                    "date": rules.base.date_text(
                        timezone.localtime(election.applied_at).date()
                    )
                }
            )
        round = election.round
    round = _round_for(village, round)
    if election is None:
        # A second set-up (a double submit, two clerks at once) finds the first.
        existing = _planned_regular(round, village, body)
        if existing is not None:
            raise ElectionExistsError(existing)
    book = round.rules
    nominations = list(nominations)
    if not nominations:
        raise ValidationError({"nominations": NO_CANDIDATES})
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(str(message))

    for n in nominations:
        if (
            n.status != NominationStatus.FORMAL
            or n.village_id != village.pk
            or n.body != body
            or n.round_id != round.pk
        ):
            add(
                "nominations",
                NOT_FORMAL % {"name": n.person.name, "status": n.get_status_display()},
            )
    seats = {
        "seats_head": seats_head,
        "seats_deputy": seats_deputy,
        "seats_member": seats_member,
    }
    if body == Body.PARTY_COMMITTEE:
        if seats_head or seats_deputy:
            add("seats_head", PARTY_SEATS_ONLY_MEMBERS)
        margin = rules.party_margin(
            seats=seats_member, candidates=len(nominations), rules=book
        )
        if seats_member and not margin.passed:
            add("nominations", margin.message)
        if not seats_member:
            add("seats_member", rules.messages.NO_SEATS)
    else:
        if body == Body.SUPERVISION_COMMITTEE and seats_deputy:
            add("seats_deputy", SUPERVISION_NO_DEPUTY)
        if body == Body.VILLAGERS_COMMITTEE:
            for message in rules.vc_seats_errors(seats=sum(seats.values()), rules=book):
                add("seats_member", message)
            # V3: each post has more candidates than seats (差额, per the rule set).
            for field, post in _line_posts(body):
                if seats[field]:
                    margin = rules.vc_candidate_margin(
                        post=str(Post(post).label),
                        seats=seats[field],
                        candidates=sum(1 for n in nominations if n.post == post),
                        rules=book,
                    )
                    if not margin.passed:
                        add("nominations", margin.message)
        line_of = {post: field for field, post in _line_posts(body)}
        for n in nominations:
            field = line_of.get(n.post)
            if field is None or not seats[field]:
                add(
                    "nominations",
                    NO_SEATS_FOR_POST
                    % {"name": n.person.name, "post": n.get_post_display()},
                )
        if registered is None:
            add("entitled", REGISTERED_REQUIRED)
    candidates = {n.person_id: n.person.name for n in nominations}
    for finding in _staff_conflicts(candidates=candidates, staff=list(staff)):
        if not finding.passed:
            add("staff", finding.message)
    if body == Body.SUPERVISION_COMMITTEE:
        for finding in _supervision_conflicts(village, candidates, on=held_on):
            if not finding.passed:
                add("nominations", finding.message)
    if errors:
        raise ValidationError(errors)

    if election is None:
        election = Election(
            round=round,
            village=village,
            body=body,
            kind=ElectionKind.REGULAR,
            recorded_by=by,
        )
    election.held_on = held_on
    election.seats_head, election.seats_deputy, election.seats_member = (
        seats_head,
        seats_deputy,
        seats_member,
    )
    election.notes = notes
    if body == Body.PARTY_COMMITTEE:
        _snapshot_entitlement(election)
    else:
        election.entitled = registered
    election.status = CountStatus.PLANNED
    election.valid = None
    election.findings, election.shortfall = [], {}
    election._history_user = by
    election.full_clean()
    try:
        with transaction.atomic():
            election.save()
    except IntegrityError:
        # The same set-up committed by a parallel request after our check
        # (PostgreSQL; SQLite's immediate transactions never get here).
        existing = _planned_regular(round, village, body)
        if existing is None:
            raise
        raise ElectionExistsError(existing) from None
    election.candidates.all().delete()
    election.staff.all().delete()
    bulk_create_with_history(
        [
            ElectionCandidate(
                election=election,
                person=n.person,
                nomination=n,
                post=Post.MEMBER if body == Body.PARTY_COMMITTEE else n.post,
            )
            for n in nominations
        ],
        ElectionCandidate,
        default_user=by,
    )
    bulk_create_with_history(
        [
            ElectionStaff(election=election, person=p, role=role)
            for p, role in dict.fromkeys(staff)
        ],
        ElectionStaff,
        default_user=by,
    )
    return election


# --- elections: counting ------------------------------------------------------------------------------


def _root(election: Election) -> Election:
    node = election
    while node.parent_id:
        node = node.parent
    return node


def _lines(
    election: Election, candidates, votes: dict[int, int]
) -> list[rules.PostTally]:
    """Build the ballot lines (highest post first) from candidates and entered votes."""
    lines = []
    for field, post in _line_posts(election.body):
        seats = getattr(election, field)
        on_line = [c for c in candidates if c.post == post]
        if not seats and not on_line:
            continue
        lines.append(
            rules.PostTally(
                post=post,
                seats=seats,
                label=_post_label(post),
                tallies=[
                    rules.Tally(
                        key=c.pk,
                        votes=votes.get(c.pk, 0),
                        name=c.person.name,
                        woman=c.person.gender == Gender.FEMALE,
                    )
                    for c in on_line
                ],
            )
        )
    return lines


def compute(election: Election, candidates, votes: dict[int, int]) -> rules.Outcome:
    """Return the outcome of an election's numbers under its round's rule set (no writes)."""
    book = election.round.rules
    issued, returned = election.ballots_issued, election.ballots_returned
    if election.kind == ElectionKind.REVOTE:
        (line,) = [
            line for line in _lines(election, candidates, votes) if line.tallies
        ] or [rules.PostTally("", 1, [])]
        rule = "P3" if election.is_party else "V6"
        return rules.revote(issued=issued, returned=returned, line=line, rule=rule)
    if election.kind == ElectionKind.POSTS:
        findings, results, shortfall = [], [], {}
        for line in _lines(election, candidates, votes):
            outcome = rules.committee_post_election(
                committee_size=election.entitled,
                present=election.present,
                seats=line.seats,
                tallies=line.tallies,
                rules=book,
            )
            findings.extend(outcome.findings)
            results.extend(outcome.results)
            if outcome.shortfall:
                shortfall[line.post] = outcome.shortfall[""]
        results = [
            rules.CandidateResult(r.key, r.votes, r.status, r.rule, r.message, post)
            for r in results
            for post in [next(c.post for c in candidates if c.pk == r.key)]
        ]
        return rules.Outcome(
            valid=True,
            findings=tuple(findings),
            results=tuple(results),
            shortfall=shortfall,
        )
    if election.is_party:
        (line,) = _lines(election, candidates, votes)
        outcome = rules.party_election(
            entitled=election.entitled,
            present=election.present,
            issued=issued,
            returned=returned,
            seats=election.seats_member,
            tallies=line.tallies,
            rules=book,
            runoff=election.kind == ElectionKind.RUNOFF,
        )
        return rules.Outcome(
            valid=outcome.valid,
            findings=outcome.findings,
            results=tuple(
                rules.CandidateResult(
                    r.key, r.votes, r.status, r.rule, r.message, Post.MEMBER
                )
                for r in outcome.results
            ),
            shortfall={Post.MEMBER: outcome.shortfall[""]} if outcome.shortfall else {},
        )
    lines = _lines(election, candidates, votes)
    if election.kind == ElectionKind.WOMEN_SEAT:
        from .women import WOMEN_SEAT_LABEL

        lines = [replace(line, label=str(WOMEN_SEAT_LABEL)) for line in lines]
    if election.kind in (ElectionKind.RUNOFF, ElectionKind.WOMEN_SEAT):
        outcome = rules.vc_runoff(
            registered=election.entitled,
            issued=issued,
            cast=returned,
            lines=lines,
            rules=book,
            election_day=_root(election).held_on,
            runoff_day=election.held_on,
        )
    else:
        outcome = rules.vc_election(
            registered=election.entitled,
            issued=issued,
            cast=returned,
            lines=lines,
            rules=book,
            election_day=election.held_on,
        )
    if election.body == Body.SUPERVISION_COMMITTEE:
        findings = [f for f in outcome.findings if f.rule != "V1"]
        people = {c.person_id: c.person.name for c in candidates}
        findings.extend(
            _supervision_conflicts(election.village, people, on=election.held_on)
        )
        outcome = rules.Outcome(
            valid=outcome.valid,
            findings=tuple(findings),
            results=outcome.results,
            shortfall=outcome.shortfall,
        )
    return outcome


@transaction.atomic
def election_count(
    *,
    election: Election,
    by,
    present: int | None = None,
    ballots_issued: int | None = None,
    ballots_returned: int | None = None,
    registered: int | None = None,
    votes: dict[int, int],
) -> Election:
    """Enter (or correct) an election's numbers; compute and store its outcome.

    ``votes`` maps ElectionCandidate ids to their votes. For a Party election
    the 应到会 is recounted from the roster on the election day (P4).
    """
    election = _lock(Election, election.pk)
    _require_edit(by, election.village)
    if not election.is_party:
        from .register import registered_count

        # The register, once it has voters, is the 登记选民数: never typed twice.
        registered = registered_count(election) or registered
        from .polling import station_ballots

        # With polling stations the ballots are their sums (V7 checked per station).
        from_stations = station_ballots(election)
        if from_stations is not None:
            ballots_issued, ballots_returned = from_stations
    if election.status == CountStatus.APPLIED:
        raise ValidationError(
            ALREADY_APPLIED
            % {
                "date": rules.base.date_text(
                    timezone.localtime(election.applied_at).date()
                )
            }
        )
    missing = {}
    needs_present = election.is_party
    if needs_present and present is None:
        missing["present"] = NUMBERS_MISSING % {
            "field": Election._meta.get_field("present").verbose_name
        }
    if election.kind != ElectionKind.POSTS:
        for name, value in (
            ("ballots_issued", ballots_issued),
            ("ballots_returned", ballots_returned),
        ):
            if value is None:
                missing[name] = NUMBERS_MISSING % {
                    "field": Election._meta.get_field(name).verbose_name
                }
    if not election.is_party and registered is None and election.entitled is None:
        missing["entitled"] = REGISTERED_REQUIRED
    if missing:
        raise ValidationError(missing)
    entitlement_findings = []
    if election.is_party:
        if election.kind != ElectionKind.POSTS:
            entitlement_findings = _snapshot_entitlement(election).findings
        election.present = present
    elif registered is not None:
        election.entitled = registered
    if election.kind == ElectionKind.POSTS:
        ballots_issued = ballots_returned = present
    election.ballots_issued = ballots_issued
    election.ballots_returned = ballots_returned
    candidates = list(election.candidates.select_related("person"))
    votes = {c.pk: int(votes.get(c.pk) or 0) for c in candidates}
    outcome = compute(election, candidates, votes)
    staff = [(s.person, s.role) for s in election.staff.select_related("person")]
    findings = [*entitlement_findings, *outcome.findings]
    if staff:
        findings.extend(
            _staff_conflicts(
                candidates={c.person_id: c.person.name for c in candidates}, staff=staff
            )
        )
    election.valid = outcome.valid
    election.findings = _findings_json(findings)
    election.shortfall = dict(outcome.shortfall)
    election.status = CountStatus.COUNTED
    election.counted_by = by
    election.counted_at = timezone.now()
    election._history_user = by
    election._change_reason = (CHANGE_REASON_COUNT % {"verdict": _verdict(outcome)})[
        :100
    ]
    election.full_clean()
    election.save()
    for candidate in candidates:
        result = outcome.result_for(candidate.pk)
        candidate.votes = votes[candidate.pk]
        candidate.result = result.status if result else ""
        candidate.rule = result.rule if result else ""
        candidate.explanation = result.message if result else ""
        candidate._history_user = by
    bulk_update_with_history(
        candidates,
        ElectionCandidate,
        ["votes", "result", "rule", "explanation"],
        default_user=by,
        default_change_reason=election._change_reason,
    )
    from .loop import close_the_loop
    from .women import refresh_women_flag

    refresh_women_flag(election, by=by)
    # The timetable step this vote is evidence of (done, or open with the reason).
    election.task_notes = close_the_loop(election, by=by)
    return election


# --- elections: the chain of votes of one committee ----------------------------------------------


def _chain(root: Election) -> list[Election]:
    """Return an election and every vote that follows it (另行选举, re-votes, posts)."""
    rows = list(
        Election.objects.filter(
            round_id=root.round_id, village_id=root.village_id, body=root.body
        ).order_by("held_on", "pk")
    )
    by_parent: dict[int | None, list[Election]] = {}
    for row in rows:
        by_parent.setdefault(row.parent_id, []).append(row)
    chain, todo = [], [root.pk]
    by_pk = {row.pk: row for row in rows}
    while todo:
        pk = todo.pop(0)
        chain.append(by_pk.get(pk, root))
        todo.extend(child.pk for child in by_parent.get(pk, []))
    return chain


def _open_lines(election: Election) -> set[str]:
    """Return the posts still to be decided after an election (unfilled or tied seats)."""
    open_posts = set(election.shortfall or {})
    if election.shortfall_decision == ShortfallDecision.REDUCE:
        open_posts = set()
    open_posts |= set(
        election.candidates.filter(result=TallyStatus.TIE).values_list(
            "post", flat=True
        )
    )
    return open_posts


def _close_lines(election: Election, *, by) -> None:
    """Record 落选 for the candidates of posts this election has finally decided.

    A post is decided when it has no unfilled or tied seats left; its candidates
    across the chain of votes who were not elected become 落选. Candidates of an
    undecided post keep their formal status for the 另行选举 or re-vote.
    """
    from candidates.services import nomination_record_result

    if election.kind == ElectionKind.POSTS:
        return
    lines = (
        {post for _field, post in _line_posts(election.body)}
        if not election.is_party
        else {Post.MEMBER}
    )
    decided = lines - _open_lines(election)
    if not decided:
        return
    chain = _chain(_root(election))
    rows = ElectionCandidate.objects.filter(
        election__in=chain, post__in=decided, nomination__status=NominationStatus.FORMAL
    ).select_related("nomination")
    elected = set(
        ElectionCandidate.objects.filter(
            election__in=chain, result=TallyStatus.ELECTED
        ).values_list("nomination_id", flat=True)
    )
    done = set(elected)
    for row in rows:
        if row.nomination_id not in done:
            done.add(row.nomination_id)
            nomination_record_result(nomination=row.nomination, elected=False, by=by)


# --- elections: applying the result --------------------------------------------------------------


def _date(value) -> str:
    return rules.base.date_text(timezone.localtime(value).date()) if value else "—"


@transaction.atomic
def election_apply(*, election: Election, by) -> Election:
    """Make an election's result the new term on the roster.

    Regular election: the committee's members in office end on the election
    day, the winners start on it. 另行选举 and re-vote: their winners join. The
    Party committee's posts election: its winners become 书记/副书记. Winners'
    nominations become 当选; decided posts' other candidates 落选.
    """
    from candidates.services import nomination_record_result

    election = _lock(Election, election.pk)
    _require_office(by, _("apply election results"))
    if election.status == CountStatus.APPLIED:
        raise ValidationError(ALREADY_APPLIED % {"date": _date(election.applied_at)})
    if election.status != CountStatus.COUNTED:
        raise ValidationError(NOT_COUNTED)
    if not election.valid:
        reason = "；".join(f["message"] for f in election.findings if not f["passed"])
        raise ValidationError(NOT_VALID % {"reason": reason})
    if election.parent_id and election.parent.status != CountStatus.APPLIED:
        raise ValidationError(PARENT_NOT_APPLIED % {"parent": election.parent})
    category = CATEGORY_BY_BODY[election.body]
    village, day = election.village, election.held_on
    winners = list(
        election.candidates.filter(
            result=TallyStatus.ELECTED, void=False
        ).select_related("person", "nomination")
    )
    note = _("Elected on %(date)s (%(election)s).") % {
        "date": rules.base.date_text(day),
        "election": election.get_kind_display(),
    }
    if election.kind == ElectionKind.POSTS:
        members = {
            m.person_id: m
            for m in RosterMembership.objects.current(on=day).filter(
                village=village, category=category
            )
        }
        for winner in winners:
            membership = members.get(winner.person_id)
            if membership is None:
                raise ValidationError(POSTS_NOT_MEMBERS % {"name": winner.person.name})
            membership.post = winner.post
            membership._history_user = by
            membership._change_reason = note[:100]
            membership.save(update_fields=["post"])
    else:
        if election.kind == ElectionKind.REGULAR:
            for old in RosterMembership.objects.current(on=day).filter(
                village=village, category=category
            ):
                old.end_date = day
                old._history_user = by
                old._change_reason = _("Term ended by the election of %(date)s.") % {
                    "date": rules.base.date_text(day)
                }
                old.full_clean()
                old.save(update_fields=["end_date"])
        for winner in winners:
            membership = RosterMembership(
                person=winner.person,
                village=village,
                category=category,
                post=winner.post,
                start_date=day,
                notes=note[:200],
            )
            membership._history_user = by
            membership.full_clean()
            membership.save()
            if (
                winner.nomination
                and winner.nomination.status == NominationStatus.FORMAL
            ):
                nomination_record_result(
                    nomination=winner.nomination, elected=True, by=by
                )
    election.status = CountStatus.APPLIED
    election.applied_by = by
    election.applied_at = timezone.now()
    election._history_user = by
    election.save()
    _close_lines(election, by=by)
    return election


# --- elections: 另行选举, re-vote, posts, seat reduction ---------------------------------------------


@transaction.atomic
def election_followup(
    *,
    election: Election,
    kind: str,
    held_on: date,
    by,
    candidate_ids=None,
    posts: dict[int, str] | None = None,
    seats_deputy: int = 0,
) -> Election:
    """Set up the vote that follows an election.

    ``RUNOFF`` (另行选举): the unfilled seats, with candidates not elected on
    those posts (by default the most votes, one more than the seats). ``REVOTE``:
    the tied candidates for the tied seats. ``POSTS``: the new Party committee
    elects one 书记 and ``seats_deputy`` 副书记 among its members; ``posts`` maps
    person ids to the post they stand for.
    """
    parent = _lock(Election, election.pk)
    _require_edit(by, parent.village)
    if parent.status == CountStatus.PLANNED:
        raise ValidationError(NOT_COUNTED)
    if not parent.valid:
        reason = "；".join(f["message"] for f in parent.findings if not f["passed"])
        raise ValidationError(NOT_VALID % {"reason": reason})
    followup = Election(
        round=parent.round,
        village=parent.village,
        body=parent.body,
        kind=kind,
        parent=parent,
        held_on=held_on,
        recorded_by=by,
        entitled=parent.entitled if not parent.is_party else None,
    )
    rows: list[ElectionCandidate] = []
    parent_candidates = list(parent.candidates.select_related("person", "nomination"))
    if kind == ElectionKind.POSTS:
        if not parent.is_party or parent.status != CountStatus.APPLIED:
            raise ValidationError(POSTS_NEED_APPLIED)
        members = {
            m.person_id: m.person
            for m in RosterMembership.objects.current(on=held_on)
            .filter(
                village=parent.village,
                category=Category.PARTY_COMMITTEE,
                start_date__gte=_root(parent).held_on,
            )
            .select_related("person")
        }
        posts = posts or {}
        if not posts or seats_deputy < 0 or seats_deputy >= len(members):
            raise ValidationError({"posts": POSTS_SEATS})
        for person_id, post in posts.items():
            if person_id not in members:
                person = Person.objects.get(pk=person_id)
                raise ValidationError(
                    {"posts": POSTS_NOT_MEMBERS % {"name": person.name}}
                )
            rows.append(ElectionCandidate(person=members[person_id], post=post))
        followup.seats_head, followup.seats_deputy = 1, seats_deputy
        followup.entitled = len(members)
    elif kind == ElectionKind.REVOTE:
        tied = [c for c in parent_candidates if c.result == TallyStatus.TIE]
        if not tied:
            raise ValidationError(FOLLOWUP_NOT_NEEDED % {"what": _("tie")})
        post = tied[0].post
        elected_on_post = sum(
            1
            for c in parent_candidates
            if c.post == post and c.result == TallyStatus.ELECTED
        )
        seats = _seats_of(parent, post) - elected_on_post
        _set_seats(followup, post, seats)
        rows = [
            ElectionCandidate(person=c.person, nomination=c.nomination, post=c.post)
            for c in tied
            if c.post == post
        ]
    elif kind == ElectionKind.RUNOFF:
        open_seats = {p: n for p, n in (parent.shortfall or {}).items() if n}
        if not open_seats:
            raise ValidationError(FOLLOWUP_NOT_NEEDED % {"what": _("unfilled seat")})
        losers = [
            c
            for c in parent_candidates
            if c.post in open_seats and c.result == TallyStatus.NOT_ELECTED
        ]
        if candidate_ids is None:
            chosen = []
            for post, seats in open_seats.items():
                on_post = sorted(
                    (c for c in losers if c.post == post), key=lambda c: -(c.votes or 0)
                )
                chosen.extend(on_post[: seats + 1])
        else:
            wanted = {int(pk) for pk in candidate_ids}
            chosen = [c for c in losers if c.pk in wanted]
            if len(chosen) != len(wanted) or not chosen:
                allowed = "、".join(c.person.name for c in losers) or "—"
                raise ValidationError(
                    {
                        "candidates": FOLLOWUP_CANDIDATES
                        % {"what": _("separate election"), "allowed": allowed}
                    }
                )
        for post, seats in open_seats.items():
            count = sum(1 for c in chosen if c.post == post)
            minimum = seats if parent.is_party else seats + 1
            if count < minimum:
                raise ValidationError(
                    {
                        "candidates": RUNOFF_NEEDS_MORE
                        % {"post": _post_label(post), "count": count, "seats": seats}
                    }
                )
            _set_seats(followup, post, seats)
        rows = [
            ElectionCandidate(person=c.person, nomination=c.nomination, post=c.post)
            for c in chosen
        ]
        if parent.is_party:
            parent.shortfall_decision = ShortfallDecision.RUNOFF
            parent._history_user = by
            parent.save(update_fields=["shortfall_decision"])
    elif kind == ElectionKind.WOMEN_SEAT:
        from .women import women_seat_rows

        # ``candidate_ids`` are the women's person ids here (any woman of the village).
        rows = women_seat_rows(parent, followup, candidate_ids)
    else:  # pragma: no cover - the views offer only the four kinds
        raise ValidationError(_("Unknown kind of vote."))
    if followup.is_party and kind != ElectionKind.POSTS:
        _snapshot_entitlement(followup)
    followup._history_user = by
    followup.full_clean()
    followup.save()
    for row in rows:
        row.election = followup
    bulk_create_with_history(rows, ElectionCandidate, default_user=by)
    return followup


def _seats_of(election: Election, post: str) -> int:
    for field, line_post in _line_posts(election.body):
        if line_post == post:
            return getattr(election, field)
    return election.seats_member if post == Post.MEMBER else 0


def _set_seats(election: Election, post: str, seats: int) -> None:
    if election.is_party:
        election.seats_member = seats
        return
    for field, line_post in _line_posts(election.body):
        if line_post == post:
            setattr(election, field, seats)


@transaction.atomic
def election_reduce_seats(
    *, election: Election, consent: int, note: str, by
) -> Election:
    """P3: record that the Party members' meeting reduced the seats instead of a 另行选举.

    Needs more than party_win_share of the electors present agreeing; the
    decision and its numbers are kept with the election.
    """
    election = _lock(Election, election.pk)
    _require_edit(by, election.village)
    if not election.is_party:
        raise ValidationError(REDUCE_ONLY_PARTY)
    if election.status == CountStatus.PLANNED:
        raise ValidationError(NOT_COUNTED)
    if not election.shortfall:
        raise ValidationError(FOLLOWUP_NOT_NEEDED % {"what": _("unfilled seat")})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"decision_note": REDUCE_NOTE_REQUIRED})
    finding = rules.seat_reduction(
        present=election.present or 0, consent=consent, rules=election.round.rules
    )
    if not finding.passed:
        raise ValidationError({"decision_consent": finding.message})
    election.shortfall_decision = ShortfallDecision.REDUCE
    election.decision_consent = consent
    election.decision_note = note
    election.findings = [*election.findings, asdict(finding)]
    election._history_user = by
    election._change_reason = _("Seats reduced")
    election.full_clean()
    election.save()
    if election.status == CountStatus.APPLIED:
        _close_lines(election, by=by)
    return election


# --- 当选无效 and deletion -----------------------------------------------------------------------------


@transaction.atomic
def election_void(*, person, village, reason: str, by) -> list[ElectionCandidate]:
    """Declare a person's election in a village void (当选无效), e.g. after a 贿选 report.

    Their elected results are marked void with the reason, and their committee
    seats on the roster end today; the vacancy is filled by a by-election.
    Called by the organisation office's page and by the discipline app's 处置
    (which checks its own roles); ``by`` must belong to the village's township.
    Returns the voided results.
    """
    if not get_scope(by).sees_township(village.township_id):
        raise PermissionDenied(NOT_ALLOWED % {"village": village})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": VOID_REASON_REQUIRED})
    today = timezone.localdate()
    rows = list(
        ElectionCandidate.objects.select_for_update()
        .filter(
            person=person,
            election__village=village,
            election__status=CountStatus.APPLIED,
            result=TallyStatus.ELECTED,
            void=False,
        )
        .select_related("election")
    )
    if not rows:
        raise ValidationError(
            VOID_NOT_ELECTED % {"name": person.name, "village": village}
        )
    categories = set()
    for row in rows:
        row.void = True
        row.void_reason = reason
        row.voided_at = timezone.now()
        row.voided_by = by
        row._history_user = by
        row._change_reason = _("Election void")
        row.full_clean()
        row.save()
        categories.add(CATEGORY_BY_BODY[row.election.body])
    for membership in RosterMembership.objects.current(on=today).filter(
        person=person, village=village, category__in=categories
    ):
        membership.end_date = max(today, membership.start_date or today)
        membership._history_user = by
        membership._change_reason = (
            _("Election void: %(reason)s") % {"reason": reason}
        )[:100]
        membership.full_clean()
        membership.save(update_fields=["end_date"])
    from .women import refresh_women_flag

    for row in rows:
        refresh_women_flag(row.election, by=by)
    return rows


@transaction.atomic
def election_delete(*, election: Election, by) -> None:
    """Delete an election entered in error (not once its result is applied)."""
    election = _lock(Election, election.pk)
    _require_edit(by, election.village)
    if election.status == CountStatus.APPLIED:
        raise ValidationError(CANNOT_DELETE_APPLIED)
    followups = list(election.followups.all())
    if followups:
        raise ValidationError(
            HAS_FOLLOWUPS
            % {"list": "、".join(str(f.get_kind_display()) for f in followups)}
        )
    if (
        election.parent_id
        and election.kind == ElectionKind.RUNOFF
        and election.is_party
    ):
        parent = election.parent
        parent.shortfall_decision = ShortfallDecision.NONE
        parent._history_user = by
        parent.save(update_fields=["shortfall_decision"])
    election._history_user = by
    parent = election.parent
    election.delete()
    if parent is not None and election.kind == ElectionKind.WOMEN_SEAT:
        from .women import refresh_women_flag

        refresh_women_flag(parent, by=by)

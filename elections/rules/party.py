"""Party committee rules: P1 quorum, P2 差额, P3 winners, P4 who votes, P5 recommendations.

Basis: 中国共产党基层组织选举工作条例 (2020) 第五、十三条 and the 2021 village
procedure (两推一选); the numbers come from the round's rule set.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from villages.choices import PartyMemberKind, VotingStatus

from . import messages as m
from .base import (
    PARTY_MARGIN,
    PARTY_QUORUM,
    PARTY_WIN_SHARE,
    RECOMMEND_ATTENDANCE,
    RECOMMEND_MARGIN,
    Errors,
    Finding,
    Outcome,
    PostTally,
    Tally,
    ballots_returned,
    decide_line,
    fill,
    threshold,
)

# --- P4 ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entitlement:
    """The 应到会有选举权人数 of a Party members' meeting and how it was counted."""

    entitled: int
    full: int
    excluded: int
    no_vote: int
    probationary: int
    unapproved_exclusions: int

    @property
    def findings(self) -> list[Finding]:
        findings = [
            Finding(
                "P4",
                True,
                fill(
                    m.P4_COUNT,
                    entitled=self.entitled,
                    full=self.full,
                    excluded=self.excluded,
                    no_vote=self.no_vote,
                    probationary=self.probationary,
                ),
            )
        ]
        if self.unapproved_exclusions:
            findings.append(
                Finding(
                    "P4", False, fill(m.P4_UNAPPROVED, count=self.unapproved_exclusions)
                )
            )
        return findings


def party_entitlement(members: Iterable) -> Entitlement:
    """P4: count the 应到会 from a village's Party-member roster rows.

    Each row has ``party_member_kind``, ``voting_status``, ``excluded_from_quorum``
    and ``exclusion_approval``. Only full members vote; those under 留党察看 or
    留置/逮捕 do not; an exclusion from 应到会 counts only once its approval is
    recorded (an unapproved one is reported).
    """
    full = excluded = no_vote = probationary = unapproved = 0
    for member in members:
        if member.party_member_kind == PartyMemberKind.PROBATIONARY:
            probationary += 1
            continue
        if member.party_member_kind != PartyMemberKind.FULL:
            continue
        full += 1
        if member.voting_status in (VotingStatus.PROBATION, VotingStatus.DETAINED):
            no_vote += 1
        elif member.excluded_from_quorum and (member.exclusion_approval or "").strip():
            excluded += 1
        elif member.excluded_from_quorum:
            unapproved += 1
    return Entitlement(
        entitled=full - excluded - no_vote,
        full=full,
        excluded=excluded,
        no_vote=no_vote,
        probationary=probationary,
        unapproved_exclusions=unapproved,
    )


# --- P1 / P2 --------------------------------------------------------------------------------


def party_quorum(*, entitled: int, present: int, rules) -> Finding:
    """P1: the meeting may elect iff voting members present > party_quorum of 应到会."""
    rule = threshold(rules, PARTY_QUORUM)
    params = {
        "present": present,
        "entitled": entitled,
        **rule.params(),
        "needed": rule.needed(entitled),
    }
    if rule.met(present, entitled):
        return Finding("P1", True, fill(m.P1_VALID, **params), PARTY_QUORUM)
    return Finding("P1", False, fill(m.P1_INVALID, **params), PARTY_QUORUM)


def _surplus_needed(rules, key: str, seats: int) -> int:
    """Return the fewest people for ``seats`` with the rule's surplus, and more than seats."""
    return seats + max(threshold(rules, key).needed(seats), 1)


def party_margin_needed(*, seats: int, rules) -> int:
    """P2: the fewest candidates for ``seats`` — a party_margin surplus, and more than seats."""
    return _surplus_needed(rules, PARTY_MARGIN, seats)


def party_margin(*, seats: int, candidates: int, rules) -> Finding:
    """P2: 差额 — the surplus of candidates over seats meets party_margin (and is ≥ 1)."""
    needed = party_margin_needed(seats=seats, rules=rules)
    params = {
        "seats": seats,
        "candidates": candidates,
        **threshold(rules, PARTY_MARGIN).params(percent=True),
        "needed": needed,
    }
    if candidates >= needed:
        return Finding("P2", True, fill(m.P2_OK, **params), PARTY_MARGIN)
    return Finding("P2", False, fill(m.P2_SHORT, **params), PARTY_MARGIN)


# --- P3 --------------------------------------------------------------------------------------


def _check_party_numbers(
    *, entitled, present, issued, returned, seats, tallies
) -> None:
    errors = Errors()
    errors.non_negative(
        entitled=entitled, present=present, issued=issued, returned=returned
    )
    if entitled == 0:
        errors.add("entitled", fill(m.ENTITLED_ZERO))
    if present > entitled >= 0:
        errors.add(
            "present", fill(m.PRESENT_OVER_ENTITLED, present=present, entitled=entitled)
        )
    if issued > present >= 0:
        errors.add(
            "issued", fill(m.ISSUED_OVER_PRESENT, issued=issued, present=present)
        )
    label = fill(m.COMMITTEE_MEMBERS)
    errors.tallies(
        [PostTally("", seats, tuple(tallies), label=label)], max(returned, 0)
    )
    errors.raise_if_any()


def party_election(
    *,
    entitled: int,
    present: int,
    issued: int,
    returned: int,
    seats: int,
    tallies: Sequence[Tally],
    rules,
    runoff: bool = False,
) -> Outcome:
    """Compute a Party committee election (P1, P2, V7, P3) from its numbers.

    ``entitled`` is the 应到会有选举权人数 (P4). A winner needs more than
    party_win_share of it; over-subscribed seats go by votes; candidates level
    at the last seat vote again; unfilled seats are a shortfall (另行选举, or a
    recorded seat reduction). A 另行选举 (``runoff=True``) is not bound by P2.
    """
    _check_party_numbers(
        entitled=entitled,
        present=present,
        issued=issued,
        returned=returned,
        seats=seats,
        tallies=tallies,
    )
    findings = [party_quorum(entitled=entitled, present=present, rules=rules)]
    if not runoff:
        findings.append(party_margin(seats=seats, candidates=len(tallies), rules=rules))
    findings.append(ballots_returned(issued=issued, returned=returned))
    if not all(f.passed for f in findings):
        return Outcome(valid=False, findings=tuple(findings))
    return Outcome(
        valid=True,
        **_decide(
            entitled=entitled,
            seats=seats,
            tallies=tallies,
            rules=rules,
            findings=findings,
        ),
    )


def _decide(*, entitled, seats, tallies, rules, findings) -> dict:
    rule = threshold(rules, PARTY_WIN_SHARE)
    base = {"entitled": entitled, **rule.params(), "needed": rule.needed(entitled)}
    decision = decide_line(
        PostTally("", seats, tuple(tallies)),
        rule="P3",
        passes=lambda t: rule.met(t.votes, entitled),
        elected=lambda t: fill(m.P3_ELECTED, votes=t.votes, **base),
        below=lambda t: fill(m.P3_BELOW, votes=t.votes, **base),
        outranked_message=m.P3_OUTRANKED,
        tie_message=m.P3_TIE,
    )
    shortfall = {}
    findings = list(findings)
    if decision.left > 0 and not decision.tied:
        shortfall[""] = decision.left
        findings.append(
            Finding(
                "P3", False, fill(m.P3_SHORTFALL, count=decision.left), PARTY_WIN_SHARE
            )
        )
    return {
        "findings": tuple(findings),
        "results": tuple(decision.results),
        "shortfall": shortfall,
    }


def seat_reduction(*, present: int, consent: int, rules) -> Finding:
    """P3: instead of a 另行选举, seats may be cut with more than half the electors' consent."""
    errors = Errors()
    errors.non_negative(present=present, consent=consent)
    if consent > present >= 0:
        errors.add(
            "consent", fill(m.CONSENT_OVER_PRESENT, consent=consent, present=present)
        )
    errors.raise_if_any()
    rule = threshold(rules, PARTY_WIN_SHARE)
    params = {
        "consent": consent,
        "present": present,
        "rule": rule.text(),
        "needed": rule.needed(present),
    }
    if rule.met(consent, present):
        return Finding("P3", True, fill(m.P3_REDUCE_OK, **params), PARTY_WIN_SHARE)
    return Finding("P3", False, fill(m.P3_REDUCE_SHORT, **params), PARTY_WIN_SHARE)


def committee_post_election(
    *, committee_size: int, present: int, seats: int, tallies: Sequence[Tally], rules
) -> Outcome:
    """P3 applied by the new committee electing its 书记 or 副书记 (等额 or 差额).

    The committee's members are the 应到会: a post goes to a member with more than
    party_win_share of them, which already requires most of them present.
    """
    _check_party_numbers(
        entitled=committee_size,
        present=present,
        issued=present,
        returned=present,
        seats=seats,
        tallies=tallies,
    )
    return Outcome(
        valid=True,
        **_decide(
            entitled=committee_size,
            seats=seats,
            tallies=tallies,
            rules=rules,
            findings=[],
        ),
    )


# --- P5 -----------------------------------------------------------------------------------------


def recommend_attendance(*, entitled: int, present: int, rules) -> Finding:
    """P5: a recommendation meeting is valid iff more than recommend_attendance attend."""
    rule = threshold(rules, RECOMMEND_ATTENDANCE)
    params = {
        "present": present,
        "entitled": entitled,
        "rule": rule.text(),
        "needed": rule.needed(entitled),
    }
    if rule.met(present, entitled):
        return Finding("P5", True, fill(m.P5_VALID, **params), RECOMMEND_ATTENDANCE)
    return Finding("P5", False, fill(m.P5_INVALID, **params), RECOMMEND_ATTENDANCE)


def recommend_margin_needed(*, seats: int, rules) -> int:
    """P5: the fewest people to recommend for ``seats`` (a recommend_margin surplus)."""
    return _surplus_needed(rules, RECOMMEND_MARGIN, seats)


def recommend_margin(*, seats: int, shortlist: int, rules) -> Finding:
    """P5: 差额 — the people recommended exceed the seats by recommend_margin."""
    needed = recommend_margin_needed(seats=seats, rules=rules)
    params = {
        "seats": seats,
        "shortlist": shortlist,
        **threshold(rules, RECOMMEND_MARGIN).params(percent=True),
        "needed": needed,
    }
    if shortlist >= needed:
        return Finding("P5", True, fill(m.P5_MARGIN_OK, **params), RECOMMEND_MARGIN)
    return Finding("P5", False, fill(m.P5_MARGIN_SHORT, **params), RECOMMEND_MARGIN)


def recommendation_meeting(
    *,
    entitled: int,
    present: int,
    seats: int,
    shortlist: int,
    tallies: Sequence[Tally],
    rules,
) -> Outcome:
    """Compute a 党员推荐大会 or 村民代表会议推荐 (P5).

    The ``shortlist`` people with most votes are recommended as 初步人选. The
    meeting needs more than recommend_attendance present, and the shortlist must
    exceed the seats by recommend_margin. People level at the cut vote again.
    """
    errors = Errors()
    errors.non_negative(entitled=entitled, present=present, shortlist=shortlist)
    if entitled == 0:
        errors.add("entitled", fill(m.ENTITLED_ZERO))
    if present > entitled >= 0:
        errors.add(
            "present", fill(m.PRESENT_OVER_ENTITLED, present=present, entitled=entitled)
        )
    if seats <= 0:
        errors.add("seats", fill(m.NO_SEATS))
    for tally in tallies:
        if tally.votes < 0:
            errors.add("votes", fill(m.NEGATIVE))
        elif tally.votes > present:
            errors.add(
                "votes",
                fill(
                    m.VOTES_OVER_PRESENT,
                    name=tally.name or tally.key,
                    votes=tally.votes,
                    present=present,
                ),
            )
    if len(tallies) < shortlist:
        errors.add(
            "shortlist", fill(m.FEW_NOMINEES, count=len(tallies), shortlist=shortlist)
        )
    errors.raise_if_any()

    findings = [
        recommend_attendance(entitled=entitled, present=present, rules=rules),
        recommend_margin(seats=seats, shortlist=shortlist, rules=rules),
    ]
    if not all(f.passed for f in findings):
        return Outcome(valid=False, findings=tuple(findings))
    decision = decide_line(
        PostTally("", shortlist, tuple(tallies)),
        rule="P5",
        passes=lambda t: True,
        elected=lambda t: fill(m.P5_RECOMMENDED, votes=t.votes, shortlist=shortlist),
        below=lambda t: "",
        outranked_message=m.P5_NOT_RECOMMENDED,
        tie_message=m.P5_TIE,
    )
    return Outcome(
        valid=True, findings=tuple(findings), results=tuple(decision.results)
    )

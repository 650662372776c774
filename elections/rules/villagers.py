"""Villagers' committee and supervision committee rules: V1, V5, V6, V7, V8, V10, V11.

Basis: 村民委员会组织法 (2018) 第六、十二、十五、二十、三十二条 and the provincial
election measures; the numbers come from the round's rule set.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from datetime import date, timedelta

from . import messages as m
from .base import (
    HANDOVER_DAYS_AFTER,
    RUNOFF_WITHIN_DAYS,
    VC_CANDIDATE_SURPLUS,
    VC_RUNOFF_MIN_SHARE,
    VC_RUNOFF_TURNOUT,
    VC_SIZE_MAX,
    VC_SIZE_MIN,
    VC_VALID_TURNOUT,
    VC_WIN_SHARE,
    VC_WITHDRAWAL_DAYS,
    CandidateResult,
    Errors,
    Finding,
    Outcome,
    PostTally,
    ResultStatus,
    Tally,
    ballots_returned,
    date_text,
    decide_line,
    fill,
    threshold,
    whole,
)

# --- V1 --------------------------------------------------------------------------------


def vc_composition(*, size: int, women: int, rules) -> list[Finding]:
    """V1: a villagers' committee has vc_size_min–vc_size_max members, a woman among them."""
    low, high = whole(rules, VC_SIZE_MIN), whole(rules, VC_SIZE_MAX)
    params = {"size": size, "low": low, "high": high, "women": women}
    if size < low:
        findings = [Finding("V1", False, fill(m.V1_SIZE_LOW, **params), VC_SIZE_MIN)]
    elif size > high:
        findings = [Finding("V1", False, fill(m.V1_SIZE_HIGH, **params), VC_SIZE_MAX)]
    else:
        findings = [Finding("V1", True, fill(m.V1_SIZE_OK, **params), VC_SIZE_MIN)]
    if women >= 1:
        findings.append(Finding("V1", True, fill(m.V1_WOMAN_OK, **params), VC_SIZE_MIN))
    else:
        findings.append(
            Finding("V1", False, fill(m.V1_NO_WOMAN, **params), VC_SIZE_MIN)
        )
    return findings


def vc_seats_errors(*, seats: int, rules) -> list[str]:
    """V1 at set-up: the seats on the ballot must add up to a lawful committee size."""
    low, high = whole(rules, VC_SIZE_MIN), whole(rules, VC_SIZE_MAX)
    if low <= seats <= high:
        return []
    return [fill(m.SEATS_OUTSIDE_SIZE, seats=seats, low=low, high=high)]


# --- V3 --------------------------------------------------------------------------------


def vc_candidates_needed(*, seats: int, rules) -> int:
    """V3: the fewest candidates for ``seats`` on one post (seats + vc_candidate_surplus).

    The law only says "more than the seats"; a rule set without the row, or with
    0 in it, still asks for one more.
    """
    try:
        surplus = rules.get(VC_CANDIDATE_SURPLUS)
    except KeyError:
        surplus = None
    return seats + max(int(surplus or 0), 1)


def vc_candidate_margin(*, post: str, seats: int, candidates: int, rules) -> Finding:
    """V3: a post of the villagers' committee has more candidates than seats (差额)."""
    needed = vc_candidates_needed(seats=seats, rules=rules)
    params = {"post": post, "seats": seats, "candidates": candidates, "needed": needed}
    if candidates >= needed:
        return Finding("V3", True, fill(m.V3_OK, **params), VC_CANDIDATE_SURPLUS)
    return Finding("V3", False, fill(m.V3_SHORT, **params), VC_CANDIDATE_SURPLUS)


# --- V5 ----------------------------------------------------------------------------------


def vc_turnout(
    *, registered: int, cast: int, rules, key: str = VC_VALID_TURNOUT
) -> Finding:
    """V5: valid iff more than vc_valid_turnout of the registered voters vote."""
    rule = threshold(rules, key)
    params = {
        "cast": cast,
        "registered": registered,
        "rule": rule.text(),
        "needed": rule.needed(registered),
    }
    if rule.met(cast, registered):
        return Finding("V5", True, fill(m.V5_VALID, **params), key)
    return Finding("V5", False, fill(m.V5_INVALID, **params), key)


def vc_runoff_turnout(*, registered: int, cast: int, rules) -> Finding:
    """V5 for a 另行选举: the vc_runoff_turnout row of the rule set decides.

    Its share of the registered voters must vote, as in the election (the
    default); a province whose measures do not require it sets the row to 0. A
    rule set without the row (loaded before it existed) keeps the statutory
    reading: a 另行选举 is an election and needs vc_valid_turnout.
    """
    try:
        value = rules.get(VC_RUNOFF_TURNOUT)
    except KeyError:
        value = None
    if value is None:
        return vc_turnout(registered=registered, cast=cast, rules=rules)
    if value == 0:
        return Finding(
            "V5",
            True,
            fill(m.V5_RUNOFF_NOT_REQUIRED, cast=cast, registered=registered),
            VC_RUNOFF_TURNOUT,
        )
    return vc_turnout(
        registered=registered, cast=cast, rules=rules, key=VC_RUNOFF_TURNOUT
    )


def _check_numbers(*, registered, issued, cast, lines) -> None:
    errors = Errors()
    errors.non_negative(registered=registered, issued=issued, cast=cast)
    if cast > registered >= 0:
        errors.add(
            "cast", fill(m.CAST_OVER_REGISTERED, cast=cast, registered=registered)
        )
    errors.tallies(lines, max(cast, 0))
    errors.raise_if_any()


def runoff_deadline(*, election_day: date, rules) -> date:
    """V6: the last day a 另行选举 may be held (runoff_within_days after the election)."""
    return election_day + timedelta(days=whole(rules, RUNOFF_WITHIN_DAYS))


def withdrawal_deadline(*, election_day: date, rules) -> date:
    """候选人退出: the last day a formal candidate's written withdrawal may be received.

    vc_withdrawal_days before the election day (浙江 第十九条: 选举日3日前).
    """
    return election_day - timedelta(days=whole(rules, VC_WITHDRAWAL_DAYS))


def handover_deadline(*, elected_on: date, rules) -> date:
    """V10: the work is handed over within handover_days_after of the new committee's birth."""
    return elected_on + timedelta(days=whole(rules, HANDOVER_DAYS_AFTER))


def _shortfall(line: PostTally, left: int, rules, election_day: date | None) -> Finding:
    deadline = (
        runoff_deadline(election_day=election_day, rules=rules)
        if election_day
        else None
    )
    return Finding(
        "V6",
        False,
        fill(
            m.V6_SHORTFALL,
            count=left,
            post=line.label or line.post,
            days=whole(rules, RUNOFF_WITHIN_DAYS),
            deadline=date_text(deadline),
        ),
        RUNOFF_WITHIN_DAYS,
    )


def _decide_lines(lines, *, cast, rules, election_day, runoff: bool):
    if runoff:
        rule = threshold(rules, VC_RUNOFF_MIN_SHARE)
        elected_msg, below_msg = m.V6_RUNOFF_ELECTED, m.V6_RUNOFF_BELOW
    else:
        rule = threshold(rules, VC_WIN_SHARE)
        elected_msg, below_msg = m.V6_ELECTED, m.V6_BELOW
    base = {"cast": cast, **rule.params(), "needed": rule.needed(cast)}
    results: list[CandidateResult] = []
    findings: list[Finding] = []
    elected: dict[Hashable, Tally] = {}
    shortfall: dict[str, int] = {}
    for line in lines:
        decision = decide_line(
            line,
            rule="V6",
            passes=lambda t: rule.met(t.votes, cast),
            elected=lambda t, msg=elected_msg: fill(msg, votes=t.votes, **base),
            below=lambda t, msg=below_msg: fill(msg, votes=t.votes, **base),
            outranked_message=m.V6_OUTRANKED,
            tie_message=m.V6_TIE,
            skip=elected.keys(),
            skip_message=m.V6_HIGHER_POST,
        )
        results.extend(decision.results)
        elected.update({t.key: t for t in decision.won})
        if decision.left > 0 and not decision.tied:
            shortfall[line.post] = decision.left
            findings.append(_shortfall(line, decision.left, rules, election_day))
    return results, findings, elected, shortfall


def vc_election(
    *,
    registered: int,
    issued: int,
    cast: int,
    lines: Sequence[PostTally],
    rules,
    election_day: date | None = None,
) -> Outcome:
    """Compute a villagers' committee election (V7, V5, V6, V1) from its numbers.

    ``lines`` are the posts in order of rank (主任 first); a person elected to a
    higher post is not counted again on a lower one. Unfilled seats per post are
    the ``shortfall`` for the 另行选举. V1 is checked once every seat is filled.
    """
    _check_numbers(registered=registered, issued=issued, cast=cast, lines=lines)
    findings = [
        ballots_returned(issued=issued, returned=cast),
        vc_turnout(registered=registered, cast=cast, rules=rules),
    ]
    if not all(f.passed for f in findings):
        return Outcome(valid=False, findings=tuple(findings))
    results, more, elected, shortfall = _decide_lines(
        lines, cast=cast, rules=rules, election_day=election_day, runoff=False
    )
    findings.extend(more)
    if not shortfall and not any(r.status == ResultStatus.TIE for r in results):
        women = sum(1 for t in elected.values() if t.woman)
        findings.extend(vc_composition(size=len(elected), women=women, rules=rules))
    return Outcome(
        valid=True,
        findings=tuple(findings),
        results=tuple(results),
        shortfall=shortfall,
    )


def vc_runoff(
    *,
    registered: int,
    issued: int,
    cast: int,
    lines: Sequence[PostTally],
    rules,
    election_day: date | None,
    runoff_day: date | None,
) -> Outcome:
    """Compute a 另行选举 (V6): most votes wins, but only with vc_runoff_min_share of the cast.

    The ballots must add up (V7); the turnout (V5) is required as the rule set's
    vc_runoff_turnout row says; it is held within runoff_within_days of the
    election day (not checked when either day is None, as in a trial calculation). ``lines`` carry only the seats still to fill; V1 is checked by
    the caller on the whole committee.
    """
    _check_numbers(registered=registered, issued=issued, cast=cast, lines=lines)
    findings = []
    if election_day is not None and runoff_day is not None:
        findings.append(_runoff_timing(election_day, runoff_day, rules))
    findings += [
        ballots_returned(issued=issued, returned=cast),
        vc_runoff_turnout(registered=registered, cast=cast, rules=rules),
    ]
    if not all(f.passed for f in findings):
        return Outcome(valid=False, findings=tuple(findings))
    results, more, _elected, shortfall = _decide_lines(
        lines, cast=cast, rules=rules, election_day=election_day, runoff=True
    )
    findings.extend(more)
    return Outcome(
        valid=True,
        findings=tuple(findings),
        results=tuple(results),
        shortfall=shortfall,
    )


def _runoff_timing(election_day: date, runoff_day: date, rules) -> Finding:
    """V6: a 另行选举 is held on or after the election day, within runoff_within_days."""
    if runoff_day < election_day:
        errors = Errors()
        errors.add(
            "held_on",
            fill(
                m.RUNOFF_BEFORE_ELECTION,
                runoff=date_text(runoff_day),
                day=date_text(election_day),
            ),
        )
        errors.raise_if_any()
    deadline = runoff_deadline(election_day=election_day, rules=rules)
    timing = {
        "runoff": date_text(runoff_day),
        "day": date_text(election_day),
        "days": whole(rules, RUNOFF_WITHIN_DAYS),
        "deadline": date_text(deadline),
    }
    in_time = runoff_day <= deadline
    return Finding(
        "V6",
        in_time,
        fill(m.V6_RUNOFF_IN_TIME if in_time else m.V6_RUNOFF_LATE, **timing),
        RUNOFF_WITHIN_DAYS,
    )


# --- V8 / V11 ------------------------------------------------------------------------------


def election_staff_conflicts(
    *,
    candidates: Mapping[Hashable, str],
    committee: Mapping[Hashable, str],
    tellers: Mapping[Hashable, str],
    relatives: set[frozenset],
) -> list[Finding]:
    """V8: no candidate on the election committee; no candidate or relative counting votes.

    Mappings go from a person key to their name; ``relatives`` holds frozenset
    pairs of person keys recorded as close relatives.
    """
    findings = []
    for key, name in committee.items():
        if key in candidates:
            findings.append(
                Finding(
                    "V8",
                    False,
                    fill(m.V8_CONFLICT, name=name, role=fill(m.V8_ROLE_COMMITTEE)),
                )
            )
    teller_role = fill(m.V8_ROLE_TELLER)
    for key, name in tellers.items():
        if key in candidates:
            findings.append(
                Finding("V8", False, fill(m.V8_CONFLICT, name=name, role=teller_role))
            )
            continue
        for candidate_key, candidate_name in candidates.items():
            if frozenset((key, candidate_key)) in relatives:
                findings.append(
                    Finding(
                        "V8",
                        False,
                        fill(
                            m.V8_RELATIVE,
                            name=name,
                            role=teller_role,
                            candidate=candidate_name,
                        ),
                    )
                )
    return findings or [Finding("V8", True, fill(m.V8_OK))]


def supervision_conflicts(
    *,
    supervisors: Mapping[Hashable, str],
    vc_members: Mapping[Hashable, str],
    relatives: set[frozenset],
) -> list[Finding]:
    """V11: no villagers' committee member, nor a close relative of one, supervises."""
    findings = []
    for key, name in supervisors.items():
        if key in vc_members:
            findings.append(Finding("V11", False, fill(m.V11_MEMBER, name=name)))
            continue
        for member_key, member_name in vc_members.items():
            if frozenset((key, member_key)) in relatives:
                findings.append(
                    Finding(
                        "V11",
                        False,
                        fill(m.V11_RELATIVE, name=name, member=member_name),
                    )
                )
    return findings or [Finding("V11", True, fill(m.V11_OK))]

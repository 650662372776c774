"""Shared pieces of the rules: rule-set keys, value types, exact arithmetic, ranking."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, pgettext

from . import messages as m

# --- rule-set keys (see stages: ``ElectionRound.rules.get(key)``) --------------------

VC_VALID_TURNOUT = "vc_valid_turnout"
VC_WIN_SHARE = "vc_win_share"
VC_RUNOFF_MIN_SHARE = "vc_runoff_min_share"
VC_CANDIDATE_SURPLUS = "vc_candidate_surplus"
VC_RUNOFF_TURNOUT = "vc_runoff_turnout"  # 0: a 另行选举 needs no turnout
VC_SIZE_MIN = "vc_size_min"
VC_SIZE_MAX = "vc_size_max"
RUNOFF_WITHIN_DAYS = "runoff_within_days"
HANDOVER_DAYS_AFTER = "handover_days_after"
VC_WITHDRAWAL_DAYS = "vc_withdrawal_days"
PARTY_QUORUM = "party_quorum"
PARTY_WIN_SHARE = "party_win_share"
PARTY_MARGIN = "party_margin"
RECOMMEND_ATTENDANCE = "recommend_attendance"
RECOMMEND_MARGIN = "recommend_margin"

# The rule-set rows each rule reads; a result page shows their legal basis.
RULE_KEYS: dict[str, tuple[str, ...]] = {
    "V1": (VC_SIZE_MIN, VC_SIZE_MAX),
    "V3": (VC_CANDIDATE_SURPLUS,),
    "V5": (VC_VALID_TURNOUT, VC_RUNOFF_TURNOUT),
    "V6": (VC_WIN_SHARE, VC_RUNOFF_MIN_SHARE, RUNOFF_WITHIN_DAYS),
    "V7": (),
    "V8": (),
    "V10": (HANDOVER_DAYS_AFTER,),
    "V11": (),
    "P1": (PARTY_QUORUM,),
    "P2": (PARTY_MARGIN,),
    "P3": (PARTY_WIN_SHARE,),
    "P4": (),
    "P5": (RECOMMEND_ATTENDANCE, RECOMMEND_MARGIN),
}


class ResultStatus:
    """What the numbers made of a candidate on one ballot line (stored on tally rows)."""

    ELECTED = "elected"
    NOT_ELECTED = "not_elected"
    TIE = "tie"  # level with others for the last seat(s): they vote again
    HIGHER_POST = "higher_post"  # elected to a higher post on the same ballot


# --- value types ------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One rule applied to the numbers: the rule, the verdict, the rule-set row read."""

    rule: str
    passed: bool
    message: str
    key: str = ""


@dataclass(frozen=True)
class Tally:
    """A candidate's votes on one ballot line; ``key`` identifies the candidate."""

    key: Hashable
    votes: int
    name: str = ""
    woman: bool = False


@dataclass(frozen=True)
class PostTally:
    """The ballot line of one post (主任, 副主任, 委员): its seats and candidates' votes."""

    post: str
    seats: int
    tallies: Sequence[Tally]
    label: str = ""


@dataclass(frozen=True)
class CandidateResult:
    """What the numbers made of one candidate on one line, and the rule that decided it."""

    key: Hashable
    votes: int
    status: str
    rule: str
    message: str
    post: str = ""

    @property
    def elected(self) -> bool:
        return self.status == ResultStatus.ELECTED


@dataclass(frozen=True)
class Outcome:
    """A meeting's or election's result computed from its numbers."""

    valid: bool
    findings: tuple[Finding, ...]
    results: tuple[CandidateResult, ...] = ()
    shortfall: dict[str, int] = field(default_factory=dict)

    @property
    def elected_keys(self) -> list[Hashable]:
        return [r.key for r in self.results if r.status == ResultStatus.ELECTED]

    @property
    def tied_keys(self) -> list[Hashable]:
        return [r.key for r in self.results if r.status == ResultStatus.TIE]

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if not f.passed]

    def result_for(
        self, key: Hashable, post: str | None = None
    ) -> CandidateResult | None:
        """Return a candidate's result (on a given post line, if given)."""
        for result in self.results:
            if result.key == key and (post is None or result.post == post):
                return result
        return None


# --- exact arithmetic ------------------------------------------------------------------

MORE_THAN = "more_than"
AT_LEAST = "at_least"

# How a ratio is applied when the rule-set row does not say (the statutory wording).
DEFAULT_COMPARISON = {
    VC_VALID_TURNOUT: MORE_THAN,  # 过半数投票
    VC_WIN_SHARE: MORE_THAN,  # 过半数的选票
    VC_RUNOFF_MIN_SHARE: AT_LEAST,  # 不得少于三分之一
    VC_RUNOFF_TURNOUT: MORE_THAN,  # 另行选举亦须过半数投票
    PARTY_QUORUM: MORE_THAN,  # 超过五分之四
    PARTY_WIN_SHARE: MORE_THAN,  # 超过半数
    PARTY_MARGIN: AT_LEAST,  # 不少于20%
    RECOMMEND_ATTENDANCE: MORE_THAN,  # 超过三分之二
    RECOMMEND_MARGIN: AT_LEAST,  # 不低于20%
}


@dataclass(frozen=True)
class Threshold:
    """A ratio rule read from the rule set: its share and how counts are compared."""

    key: str
    part: Fraction
    comparison: str

    def met(self, value: int, total: int) -> bool:
        """Return whether ``value`` meets the rule against ``total`` (exact arithmetic)."""
        if self.comparison == AT_LEAST:
            return Fraction(value) >= total * self.part
        return Fraction(value) > total * self.part

    def needed(self, total: int) -> int:
        """Return the smallest whole number that meets the rule against ``total``."""
        if self.comparison == AT_LEAST:
            return needed_at_least(total, self.part)
        return needed_more_than(total, self.part)

    def text(self, *, percent: bool = False) -> str:
        """Return the rule as a clerk says it: 超过二分之一, 不少于20%."""
        amount = percent_text(self.part) if percent else share_text(self.part)
        if self.comparison == AT_LEAST:
            return gettext("at least %(share)s") % {"share": amount}
        return gettext("more than %(share)s") % {"share": amount}

    def params(self, *, percent: bool = False) -> dict[str, str]:
        """Return the rule for a message, whole and in parts.

        ``rule`` is the whole (超过二分之一); ``more`` (超过, 不少于) and ``share``
        (二分之一, 20%) let a language put the total between them: 超过参加投票人数
        （501人）的二分之一, not 超过二分之一参加投票的501人.
        """
        amount = percent_text(self.part) if percent else share_text(self.part)
        if self.comparison == AT_LEAST:
            more = pgettext("threshold", "at least")
        else:
            more = pgettext("threshold", "more than")
        return {"rule": self.text(percent=percent), "more": more, "share": amount}


def threshold(rules, key: str) -> Threshold:
    """Read a ratio rule: its share from ``rules.get(key)``, its comparison from the row.

    A rule set that exposes its rows (``rules.rule(key).comparison``, as
    ``stages.models.RuleBook`` does) decides strictly-more versus at-least;
    otherwise the statutory wording of DEFAULT_COMPARISON applies.
    """
    part = share(rules, key)
    comparison = ""
    row_of = getattr(rules, "rule", None)
    if callable(row_of):
        try:
            comparison = getattr(row_of(key), "comparison", "") or ""
        except KeyError:
            comparison = ""
    if comparison not in (MORE_THAN, AT_LEAST):
        comparison = DEFAULT_COMPARISON.get(key, MORE_THAN)
    return Threshold(key=key, part=part, comparison=comparison)


def share(rules, key: str) -> Fraction:
    """Return a rule-set share as an exact Fraction; a missing row is an error."""
    value = rules.get(key)
    if value is None:
        raise KeyError(key)
    return Fraction(value)


def whole(rules, key: str) -> int:
    """Return a rule-set whole number (days, sizes)."""
    value = share(rules, key)
    if value.denominator != 1:
        raise ValueError(f"rule {key} must be a whole number, not {value}")
    return int(value)


def needed_more_than(total: int, part: Fraction) -> int:
    """Return the smallest whole number strictly more than ``part`` of ``total``."""
    return math.floor(total * part) + 1


def needed_at_least(total: int, part: Fraction) -> int:
    """Return the smallest whole number at least ``part`` of ``total``."""
    return math.ceil(total * part)


_CN = "零一二三四五六七八九十"


def share_text(part: Fraction) -> str:
    """Return a share as a clerk writes it: 二分之一, 五分之四 (1/2, 4/5 in English)."""
    part = Fraction(part)
    if part.denominator == 1:
        return str(part.numerator)
    zh = (get_language() or "").startswith("zh")
    if zh and part.numerator <= 10 and part.denominator <= 10:
        return f"{_CN[part.denominator]}分之{_CN[part.numerator]}"
    return f"{part.numerator}/{part.denominator}"


def percent_text(part: Fraction) -> str:
    """Return a share as a percentage: 20%."""
    pct = Fraction(part) * 100
    return f"{pct.numerator}%" if pct.denominator == 1 else f"{float(pct):.1f}%"


def date_text(day: date | None) -> str:
    """Return a date as the interface shows it (2021年11月30日)."""
    return date_format(day, "DATE_FORMAT") if day else "—"


def fill(message, **params) -> str:
    """Translate a message constant and fill its placeholders."""
    return gettext(message) % params if params else gettext(message)


# --- entered numbers ---------------------------------------------------------------------


class Errors:
    """Collect field → messages about impossible numbers and raise them together."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(str(message))

    def non_negative(self, **values: int | None) -> None:
        for name, value in values.items():
            if value is not None and value < 0:
                self.add(name, fill(m.NEGATIVE))

    def tallies(self, lines: Iterable[PostTally], ballots: int) -> None:
        """No candidate above the ballots; no line above ballots × seats (V7)."""
        for line in lines:
            if line.seats <= 0:
                self.add("seats", fill(m.NO_SEATS))
            for tally in line.tallies:
                if tally.votes < 0:
                    self.add("votes", fill(m.NEGATIVE))
                elif tally.votes > ballots:
                    self.add(
                        "votes",
                        fill(
                            m.VOTES_OVER_BALLOTS,
                            name=tally.name or tally.key,
                            votes=tally.votes,
                            ballots=ballots,
                        ),
                    )
            total = sum(max(t.votes, 0) for t in line.tallies)
            if line.seats > 0 and total > ballots * line.seats:
                self.add(
                    "votes",
                    fill(
                        m.TOTAL_OVER_CHOICES,
                        post=line.label or line.post or gettext("the ballot"),
                        total=total,
                        ballots=ballots,
                        seats=line.seats,
                        limit=ballots * line.seats,
                    ),
                )

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


# --- deciding a ballot line ------------------------------------------------------------------


@dataclass
class LineDecision:
    results: list[CandidateResult]
    won: list[Tally]
    tied: list[Tally]
    left: int


def rank(
    passing: Sequence[Tally], seats: int
) -> tuple[list[Tally], list[Tally], list[Tally]]:
    """Split candidates over the threshold into (elected, tied at the last seat, outranked).

    With more candidates over the threshold than seats, most votes win; those
    level at the last seat who cannot all take it vote again.
    """
    ordered = sorted(passing, key=lambda t: -t.votes)
    if len(ordered) <= seats:
        return ordered, [], []
    cut = ordered[seats - 1].votes
    above = [t for t in ordered if t.votes > cut]
    level = [t for t in ordered if t.votes == cut]
    below = [t for t in ordered if t.votes < cut]
    if len(above) + len(level) <= seats:
        return above + level, [], below
    return above, level, below


def decide_line(
    line: PostTally,
    *,
    rule: str,
    passes: Callable[[Tally], bool],
    elected: Callable[[Tally], str],
    below: Callable[[Tally], str],
    outranked_message,
    tie_message,
    skip: Iterable[Hashable] = (),
    skip_message=None,
    message_params: dict | None = None,
) -> LineDecision:
    """Apply a threshold and the seats of one line; return each candidate's result.

    Results come back in the order the candidates were entered.
    """
    skip = set(skip)
    extra = message_params or {}
    by_key: dict[Hashable, CandidateResult] = {}
    passing = []
    for tally in line.tallies:
        if tally.key in skip:
            by_key[tally.key] = CandidateResult(
                tally.key,
                tally.votes,
                ResultStatus.HIGHER_POST,
                rule,
                fill(skip_message),
                line.post,
            )
        elif passes(tally):
            passing.append(tally)
        else:
            by_key[tally.key] = CandidateResult(
                tally.key,
                tally.votes,
                ResultStatus.NOT_ELECTED,
                rule,
                below(tally),
                line.post,
            )
    won, tied, outranked = rank(passing, line.seats)
    left = line.seats - len(won)
    for tally in won:
        by_key[tally.key] = CandidateResult(
            tally.key,
            tally.votes,
            ResultStatus.ELECTED,
            rule,
            elected(tally),
            line.post,
        )
    for tally in tied:
        others = "、".join(str(t.name or t.key) for t in tied if t.key != tally.key)
        by_key[tally.key] = CandidateResult(
            tally.key,
            tally.votes,
            ResultStatus.TIE,
            rule,
            fill(tie_message, votes=tally.votes, others=others, left=left, **extra),
            line.post,
        )
    for tally in outranked:
        by_key[tally.key] = CandidateResult(
            tally.key,
            tally.votes,
            ResultStatus.NOT_ELECTED,
            rule,
            fill(
                outranked_message,
                votes=tally.votes,
                seats=line.seats,
                shortlist=line.seats,
                **extra,
            ),
            line.post,
        )
    results = [by_key[t.key] for t in line.tallies if t.key in by_key]
    return LineDecision(results=results, won=won, tied=tied, left=left)


def ballots_returned(*, issued: int, returned: int) -> Finding:
    """V7: returned ballots may not exceed the ballots issued (else the vote is void)."""
    params = {"issued": issued, "returned": returned}
    if returned <= issued:
        return Finding("V7", True, fill(m.V7_OK, **params))
    return Finding("V7", False, fill(m.V7_OVER, **params))


def revote(*, issued: int, returned: int, line: PostTally, rule: str) -> Outcome:
    """Re-vote among candidates tied for the last seat(s): most votes wins (V6 / P3).

    Only the tied candidates are on the ballot, so no share of the ballots is
    required; the ballots must still add up (V7). Level again → vote again.
    """
    errors = Errors()
    errors.non_negative(issued=issued, returned=returned)
    errors.tallies([line], max(returned, 0))
    errors.raise_if_any()
    finding = ballots_returned(issued=issued, returned=returned)
    if not finding.passed:
        return Outcome(valid=False, findings=(finding,))
    decision = decide_line(
        line,
        rule=rule,
        passes=lambda t: True,
        elected=lambda t: fill(m.REVOTE_ELECTED, rule=rule, votes=t.votes),
        below=lambda t: "",
        outranked_message=m.REVOTE_NOT_ELECTED,
        tie_message=m.REVOTE_TIE,
        message_params={"rule": rule},
    )
    return Outcome(valid=True, findings=(finding,), results=tuple(decision.results))

"""The county statistics report (换届统计表, SPEC §3.9): per township and county total.

Two tables, as a county organisation department collects them:

1. **Elections** (换届选举完成情况) — per township's current round: villages;
   committees elected (a village counts once per committee when its regular
   election is counted valid and applied): Party committee, villagers'
   committee, supervision committee; one-round success rate (regular elections
   counted valid with every seat filled ÷ regular elections counted); 另行选举
   held; turnout (参选率 = ballots cast ÷ registered voters, over the counted
   regular villagers'-committee elections); proxy votes used (委托投票 of the
   counted elections: see :func:`proxy_votes`).
2. **Structure** (新一届村“两委”班子结构) — of the villages that have elected
   both committees, the incoming “two committees” (people counted once): members,
   一肩挑 villages and rate, 交叉任职 people and rate (÷ members), women, aged 35
   or under (民法典 第1259条: “以下”包括本数), 大专及以上, and the average age of
   the outgoing and incoming members (两升一降), from :mod:`elections.structure`.

A fixed number of queries whatever the number of villages: elections are
aggregated in SQL per round, the structure analysis aggregates in SQL per
village.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.db.models import Count, Q, Sum
from django.utils import timezone

from stages.choices import RoundStatus
from stages.models import ElectionRound
from villages.models import Township, Village

from .choices import Body, CountStatus, ElectionKind
from .models import Election
from .structure import Side, analyse, indicator_rows, totals

BODIES = (Body.PARTY_COMMITTEE, Body.VILLAGERS_COMMITTEE, Body.SUPERVISION_COMMITTEE)
COUNTED = (CountStatus.COUNTED, CountStatus.APPLIED)


def proxy_votes(round_ids) -> dict[int, int] | None:
    """Return the proxy votes (委托投票, V9) used per round, in one aggregate query.

    A proxy vote counts once its election is counted, while both the voter and
    the proxy are on the register: ``{round_id: proxy votes}``.
    """
    from .services.polling import proxy_counts

    return proxy_counts(round_ids)


def _share(part, whole) -> Fraction | None:
    return Fraction(part, whole) if whole else None


@dataclass
class Line:
    """One township (or the county total) of the report."""

    label: str
    township: Township | None = None
    round: ElectionRound | None = None
    villages: int = 0
    completed: dict = field(default_factory=lambda: dict.fromkeys(BODIES, 0))
    counted: int = 0
    first_round: int = 0
    runoffs: int = 0
    registered: int = 0
    cast: int = 0
    proxies: int | None = None
    covered: int = 0  # villages that elected both committees (structure figures)
    outgoing: Side = field(default_factory=Side)
    incoming: Side = field(default_factory=Side)

    @property
    def success_rate(self) -> Fraction | None:
        return _share(self.first_round, self.counted)

    @property
    def turnout(self) -> Fraction | None:
        return _share(self.cast, self.registered)

    @property
    def indicators(self) -> dict:
        return {
            row.key: row for row in indicator_rows(self.outgoing, self.incoming, "both")
        }

    @property
    def members(self) -> int:
        return self.incoming.both.size

    @property
    def cross_rate(self) -> Fraction | None:
        return _share(self.incoming.cross, self.members)

    @property
    def young_share(self) -> Fraction | None:
        return _share(self.incoming.both.young, self.members)

    @property
    def college_share(self) -> Fraction | None:
        return _share(self.incoming.both.college, self.members)

    @property
    def women_share(self) -> Fraction | None:
        return _share(self.incoming.both.women, self.members)

    @property
    def one_shoulder_rate(self) -> Fraction | None:
        return _share(self.incoming.one_shoulder, self.incoming.with_secretary)

    def add(self, other: Line) -> None:
        """Add a township's figures to the total (structure sides by village)."""
        self.villages += other.villages
        for body in BODIES:
            self.completed[body] += other.completed[body]
        for name in ("counted", "first_round", "runoffs", "registered", "cast"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        if other.proxies is not None:
            self.proxies = (self.proxies or 0) + other.proxies
        self.covered += other.covered


@dataclass
class Report:
    """The statistics report of the townships a user sees."""

    lines: list[Line]
    total: Line
    as_of: date
    proxies_recorded: bool

    @property
    def multi(self) -> bool:
        return len(self.lines) > 1


def current_rounds(township_ids) -> dict[int, ElectionRound]:
    """Return each township's current round (under way, else draft, else latest)."""
    rank = {RoundStatus.ACTIVE: 0, RoundStatus.DRAFT: 1, RoundStatus.CLOSED: 2}
    rounds: dict[int, ElectionRound] = {}
    for candidate in ElectionRound.objects.filter(
        township_id__in=list(township_ids)
    ).order_by("-start_date", "-pk"):
        best = rounds.get(candidate.township_id)
        if best is None or rank[candidate.status] < rank[best.status]:
            rounds[candidate.township_id] = candidate
    return rounds


def _election_counts(round_ids) -> dict[int, dict]:
    regular = Q(kind=ElectionKind.REGULAR)
    counted = regular & Q(status__in=COUNTED)
    vc_counted = counted & Q(body=Body.VILLAGERS_COMMITTEE)
    done = regular & Q(status=CountStatus.APPLIED, valid=True)
    fields = {
        f"completed_{body}": Count("village", distinct=True, filter=done & Q(body=body))
        for body in BODIES
    }
    fields.update(
        counted=Count("pk", filter=counted),
        first_round=Count("pk", filter=counted & Q(valid=True, shortfall={})),
        runoffs=Count("pk", filter=Q(kind=ElectionKind.RUNOFF)),
        registered=Sum("entitled", filter=vc_counted),
        cast=Sum("ballots_returned", filter=vc_counted),
    )
    return {
        row["round_id"]: row
        for row in Election.objects.filter(round_id__in=list(round_ids))
        .values("round_id")
        .annotate(**fields)
        .order_by()
    }


def statistics_report(*, user, today: date | None = None) -> Report:
    """Return the report of every township the user sees, and the total."""
    today = today or timezone.localdate()
    townships = list(Township.objects.visible_to(user).order_by("code"))
    rounds = current_rounds(t.pk for t in townships)
    counts = _election_counts(r.pk for r in rounds.values())
    proxies = proxy_votes([r.pk for r in rounds.values()])
    villages = (
        Village.objects.visible_to(user)
        .filter(township__in=townships)
        .order_by("township__code", "code")
    )
    analysis = analyse(villages, today=today)
    by_township: dict[int, list] = {}
    for item in analysis.villages:
        by_township.setdefault(item.village.township_id, []).append(item)
    lines = []
    total = Line(label="", proxies=None)
    total_items = []
    for township in townships:
        round = rounds.get(township.pk)
        found = counts.get(round.pk, {}) if round else {}
        line = Line(label=township.name, township=township, round=round)
        line.villages = len(by_township.get(township.pk, ()))
        for body in BODIES:
            line.completed[body] = found.get(f"completed_{body}", 0)
        line.counted = found.get("counted", 0)
        line.first_round = found.get("first_round", 0)
        line.runoffs = found.get("runoffs", 0)
        line.registered = found.get("registered") or 0
        line.cast = found.get("cast") or 0
        if proxies is not None and round is not None:
            line.proxies = proxies.get(round.pk, 0)
        items = by_township.get(township.pk, [])
        elected = [item for item in items if item.fully_elected]
        line.covered = len(elected)
        if elected:
            line.outgoing, line.incoming, _covered = totals(elected)
        total_items += elected
        lines.append(line)
        total.add(line)
    if total_items:
        total.outgoing, total.incoming, _covered = totals(total_items)
    return Report(
        lines=lines, total=total, as_of=today, proxies_recorded=proxies is not None
    )

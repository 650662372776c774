"""The women's seat (妇女委员) of a villagers' committee: flagged until a woman is elected.

村民委员会组织法 第六条: "村民委员会成员中，应当有妇女成员". When the votes of a
committee elect no woman, its regular election carries ``women_missing`` (the
badge 缺妇女成员 on the election, the list, the village page and the
statistics) and a separate vote for one women's seat can be set up
(``ElectionKind.WOMEN_SEAT``, through ``election_followup``): only women stand,
it is counted like a 另行选举 (``rules.vc_runoff``: the rule set's
vc_runoff_min_share of the ballots cast, vc_runoff_turnout, runoff_within_days —
浙江 第二十九条 keeps a separate women's post on the 另行选举 ballot). The flag
clears when any vote of the committee's chain elects a woman, and returns if a
woman's election is declared void.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from villages.choices import Gender
from villages.models import Person

from .. import rules
from ..choices import Body, CountStatus, ElectionKind, Post, TallyStatus
from ..models import Election, ElectionCandidate

__all__ = ["refresh_women_flag", "women_seat_rows"]

WOMEN_SEAT_VC_ONLY = gettext_lazy(
    "A separate vote for the women's seat is held only for a villagers' committee."
)
WOMEN_SEAT_NOT_NEEDED = gettext_lazy(
    "The committee already has a woman member: no separate vote for the women's seat "
    "is needed."
)
WOMEN_SEAT_PENDING = gettext_lazy(
    "A vote for the women's seat is already set up (%(date)s): count or delete it first."
)
WOMEN_SEAT_MAN = gettext_lazy(
    "%(name)s is a man: only women stand for the women's seat (第六条: the committee "
    "must have a woman member)."
)
WOMEN_SEAT_OTHER_VILLAGE = gettext_lazy(
    "%(name)s is not on the roster of %(village)s: choose women of the village."
)
WOMEN_SEAT_ALREADY_ELECTED = gettext_lazy(
    "%(name)s is already elected to the committee: choose women not elected."
)
WOMEN_SEAT_FEW = gettext_lazy(
    "%(count)s woman candidate(s) for the women's seat: a separate vote needs at least "
    "%(needed)s (more candidates than seats). Add women of the village as candidates."
)
WOMEN_SEAT_LABEL = gettext_lazy("women's member")


def _root(election: Election) -> Election:
    node = election
    while node.parent_id:
        node = node.parent
    return node


def _chain_ids(root: Election) -> list[int]:
    from .elections import _chain

    return [e.pk for e in _chain(root)]


def women_elected(root: Election) -> bool:
    """Whether a valid vote of the committee's chain elected a woman (not voided)."""
    return ElectionCandidate.objects.filter(
        election_id__in=_chain_ids(root),
        election__valid=True,
        election__status__in=[CountStatus.COUNTED, CountStatus.APPLIED],
        result=TallyStatus.ELECTED,
        void=False,
        person__gender=Gender.FEMALE,
    ).exists()


def refresh_women_flag(election: Election, *, by) -> bool:
    """Set or clear ``women_missing`` on the chain's regular VC election; return it."""
    root = _root(election)
    if root.body != Body.VILLAGERS_COMMITTEE or root.kind != ElectionKind.REGULAR:
        return False
    root = Election.objects.select_for_update().get(pk=root.pk)
    missing = (
        root.status != CountStatus.PLANNED
        and bool(root.valid)
        and not women_elected(root)
    )
    if missing != root.women_missing:
        root.women_missing = missing
        root._history_user = by
        root._change_reason = (
            _("No woman member yet") if missing else _("Women's seat filled")
        )
        root.save(update_fields=["women_missing"])
    if election.pk == root.pk:
        election.women_missing = missing
    return missing


def women_seat_rows(
    parent: Election, followup: Election, person_ids
) -> list[ElectionCandidate]:
    """Check and build the ballot of a vote for the women's seat (one 委员 seat).

    ``person_ids``: the women standing; by default the women not elected on the
    chain's ballots, most votes first. Refused: not a VC, a committee that has a
    woman, another such vote waiting, a man, someone of another village or
    already elected, fewer candidates than the seat plus one.
    """
    if parent.body != Body.VILLAGERS_COMMITTEE:
        raise ValidationError(WOMEN_SEAT_VC_ONLY)
    root = _root(parent)
    chain = _chain_ids(root)
    if not refresh_women_flag(parent, by=followup.recorded_by):
        raise ValidationError(WOMEN_SEAT_NOT_NEEDED)
    pending = (
        Election.objects.filter(
            pk__in=chain, kind=ElectionKind.WOMEN_SEAT, status=CountStatus.PLANNED
        )
        .order_by("held_on")
        .first()
    )
    if pending is not None:
        raise ValidationError(
            WOMEN_SEAT_PENDING % {"date": rules.base.date_text(pending.held_on)}
        )
    on_ballots = list(
        ElectionCandidate.objects.filter(election_id__in=chain)
        .select_related("person", "nomination")
        .order_by("-votes", "pk")
    )
    elected = {c.person_id for c in on_ballots if c.elected}
    nomination_of = {}
    for c in on_ballots:
        nomination_of.setdefault(c.person_id, c.nomination)
    if person_ids is None:
        people = list(
            dict.fromkeys(
                c.person
                for c in on_ballots
                if c.person.gender == Gender.FEMALE and c.person_id not in elected
            )
        )
    else:
        wanted = list(dict.fromkeys(int(pk) for pk in person_ids))
        found = Person.objects.in_bulk(wanted)
        people = [found[pk] for pk in wanted if pk in found]
    errors = []
    for person in people:
        params = {"name": person.name, "village": parent.village}
        if person.gender != Gender.FEMALE:
            errors.append(WOMEN_SEAT_MAN % params)
        elif person.village_id != parent.village_id:
            errors.append(WOMEN_SEAT_OTHER_VILLAGE % params)
        elif person.pk in elected:
            errors.append(WOMEN_SEAT_ALREADY_ELECTED % params)
    if errors:
        raise ValidationError({"candidates": errors})
    needed = rules.vc_candidates_needed(seats=1, rules=parent.round.rules)
    if len(people) < needed:
        raise ValidationError(
            {"candidates": WOMEN_SEAT_FEW % {"count": len(people), "needed": needed}}
        )
    followup.seats_head = followup.seats_deputy = 0
    followup.seats_member = 1
    return [
        ElectionCandidate(
            person=p, nomination=nomination_of.get(p.pk), post=Post.MEMBER
        )
        for p in people
    ]

"""Roster-based pre-checks of nominees, and the questions other apps answer."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from importlib import import_module

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from villages.choices import Category, PoliticalStatus, VotingStatus

from ...choices import Body
from ...models import (
    Nomination,
)
from ...vetting_rules import fmt_date

# --- pre-checks ---------------------------------------------------------------------------


@dataclass
class PreCheck:
    """One roster-based check shown before review: ok, warn, fail or info."""

    code: str
    level: str
    label: str
    message: str
    url: str = ""

    @property
    def colour(self) -> str:
        return {"ok": "success", "warn": "warning", "fail": "danger"}.get(
            self.level, "secondary"
        )


def _optional_ids(module_name: str, function_name: str, *args) -> set[int] | None:
    """Call a function of another app if it exists yet; None when it does not."""
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return None
    function = getattr(module, function_name, None)
    if function is None:
        return None
    return set(function(*args))


def blocking_report_ids(person_ids) -> set[int]:
    """Return the people with an open 拉票贿选/资格问题 report (empty until discipline provides it)."""
    return (
        _optional_ids(
            "discipline.selectors", "blocking_report_person_ids", list(person_ids)
        )
        or set()
    )


def unsigned_commitment_ids(person_ids) -> set[int]:
    """Return the people without a signed commitment letter (empty until discipline provides it)."""
    return (
        _optional_ids(
            "discipline.selectors", "unsigned_commitment_person_ids", list(person_ids)
        )
        or set()
    )


def _election_committee_ids(nominations) -> set[int] | None:
    """Return people on their village's election committee, if the elections part records it."""
    village_ids = sorted({n.village_id for n in nominations})
    round_ids = sorted({n.round_id for n in nominations})
    return _optional_ids(
        "elections.selectors",
        "election_committee_person_ids",
        round_ids,
        village_ids,
    )


def _exit_audits(person_ids) -> dict:
    """Return person → exit audits with problems (十不选 item 8), if the elections part records them."""
    module_name = "elections.selectors"
    try:
        module = import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return {}
    function = getattr(module, "exit_audit_findings", None)
    return function(list(person_ids)) if function is not None else {}


def _audit_check(audit) -> PreCheck:
    """十不选 item 8: an exit audit that found problems is shown, never decided here."""
    rectified = audit.rectification == "done"
    values = {
        "date": fmt_date(audit.audited_on),
        "auditor": audit.auditor,
        "problems": audit.problems,
        "rectification": audit.get_rectification_display(),
    }
    if audit.amount is not None:
        values["problems"] = (
            values["problems"].rstrip("。. ")
            + _(" (amount %(amount)s yuan)") % {"amount": audit.amount}
            + "。"
        )
    return PreCheck(
        "audit",
        "info" if rectified else "warn",
        _("Exit audit (item 8)"),
        _(
            "The exit audit of %(date)s by %(auditor)s found problems: %(problems)s "
            "Rectification: %(rectification)s. The joint review decides whether item 8 "
            "applies (misappropriated funds or collective property not put right)."
        )
        % values,
        audit.get_absolute_url(),
    )


def _election_days(nominations) -> dict[tuple[int, int], object]:
    from stages.models import VillageElection

    pairs = {(n.round_id, n.village_id) for n in nominations}
    rows = VillageElection.objects.filter(
        round_id__in={r for r, _v in pairs}, village_id__in={v for _r, v in pairs}
    )
    return {(row.round_id, row.village_id): row for row in rows}


def report_hold_message(user=None) -> str:
    """Return what to say about a nominee held by an open report, fit for the user's eyes.

    Users who may not read reports (a guide of the village, an inspector, the
    county) must not learn that a report exists: the discipline app words the
    sentence for them. Without a user, the neutral wording is used.
    """
    try:
        from discipline.selectors import block_message_for
    except ImportError:  # pragma: no cover - the discipline app is installed
        block_message_for = None
    if block_message_for is not None and user is not None:
        return block_message_for(user)
    return _(
        "This nominee cannot become a formal candidate for now; the township discipline "
        "inspection staff will tell the office when this changes."
    )


def prechecks_for(
    nominations, *, today: date | None = None, user=None
) -> dict[int, list[PreCheck]]:
    """Return the pre-checks of each nomination (queries do not grow with the count).

    Age on the election day (18 at least, a warning above the local upper age),
    full Party membership with the right to stand for Party posts, close
    relatives among the same committee's nominees, a seat on the village
    election committee, an open report, and an unsigned commitment letter.
    """
    from villages.models import Relationship, RosterMembership

    nominations = list(nominations)
    if not nominations:
        return {}
    today = today or timezone.localdate()
    person_ids = {n.person_id for n in nominations}
    days = _election_days(nominations)
    restricted = dict(
        RosterMembership.objects.current(on=today)
        .filter(
            person_id__in=person_ids,
            category=Category.PARTY_MEMBER,
            voting_status__in=[VotingStatus.PROBATION, VotingStatus.DETAINED],
        )
        .values_list("person_id", "voting_status")
    )
    # Other nominees of the same village, committee and round, to find relatives among them.
    peers = defaultdict(dict)
    for row in (
        Nomination.objects.active()
        .filter(
            round_id__in={n.round_id for n in nominations},
            village_id__in={n.village_id for n in nominations},
        )
        .select_related("person")
    ):
        peers[(row.round_id, row.village_id, row.body)][row.person_id] = row.person
    peer_ids = {pid for group in peers.values() for pid in group}
    relations = defaultdict(list)
    for rel in Relationship.objects.filter(
        Q(person_id__in=person_ids, relative_id__in=peer_ids)
        | Q(relative_id__in=person_ids, person_id__in=peer_ids)
    ):
        relations[rel.person_id].append((rel.relative_id, rel.get_kind_display()))
        relations[rel.relative_id].append((rel.person_id, rel.get_kind_display()))
    reports = blocking_report_ids(person_ids)
    hold_message = report_hold_message(user) if reports else ""
    unsigned = unsigned_commitment_ids(person_ids)
    committee = _election_committee_ids(nominations)
    audits = _exit_audits(person_ids)
    min_age = settings.VETTING_MIN_AGE
    max_age = settings.VETTING_MAX_AGE

    result = {}
    for n in nominations:
        person = n.person
        checks = []
        election = days.get((n.round_id, n.village_id))
        election_day = None
        if election is not None:
            election_day = (
                election.party_election_date
                if n.body == Body.PARTY_COMMITTEE
                else election.vc_election_date
            )
        basis = _("on the election day %(day)s")
        if election_day is None:
            election_day = n.round.target_end_date
            basis = _(
                "on %(day)s (election day not set; the round's target end date is used)"
            )
        age = person.age_on(election_day)
        # one message, so that Chinese joins the parts without a space: 45岁（选举日…）
        age_text = _("Age %(age)s %(basis)s") % {
            "age": age,
            "basis": basis % {"day": fmt_date(election_day)},
        }
        if age < min_age:
            checks.append(
                PreCheck(
                    "age",
                    "fail",
                    _("Age"),
                    age_text
                    + _(": under %(min)s, no right to stand.") % {"min": min_age},
                )
            )
        elif age > max_age:
            checks.append(
                PreCheck(
                    "age",
                    "warn",
                    _("Age"),
                    age_text
                    + _(": above the usual upper age of %(max)s.") % {"max": max_age},
                )
            )
        else:
            checks.append(
                PreCheck("age", "ok", _("Age"), _("%(text)s.") % {"text": age_text})
            )

        if n.body == Body.PARTY_COMMITTEE:
            if person.political_status != PoliticalStatus.MEMBER:
                checks.append(
                    PreCheck(
                        "party",
                        "fail",
                        pgettext("precheck", "Party membership"),
                        _(
                            "A Party post needs a full Party member; %(name)s is “%(status)s”."
                        )
                        % {
                            "name": person.name,
                            "status": person.get_political_status_display(),
                        },
                    )
                )
            elif person.pk in restricted:
                checks.append(
                    PreCheck(
                        "party",
                        "fail",
                        pgettext("precheck", "Party membership"),
                        _("No right to stand: %(status)s.")
                        % {"status": VotingStatus(restricted[person.pk]).label},
                    )
                )
            else:
                checks.append(
                    PreCheck(
                        "party",
                        "ok",
                        pgettext("precheck", "Party membership"),
                        _("Full Party member."),
                    )
                )

        group = peers.get((n.round_id, n.village_id, n.body), {})
        found = [
            _("%(name)s (%(kind)s)") % {"name": group[rid].name, "kind": kind}
            for rid, kind in relations.get(person.pk, [])
            if rid in group and rid != person.pk
        ]
        if found:
            checks.append(
                PreCheck(
                    "relatives",
                    "warn",
                    _("Close relatives"),
                    _(
                        "Close relatives nominated for the same committee: %(list)s. Only one may serve (回避)."
                    )
                    % {"list": "、".join(found)},
                )
            )
        else:
            checks.append(
                PreCheck(
                    "relatives",
                    "ok",
                    _("Close relatives"),
                    _("No recorded close relative among this committee's nominees."),
                )
            )

        if committee is None:
            checks.append(
                PreCheck(
                    "committee",
                    "info",
                    _("Election committee"),
                    _("Election committee members are not recorded yet."),
                )
            )
        elif person.pk in committee:
            checks.append(
                PreCheck(
                    "committee",
                    "warn",
                    _("Election committee"),
                    _(
                        "Sits on the village election committee: must withdraw from it once nominated (组织法第十二条)."
                    ),
                )
            )
        else:
            checks.append(
                PreCheck(
                    "committee",
                    "ok",
                    _("Election committee"),
                    _("Not on the election committee."),
                )
            )

        if person.pk in reports:
            checks.append(
                PreCheck("report", "warn", _("Formal candidacy"), hold_message)
            )
        if person.pk in unsigned:
            checks.append(
                PreCheck(
                    "commitment",
                    "warn",
                    _("Commitment letter"),
                    _("No signed commitment letter (承诺书) is recorded."),
                )
            )
        for audit in audits.get(person.pk, [])[:1]:
            checks.append(_audit_check(audit))
        if person.village_id != n.village_id:
            checks.append(
                PreCheck(
                    "village",
                    "info",
                    _("Village"),
                    _("On the roster of %(village)s, not of the nominating village.")
                    % {"village": person.village},
                )
            )
        result[n.pk] = checks
    return result

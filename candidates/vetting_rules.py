"""Pure rules of vetting: the status machine, data fingerprints and review outcomes.

Nothing here touches the database; services and selectors feed it rows they
have already loaded, so the ledger computes hundreds of outcomes without a
query per candidate.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.text import mask_id_number

from .choices import (
    DecisionKind,
    FindingResult,
    NominationStatus,
    ReviewItemStatus,
    Severity,
)

S = NominationStatus

# --- the status machine ---------------------------------------------------------------

# Which status may follow which. 联审中 → 考察 needs a clear review outcome;
# 考察/公示/正式候选人 fall back to 联审中 only when a sign-off is reopened
# because the reviewed personal data changed.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PRELIMINARY: frozenset({S.IN_REVIEW, S.DISQUALIFIED}),
    S.IN_REVIEW: frozenset({S.INSPECTION, S.DISQUALIFIED}),
    S.INSPECTION: frozenset({S.PUBLIC_NOTICE, S.IN_REVIEW, S.DISQUALIFIED}),
    S.PUBLIC_NOTICE: frozenset({S.FORMAL, S.IN_REVIEW, S.DISQUALIFIED}),
    S.FORMAL: frozenset(
        {S.ELECTED, S.NOT_ELECTED, S.IN_REVIEW, S.DISQUALIFIED, S.WITHDRAWN}
    ),
    S.ELECTED: frozenset(),
    S.NOT_ELECTED: frozenset(),
    S.DISQUALIFIED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

FINAL_STATUSES = frozenset({S.ELECTED, S.NOT_ELECTED, S.DISQUALIFIED, S.WITHDRAWN})
# Statuses whose signed reviews must stay valid: a change of the reviewed data reopens them.
REVIEWED_STATUSES = frozenset({S.IN_REVIEW, S.INSPECTION, S.PUBLIC_NOTICE, S.FORMAL})

ILLEGAL_TRANSITION = gettext_lazy(
    "The nomination of %(name)s cannot go from “%(from)s” to “%(to)s”. %(hint)s"
)
HINT_FINAL = gettext_lazy(
    "A disqualified, elected or not-elected nomination is closed; an elected person found "
    "ineligible is handled as “election void” (当选无效)."
)
HINT_ORDER = gettext_lazy(
    "The steps are: preliminary nominee → joint review → inspection → public notice → "
    "formal candidate → elected or not elected."
)
HINT_FORMAL = gettext_lazy(
    "A nominee becomes a formal candidate only when, after the public notice, the office "
    "proposes the village's list and a leader confirms it."
)
HINT_RESULT = gettext_lazy(
    "Only formal candidates can be elected or not elected: confirm the formal list first."
)
HINT_REVIEW = gettext_lazy(
    "Use “Send to joint review” for preliminary nominees; a later stage returns to joint "
    "review only when a sign-off is reopened."
)


def transition_hint(current: str, target: str) -> str:
    """Return how to reach ``target`` from ``current``, in words for the clerk."""
    if current in FINAL_STATUSES:
        return str(HINT_FINAL)
    if target == S.FORMAL:
        return str(HINT_FORMAL)
    if target in (S.ELECTED, S.NOT_ELECTED):
        return str(HINT_RESULT)
    if target == S.IN_REVIEW:
        return str(HINT_REVIEW)
    return str(HINT_ORDER)


def is_legal(current: str, target: str) -> bool:
    """Return whether the status machine allows ``current`` → ``target``."""
    return target in TRANSITIONS.get(current, frozenset())


# --- fingerprints of personal data ----------------------------------------------------------

# The personal data a department reviews. A change to any of these after a
# sign-off reopens it; notes, phone or pinyin keys do not.
REVIEWED_FIELDS = (
    "name",
    "id_number",
    "gender",
    "birth_date",
    "ethnicity",
    "village_id",
    "political_status",
    "party_joined_on",
    "education",
)


REVIEWED_LABELS = {
    "name": pgettext_lazy("person", "Name"),
    "id_number": gettext_lazy("ID number"),
    "gender": gettext_lazy("Gender"),
    "birth_date": gettext_lazy("Birth date"),
    "ethnicity": gettext_lazy("Ethnicity"),
    "village_id": gettext_lazy("Village"),
    "political_status": gettext_lazy("Political status"),
    "party_joined_on": gettext_lazy("Joined the Party on"),
    "education": gettext_lazy("Education"),
}


def fmt_date(value) -> str:
    """Return a date as the interface shows it (2021年9月13日 in Chinese)."""
    from django.utils.formats import date_format

    return date_format(value) if value else ""


def person_review_data(person) -> dict[str, str]:
    """Return the reviewed personal data of a person as plain strings.

    Keys starting with ``_`` are for display only and are not fingerprinted
    (a village renamed does not change what was reviewed about the person).
    """
    data = {}
    for name in REVIEWED_FIELDS:
        value = getattr(person, name)
        if isinstance(value, date):
            value = value.isoformat()
        data[name] = "" if value is None else str(value)
    village = getattr(person, "village", None)
    data["_village"] = str(village) if village is not None else ""
    return data


def fingerprint(data: dict) -> str:
    """Return the SHA-256 of the fingerprinted part of review data."""
    canonical = {key: value for key, value in data.items() if not key.startswith("_")}
    encoded = json.dumps(canonical, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(encoded).hexdigest()


def person_fingerprint(person) -> str:
    """Return the fingerprint of a person's reviewed data as it is now."""
    return fingerprint(person_review_data(person))


def _display(person_model, name: str, value: str, data: dict) -> str:
    if name == "village_id":
        return data.get("_village") or value or "—"
    if not value:
        return "—"
    if name == "id_number":
        return mask_id_number(value)
    model_field = person_model._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return value


def describe_changes(old: dict, new: dict, person_model) -> list[str]:
    """Return “field: old → new” lines for the reviewed data that changed (ID masked)."""
    lines = []
    for name in REVIEWED_FIELDS:
        if old.get(name, "") == new.get(name, ""):
            continue
        label = REVIEWED_LABELS[name]
        lines.append(
            _("%(field)s: %(old)s → %(new)s")
            % {
                "field": label,
                "old": _display(person_model, name, old.get(name, ""), old),
                "new": _display(person_model, name, new.get(name, ""), new),
            }
        )
    return lines


REOPEN_REASON = gettext_lazy(
    "The personal data reviewed on %(date)s has changed (%(changes)s). Check the criteria "
    "again and sign off anew."
)


def reopen_reason(item, person) -> str:
    """Return why a signed item no longer matches the person's data."""
    from villages.models import Person

    changes = describe_changes(
        item.reviewed_data or {}, person_review_data(person), Person
    )
    from django.utils import timezone

    signed = (
        fmt_date(timezone.localtime(item.signed_at).date()) if item.signed_at else ""
    )
    return str(REOPEN_REASON) % {
        "date": signed,
        "changes": "；".join(changes) or _("data changed"),
    }


# --- review outcome -------------------------------------------------------------------------


class OutcomeState:
    NOT_SENT = "not_sent"
    INCOMPLETE = "incomplete"
    BLOCKED = "blocked"
    NEEDS_DECISION = "needs_decision"
    REJECTED = "rejected"
    CLEAR = "clear"


OUTCOME_LABELS = {
    OutcomeState.NOT_SENT: gettext_lazy("not sent to review"),
    OutcomeState.INCOMPLETE: gettext_lazy("review not complete"),
    OutcomeState.BLOCKED: gettext_lazy("disqualifying finding"),
    OutcomeState.NEEDS_DECISION: gettext_lazy("needs a leader decision"),
    OutcomeState.REJECTED: gettext_lazy("leader decided to disqualify"),
    OutcomeState.CLEAR: gettext_lazy("review clear"),
}
OUTCOME_COLOURS = {
    OutcomeState.NOT_SENT: "secondary",
    OutcomeState.INCOMPLETE: "primary",
    OutcomeState.BLOCKED: "danger",
    OutcomeState.NEEDS_DECISION: "warning",
    OutcomeState.REJECTED: "danger",
    OutcomeState.CLEAR: "success",
}


@dataclass
class ItemState:
    """A review item with what the outcome needs to know about it."""

    item: object
    reopened: bool
    reason: str
    overdue: bool

    @property
    def signed(self) -> bool:
        """Return whether the item counts as signed: signed and still matching the data."""
        return self.item.status == ReviewItemStatus.SIGNED and not self.reopened


@dataclass
class Outcome:
    """What the joint review says about one candidate, and why."""

    state: str
    items: list[ItemState] = field(default_factory=list)
    missing: list = field(default_factory=list)
    pending: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    reopened: list[ItemState] = field(default_factory=list)
    block_findings: list = field(default_factory=list)
    warn_findings: list = field(default_factory=list)
    decision: object = None
    findings_key: str = ""

    @property
    def label(self) -> str:
        return str(OUTCOME_LABELS[self.state])

    @property
    def colour(self) -> str:
        return OUTCOME_COLOURS[self.state]

    @property
    def is_clear(self) -> bool:
        return self.state == OutcomeState.CLEAR

    @property
    def is_complete(self) -> bool:
        """Return whether every department has signed and no sign-off is reopened."""
        return not (self.missing or self.pending or self.reopened) and bool(self.items)

    def explanation(self) -> str:
        """Return the outcome in one Chinese sentence for the clerk."""
        parts = []
        if self.state == OutcomeState.NOT_SENT:
            return str(_("Not yet sent to the joint review."))
        if self.block_findings:
            parts.append(
                _("Disqualifying finding: %(list)s.")
                % {"list": "；".join(finding_summary(f) for f in self.block_findings)}
            )
        if self.missing:
            parts.append(
                _("No review item for: %(list)s (send to review again to add them).")
                % {"list": "、".join(str(d) for d in self.missing)}
            )
        if self.pending:
            parts.append(
                _("Waiting for the sign-off of: %(list)s.")
                % {"list": "、".join(str(d) for d in self.pending)}
            )
        if self.overdue:
            parts.append(
                _("Overdue: %(list)s.")
                % {"list": "、".join(str(d) for d in self.overdue)}
            )
        if self.reopened:
            parts.append(
                _("Reopened: %(list)s.")
                % {
                    "list": "；".join(
                        f"{s.item.department}：{s.reason}" for s in self.reopened
                    )
                }
            )
        if self.warn_findings and self.decision is None:
            parts.append(
                _("Not-advisable findings need a leader's written decision: %(list)s.")
                % {"list": "；".join(finding_summary(f) for f in self.warn_findings)}
            )
        if self.state == OutcomeState.REJECTED and self.decision is not None:
            parts.append(
                _("Leader decision: disqualify (%(reason)s).")
                % {"reason": self.decision.reason}
            )
        if self.state == OutcomeState.CLEAR:
            if self.decision is not None:
                parts.append(
                    _(
                        "Every department signed; a leader decided the candidate may proceed (%(reason)s)."
                    )
                    % {"reason": self.decision.reason}
                )
            else:
                parts.append(_("Every department signed with no problem found."))
        return " ".join(parts)


def finding_summary(finding) -> str:
    """Return “公安 · 十不选之二：finding” for a finding with item, department, criterion loaded."""
    return _("%(department)s · item %(number)s: %(finding)s") % {
        "department": finding.item.department,
        "number": finding.criterion.number,
        "finding": finding.finding,
    }


def findings_key(findings) -> str:
    """Return a key identifying a set of 不宜 findings, so a decision covers exactly them."""
    rows = sorted(
        (
            f.pk,
            f.criterion_id,
            f.finding,
            f.item.signed_at.isoformat() if f.item.signed_at else "",
        )
        for f in findings
    )
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def compute_outcome(
    *,
    items,
    required_departments,
    current_fingerprint: str,
    person=None,
    decisions=(),
    today: date,
    closed: bool = False,
) -> Outcome:
    """Apply the outcome rules to one candidate's loaded review items.

    ``closed`` (the nomination is disqualified, elected or not elected) keeps
    the findings but lists no department as pending, overdue or reopened:
    nothing is awaited from them any more.

    - any signed ``block`` finding → BLOCKED (取消资格);
    - a required department without an item, an unsigned item, or a sign-off
      whose fingerprint no longer matches the data → INCOMPLETE;
    - signed ``warn`` findings → NEEDS_DECISION until a leader decision covers
      exactly them (PROCEED → CLEAR, DISQUALIFY → REJECTED);
    - otherwise CLEAR.

    ``items`` carry prefetched ``findings`` (with ``criterion``) and
    ``department``; ``decisions`` are the nomination's decisions, newest first.
    """
    items = list(items)
    if not items:
        return Outcome(state=OutcomeState.NOT_SENT)
    states = []
    for item in items:
        reopened = False
        reason = ""
        if (
            item.status == ReviewItemStatus.SIGNED
            and item.fingerprint != current_fingerprint
        ):
            reopened = True
            reason = reopen_reason(item, person) if person is not None else ""
        elif item.status == ReviewItemStatus.PENDING and item.reopened_reason:
            reopened = True
            reason = item.reopened_reason
        overdue = item.status == ReviewItemStatus.PENDING and item.due_date < today
        states.append(
            ItemState(item=item, reopened=reopened, reason=reason, overdue=overdue)
        )

    present = {s.item.department_id for s in states}
    outcome = Outcome(state=OutcomeState.INCOMPLETE, items=states)
    outcome.missing = [d for d in required_departments if d.pk not in present]
    outcome.pending = [
        s.item.department for s in states if not s.signed and not s.reopened
    ]
    outcome.overdue = [s.item.department for s in states if s.overdue]
    outcome.reopened = [s for s in states if s.reopened]
    if closed:
        outcome.missing, outcome.pending, outcome.overdue, outcome.reopened = (
            [],
            [],
            [],
            [],
        )
        for state in states:
            state.overdue = False
            state.reopened = False
    for state in states:
        if not state.signed:
            continue
        for finding in state.item.findings.all():
            if finding.result != FindingResult.ISSUE:
                continue
            if finding.criterion.severity == Severity.BLOCK:
                outcome.block_findings.append(finding)
            else:
                outcome.warn_findings.append(finding)

    if outcome.block_findings:
        outcome.state = OutcomeState.BLOCKED
        return outcome
    if outcome.warn_findings:
        outcome.findings_key = findings_key(outcome.warn_findings)
        outcome.decision = next(
            (d for d in decisions if d.findings_key == outcome.findings_key), None
        )
        if (
            outcome.decision is not None
            and outcome.decision.decision == DecisionKind.DISQUALIFY
        ):
            outcome.state = OutcomeState.REJECTED
            return outcome
    if outcome.missing or outcome.pending or outcome.reopened:
        outcome.state = OutcomeState.INCOMPLETE
        return outcome
    if outcome.warn_findings and outcome.decision is None:
        outcome.state = OutcomeState.NEEDS_DECISION
        return outcome
    outcome.state = OutcomeState.CLEAR
    return outcome

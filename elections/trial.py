"""Trial calculation (选举结果测算): a scenario of numbers → what the rules make of it.

Used by ``manage.py tally`` (SPEC §5) and the trial-calculation page. A scenario
is a dict, as in SPEC §5::

    {"kind": "vc", "registered": N, "issued": N, "cast": N, "runoff": false,
     "posts": {"主任": {"seats": 1, "votes": {"甲": N}}, …}}

``parse()`` checks its shape and raises :class:`ScenarioError` (a Chinese message
naming the field) on anything malformed; ``evaluate()`` runs the very rule
functions the real counting runs (``elections.rules``) under a rule set and
returns a :class:`TrialResult`. Nothing here touches the database except reading
the rule set, and nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from villages.choices import PartyMemberKind, VotingStatus

from . import rules
from .rules.base import Finding

KINDS = (
    "vc",
    "party",
    "recommendation",
    "vc_committee",
    "party_margin",
    "party_entitlement",
)

# Posts of a villagers' committee ballot, highest first: someone elected to a
# higher post is not counted again on a lower one (V6).
POST_ORDER = ("主任", "副主任", "委员")

KIND_LABELS = {
    "vc": gettext_lazy("Villagers' committee election"),
    "party": gettext_lazy("Party committee election"),
    "recommendation": gettext_lazy("Recommendation meeting"),
    "vc_committee": gettext_lazy("Villagers' committee make-up"),
    "party_margin": gettext_lazy("Party committee candidate surplus"),
    "party_entitlement": gettext_lazy("Party members entitled to vote"),
}


class ScenarioError(Exception):
    """The scenario is malformed: the message (Chinese) says what and where."""


@dataclass
class TrialResult:
    kind: str
    valid: bool
    refused: bool
    findings: list[Finding]
    elected: dict[str, list[str]] = field(default_factory=dict)
    shortfall: dict[str, int] = field(default_factory=dict)
    entitled: int | None = None

    def as_json(self) -> dict:
        """Return the object SPEC §5 defines (and ``entitled`` for party_entitlement)."""
        data = {
            "valid": self.valid,
            "refused": self.refused,
            "findings": [
                {"rule": f.rule, "passed": f.passed, "message": str(f.message)}
                for f in self.findings
            ],
            "elected": self.elected,
            "shortfall": self.shortfall,
        }
        if self.kind == "party_entitlement":
            data["entitled"] = self.entitled
        return data


# --- reading the scenario -----------------------------------------------------------------


def loads(text: str) -> dict:
    """Parse JSON text into a checked scenario; raise ScenarioError when malformed."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            _(
                "The file is not valid JSON (line %(line)s, column %(column)s): "
                "check the brackets, quotes and commas there."
            )
            % {"line": exc.lineno, "column": exc.colno}
        ) from None
    return parse(data)


def _whole(data: Mapping, name: str, path: str = "", *, required: bool = True):
    where = f"{path}{name}"
    if name not in data:
        if required:
            raise ScenarioError(_("“%(field)s” is missing.") % {"field": where})
        return None
    value = data[name]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ScenarioError(
            _("“%(field)s” must be a whole number of zero or more, not %(value)s.")
            % {"field": where, "value": json.dumps(value, ensure_ascii=False)}
        )
    return value


def _flag(data: Mapping, name: str, default: bool = False) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise ScenarioError(
            _("“%(field)s” must be true or false, not %(value)s.")
            % {"field": name, "value": json.dumps(value, ensure_ascii=False)}
        )
    return value


def _day(data: Mapping, name: str) -> date | None:
    value = data.get(name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        pass
    raise ScenarioError(
        _("“%(field)s” must be a date written as 2026-12-20, not %(value)s.")
        % {"field": name, "value": json.dumps(value, ensure_ascii=False)}
    )


def _object(data: Mapping, name: str, path: str = "", *, required=True) -> dict:
    where = f"{path}{name}"
    if name not in data:
        if required:
            raise ScenarioError(_("“%(field)s” is missing.") % {"field": where})
        return {}
    value = data[name]
    if not isinstance(value, dict):
        raise ScenarioError(
            _("“%(field)s” must be an object ({…}), not %(value)s.")
            % {"field": where, "value": json.dumps(value, ensure_ascii=False)}
        )
    return value


def _votes(data: Mapping, path: str, *, required=True) -> dict[str, int]:
    votes = _object(data, "votes", path, required=required)
    for name in votes:
        if not str(name).strip():
            raise ScenarioError(
                _("A candidate in “%(field)s” has no name.") % {"field": f"{path}votes"}
            )
        _whole(votes, name, f"{path}votes.")
    return dict(votes)


def _names(data: Mapping, name: str) -> list[str]:
    value = data.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ScenarioError(
            _("“%(field)s” must be a list of names, not %(value)s.")
            % {"field": name, "value": json.dumps(value, ensure_ascii=False)}
        )
    return value


ALLOWED = {
    "vc": {
        "kind",
        "registered",
        "issued",
        "cast",
        "runoff",
        "posts",
        "women",
        "election_day",
        "runoff_day",
    },
    "party": {
        "kind",
        "entitled",
        "present",
        "issued",
        "returned",
        "seats",
        "votes",
        "runoff",
    },
    "recommendation": {"kind", "entitled", "present", "seats", "shortlist", "votes"},
    "vc_committee": {"kind", "size", "women"},
    "party_margin": {"kind", "seats", "candidates"},
    "party_entitlement": {"kind", "members"},
}


def parse(data) -> dict:
    """Check a scenario's shape; return it with its numbers read; raise ScenarioError."""
    if not isinstance(data, dict) or "kind" not in data:
        raise ScenarioError(
            _("The scenario must be one JSON object with a “kind”: one of %(kinds)s.")
            % {"kinds": "、".join(KINDS)}
        )
    kind = data["kind"]
    if kind not in KINDS:
        raise ScenarioError(
            _("Unknown kind %(kind)s: use one of %(kinds)s.")
            % {"kind": json.dumps(kind, ensure_ascii=False), "kinds": "、".join(KINDS)}
        )
    unknown = sorted(set(data) - ALLOWED[kind])
    if unknown:
        raise ScenarioError(
            _("Unknown field(s) for kind %(kind)s: %(fields)s — check the spelling.")
            % {"kind": kind, "fields": "、".join(f"“{u}”" for u in unknown)}
        )
    parsed: dict = {"kind": kind}
    if kind == "vc":
        for name in ("registered", "issued", "cast"):
            parsed[name] = _whole(data, name)
        parsed["runoff"] = _flag(data, "runoff")
        parsed["election_day"] = _day(data, "election_day")
        parsed["runoff_day"] = _day(data, "runoff_day")
        parsed["women"] = set(_names(data, "women"))
        posts = _object(data, "posts")
        if not posts:
            raise ScenarioError(
                _("“posts” is empty: enter at least one post with its seats and votes.")
            )
        parsed["posts"] = {}
        for post, line in posts.items():
            path = f"posts.{post}."
            if not isinstance(line, dict):
                raise ScenarioError(
                    _("“%(field)s” must be an object with “seats” and “votes”.")
                    % {"field": f"posts.{post}"}
                )
            parsed["posts"][post] = {
                "seats": _whole(line, "seats", path),
                "votes": _votes(line, path),
            }
    elif kind == "party":
        for name in ("entitled", "present", "issued", "returned", "seats"):
            parsed[name] = _whole(data, name)
        parsed["votes"] = _votes(data, "")
        parsed["runoff"] = _flag(data, "runoff")
    elif kind == "recommendation":
        parsed["entitled"] = _whole(data, "entitled")
        parsed["present"] = _whole(data, "present")
        parsed["seats"] = _whole(data, "seats", required=False)
        parsed["shortlist"] = _whole(data, "shortlist", required=False)
        parsed["votes"] = _votes(data, "", required=False) if "votes" in data else None
        if parsed["votes"] is not None and (
            parsed["seats"] is None or parsed["shortlist"] is None
        ):
            raise ScenarioError(
                _(
                    "With “votes”, enter “seats” and “shortlist” (people to recommend) too."
                )
            )
        if (parsed["seats"] is None) != (parsed["shortlist"] is None):
            raise ScenarioError(
                _(
                    "Enter both “seats” and “shortlist” for the surplus check, or neither."
                )
            )
    elif kind == "vc_committee":
        parsed["size"] = _whole(data, "size")
        parsed["women"] = _whole(data, "women")
    elif kind == "party_margin":
        parsed["seats"] = _whole(data, "seats")
        parsed["candidates"] = _whole(data, "candidates")
    else:
        parsed["members"] = _members(data)
    return parsed


def _members(data: Mapping) -> list[SimpleNamespace]:
    members = data.get("members")
    if not isinstance(members, list):
        raise ScenarioError(
            _("“members” must be a list of members (“member”, “voting”, “excluded”).")
        )
    rows = []
    kinds, statuses = set(PartyMemberKind.values), set(VotingStatus.values)
    for number, member in enumerate(members, start=1):
        where = {"number": number}
        if not isinstance(member, dict):
            raise ScenarioError(_("Member %(number)s must be an object.") % where)
        kind = member.get("member")
        voting = member.get("voting", VotingStatus.NORMAL)
        excluded = member.get("excluded", False)
        if kind not in kinds:
            raise ScenarioError(
                _("Member %(number)s: “member” must be %(choices)s.")
                % {**where, "choices": " / ".join(sorted(kinds))}
            )
        if voting not in statuses:
            raise ScenarioError(
                _("Member %(number)s: “voting” must be %(choices)s.")
                % {**where, "choices": " / ".join(sorted(statuses))}
            )
        if not isinstance(excluded, bool):
            raise ScenarioError(
                _("Member %(number)s: “excluded” must be true or false.") % where
            )
        unknown = sorted(set(member) - {"member", "voting", "excluded"})
        if unknown:
            raise ScenarioError(
                _("Member %(number)s: unknown field(s) %(fields)s.")
                % {**where, "fields": "、".join(f"“{u}”" for u in unknown)}
            )
        rows.append(
            SimpleNamespace(
                party_member_kind=kind,
                voting_status=voting,
                excluded_from_quorum=excluded,
                # In a scenario an exclusion stands for an approved one (P4).
                exclusion_approval="测算" if excluded else "",
            )
        )
    return rows


# --- evaluating it ----------------------------------------------------------------------------

# Which rule an impossible number breaks, by the field the rule function names.
REFUSAL_RULES = {
    "vc": {"registered": "V5", "cast": "V5", "held_on": "V6"},
    "party": {"entitled": "P1", "present": "P1", "issued": "V7"},
    "recommendation": {},
    "vc_committee": {},
    "party_margin": {},
}
REFUSAL_DEFAULT = {
    "vc": "V7",
    "party": "V7",
    "recommendation": "P5",
    "vc_committee": "V1",
    "party_margin": "P2",
    "party_entitlement": "P4",
}


def _refused(kind: str, error: ValidationError) -> TrialResult:
    findings = []
    mapping = REFUSAL_RULES.get(kind, {})
    for name, messages in error.message_dict.items():
        for message in messages:
            rule = mapping.get(name, REFUSAL_DEFAULT[kind])
            findings.append(Finding(rule, False, message))
    return TrialResult(kind=kind, valid=False, refused=True, findings=findings)


def _candidate_findings(outcome, names: Mapping) -> list[Finding]:
    return [
        Finding(r.rule, r.elected, f"{names.get(r.key, r.key)}：{r.message}")
        for r in outcome.results
    ]


def evaluate(scenario: dict, book) -> TrialResult:
    """Run a parsed scenario through the rule functions under ``book`` (a rule set)."""
    kind = scenario["kind"]
    try:
        return EVALUATORS[kind](scenario, book)
    except ValidationError as error:
        return _refused(kind, error)


def _ordered_posts(posts: Mapping) -> list[str]:
    known = [p for p in POST_ORDER if p in posts]
    return known + [p for p in posts if p not in POST_ORDER]


def _vc(s: dict, book) -> TrialResult:
    lines = []
    for post in _ordered_posts(s["posts"]):
        line = s["posts"][post]
        lines.append(
            rules.PostTally(
                post,
                line["seats"],
                tuple(
                    rules.Tally(name, votes, name=name, woman=name in s["women"])
                    for name, votes in line["votes"].items()
                ),
                label=post,
            )
        )
    numbers = {
        "registered": s["registered"],
        "issued": s["issued"],
        "cast": s["cast"],
        "lines": lines,
        "rules": book,
    }
    margins = []
    if not s["runoff"]:
        # V3: an election with no more candidates than seats is not set up at all.
        margins = [
            rules.vc_candidate_margin(
                post=line.post,
                seats=line.seats,
                candidates=len(line.tallies),
                rules=book,
            )
            for line in lines
            if line.seats
        ]
        if not all(f.passed for f in margins):
            return TrialResult(kind="vc", valid=False, refused=True, findings=margins)
    if s["runoff"]:
        outcome = rules.vc_runoff(
            **numbers, election_day=s["election_day"], runoff_day=s["runoff_day"]
        )
    else:
        outcome = rules.vc_election(**numbers, election_day=s["election_day"])
    elected = {
        line.post: [
            str(r.key)
            for r in outcome.results
            if r.post == line.post and r.status == rules.ResultStatus.ELECTED
        ]
        for line in lines
    }
    findings = margins + list(outcome.findings) + _candidate_findings(outcome, {})
    return TrialResult(
        kind="vc",
        valid=outcome.valid,
        refused=False,
        findings=findings,
        elected=elected if outcome.valid else {},
        shortfall=dict(outcome.shortfall),
    )


def _party(s: dict, book) -> TrialResult:
    outcome = rules.party_election(
        entitled=s["entitled"],
        present=s["present"],
        issued=s["issued"],
        returned=s["returned"],
        seats=s["seats"],
        tallies=[rules.Tally(n, v, name=n) for n, v in s["votes"].items()],
        rules=book,
        runoff=s["runoff"],
    )
    post = "委员"
    elected = [str(k) for k in outcome.elected_keys]
    return TrialResult(
        kind="party",
        valid=outcome.valid,
        refused=False,
        findings=list(outcome.findings) + _candidate_findings(outcome, {}),
        elected={post: elected} if outcome.valid else {},
        shortfall={post: outcome.shortfall[""]} if outcome.shortfall else {},
    )


def _recommendation(s: dict, book) -> TrialResult:
    entitled, present = s["entitled"], s["present"]
    if s["votes"] is not None:
        outcome = rules.recommendation_meeting(
            entitled=entitled,
            present=present,
            seats=s["seats"],
            shortlist=s["shortlist"],
            tallies=[rules.Tally(n, v, name=n) for n, v in s["votes"].items()],
            rules=book,
        )
        return TrialResult(
            kind="recommendation",
            valid=outcome.valid,
            refused=False,
            findings=list(outcome.findings) + _candidate_findings(outcome, {}),
            elected={"初步人选": [str(k) for k in outcome.elected_keys]}
            if outcome.valid
            else {},
        )
    errors = rules.base.Errors()
    if entitled == 0:
        errors.add("entitled", rules.base.fill(rules.messages.ENTITLED_ZERO))
    if present > entitled:
        errors.add(
            "present",
            rules.base.fill(
                rules.messages.PRESENT_OVER_ENTITLED, present=present, entitled=entitled
            ),
        )
    if s["seats"] == 0:
        errors.add("seats", rules.base.fill(rules.messages.NO_SEATS))
    errors.raise_if_any()
    findings = [
        rules.recommend_attendance(entitled=entitled, present=present, rules=book)
    ]
    if s["seats"] is not None:
        findings.append(
            rules.recommend_margin(
                seats=s["seats"], shortlist=s["shortlist"], rules=book
            )
        )
    return TrialResult(
        kind="recommendation",
        valid=all(f.passed for f in findings),
        refused=False,
        findings=findings,
    )


def _vc_committee(s: dict, book) -> TrialResult:
    if s["women"] > s["size"]:
        raise ValidationError(
            {
                "women": _(
                    "%(women)s women is more than the %(size)s members: "
                    "check the numbers."
                )
                % {"women": s["women"], "size": s["size"]}
            }
        )
    findings = rules.vc_composition(size=s["size"], women=s["women"], rules=book)
    return TrialResult(
        kind="vc_committee",
        valid=all(f.passed for f in findings),
        refused=False,
        findings=findings,
    )


def _party_margin(s: dict, book) -> TrialResult:
    if s["seats"] == 0:
        raise ValidationError({"seats": rules.base.fill(rules.messages.NO_SEATS)})
    finding = rules.party_margin(
        seats=s["seats"], candidates=s["candidates"], rules=book
    )
    return TrialResult(
        kind="party_margin", valid=finding.passed, refused=False, findings=[finding]
    )


def _party_entitlement(s: dict, book) -> TrialResult:
    entitlement = rules.party_entitlement(s["members"])
    findings = entitlement.findings
    return TrialResult(
        kind="party_entitlement",
        valid=all(f.passed for f in findings),
        refused=False,
        findings=findings,
        entitled=entitlement.entitled,
    )


EVALUATORS = {
    "vc": _vc,
    "party": _party,
    "recommendation": _recommendation,
    "vc_committee": _vc_committee,
    "party_margin": _party_margin,
    "party_entitlement": _party_entitlement,
}


# --- the rule set -------------------------------------------------------------------------------


class RuleSetError(Exception):
    """No usable rule set (the message says which and what to do)."""


def rule_set_for(code: str | None):
    """Return the rule set a trial runs under: ``code``'s newest version, else the default."""
    from stages.models import RuleSet
    from stages.rule_sets import default_rule_set

    if code:
        rule_set = RuleSet.objects.filter(code=code).order_by("-version").first()
        if rule_set is None:
            codes = sorted(set(RuleSet.objects.values_list("code", flat=True)))
            raise RuleSetError(
                _(
                    "There is no rule set with the code “%(code)s”; the rule sets are: %(codes)s."
                )
                % {"code": code, "codes": "、".join(codes) or "—"}
            )
        return rule_set
    rule_set = default_rule_set()
    if rule_set is None:
        raise RuleSetError(
            _(
                "No rule set has been loaded: run “python manage.py load_defaults” first."
            )
        )
    return rule_set

"""选举结果测算: staff enter numbers before a meeting and see what the rules make of them.

The same calculation as ``manage.py tally`` (``elections.trial``): every rule is
cited with the rule-set row and its legal basis. Nothing is written.
"""

from __future__ import annotations

import re

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stages.models import RuleSet

from .. import trial
from .common import require_reader

VOTE_LINE = re.compile(r"^\s*(?:(\S+)\s+)?(\S+)\s+(\d+)\s*(女)?\s*$")


class TrialForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What to calculate"),
        choices=[(k, trial.KIND_LABELS[k]) for k in trial.KINDS],
    )
    rule_set = forms.ModelChoiceField(
        label=gettext_lazy("Rule set"),
        queryset=RuleSet.objects.none(),
        required=False,
        empty_label=gettext_lazy("the default rule set"),
    )
    registered = forms.IntegerField(
        label=gettext_lazy("Registered voters"), min_value=0, required=False
    )
    entitled = forms.IntegerField(
        label=gettext_lazy("Entitled to attend (应到会)"), min_value=0, required=False
    )
    present = forms.IntegerField(
        label=gettext_lazy("Present"), min_value=0, required=False
    )
    issued = forms.IntegerField(
        label=gettext_lazy("Ballots issued"), min_value=0, required=False
    )
    cast = forms.IntegerField(
        label=gettext_lazy("Ballots cast / returned"), min_value=0, required=False
    )
    runoff = forms.BooleanField(
        label=gettext_lazy("Separate election (另行选举)"), required=False
    )
    seats = forms.IntegerField(
        label=gettext_lazy("Seats (Party committee, recommendation)"),
        min_value=0,
        required=False,
    )
    candidates = forms.IntegerField(
        label=gettext_lazy("Candidates"), min_value=0, required=False
    )
    shortlist = forms.IntegerField(
        label=gettext_lazy("People to recommend"), min_value=0, required=False
    )
    size = forms.IntegerField(
        label=gettext_lazy("Committee size (members in all)"),
        min_value=0,
        required=False,
    )
    women = forms.IntegerField(
        label=gettext_lazy("Women on the committee"), min_value=0, required=False
    )
    post_seats = forms.CharField(
        label=gettext_lazy("Seats per post (villagers' committee)"),
        required=False,
        initial="主任=1 副主任=1 委员=3",
        help_text=gettext_lazy(
            "e.g. “主任=1 副主任=1 委员=3”; a post not named has 1 seat."
        ),
    )
    votes = forms.CharField(
        label=gettext_lazy("Votes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=gettext_lazy(
            "One candidate a line: post, name, votes (villagers' committee, e.g. "
            "“主任 张三 520”, add “女” for a woman); name and votes otherwise."
        ),
    )
    members = forms.CharField(
        label=gettext_lazy("Party members"),
        required=False,
        help_text=gettext_lazy(
            "Five numbers: full members who may vote, full members excluded with "
            "approval, under 留党察看, detained, probationary — e.g. “48 2 1 0 3”."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_set"].queryset = RuleSet.objects.order_by(
            "-is_default", "code", "-version"
        )
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field, forms.BooleanField) else ""
            if isinstance(field.widget, forms.Select):
                css = "form-select"
            field.widget.attrs.setdefault("class", css or "form-control")

    def scenario(self) -> dict:
        """Build the tally scenario; raise trial.ScenarioError with a Chinese message."""
        data = self.cleaned_data
        kind = data["kind"]
        fields = {
            "vc": ("registered", "issued", "cast"),
            "party": ("entitled", "present", "issued", "seats"),
            "recommendation": ("entitled", "present"),
            "vc_committee": ("size", "women"),
            "party_margin": ("seats", "candidates"),
            "party_entitlement": (),
        }[kind]
        scenario = {"kind": kind}
        for name in fields:
            if data.get(name) is None:
                raise trial.ScenarioError(
                    _("Enter “%(field)s”.") % {"field": self.fields[name].label}
                )
            scenario[name] = data[name]
        if kind == "vc":
            scenario["runoff"] = data["runoff"]
            scenario["posts"], scenario["women"] = self._posts(data["votes"])
        elif kind == "party":
            if data.get("cast") is None:
                raise trial.ScenarioError(
                    _("Enter “%(field)s”.") % {"field": self.fields["cast"].label}
                )
            scenario["returned"] = data["cast"]
            scenario["runoff"] = data["runoff"]
            scenario["votes"] = self._plain_votes(data["votes"])
        elif kind == "recommendation":
            if data.get("seats") is not None or data.get("shortlist") is not None:
                scenario["seats"] = data.get("seats")
                scenario["shortlist"] = data.get("shortlist")
                scenario = {k: v for k, v in scenario.items() if v is not None}
            if (data.get("votes") or "").strip():
                scenario["votes"] = self._plain_votes(data["votes"])
        elif kind == "party_entitlement":
            scenario["members"] = self._members(data.get("members") or "")
        return trial.parse(scenario)

    def _lines(self, text: str):
        for number, line in enumerate((text or "").splitlines(), start=1):
            if not line.strip():
                continue
            match = VOTE_LINE.match(line.replace("\u3000", " "))
            if not match:
                raise trial.ScenarioError(
                    _("Votes, line %(number)s: “%(line)s” is not “post name votes”.")
                    % {"number": number, "line": line.strip()}
                )
            yield match.groups()

    def _posts(self, text: str):
        posts: dict = {}
        women = []
        for post, name, votes, woman in self._lines(text):
            if not post:
                raise trial.ScenarioError(
                    _(
                        "Votes: “%(name)s” has no post; write e.g. “委员 %(name)s %(votes)s”."
                    )
                    % {"name": name, "votes": votes}
                )
            line = posts.setdefault(post, {"seats": 0, "votes": {}})
            line["votes"][name] = int(votes)
            if woman:
                women.append(name)
        seats = self.cleaned_data.get("post_seats") or ""
        counts = dict(pair.split("=", 1) for pair in seats.split() if "=" in pair)
        for post, line in posts.items():
            value = counts.get(post, "1")
            line["seats"] = int(value) if value.isdigit() else 1
        return posts, women

    def _plain_votes(self, text: str) -> dict:
        votes = {}
        for post, name, number, _woman in self._lines(text):
            if post:
                raise trial.ScenarioError(
                    _(
                        "Votes: write “name votes” on each line, e.g. “%(name)s %(votes)s”."
                    )
                    % {"name": name, "votes": number}
                )
            votes[name] = int(number)
        return votes

    def _members(self, text: str) -> list:
        parts = text.split()
        if len(parts) != 5 or not all(p.isdigit() for p in parts):
            raise trial.ScenarioError(
                _("Party members: enter five whole numbers, e.g. “48 2 1 0 3”.")
            )
        normal, excluded, probation, detained, probationary = map(int, parts)
        row = {"member": "full", "voting": "normal", "excluded": False}
        return (
            [row] * normal
            + [{**row, "excluded": True}] * excluded
            + [{**row, "voting": "probation"}] * probation
            + [{**row, "voting": "detained"}] * detained
            + [{**row, "member": "probationary"}] * probationary
        )


def trial_calculation(request):
    """Show the trial-calculation form and, on submit, the outcome with every rule cited."""
    require_reader(request)
    form = TrialForm(request.POST or None)
    result = rule_set = None
    cited = []
    if request.method == "POST" and form.is_valid():
        try:
            scenario = form.scenario()
            rule_set = form.cleaned_data.get("rule_set") or trial.rule_set_for(None)
        except (trial.ScenarioError, trial.RuleSetError) as error:
            form.add_error(None, str(error))
        else:
            book = rule_set.book()
            result = trial.evaluate(scenario, book)
            for finding in result.findings:
                row = book.rule(finding.key) if finding.key in book else None
                cited.append((finding, row))
    return render(
        request,
        "elections/trial.html",
        {"form": form, "result": result, "rule_set": rule_set, "cited": cited},
    )

"""Forms of meetings and elections (crispy / Bootstrap 5).

The forms only shape the input and offer the choices a user may pick; every
rule (thresholds, impossible numbers, V8/V11 conflicts) lives in
``elections.rules`` and the services, whose ValidationErrors are put back on
the form with :func:`candidates.forms.apply_errors`.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.forms import (  # noqa: F401 - re-exported for views
    DateInput,
    apply_errors,
)
from candidates.models import Nomination
from core.concurrency import VersionedFormMixin
from core.widgets import PersonSelect
from villages.models import Person

from .choices import (
    AppealDecision,
    Body,
    MeetingKind,
    NominationStatus,
    Post,
    VoterAddReason,
    VoterCategory,
    VoterRemoveReason,
)
from .models import ElectionCandidate

MAX_VOTE_ROWS = 30


def _person_label(person) -> str:
    return f"{person.name}（{person.get_gender_display()}，{person.birth_date:%Y}年生）"


class PersonChoiceField(forms.ModelChoiceField):
    # Searchable by name, pinyin and initials (plain select without JavaScript).
    widget = PersonSelect

    def label_from_instance(self, obj):
        return _person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _person_label(obj)


class MeetingForm(forms.Form):
    """A recommendation meeting: attendance, seats, shortlist, and each nominee's votes."""

    kind = forms.ChoiceField(label=_("Meeting"), choices=MeetingKind.choices)
    body = forms.ChoiceField(
        label=_("Recommending for"), choices=Body.choices, initial=Body.PARTY_COMMITTEE
    )
    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    seats = forms.IntegerField(label=_("Seats (职数)"), min_value=1, max_value=50)
    shortlist = forms.IntegerField(
        label=_("People to recommend"),
        min_value=1,
        max_value=60,
        help_text=_("At least the seats plus the rule set's margin (差额)."),
    )
    entitled = forms.IntegerField(label=_("Entitled to attend"), min_value=0)
    present = forms.IntegerField(label=_("Present"), min_value=0)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, village, rows: int = 10, initial_votes=(), **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(village=village).order_by("name", "pk")
        self.vote_rows = []
        initial_votes = list(initial_votes)
        for index in range(max(rows, len(initial_votes))):
            person_field = f"person_{index}"
            votes_field = f"votes_{index}"
            post_field = f"post_{index}"
            self.fields[person_field] = PersonChoiceField(
                label=_("Nominee"), queryset=people, required=False
            )
            self.fields[votes_field] = forms.IntegerField(
                label=_("Votes"), min_value=0, required=False
            )
            self.fields[post_field] = forms.ChoiceField(
                label=_("For post"),
                choices=Post.choices,
                initial=Post.MEMBER,
                required=False,
            )
            if index < len(initial_votes):
                vote = initial_votes[index]
                self.initial[person_field] = vote.person_id
                self.initial[votes_field] = vote.votes
                self.initial[post_field] = vote.post
            self.vote_rows.append(
                (self[person_field], self[votes_field], self[post_field])
            )

    def votes(self) -> list[tuple[Person, int, str]]:
        """Return the filled rows as (person, votes, post)."""
        result = []
        for index in range(len(self.vote_rows)):
            person = self.cleaned_data.get(f"person_{index}")
            votes = self.cleaned_data.get(f"votes_{index}")
            if person is None and votes is None:
                continue
            if person is None or votes is None:
                self.add_error(
                    f"person_{index}" if person is None else f"votes_{index}",
                    _("Enter both the nominee and the votes, or leave the row empty."),
                )
                continue
            result.append(
                (person, votes, self.cleaned_data.get(f"post_{index}") or Post.MEMBER)
            )
        return result


class NominationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.name} · {obj.get_post_display()}"


class ElectionSetupForm(VersionedFormMixin, forms.Form):
    """Set up an election: day, seats per post, the formal candidates, staff."""

    # Correcting a set-up: any save of the election since is a conflict (the
    # ballot and staff live in other rows).
    version_fields = {
        "held_on": "held_on",
        "seats_head": "seats_head",
        "seats_deputy": "seats_deputy",
        "seats_member": "seats_member",
        "registered": "entitled",
        "notes": "notes",
    }
    version_strict = True

    held_on = forms.DateField(label=_("Election day"), widget=DateInput())
    seats_head = forms.IntegerField(label=_("Seats: director"), min_value=0, initial=1)
    seats_deputy = forms.IntegerField(
        label=_("Seats: deputy director"), min_value=0, initial=0
    )
    seats_member = forms.IntegerField(label=_("Seats: members"), min_value=0, initial=3)
    registered = forms.IntegerField(
        label=_("Registered voters"),
        min_value=0,
        required=False,
        help_text=_("登记参加选举的村民人数, from the published voter list."),
    )
    nominations = NominationChoiceField(
        label=_("Candidates on the ballot"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Formal candidates (正式候选人) of the village for this committee."
        ),
    )
    committee = PeopleChoiceField(
        label=_("Villagers' election committee"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    scrutineers = PeopleChoiceField(
        label=_("Scrutineers"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    tellers = PeopleChoiceField(
        label=_("Tellers"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, village, body, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.body = body
        self.fields["nominations"].queryset = (
            Nomination.objects.filter(
                round=round, village=village, body=body, status=NominationStatus.FORMAL
            )
            .select_related("person")
            .order_by("post", "person__name")
        )
        people = Person.objects.filter(village=village).order_by("name", "pk")
        for name in ("committee", "scrutineers", "tellers"):
            self.fields[name].queryset = people
        if body == Body.PARTY_COMMITTEE:
            for name in ("seats_head", "seats_deputy", "registered", "committee"):
                del self.fields[name]
            self.fields["seats_member"].label = _("Seats: committee members (委员)")
            self.fields["seats_member"].initial = 5
        elif body == Body.SUPERVISION_COMMITTEE:
            del self.fields["seats_deputy"]
            self.fields["registered"].label = _(
                "Voters entitled (村民会议 or representatives)"
            )
            self.fields["registered"].help_text = ""
            self.fields["seats_member"].initial = 2
        if "registered" in self.fields:
            self.fields["registered"].required = True


class ElectionCountForm(VersionedFormMixin, forms.Form):
    """The numbers of a vote: attendance or voters, ballots, each candidate's votes."""

    # Votes per candidate live in other rows: any count saved since is a conflict.
    version_fields = {
        "registered": "entitled",
        "present": "present",
        "ballots_issued": "ballots_issued",
        "ballots_returned": "ballots_returned",
    }
    version_strict = True

    registered = forms.IntegerField(label=_("Registered voters"), min_value=0)
    present = forms.IntegerField(
        label=_("Voting members present (实到会)"), min_value=0
    )
    ballots_issued = forms.IntegerField(label=_("Ballots issued"), min_value=0)
    ballots_returned = forms.IntegerField(
        label=_("Ballots cast (returned)"), min_value=0
    )

    def __init__(self, *args, election, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.election = election
        if election.is_party:
            del self.fields["registered"]
        else:
            del self.fields["present"]
            self.fields["registered"].initial = election.entitled
            from .services.register import registered_count

            on_register = registered_count(election)
            if on_register is not None:
                # The register is the 登记选民数; the field shows it, read-only.
                field = self.fields["registered"]
                field.initial = self.initial["registered"] = on_register
                field.disabled = True
                field.help_text = _("From the voter register; change the register.")
        if election.kind == "posts":
            del self.fields["ballots_issued"]
            del self.fields["ballots_returned"]
            self.fields["present"].label = _("Committee members present")
        elif not election.is_party:
            from .services.polling import station_totals

            totals = station_totals(election)
            if totals is not None:
                # The polling stations' sums: shown read-only, never typed twice.
                self.station_totals = totals
                for name, value in (
                    ("ballots_issued", totals.issued),
                    ("ballots_returned", totals.returned),
                ):
                    field = self.fields[name]
                    field.initial = self.initial[name] = value
                    field.disabled = True
                    field.help_text = _(
                        "Sum of the %(count)s polling stations; change the stations."
                    ) % {"count": totals.stations}
        self.candidate_fields = []
        for candidate in candidates:
            name = f"votes_{candidate.pk}"
            self.fields[name] = forms.IntegerField(
                label=f"{candidate.person.name}（{candidate.get_post_display()}）",
                min_value=0,
                initial=candidate.votes,
            )
            self.candidate_fields.append((candidate, self[name]))

    def votes(self) -> dict[int, int]:
        return {
            c.pk: self.cleaned_data[f"votes_{c.pk}"]
            for c, _field in self.candidate_fields
        }


class FollowupForm(forms.Form):
    """Set up a 另行选举, a re-vote of a tie, or the committee's 书记/副书记 election."""

    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    candidates = forms.ModelMultipleChoiceField(
        label=_("Candidates"),
        queryset=ElectionCandidate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    seats_deputy = forms.IntegerField(
        label=_("Deputy secretaries to elect"), min_value=0, initial=1, required=False
    )

    def __init__(self, *args, parent, kind, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.members = list(members)
        if kind == "runoff":
            self.fields["candidates"].queryset = parent.candidates.filter(
                post__in=list(parent.shortfall or {}), result="not_elected"
            ).select_related("person")
            self.fields["candidates"].label_from_instance = lambda c: (
                f"{c.person.name}（{c.get_post_display()}，{c.votes}票）"
            )
            self.fields["candidates"].help_text = _(
                "Those not elected with the most votes on the unfilled posts; leave empty "
                "for the default (one more than the seats)."
            )
        else:
            del self.fields["candidates"]
        if kind != "posts":
            del self.fields["seats_deputy"]
        else:
            for member in self.members:
                self.fields[f"post_{member.pk}"] = forms.ChoiceField(
                    label=member.name,
                    required=False,
                    choices=[
                        ("", _("not a candidate")),
                        (Post.SECRETARY, Post.SECRETARY.label),
                        (Post.DEPUTY_SECRETARY, Post.DEPUTY_SECRETARY.label),
                    ],
                )

    def posts(self) -> dict[int, str]:
        return {
            m.pk: self.cleaned_data[f"post_{m.pk}"]
            for m in self.members
            if self.cleaned_data.get(f"post_{m.pk}")
        }


class ReduceSeatsForm(forms.Form):
    """P3: the recorded decision to reduce the seats instead of a 另行选举."""

    decision_consent = forms.IntegerField(label=_("Electors agreeing"), min_value=0)
    decision_note = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who decided, when, and how many seats the committee keeps."),
    )


class VoidForm(forms.Form):
    """当选无效: the elected person and the reason."""

    candidate = forms.ModelChoiceField(
        label=_("Elected person"), queryset=ElectionCandidate.objects.none()
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["candidate"]
        field.queryset = election.candidates.filter(
            result="elected", void=False
        ).select_related("person")
        field.label_from_instance = lambda c: (
            f"{c.person.name}（{c.get_post_display()}）"
        )


# --- voter register (选民登记) ----------------------------------------------------


class VoterForm(forms.Form):
    """Put one villager on the voter register."""

    name = forms.CharField(label=_("Voter name"), max_length=50)
    id_number = forms.CharField(label=_("ID number"), max_length=30)
    category = forms.ChoiceField(
        label=_("Voter category"), choices=VoterCategory.choices
    )
    group = forms.CharField(label=_("Villagers' group"), max_length=30, required=False)
    added_on = forms.DateField(label=_("Added on"), widget=DateInput())
    added_reason = forms.ChoiceField(
        label=_("Reason for adding"), choices=VoterAddReason.choices
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class VoterRemoveForm(forms.Form):
    """Take a voter off the register, with the reason."""

    removed_on = forms.DateField(label=_("Removed on"), widget=DateInput())
    reason = forms.ChoiceField(
        label=_("Reason for removal"), choices=VoterRemoveReason.choices
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class RegisterPublishForm(forms.Form):
    """Record the day (and place) the voter list was posted."""

    published_on = forms.DateField(label=_("Published on"), widget=DateInput())
    place = forms.CharField(
        label=_("Where published"),
        max_length=100,
        required=False,
        help_text=_("e.g. 村务公开栏和各村民小组"),
    )


class AppealForm(forms.Form):
    """Record an appeal (申诉) against the published voter list."""

    appellant = forms.CharField(label=_("Appellant"), max_length=50)
    subject = forms.CharField(
        label=_("Person the appeal is about"), max_length=50, required=False
    )
    content = forms.CharField(
        label=_("Appeal"), widget=forms.Textarea(attrs={"rows": 3})
    )
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())


class AppealDecisionForm(forms.Form):
    """Record the election committee's decision on an appeal."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (AppealDecision.UPHELD, AppealDecision.UPHELD.label),
            (AppealDecision.REJECTED, AppealDecision.REJECTED.label),
        ],
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    decision_reason = forms.CharField(
        label=_("Reason for the decision"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RegisterImportForm(forms.Form):
    """Upload a voter register spreadsheet (checked first, written on confirmation)."""

    file = forms.FileField(
        label=_("Voter register spreadsheet"),
        required=False,
        help_text=_(
            ".xlsx (also .xls, .csv): 姓名, 身份证号码, 登记类别 (1/2/3), optional "
            "村民小组 and 所在村; title rows above the header are fine."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv,.xlsm"}),
    )

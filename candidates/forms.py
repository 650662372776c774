"""Forms of candidate vetting (crispy / Bootstrap 5). Rules live in the services;
forms only shape the input and offer the choices a user may pick from.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.concurrency import VersionedFormMixin
from core.text import mask_id_number
from core.widgets import PersonSelect
from villages.models import Person

from .choices import Body, DecisionKind, FindingResult, ObjectionStatus, Post, Route
from .models import Nomination


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: field errors on fields, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field_name, errors in exc.error_dict.items():
            target = field_name if field_name in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class NominationForm(forms.Form):
    """Nominate a person of the village's roster for a committee and post."""

    person = forms.ModelChoiceField(
        label=_("Person"), queryset=Person.objects.none(), widget=PersonSelect
    )
    body = forms.ChoiceField(
        label=pgettext_lazy("nomination", "Committee"), choices=Body.choices
    )
    post = forms.ChoiceField(label=_("Post"), choices=Post.choices)
    route = forms.ChoiceField(label=_("Nomination route"), choices=Route.choices)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, village, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            village=village
        ).order_by("name", "pk")
        today = timezone.localdate()

        def label(person):
            # A picker is no place for full ID numbers (SPEC: personal data masked).
            number = mask_id_number(person.id_number)
            return _("%(name)s · %(number)s · age %(age)s · %(status)s") % {
                "name": person.name,
                "number": number,
                "age": person.age_on(today),
                "status": person.get_political_status_display(),
            }

        self.fields["person"].label_from_instance = label
        self.fields["person"].help_text = _(
            "People on this village's roster. Add missing people to the roster first."
        )


class SendForm(forms.Form):
    """Choose preliminary nominees to send to the joint review."""

    nominations = forms.ModelMultipleChoiceField(
        label=_("Nominees"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    sent_on = forms.DateField(
        label=_("Sent on"), widget=DateInput(), initial=timezone.localdate
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = queryset


class FindingForm(forms.Form):
    """A department's answer for one criterion."""

    result = forms.ChoiceField(
        label=_("Result"), choices=FindingResult.choices, widget=forms.RadioSelect
    )
    finding = forms.CharField(
        label=_("Finding"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required when a problem is found: what, when, which decision or judgement."
        ),
    )
    evidence = forms.FileField(label=_("Evidence file"), required=False)


CONCLUSION_CLEAR = _(
    "Checked: none of the criteria this department checks applies to the candidate."
)
CONCLUSION_ISSUE = _(
    "Checked: the candidate falls under the criteria marked “problem found” above."
)


class SignForm(forms.Form):
    conclusion = forms.CharField(
        label=_("Written conclusion"),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=CONCLUSION_CLEAR,
    )


class DecisionForm(VersionedFormMixin, forms.Form):
    # Decided on the nomination as the leader saw it: refused when it changed since.
    version_fields = {}
    version_strict = True

    decision = forms.ChoiceField(
        label=_("Decision"), choices=DecisionKind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Written reason"), widget=forms.Textarea(attrs={"rows": 3})
    )


class DisqualifyForm(VersionedFormMixin, forms.Form):
    # Disqualified as the page showed the nominee: refused when it changed since.
    version_fields = {"reason": "disqualified_reason"}
    version_strict = True

    reason = forms.CharField(
        label=_("Reason for disqualification"), widget=forms.Textarea(attrs={"rows": 3})
    )


class NoticeForm(forms.Form):
    """Put nominees under inspection on a public notice."""

    nominations = forms.ModelMultipleChoiceField(
        label=_("Candidates"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(
        label=_("Displayed from"), widget=DateInput(), initial=timezone.localdate
    )
    end_date = forms.DateField(
        label=_("Displayed until"),
        widget=DateInput(),
        required=False,
        help_text=_(
            "Leave empty for the shortest period the rules allow (in working days)."
        ),
    )
    issuer = forms.CharField(label=_("Issued by"), max_length=100, required=False)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = queryset


class ObjectionForm(forms.Form):
    nomination = forms.ModelChoiceField(
        label=_("Candidate"), queryset=Nomination.objects.none()
    )
    received_on = forms.DateField(
        label=_("Received on"), widget=DateInput(), initial=timezone.localdate
    )
    channel = forms.CharField(label=_("How received"), max_length=30, required=False)
    raised_by = forms.CharField(
        label=_("Raised by"),
        max_length=50,
        required=False,
        help_text=_("Leave empty when anonymous."),
    )
    content = forms.CharField(
        label=_("Content"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = notice.nominations.select_related("person")
        self.fields["nomination"].label_from_instance = lambda n: str(n)


class ResolveForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Result of verification"),
        choices=[
            (ObjectionStatus.DISMISSED, ObjectionStatus.DISMISSED.label),
            (ObjectionStatus.UPHELD, _("upheld (the candidate is disqualified)")),
        ],
        widget=forms.RadioSelect,
    )
    resolution = forms.CharField(
        label=_("Verification and resolution"), widget=forms.Textarea(attrs={"rows": 3})
    )

"""Forms of the discipline app (crispy / Bootstrap 5). Rules live in the services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from core.scope import get_scope
from core.widgets import PersonSelect
from villages.models import Person, Village

from . import access
from .choices import AttachmentKind, Conclusion
from .models import (
    CommitmentLetter,
    EducationEvent,
    MaterialDistribution,
    PublicityEntry,
    PublicOpinion,
    ReferenceItem,
    Report,
    ReportAction,
    ReportSource,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field accepting several files at once (returns a list)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(item, initial) for item in data if item]
        else:
            files = [single(data, initial)] if data else []
        if self.required and not files:
            raise forms.ValidationError(
                self.error_messages["required"], code="required"
            )
        return files


def editable_villages(user):
    """Return the villages the user may record for: all of the township, or those guided."""
    scope = get_scope(user)
    villages = (
        Village.objects.visible_to(user).select_related("township").order_by("code")
    )
    if scope.has("office", "discipline"):
        return villages
    return villages.filter(pk__in=scope.guide_village_ids)


def village_label(village) -> str:
    return village.name


class VillageRecordForm(VersionedFormMixin, forms.ModelForm):
    """A form with an optional village limited to what the user may record for."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["village"]
        field.queryset = editable_villages(user)
        field.label_from_instance = village_label
        scope = get_scope(user)
        if not scope.has("office", "discipline"):
            field.required = True
            field.empty_label = None
        else:
            field.empty_label = _("— township level —")


class EventForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = EducationEvent
        fields = [
            "kind",
            "title",
            "held_on",
            "villages",
            "location",
            "attendance",
            "participants",
            "materials_used",
            "notes",
        ]
        widgets = {
            "held_on": DateInput(),
            "villages": forms.CheckboxSelectMultiple(attrs={"class": "village-checks"}),
            "materials_used": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["villages"].queryset = editable_villages(user)
        self.fields["villages"].label_from_instance = village_label
        self.fields["attendance"].min_value = 1


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("kind"), choices=AttachmentKind.choices)
    files = MultipleFileField(label=_("files"))
    description = forms.CharField(
        label=_("description"), max_length=200, required=False
    )


class MaterialForm(VillageRecordForm):
    class Meta:
        model = MaterialDistribution
        fields = [
            "village",
            "kind",
            "quantity",
            "distributed_on",
            "recipients",
            "notes",
        ]
        widgets = {"distributed_on": DateInput()}


class PublicityForm(VillageRecordForm):
    class Meta:
        model = PublicityEntry
        fields = ["village", "channel", "count", "happened_on", "note"]
        widgets = {"happened_on": DateInput()}


class ReferenceItemForm(forms.ModelForm):
    class Meta:
        model = ReferenceItem
        fields = ["number", "content", "verified", "source_note"]
        widgets = {"content": forms.Textarea(attrs={"rows": 3})}


class PersonInVillageMixin:
    """Limit a ``person`` field to the roster of the chosen village (two-step form)."""

    def limit_people(self, village):
        field = self.fields["person"]
        if village is None:
            field.queryset = Person.objects.none()
            field.widget.attrs["disabled"] = "disabled"
            field.help_text = _(
                "Choose the village first, then “Load the village roster”."
            )
        else:
            field.queryset = Person.objects.filter(village=village).order_by(
                "name_pinyin", "pk"
            )
        field.label_from_instance = lambda person: (
            f"{person.name}（{person.birth_date:%Y}）"
        )
        # Searchable by name, pinyin and initials (plain select without JavaScript).
        field.widget = PersonSelect(attrs=field.widget.attrs)
        field.widget.choices = field.choices


class LetterForm(PersonInVillageMixin, VillageRecordForm):
    class Meta:
        model = CommitmentLetter
        fields = [
            "village",
            "person",
            "signer_name",
            "signer_unit",
            "kind",
            "signed_on",
            "notes",
        ]
        widgets = {"signed_on": DateInput()}

    scan = forms.FileField(
        label=_("scan"),
        required=False,
        help_text=_("PDF, JPG or PNG of the signed letter."),
    )

    def __init__(self, *args, user, village=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.limit_people(village)
        self.fields["person"].required = False
        self.fields["signer_name"].required = False
        self.fields["signer_name"].help_text = _(
            "Only for signers who are not on a village roster (township staff, election workers)."
        )
        self.fields["signed_on"].initial = timezone.localdate()


class ReportRegisterForm(PersonInVillageMixin, forms.Form):
    village = forms.ModelChoiceField(
        label=_("village concerned"), queryset=Village.objects.none()
    )
    person = forms.ModelChoiceField(
        label=_("person concerned"), queryset=Person.objects.none(), required=False
    )
    subject_name = forms.CharField(
        label=_("person concerned (not on the roster)"), max_length=50, required=False
    )
    channel = forms.ChoiceField(
        label=_("channel"), choices=Report._meta.get_field("channel").choices
    )
    category = forms.ChoiceField(
        label=_("category"), choices=Report._meta.get_field("category").choices
    )
    received_on = forms.DateField(label=_("received on"), widget=DateInput())
    summary = forms.CharField(
        label=_("summary (read by the leading group and the office)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=Report._meta.get_field("summary").help_text,
    )
    anonymous = forms.BooleanField(label=_("anonymous"), required=False, initial=True)
    reporter_name = forms.CharField(
        label=_("reporter's name"), max_length=50, required=False
    )
    reporter_phone = forms.CharField(
        label=_("reporter's phone"), max_length=30, required=False
    )
    reporter_contact = forms.CharField(
        label=_("other contact"), max_length=200, required=False
    )
    original_content = forms.CharField(
        label=_("report as received (confidential)"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    files = MultipleFileField(label=_("attachments (confidential)"), required=False)

    def __init__(self, *args, user, village=None, **kwargs):
        super().__init__(*args, **kwargs)
        villages = (
            Village.objects.visible_to(user)
            .exclude(pk__in=access.recused_village_ids(user))
            .order_by("code")
        )
        self.fields["village"].queryset = villages
        self.fields["village"].label_from_instance = village_label
        self.limit_people(village)
        self.fields["received_on"].initial = timezone.localdate()


class DateStepForm(forms.Form):
    """A lifecycle step that only needs its date."""

    day = forms.DateField(label=_("date"), widget=DateInput())

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()
        if label:
            self.fields["day"].label = label


class ConcludeForm(forms.Form):
    conclusion = forms.ChoiceField(
        label=_("conclusion"), choices=Conclusion.choices, widget=forms.RadioSelect
    )
    findings = forms.CharField(
        label=_("findings of the verification"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Read by the leading group and the office: no reporter details."),
    )
    day = forms.DateField(label=_("concluded on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()


class ActionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("action"), choices=ReportAction._meta.get_field("kind").choices
    )
    nomination = forms.TypedChoiceField(
        label=_("nomination (for disqualification)"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    referred_to = forms.CharField(
        label=_("referred to"), max_length=100, required=False
    )
    description = forms.CharField(
        label=_("what was done"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For 取消资格 and 当选无效 this text becomes the reason shown in vetting: state the "
            "breach (e.g. 经核查存在拉票贿选行为), never the report or the reporter."
        ),
    )
    day = forms.DateField(label=_("date"), widget=DateInput())

    def __init__(self, *args, nominations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.nominations = {n.pk: n for n in nominations}
        self.fields["nomination"].choices = [("", "—")] + [
            (n.pk, f"{n}（{n.get_status_display()}）") for n in nominations
        ]
        self.fields["day"].initial = timezone.localdate()


class HandledForm(forms.Form):
    handling_note = forms.CharField(
        label=_("handling"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    day = forms.DateField(label=_("handled on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()


class FeedbackForm(forms.Form):
    feedback_note = forms.CharField(
        label=_("feedback to the Party organisation and others"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    reporter_feedback = forms.CharField(
        label=_("feedback to the reporter (confidential)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    day = forms.DateField(label=_("fed back on"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["day"].initial = timezone.localdate()


class ExtensionRequestForm(forms.Form):
    days = forms.IntegerField(label=_("extra working days"), min_value=1)
    reason = forms.CharField(
        label=_("reason"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].max_value = settings.DISCIPLINE_EXTENSION_MAX_DAYS
        self.fields["days"].widget.attrs["max"] = settings.DISCIPLINE_EXTENSION_MAX_DAYS
        self.fields["days"].help_text = _(
            "At most %(max)s working days per request."
        ) % {"max": settings.DISCIPLINE_EXTENSION_MAX_DAYS}


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[("approve", _("approve")), ("reject", _("reject"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("leader's reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when rejecting."),
    )


class ReportSourceForm(forms.ModelForm):
    class Meta:
        model = ReportSource
        fields = [
            "anonymous",
            "reporter_name",
            "reporter_phone",
            "reporter_contact",
            "original_content",
        ]
        widgets = {"original_content": forms.Textarea(attrs={"rows": 5})}


class ReportFilesForm(forms.Form):
    files = MultipleFileField(label=_("attachments (confidential)"))


class OpinionForm(VillageRecordForm):
    class Meta:
        model = PublicOpinion
        fields = [
            "village",
            "source",
            "platform",
            "summary",
            "discovered_on",
            "risk_level",
            "due_on",
            "verification",
            "verified_on",
            "handling",
        ]
        widgets = {
            "discovered_on": DateInput(),
            "due_on": DateInput(),
            "verified_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "verification": forms.Textarea(attrs={"rows": 3}),
            "handling": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"].required = False


class TotalsFilterForm(forms.Form):
    township = forms.TypedChoiceField(
        label=_("township"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    date_from = forms.DateField(
        label=_("from"),
        required=False,
        widget=DateInput(attrs={"class": "form-control"}),
    )
    date_to = forms.DateField(
        label=_("to"), required=False, widget=DateInput(attrs={"class": "form-control"})
    )

    def __init__(self, *args, townships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].choices = [("", _("All townships"))] + [
            (pk, name) for pk, name in townships
        ]

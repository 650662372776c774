"""Forms of the stages app; the rules live in the services, forms only shape input."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from core.uploads import validate_upload

from .choices import HolidayKind, TaskStatus
from .models import ElectionRound, RuleSet
from .models.rounds import PARTY_FIRST_MESSAGE

DATE_INPUT = {"type": "date"}


def _date_field(label, *, required=False, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
    )


class RoundForm(forms.ModelForm):
    """Create or edit a round (name, dates, rule set)."""

    class Meta:
        model = ElectionRound
        fields = ["name", "start_date", "target_end_date", "rule_set"]
        widgets = {
            "start_date": forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
            "target_end_date": forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule_set"].queryset = RuleSet.objects.order_by("code", "-version")


class ElectionDaysForm(forms.Form):
    """Move a village's election days; the reason is kept in the history."""

    party_election_date = _date_field(_("Party election day"), required=True)
    vc_election_date = _date_field(_("VC election day"), required=True)
    reason = forms.CharField(
        label=_("reason"),
        required=False,
        max_length=100,
        help_text=_(
            "Why the day moves, e.g. 镇党委会议决定推迟. Required once tasks exist."
        ),
    )

    def clean(self):
        data = super().clean()
        party, vc = data.get("party_election_date"), data.get("vc_election_date")
        if party and vc and party >= vc:
            self.add_error("party_election_date", PARTY_FIRST_MESSAGE)
        return data


class ElectionDaysRowForm(forms.Form):
    """One village's row on the election-days entry page of a round in preparation."""

    election_id = forms.IntegerField(widget=forms.HiddenInput)
    party_election_date = _date_field(_("Party election day"))
    vc_election_date = _date_field(_("VC election day"))

    def clean(self):
        data = super().clean()
        party, vc = data.get("party_election_date"), data.get("vc_election_date")
        if party and vc and party >= vc:
            self.add_error("party_election_date", PARTY_FIRST_MESSAGE)
        return data


ElectionDaysFormSet = forms.formset_factory(ElectionDaysRowForm, extra=0)


class TaskProgressForm(VersionedFormMixin, forms.Form):
    """Record a task's progress and optionally attach one evidence file."""

    status = forms.ChoiceField(label=_("status"), choices=TaskStatus.choices)
    completed_on = _date_field(
        _("completed on"), help_text=_("The day the step was actually completed.")
    )
    note = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    late_reason = forms.CharField(
        label=_("reason for the late completion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only when the step was done after its statutory deadline: it is then "
            "recorded as completed late (逾期完成) and the supervision group is told."
        ),
    )
    evidence = forms.FileField(
        label=_("evidence file"),
        required=False,
        help_text=_("PDF, image, Word or Excel; photos of notices must show the date."),
    )
    # A file chosen before a form error, kept on the server (core.pending_uploads).
    evidence_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_evidence(self):
        uploaded = self.cleaned_data.get("evidence")
        if uploaded:
            try:
                validate_upload(uploaded)
            except ValidationError as exc:
                raise ValidationError(exc.messages) from exc
        return uploaded


class FeedRevokeForm(forms.Form):
    """Confirm revoking the calendar feed URL."""

    confirm = forms.BooleanField(label=_("I understand the old address stops working"))


class HolidayNoticeForm(forms.Form):
    """The header of a year's holiday notice."""

    title = forms.CharField(
        label=_("notice title"),
        max_length=200,
        help_text=_("For example 国务院办公厅关于2027年部分节假日安排的通知."),
    )
    document_number = forms.CharField(
        label=_("document number"), max_length=50, required=False
    )


class HolidayLineForm(forms.Form):
    """One line of the notice: days off or make-up workday(s), first and last day."""

    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[("", "—"), *HolidayKind.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    start = _date_field(_("first day"))
    end = _date_field(_("last day"), help_text=_("Leave empty for a single day."))
    name = forms.CharField(
        label=_("holiday"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start", "end"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-sm"


HolidayLineFormSet = forms.formset_factory(HolidayLineForm, extra=0)


class HolidayImportForm(forms.Form):
    """Upload the notice as a table (类型 / 开始日期 / 结束日期 / 节日)."""

    file = forms.FileField(
        label=_("table file"),
        help_text=_(
            "Excel (.xlsx, .xls) or CSV with the columns 类型 (放假 or 调休上班), "
            "开始日期, 结束日期 and 节日; title rows above the header are fine."
        ),
    )

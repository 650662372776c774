"""Forms of the cadre roster: upload a spreadsheet, give the reason for an export."""

from django import forms
from django.utils.translation import gettext_lazy as _

EXPORT_REASONS = (
    _("Qualification review of candidates"),
    _("Structure analysis for the election"),
    _("Report to the county organisation department"),
    _("Checking the roster with the village"),
)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster spreadsheet"),
        help_text=_(".xlsx (also .xls, .csv); one row per person and category."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv,.xlsm"}),
    )


class ExportReasonForm(forms.Form):
    """Every export of personal data says why (个人信息保护法); the reason is logged."""

    reason = forms.CharField(
        label=_("Reason for the export"),
        max_length=200,
        help_text=_(
            "Say what the file is for; the export is recorded with this reason."
        ),
        widget=forms.TextInput(attrs={"list": "export-reasons", "autocomplete": "off"}),
        error_messages={"required": _("Give the reason for exporting personal data.")},
    )

    def clean_reason(self):
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < 2:
            raise forms.ValidationError(
                _("Give the reason for exporting personal data.")
            )
        return reason

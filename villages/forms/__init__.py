"""Forms of the villages app (crispy / Bootstrap 5)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from core.models import User

from ..models import PlanItem, Village, VillageFile


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VillageForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Village
        fields = [
            "name",
            "kind",
            "population",
            "households",
            "party_member_count",
            "natural_villages",
            "report_hotline",
            "report_mailbox",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class VillageFileForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = VillageFile
        fields = [
            "rating",
            "assessed_on",
            "team_functioning",
            "party_members_status",
            "reserve_talent",
            "public_demands",
            "risks",
            "village_strategy",
            "issue_plans",
        ]
        widgets = {
            "assessed_on": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "team_functioning",
                    "party_members_status",
                    "reserve_talent",
                    "public_demands",
                    "risks",
                    "village_strategy",
                    "issue_plans",
                )
            },
        }


class PlanItemForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = PlanItem
        fields = ["kind", "content", "owner", "target_date", "status", "notes"]
        widgets = {
            "target_date": DateInput(),
            "content": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, village, **kwargs):
        super().__init__(*args, **kwargs)
        # Owners are staff of the village's own township only.
        self.fields["owner"].queryset = User.objects.filter(
            township_id=village.township_id, is_active=True
        ).order_by("full_name", "username")
        self.fields["owner"].label_from_instance = lambda u: u.display_name
        self.fields["content"].help_text = _(
            "What exactly will be done, e.g. “train two reserve cadres under 35”."
        )


# Forms of the cadre roster live in their own module; re-exported here.
from .roster import EXPORT_REASONS, ExportReasonForm, ImportUploadForm  # noqa: E402

__all__ = [
    "EXPORT_REASONS",
    "DateInput",
    "ExportReasonForm",
    "ImportUploadForm",
    "PlanItemForm",
    "VillageFileForm",
    "VillageForm",
]

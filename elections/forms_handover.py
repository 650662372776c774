"""Forms of the exit audits (离任经济责任审计) and the handover list (工作移交清单).

The forms shape the input; the checks live in ``elections.services.handover``,
whose ValidationErrors are put back on the form with ``apply_errors``.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin
from villages.choices import Category, Post
from villages.models import Person

from .choices import AuditFinding, Rectification
from .forms import DateInput, PersonChoiceField
from .models import Handover, OutgoingAudit

MAX_ITEMS = 30


class _ServiceChecked:
    """Model forms whose instance is written by a service, which makes every check.

    The model's own validation would word constraint failures in English and
    before the service's Chinese sentences; the service raises those instead.
    """

    def _post_clean(self):
        pass


class AuditForm(_ServiceChecked, VersionedFormMixin, forms.ModelForm):
    """Record or correct an outgoing cadre's exit audit."""

    person = PersonChoiceField(
        label=_("Outgoing cadre"), queryset=Person.objects.none()
    )

    class Meta:
        model = OutgoingAudit
        fields = [
            "person",
            "post",
            "auditor",
            "period_start",
            "period_end",
            "audited_on",
            "finding",
            "problems",
            "amount",
            "rectification",
            "rectification_note",
            "published_on",
            "published_place",
            "notes",
        ]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "audited_on": DateInput(),
            "published_on": DateInput(),
            "finding": forms.RadioSelect,
            "problems": forms.Textarea(attrs={"rows": 3}),
            "rectification_note": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, village, **kwargs):
        super().__init__(*args, **kwargs)
        # The village's committee members on the roster first, then everyone else.
        self.fields["person"].queryset = Person.objects.filter(
            village=village
        ).order_by("name")
        committee = Person.objects.filter(
            village=village,
            memberships__category__in=[
                Category.VILLAGERS_COMMITTEE,
                Category.PARTY_COMMITTEE,
            ],
        ).distinct()
        self.committee_ids = set(committee.values_list("pk", flat=True))
        self.fields["post"].choices = [("", "—")] + [(p.value, p.label) for p in Post]
        self.fields["rectification"].choices = [
            (value, label) for value, label in Rectification.choices
        ]
        self.fields["finding"].choices = AuditFinding.choices
        self.fields["published_place"].help_text = _("e.g. 村务公开栏")
        if self.instance.pk:
            # The cadre of a recorded audit is not changed; record another instead.
            self.fields["person"].disabled = True


class HandoverForm(_ServiceChecked, VersionedFormMixin, forms.ModelForm):
    """The signatures and dates of a handover; the list is in ``HandoverItemFormSet``."""

    # The list lives in other rows: any save of the handover since is a conflict.
    version_strict = True

    class Meta:
        model = Handover
        fields = [
            "produced_on",
            "handed_over_by",
            "received_by",
            "supervised_by",
            "signed_on",
            "notes",
        ]
        widgets = {
            "produced_on": DateInput(),
            "signed_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class HandoverItemForm(forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Item"), max_length=60, required=False)
    detail = forms.CharField(
        label=_("Quantity and description"), max_length=200, required=False
    )
    handed_over = forms.BooleanField(label=_("Handed over"), required=False)
    received = forms.BooleanField(label=_("Received"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


HandoverItemFormSet = forms.formset_factory(
    HandoverItemForm, extra=2, can_delete=True, max_num=MAX_ITEMS, validate_max=True
)


def item_rows(formset) -> list[dict]:
    """Return the cleaned rows of the list for ``services.handover_save``."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data:
            continue
        rows.append(
            {
                "pk": data.get("pk"),
                "name": data.get("name", ""),
                "detail": data.get("detail", ""),
                "handed_over": data.get("handed_over", False),
                "received": data.get("received", False),
                "note": data.get("note", ""),
                "delete": data.get("DELETE", False),
            }
        )
    return rows

"""Forms of the women's seat (妇女委员另行选举) and of a candidate's withdrawal (候选人退出).

The forms shape the input; the checks (women only, the deadline from the rule
set, the 递补 order) live in ``elections.services.women`` and
``elections.services.withdrawals``, whose ValidationErrors are put back on the
form with ``apply_errors``.
"""

from __future__ import annotations

from django import forms
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _

from candidates.models import Nomination
from villages.choices import Gender
from villages.models import Person

from .forms import DateInput, PeopleChoiceField


class WomenSeatForm(forms.Form):
    """Set up the separate vote for the women's seat: its day and the women standing."""

    held_on = forms.DateField(label=_("Held on"), widget=DateInput())
    candidates = PeopleChoiceField(
        label=_("Women standing for the seat"),
        queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "Women of the village; those not elected on the ballot are chosen "
            "already. At least one more candidate than the seat."
        ),
    )

    def __init__(self, *args, village, **kwargs):
        super().__init__(*args, **kwargs)
        women_first = Case(
            When(gender=Gender.FEMALE, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        self.fields["candidates"].queryset = (
            Person.objects.filter(village=village)
            .annotate(women_first=women_first)
            .order_by("women_first", "name", "pk")
        )


class WithdrawalForm(forms.Form):
    """Record a formal candidate's written withdrawal and, if any, who replaces them."""

    received_on = forms.DateField(
        label=_("Written statement received on"), widget=DateInput()
    )
    statement_received = forms.BooleanField(
        label=_("The candidate's signed written statement is received"),
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason given"), widget=forms.Textarea(attrs={"rows": 3})
    )
    replacement = forms.ModelChoiceField(
        label=_("Replaced by (递补)"),
        queryset=Nomination.objects.none(),
        required=False,
        empty_label=_("nobody (no replacement)"),
        help_text=_(
            "Nominees for the same post who passed the vetting and the public notice, "
            "most votes first."
        ),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["replacement"]
        field.queryset = choices
        field.label_from_instance = lambda n: (
            f"{n.person.name}（{n.get_post_display()}"
            + (f"，{n.best_votes}票" if n.best_votes is not None else "")
            + "）"
        )
        first = next(iter(choices), None)
        if first is not None and not self.is_bound:
            self.initial.setdefault("replacement", first.pk)

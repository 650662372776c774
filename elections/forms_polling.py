"""Forms of proxy votes (委托投票) and polling stations (投票站, 流动票箱).

The forms shape the input; the V7/V9 checks live in
``elections.services.polling``, whose ValidationErrors are put back on the form
with ``apply_errors``. Edit forms carry the record's version (core.concurrency).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.concurrency import VersionedFormMixin

from .choices import ProxyRelation, StationKind
from .forms import DateInput


class ProxyForm(forms.Form):
    """Record a written authorisation: who, for whom, the relation and the date."""

    voter = forms.CharField(
        label=_("Voter (委托人)"),
        max_length=50,
        help_text=_("Name or ID number of the registered voter who is away."),
    )
    proxy = forms.CharField(
        label=_("Proxy (受托人)"),
        max_length=50,
        help_text=_("Name or ID number of the registered voter who votes for them."),
    )
    relation = forms.ChoiceField(
        label=_("Relation to the voter"),
        choices=[("", "—"), *ProxyRelation.choices],
    )
    authorised_on = forms.DateField(
        label=_("Written authorisation dated"), widget=DateInput()
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ProxyChangeForm(VersionedFormMixin, forms.Form):
    """Correct the relation, date or note of a recorded proxy vote."""

    relation = forms.ChoiceField(
        label=_("Relation to the voter"), choices=ProxyRelation.choices
    )
    authorised_on = forms.DateField(
        label=_("Written authorisation dated"), widget=DateInput()
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ProxyPublishForm(forms.Form):
    """Record the day (and place) the list of voters and proxies was posted."""

    published_on = forms.DateField(label=_("Published on"), widget=DateInput())
    place = forms.CharField(
        label=_("Where published"),
        max_length=100,
        required=False,
        help_text=_("e.g. 村务公开栏和各村民小组"),
    )


class StationForm(VersionedFormMixin, forms.Form):
    """A polling station or mobile box and, after the vote, its ballots."""

    name = forms.CharField(label=_("Station name"), max_length=50)
    kind = forms.ChoiceField(label=_("Kind of station"), choices=StationKind.choices)
    supervisors = forms.IntegerField(
        label=_("Scrutineers at the box"),
        min_value=0,
        max_value=99,
        help_text=_("A mobile ballot box needs at least three scrutineers."),
    )
    ballots_issued = forms.IntegerField(
        label=_("Ballots issued"), min_value=0, required=False
    )
    ballots_returned = forms.IntegerField(
        label=_("Ballots returned"), min_value=0, required=False
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

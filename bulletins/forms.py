"""The bulletin's choice of township and dates, refused in Chinese when impossible."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

MAX_DAYS = 366

MESSAGES = {
    "order": _(
        "The start date is after the end date: choose a start date on or before "
        "the end date."
    ),
    "future": _(
        "The end date %(date)s is in the future: a bulletin reports work already "
        "done, so choose today or an earlier day."
    ),
    "too_long": _(
        "The period is %(days)s days long: a bulletin covers at most %(max)s days; "
        "shorten the period."
    ),
    "township": _("Choose a township."),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "form-control", **(attrs or {})})


class BulletinForm(forms.Form):
    """Township (for users who see several) and the period, both dates included."""

    township = forms.TypedChoiceField(
        label=_("township"),
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": MESSAGES["township"]},
    )
    date_from = forms.DateField(label=_("from"), widget=DateInput())
    date_to = forms.DateField(label=_("to"), widget=DateInput())

    def __init__(self, *args, townships=(), today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["township"].choices = [(pk, name) for pk, name in townships]
        if len(townships) == 1:
            self.fields["township"].required = False
            self.fields["township"].widget = forms.HiddenInput()
            self.single_township = townships[0][0]
        else:
            self.single_township = None

    def clean_township(self):
        return self.cleaned_data.get("township") or self.single_township

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_to and date_to > self.today:
            self.add_error(
                "date_to", MESSAGES["future"] % {"date": date_format(date_to)}
            )
        if date_from and date_to:
            if date_from > date_to:
                self.add_error("date_from", MESSAGES["order"])
            elif (days := (date_to - date_from).days + 1) > MAX_DAYS:
                self.add_error(
                    "date_from", MESSAGES["too_long"] % {"days": days, "max": MAX_DAYS}
                )
        return data


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Return the last seven days, today included."""
    return today - datetime.timedelta(days=6), today

"""Forms of the notifications app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import DeliveryMode

HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]


class PreferenceForm(forms.Form):
    """Which channels a user wants, and immediate delivery or a daily digest."""

    email_enabled = forms.BooleanField(
        label=_("Send reminders by email"), required=False
    )
    sms_enabled = forms.BooleanField(label=_("Send reminders by SMS"), required=False)
    mode = forms.ChoiceField(
        label=_("Email and SMS delivery"),
        choices=DeliveryMode.choices,
        widget=forms.RadioSelect,
        help_text=_("The in-app inbox always receives every reminder at once."),
    )
    digest_hour = forms.TypedChoiceField(
        label=_("Digest hour (Beijing time)"),
        choices=HOURS,
        coerce=int,
        help_text=_("Only for the daily digest: when it is sent."),
    )

"""Choice lists of the supervision app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NoteStatus(models.TextChoices):
    """Where an inspection note stands: waiting for rectification, or closed."""

    OPEN = "open", _("awaiting rectification")
    CLOSED = "closed", pgettext_lazy("inspection note", "closed")


class NoteSubject(models.TextChoices):
    """What the note is about when it is about an election rather than the whole village."""

    VILLAGE = "", _("the village's work in general")
    PARTY = "party", _("Party organisation election")
    VC = "vc", _("villagers' committee election")
    SUPERVISION = "supervision", _("village affairs supervision committee election")


# Reminders are sent this many days before the rectification deadline, on the day,
# and every day after it while the note stays open.
REMIND_DAYS_BEFORE = (3, 1, 0)

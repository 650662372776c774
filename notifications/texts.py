"""Wording of the reminders the scan writes, kept in the notifications catalogue.

Providers in other apps (``stages/reminders.py`` …) format these so that every
reminder text lives in one translated place; titles are rendered once, when the
scan writes the outbox, in the site language (``settings.LANGUAGE_CODE``).
"""

from django.utils.translation import gettext_lazy as _

TASK_DUE_IN_3_DAYS = _("%(village)s: “%(task)s” is due in 3 days (%(due)s)")
TASK_DUE_TOMORROW = _("%(village)s: “%(task)s” is due tomorrow (%(due)s)")
TASK_DUE_TODAY = _("%(village)s: “%(task)s” is due today (%(due)s)")
TASK_OVERDUE = _("%(village)s: “%(task)s” is overdue by %(days)d days (due %(due)s)")
TASK_ESCALATED = _(
    "Escalation: %(village)s has not completed “%(task)s”, overdue by %(days)d days (due %(due)s)"
)
TASK_BODY = _(
    "Stage: %(stage)s. Responsible: %(owner)s. Please complete the task and record "
    "its progress and evidence in 换届通."
)
TASK_ESCALATED_BODY = _(
    "Stage: %(stage)s. Responsible: %(owner)s. The task is %(days)d days past its deadline: "
    "the guidance group leader and the inspection group are informed so that it is followed up."
)
NOBODY = _("nobody assigned")

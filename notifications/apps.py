from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("reminders and notifications")

    def ready(self):
        # Register the Celery tasks in every process (web too), so that
        # notifications.dispatch finds them by name without importing tasks.
        from . import tasks  # noqa: F401

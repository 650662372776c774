from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    name = "villages"
    verbose_name = _("villages and rosters")

    def ready(self):
        # Register the Celery tasks in every process (web too), so that the roster
        # services find them by name without importing villages.tasks.
        from . import tasks  # noqa: F401

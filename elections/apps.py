from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "elections"
    verbose_name = _("meetings and elections")

    def ready(self):
        # Large voter-register files run as the roster's import jobs.
        from villages.choices import ImportKind
        from villages.services.roster import register_import_kind

        from .services.register_import import run_import_job

        register_import_kind(ImportKind.REGISTER, run_import_job)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("users and access")

    def ready(self):
        from . import single_line

        single_line.connect()

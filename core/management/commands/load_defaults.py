"""Load the editable default rules (roles, rule sets, stages, criteria …). Idempotent."""

from django.core.management.base import BaseCommand
from django.db import transaction

from core.registry import app_hooks


def load_all_defaults(stdout=None) -> list[str]:
    """Run every app's ``<app>.defaults.load_defaults()``; return the apps that had one.

    The apps are found, in ``INSTALLED_APPS`` (dependency) order, by
    :func:`core.registry.app_hooks`: core does not name the domain apps.
    """
    loaded = []
    for label, module in app_hooks("defaults"):
        if callable(getattr(module, "load_defaults", None)):
            module.load_defaults()
            loaded.append(label)
    return loaded


class Command(BaseCommand):
    help = (
        "Create or refresh the default rules seeded from DOMAIN.md (keeps local edits)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            loaded = load_all_defaults()
        self.stdout.write(self.style.SUCCESS("Defaults loaded: " + ", ".join(loaded)))

"""Load the editable default rules (roles, rule sets, stages, criteria …). Idempotent."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app may provide ``<app>.defaults.load_defaults()``; run in dependency order.
DEFAULT_ORDER = (
    "core",
    "villages",
    "stages",
    "candidates",
    "elections",
    "discipline",
    "notifications",
)


def load_all_defaults(stdout=None) -> list[str]:
    """Run every app's ``load_defaults()`` and return the apps that had one."""
    loaded = []
    for app in DEFAULT_ORDER:
        try:
            module = import_module(f"{app}.defaults")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.defaults":
                raise
            continue
        module.load_defaults()
        loaded.append(app)
    return loaded


class Command(BaseCommand):
    help = (
        "Create or refresh the default rules seeded from DOMAIN.md (keeps local edits)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            loaded = load_all_defaults()
        self.stdout.write(self.style.SUCCESS("Defaults loaded: " + ", ".join(loaded)))

"""Load the demo township 立仓镇 and everything the other apps seed on top of it."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.management.commands.load_defaults import load_all_defaults
from core.registry import app_hooks

# Each app may provide ``<app>.demo.seed(*, township, stdout)``; they run in
# INSTALLED_APPS order (core.registry.app_hooks) because later apps build on
# earlier ones (rosters before nominations). The first seed that returns the demo
# township (the villages app's) hands it to the later ones.


class Command(BaseCommand):
    help = "Load the demo township (22 villages, groups, users, round, rosters). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (never on a production database).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates users with a published password; it refuses to run with "
                "DEBUG off. Add --force if this really is a demo installation."
            )
        township = None
        with transaction.atomic():
            load_all_defaults()
            for _label, module in app_hooks("demo"):
                if not callable(getattr(module, "seed", None)):
                    continue
                result = module.seed(township=township, stdout=self.stdout)
                if township is None:
                    township = result
        self.stdout.write(
            self.style.SUCCESS(f"Demo township {township.name} is ready.")
        )
        self.stdout.write(f"Demo users (password: {settings.DEMO_PASSWORD}):")
        from core.roles import Role

        for role in Role:
            self.stdout.write(f"  {role.value:<11} {role.label}")

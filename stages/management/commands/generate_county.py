"""Generate a county-scale dataset for benchmarks (never on a production database)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from stages.scale import generate_county


class Command(BaseCommand):
    help = "Create a synthetic county (default 20 townships × 20 villages) with full task sets."

    def add_arguments(self, parser):
        parser.add_argument("--townships", type=int, default=20)
        parser.add_argument(
            "--villages", type=int, default=20, help="Villages per township."
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (never in production).",
        )

    def handle(self, *args, townships, villages, seed, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "generate_county writes synthetic townships and users; it refuses to run with "
                "DEBUG off. Add --force if this really is a test installation."
            )
        if townships < 1 or villages < 1:
            raise CommandError("--townships and --villages must be at least 1.")
        generate_county(
            townships=townships, villages=villages, seed=seed, stdout=self.stdout
        )

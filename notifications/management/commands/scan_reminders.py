"""Run one reminder scan: the same code the beat task runs."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from notifications.scan import run_scan


class Command(BaseCommand):
    help = "Write today's reminders (due in 3 days, tomorrow, today, overdue, escalations) to the outbox and queue their delivery."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Scan as if today were this date (YYYY-MM-DD, Beijing time); default today.",
        )

    def handle(self, *args, date=None, **options):
        today = None
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(
                    f"--date {date!r} is not a date: write it as YYYY-MM-DD, e.g. 2021-11-30."
                ) from exc
        result = run_scan(today=today)
        for kind, count in result.offered.items():
            self.stdout.write(f"  {kind}: {count}")
        for kind, error in result.errors.items():
            self.stderr.write(f"  {kind} FAILED: {error}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Scan of {result.today}: {result.created} new reminder(s) in {result.seconds:.2f} s."
            )
        )
        if result.errors:
            raise CommandError("Some reminder providers failed; see above.")

"""Reopen joint-review sign-offs whose reviewed personal data has changed.

Pages already show such sign-offs as reopened (they compare fingerprints when
they are drawn); this command makes it permanent — items back to pending with
the reason, nominations back to 联审中, reviewers notified — for data changed
outside the vetting pages, e.g. after a roster import. Safe to run repeatedly.
"""

from django.core.management.base import BaseCommand, CommandError

from candidates.services import review_sync_stale
from villages.models import Township


class Command(BaseCommand):
    help = "Reopen joint-review sign-offs whose reviewed personal data changed since signing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--township", help="Township code (default: every township)."
        )

    def handle(self, *args, township=None, **options):
        target = None
        if township:
            target = Township.objects.filter(code=township).first()
            if target is None:
                raise CommandError(f"No township with code {township!r}.")
        count = review_sync_stale(township=target)
        self.stdout.write(f"Reopened {count} review item(s).")

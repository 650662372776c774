"""Demo data of the notifications app: the day's reminders for the demo township.

``seed_demo`` runs after the stages demo has placed the round's deadlines around
today, so one scan fills the inbox of the demo guide, office and inspectors.
The rows are queued when ``seed_demo`` commits; ``scripts/run.sh`` then starts
the worker, which delivers them (email to ``var/mail``, SMS to ``var/sms.log``).
Idempotent: a second run the same day writes nothing new.
"""

from __future__ import annotations

from .scan import run_scan


def seed(*, township, stdout=None):
    """Run today's reminder scan; return how many reminders it wrote."""
    result = run_scan()
    if stdout:
        stdout.write(
            f"Reminders: {result.created} new for {result.today} "
            f"({', '.join(f'{kind} {count}' for kind, count in result.offered.items())})"
        )
    return result.created

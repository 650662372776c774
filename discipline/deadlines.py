"""Deadlines of reports and public-opinion records, from the round's rules or settings.

受理 is due the day a report is received; 核查 is due ``report_verify_days``
working days after 受理 (DOMAIN §5, 广饶县 “查结时间一般不超过5个工作日”), read from
the township's current round when there is one, else from
``settings.DISCIPLINE_REPORT_VERIFY_DAYS``. Working days honour Chinese holidays
and 调休 through ``stages.workdays``.
"""

from __future__ import annotations

import datetime

from django.conf import settings


def round_rule(township_id: int | None, key: str, default: int) -> int:
    """Return a whole-number rule of the township's current round, or ``default``."""
    if township_id is None:
        return default
    try:
        from stages.selectors import current_round
    except ImportError:  # the stages app is optional for this module
        return default
    election_round = current_round(township_id)
    if election_round is None:
        return default
    try:
        return int(election_round.rules.get(key))
    except (KeyError, TypeError, ValueError):
        return default


def report_verify_days(township_id: int | None) -> int:
    """Return the working days a report's verification may take in a township."""
    return round_rule(
        township_id, "report_verify_days", settings.DISCIPLINE_REPORT_VERIFY_DAYS
    )


def escalate_after_days(township_id: int | None) -> int:
    """Return the days overdue after which the leading group is reminded too."""
    return round_rule(
        township_id, "escalate_overdue_days", settings.DISCIPLINE_ESCALATE_DAYS
    )


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """Return the date ``days`` working days after ``start`` (``stages.workdays``)."""
    from stages.workdays import add_working_days as add

    return add(start, days)


def opinion_due(discovered_on: datetime.date, risk_level: str) -> datetime.date:
    """Return the default handling deadline of a 舆情 record from its risk level."""
    days = settings.DISCIPLINE_OPINION_DAYS.get(risk_level, 3)
    return discovered_on + datetime.timedelta(days=days)

"""Health checks for /healthz and the system status page.

Each check returns ``(name, ok, details)``; settings.HEALTH_CHECKS lists them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection


def database():
    """Check that the database answers a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        return "database", False, {"error": exc.__class__.__name__}
    return "database", True, {"vendor": connection.vendor}


def broker():
    """Check that the Celery broker accepts a connection within two seconds."""
    from election_admin.celery import app

    url = settings.CELERY_BROKER_URL
    transport = url.split("://", 1)[0]
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:  # noqa: BLE001
        return (
            "broker",
            False,
            {"transport": transport, "error": exc.__class__.__name__},
        )
    return "broker", True, {"transport": transport}


def run_checks() -> tuple[bool, dict]:
    """Run every configured check and return (all ok, report)."""
    from django.utils.module_loading import import_string

    report = {}
    healthy = True
    for path in settings.HEALTH_CHECKS:
        name, ok, details = import_string(path)()
        report[name] = {"ok": ok, **details}
        healthy = healthy and ok
    return healthy, report

"""Fixtures of the notifications tests: no test publishes to a real broker by accident."""

import pytest


@pytest.fixture(autouse=True)
def queued(monkeypatch):
    """Record the outbox ids queued for delivery instead of publishing them."""
    calls = {"deliveries": [], "digests": []}

    def fake_deliveries(ids):
        calls["deliveries"].extend(ids)
        return len(ids)

    def fake_digests(ids):
        calls["digests"].extend(ids)
        return len(ids)

    monkeypatch.setattr("notifications.dispatch.enqueue_deliveries", fake_deliveries)
    monkeypatch.setattr("notifications.dispatch.enqueue_digests", fake_digests)
    return calls


@pytest.fixture
def mailbox(settings):
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    return mail.outbox


@pytest.fixture
def sms_log(settings, tmp_path):
    """Point the default SMS backend at a fresh log file and return a reader."""
    path = tmp_path / "sms.log"
    settings.SMS_BACKEND = "notifications.sms.LogSmsBackend"
    settings.SMS_LOG_FILE = path

    def lines():
        import json

        if not path.exists():
            return []
        return [
            json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
        ]

    return lines

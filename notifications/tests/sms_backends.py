"""SMS backends for the worker integration tests (imported by the worker subprocess)."""

import time
from pathlib import Path

from django.conf import settings


class HangingSmsBackend:
    """Mark that the gateway was reached, then hang as a dead gateway would."""

    def send(self, *, phone, text):
        Path(settings.VAR_DIR, "sms-hanging").write_text(phone, encoding="utf-8")
        time.sleep(120)
        return ""

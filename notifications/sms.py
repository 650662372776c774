"""SMS backends: a pluggable interface, a log-file default and an HTTP gateway.

``settings.SMS_BACKEND`` names the class. A backend implements
``send(*, phone: str, text: str) -> str`` returning the gateway's message id
(or "" when there is none), and raises :class:`SmsTemporaryError` for failures
worth retrying (network, gateway busy) and :class:`SmsRejectedError` for a
message the gateway will never accept (bad number, blocked content).

HTTP gateway (``notifications.sms.HttpSmsBackend``): set ``SMS_GATEWAY_URL`` and
``SMS_GATEWAY_TOKEN``. Each message is one ``POST`` of
``{"phone": "13800000000", "text": "…", "sign": "换届通"}`` as JSON with the header
``Authorization: Bearer <token>``; a 2xx answer with ``{"id": "…"}`` is success,
429/5xx or a network error is retried, other 4xx is a rejection.
"""

from __future__ import annotations

import datetime
import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

SMS_SIGN = "换届通"


class SmsError(Exception):
    """An SMS could not be sent."""


class SmsTemporaryError(SmsError):
    """The gateway could not be reached or asked us to try again later."""


class SmsRejectedError(SmsError):
    """The gateway refused the message for good (e.g. an invalid number)."""


class BaseSmsBackend:
    """The interface every SMS backend implements."""

    def send(self, *, phone: str, text: str) -> str:  # pragma: no cover - interface
        raise NotImplementedError


class LogSmsBackend(BaseSmsBackend):
    """Append each message as one JSON line to ``settings.SMS_LOG_FILE`` (the default)."""

    _lock = threading.Lock()

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path or settings.SMS_LOG_FILE)

    def send(self, *, phone: str, text: str) -> str:
        line = json.dumps(
            {
                "at": datetime.datetime.now(datetime.UTC).isoformat(),
                "phone": phone,
                "text": text,
            },
            ensure_ascii=False,
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock, self.path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
        except OSError as exc:
            raise SmsTemporaryError(
                f"cannot write the SMS log {self.path}: {exc}"
            ) from exc
        return ""


class HttpSmsBackend(BaseSmsBackend):
    """Send through an HTTP SMS gateway configured by SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN.

    ``opener`` is injectable so tests use a fake and never reach the network.
    """

    def __init__(
        self,
        *,
        url: str | None = None,
        token: str | None = None,
        opener=None,
        timeout: float | None = None,
    ):
        self.url = url if url is not None else settings.SMS_GATEWAY_URL
        self.token = token if token is not None else settings.SMS_GATEWAY_TOKEN
        self.timeout = timeout if timeout is not None else settings.SMS_GATEWAY_TIMEOUT
        self.opener = opener or urllib.request.urlopen
        if not self.url:
            raise SmsRejectedError(
                "SMS_GATEWAY_URL is empty: set it to the gateway's address or use "
                "notifications.sms.LogSmsBackend."
            )

    def send(self, *, phone: str, text: str) -> str:
        payload = json.dumps(
            {"phone": phone, "text": text, "sign": SMS_SIGN}, ensure_ascii=False
        )
        request = urllib.request.Request(  # noqa: S310 - the URL comes from settings
            self.url,
            data=payload.encode("utf-8"),
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.token}",
            },
        )
        try:
            with self.opener(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 429 or exc.code >= 500:
                raise SmsTemporaryError(f"gateway answered {exc.code}") from exc
            raise SmsRejectedError(f"gateway refused the message: {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsTemporaryError(f"gateway unreachable: {exc}") from exc
        try:
            return str(json.loads(body or b"{}").get("id", ""))
        except (ValueError, AttributeError):
            return ""


def get_sms_backend() -> BaseSmsBackend:
    """Return an instance of the configured SMS backend."""
    return import_string(settings.SMS_BACKEND)()

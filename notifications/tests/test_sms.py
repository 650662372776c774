"""SMS backends: the log-file default and the HTTP gateway (with a fake, never the network)."""

import io
import json
import urllib.error

import pytest

from notifications.sms import (
    HttpSmsBackend,
    LogSmsBackend,
    SmsRejectedError,
    SmsTemporaryError,
    get_sms_backend,
)


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class FakeGateway:
    """Stands in for urllib's urlopen: records requests, answers as told."""

    def __init__(self, *, answer=b'{"id": "msg-1"}', error=None):
        self.requests = []
        self.answer = answer
        self.error = error

    def __call__(self, request, timeout):
        self.requests.append((request, timeout))
        if self.error is not None:
            raise self.error
        return FakeResponse(self.answer)


def http_error(code):
    return urllib.error.HTTPError(
        "https://sms.example.invalid/send", code, "x", {}, None
    )


def test_log_backend_appends_one_json_line_per_message(tmp_path):
    # given
    backend = LogSmsBackend(tmp_path / "sms.log")
    # when
    backend.send(phone="13800001111", text="【换届通】任务今天到期")
    backend.send(phone="13800002222", text="第二条")
    # then
    lines = [
        json.loads(line)
        for line in (tmp_path / "sms.log").read_text("utf-8").splitlines()
    ]
    assert [line["phone"] for line in lines] == ["13800001111", "13800002222"]
    assert lines[0]["text"] == "【换届通】任务今天到期"


def test_log_backend_that_cannot_write_asks_for_a_retry(tmp_path):
    # given a directory where the log file should be
    (tmp_path / "sms.log").mkdir()
    # when / then
    with pytest.raises(SmsTemporaryError, match="cannot write the SMS log"):
        LogSmsBackend(tmp_path / "sms.log").send(phone="1", text="x")


def test_http_backend_posts_json_with_the_token_and_returns_the_id():
    # given
    gateway = FakeGateway()
    backend = HttpSmsBackend(
        url="https://sms.example.invalid/send", token="t0k", opener=gateway, timeout=3
    )
    # when
    message_id = backend.send(phone="13800001111", text="任务今天到期")
    # then
    request, timeout = gateway.requests[0]
    assert message_id == "msg-1"
    assert timeout == 3
    assert request.get_method() == "POST"
    assert request.get_header("Authorization") == "Bearer t0k"
    assert json.loads(request.data) == {
        "phone": "13800001111",
        "text": "任务今天到期",
        "sign": "换届通",
    }


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (http_error(503), SmsTemporaryError),
        (http_error(429), SmsTemporaryError),
        (urllib.error.URLError("connection refused"), SmsTemporaryError),
        (TimeoutError("timed out"), SmsTemporaryError),
        (http_error(400), SmsRejectedError),
    ],
)
def test_http_backend_tells_temporary_failures_from_rejections(error, expected):
    # given
    backend = HttpSmsBackend(
        url="https://sms.example.invalid/send",
        token="t",
        opener=FakeGateway(error=error),
    )
    # when / then
    with pytest.raises(expected):
        backend.send(phone="13800001111", text="x")


def test_http_backend_without_a_url_refuses_to_start(settings):
    # given
    settings.SMS_GATEWAY_URL = ""
    # when / then
    with pytest.raises(SmsRejectedError, match="SMS_GATEWAY_URL is empty"):
        HttpSmsBackend()


def test_the_backend_comes_from_settings(settings):
    # given
    settings.SMS_BACKEND = "notifications.sms.HttpSmsBackend"
    settings.SMS_GATEWAY_URL = "https://sms.example.invalid/send"
    settings.SMS_GATEWAY_TOKEN = "secret"
    # when
    backend = get_sms_backend()
    # then
    assert isinstance(backend, HttpSmsBackend)
    assert backend.token == "secret"


@pytest.mark.django_db
def test_a_rejected_sms_marks_only_that_channel_failed(
    make_user, township, settings, mailbox
):
    # given a gateway that refuses the number
    from notifications import delivery
    from notifications.tests.factories import NotificationFactory

    settings.SMS_BACKEND = "notifications.tests.test_sms.RejectingBackend"
    user = make_user(
        "guide", township=township, phone="10000", email="g@example.invalid"
    )
    row = NotificationFactory(recipient=user)
    # when
    result = delivery.deliver_notification(notification_id=row.pk)
    # then
    row.refresh_from_db()
    assert result == "delivered"
    assert (row.inapp_state, row.email_state, row.sms_state) == (
        "sent",
        "sent",
        "failed",
    )
    assert len(mailbox) == 1


class RejectingBackend:
    def send(self, *, phone, text):
        raise SmsRejectedError("invalid number")

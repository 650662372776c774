import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


TOKEN = "monitoring-token"


def test_healthz_reports_database_and_broker_to_monitoring(client, settings):
    # given the monitoring token (the load balancer itself gets the status only)
    settings.HEALTHZ_TOKEN = TOKEN
    # when
    response = client.get(reverse("healthz"), HTTP_X_HEALTHZ_TOKEN=TOKEN)
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["broker"]["ok"] is True


def test_healthz_answers_503_when_the_broker_is_unreachable(client, settings):
    # given: a broker on a closed port
    settings.HEALTHZ_TOKEN = TOKEN
    from election_admin.celery import app

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        # when
        response = client.get(reverse("healthz"), HTTP_X_HEALTHZ_TOKEN=TOKEN)
        bare = client.get(reverse("healthz"))
    finally:
        app.conf.broker_url = "filesystem://"
    # then
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True
    # and the load balancer sees the same verdict without details
    assert bare.status_code == 503
    assert bare.json() == {"status": "error"}

"""Factories of the notifications app."""

import datetime

import factory
from django.contrib.contenttypes.models import ContentType

from core.tests.factories import UserFactory
from notifications.models import Notification, NotificationPreference


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    subject_type = factory.LazyAttribute(
        lambda o: ContentType.objects.get_for_model(o.recipient)
    )
    subject_id = factory.LazyAttribute(lambda o: o.recipient.pk)
    kind = "tests.example"
    day = factory.Sequence(
        lambda n: datetime.date(2021, 1, 1) + datetime.timedelta(days=n)
    )
    title = factory.Sequence(lambda n: f"提醒{n}")
    body = "请及时办理。"
    url = "/villages/"


class DeliveredNotificationFactory(NotificationFactory):
    status = "delivered"
    inapp_state = "sent"
    email_state = "sent"
    sms_state = "skipped"


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)

"""Choice lists of the notifications app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    """Where an outbox row stands as a whole (all its channels together)."""

    PENDING = "pending", _("waiting for delivery")
    SENDING = "sending", _("being delivered")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("delivery failed")


class ChannelState(models.TextChoices):
    """The state of one channel (in-app, email, SMS) of one outbox row."""

    PENDING = "pending", _("waiting")
    DIGEST = "digest", _("waiting for the daily digest")
    SENT = "sent", _("sent")
    SKIPPED = "skipped", _("not sent")
    FAILED = "failed", _("failed")


class Channel(models.TextChoices):
    INAPP = "inapp", _("in-app inbox")
    EMAIL = "email", _("email")
    SMS = "sms", _("SMS")


class DeliveryMode(models.TextChoices):
    """How a user wants email and SMS reminders: one by one, or once a day."""

    IMMEDIATE = "immediate", _("immediately, one by one")
    DIGEST = "digest", _("once a day as a digest")


class DigestStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")

"""The notification outbox, each user's reminder preferences, digests and job health.

A reminder is written to the outbox (:class:`Notification`) first and delivered by
Celery tasks afterwards; the unique key (subject, recipient, kind, day) makes a
duplicate impossible whatever runs twice, and the per-channel states let a retried
or repeated delivery skip what was already sent.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.scope import ScopedQuerySet, get_scope

from .choices import ChannelState, DeliveryMode, DigestStatus, OutboxStatus

CHANNEL_FIELDS = ("inapp_state", "email_state", "sms_state")


def default_digest_hour() -> int:
    """Return the township-wide default hour of the daily digest (settings)."""
    return settings.NOTIFICATIONS_DIGEST_HOUR


class RecipientQuerySet(ScopedQuerySet):
    """Rows addressed to one user: everybody sees only their own inbox."""

    township_path = "recipient__township"
    recipient_path = "recipient"

    def visible_to(self, user):
        """Return only the rows addressed to the user (superusers too: an inbox is personal)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(**{self.recipient_path: user})

    def in_township_of(self, user):
        """Return the rows of the townships the user oversees (for counts on the status page)."""
        scope = get_scope(user)
        if scope.township_ids is None:
            return self.all()
        return self.filter(**{f"{self.township_path}__in": scope.township_ids})


class PreferenceQuerySet(RecipientQuerySet):
    township_path = "user__township"
    recipient_path = "user"


class NotificationQuerySet(RecipientQuerySet):
    def inbox(self):
        """Return the rows already delivered to the in-app inbox."""
        return self.filter(inapp_state=ChannelState.SENT)

    def unread(self):
        return self.inbox().filter(read_at__isnull=True)


class Notification(models.Model):
    """One reminder for one person (催办提醒) in the outbox, and then in their inbox.

    For example "王楼村：任务「公布选民名单」明天到期" for the village's guidance-group
    leader. Written once per (subject, recipient, kind, day); the email and SMS
    channels carry their own state so a retried delivery never sends twice.

    No ``HistoricalRecords``: the row is itself a log (created, delivered, read
    times, attempts, last error) and is never edited by a person.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    subject_type = models.ForeignKey(
        ContentType,
        verbose_name=_("subject type"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_id = models.PositiveBigIntegerField(_("subject id"))
    subject = GenericForeignKey("subject_type", "subject_id")
    kind = models.CharField(
        _("kind"),
        max_length=80,
        help_text=_("The reminder kind, for example stages.task_overdue."),
    )
    day = models.DateField(_("day"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OutboxStatus.choices,
        default=OutboxStatus.PENDING,
    )
    inapp_state = models.CharField(
        _("in-app inbox"),
        max_length=10,
        choices=ChannelState.choices,
        default=ChannelState.PENDING,
    )
    email_state = models.CharField(
        _("email"),
        max_length=10,
        choices=ChannelState.choices,
        default=ChannelState.PENDING,
    )
    sms_state = models.CharField(
        _("SMS"),
        max_length=10,
        choices=ChannelState.choices,
        default=ChannelState.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(
        _("claimed at"), null=True, blank=True, editable=False
    )
    retry_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    digest = models.ForeignKey(
        "notifications.Digest",
        verbose_name=_("digest"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "recipient", "kind", "day"],
                name="%(app_label)s_%(class)s_unique_reminder",
            ),
            models.CheckConstraint(
                condition=Q(status__in=OutboxStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "inapp_state", "read_at"], name="notif_inbox_idx"
            ),
            models.Index(fields=["status", "created_at"], name="notif_outbox_idx"),
            models.Index(fields=["kind", "day"], name="notif_kind_day_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """Return the address that marks the row read and opens its subject."""
        return reverse("notifications:open", args=[self.pk])

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How a user wants their reminders: which channels, one by one or as a daily digest.

    The in-app inbox always receives every reminder; email and SMS follow these
    choices (and need an email address / mobile number on the user).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="notification_preference",
    )
    email_enabled = models.BooleanField(_("by email"), default=True)
    sms_enabled = models.BooleanField(_("by SMS"), default=True)
    mode = models.CharField(
        _("delivery"),
        max_length=10,
        choices=DeliveryMode.choices,
        default=DeliveryMode.IMMEDIATE,
    )
    digest_hour = models.PositiveSmallIntegerField(
        _("digest hour"),
        default=default_digest_hour,
        help_text=_(
            "Hour of the day (Beijing time, 0–23) when the daily digest is sent."
        ),
    )
    history = HistoricalRecords()

    objects = PreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.CheckConstraint(
                condition=Q(digest_hour__gte=0, digest_hour__lte=23),
                name="%(app_label)s_%(class)s_digest_hour_range",
            ),
        ]

    def __str__(self):
        return str(self.user)

    def get_absolute_url(self):
        return reverse("notifications:preferences")


class Digest(models.Model):
    """The one daily digest (每日提醒汇总) of a user's email/SMS reminders for a day."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.PROTECT,
        related_name="notification_digests",
    )
    day = models.DateField(_("day"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DigestStatus.choices,
        default=DigestStatus.PENDING,
    )
    email_state = models.CharField(
        _("email"),
        max_length=10,
        choices=ChannelState.choices,
        default=ChannelState.PENDING,
    )
    sms_state = models.CharField(
        _("SMS"),
        max_length=10,
        choices=ChannelState.choices,
        default=ChannelState.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        ordering = ["-day", "recipient"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "day"], name="%(app_label)s_%(class)s_unique_day"
            ),
        ]

    def __str__(self):
        return f"{self.recipient} {self.day}"

    def get_absolute_url(self):
        return reverse("notifications:inbox")


class JobBeat(models.Model):
    """When a background job last ran: the reminder scan, the worker heartbeat, the flush.

    The status page and /healthz read these rows so that a silent worker or a
    stopped beat is noticed.
    """

    name = models.CharField(_("job"), max_length=40, unique=True)
    last_at = models.DateTimeField(_("last run"))
    info = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("background job status")
        verbose_name_plural = _("background job status")
        ordering = ["name"]

    def __str__(self):
        return self.name

"""Admin of the notifications app: the outbox (read-only, with a retry action), preferences."""

from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.admin_scoping import ScopedChoicesMixin

from .choices import OutboxStatus
from .models import Digest, JobBeat, Notification, NotificationPreference
from .services import enqueue_after_commit


class TownshipScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """Rows of the townships the staff user works in (superusers: all); choices too."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.in_township_of(request.user)


@admin.register(Notification)
class NotificationAdmin(TownshipScopedAdmin):
    list_display = (
        "created_at",
        "recipient",
        "title",
        "kind",
        "day",
        "status",
        "inapp_state",
        "email_state",
        "sms_state",
        "attempts",
        "read_at",
    )
    list_filter = ("status", "kind", "email_state", "sms_state", "day")
    search_fields = ("title", "recipient__username", "recipient__full_name")
    date_hierarchy = "created_at"
    list_select_related = ("recipient",)
    actions = ["retry_delivery"]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Deliver the selected failed reminders again"))
    def retry_delivery(self, request, queryset):
        with transaction.atomic():
            ids = list(
                queryset.filter(status=OutboxStatus.FAILED).values_list("pk", flat=True)
            )
            Notification.objects.filter(pk__in=ids, status=OutboxStatus.FAILED).update(
                status=OutboxStatus.PENDING, attempts=0, retry_at=None, last_error=""
            )
            enqueue_after_commit(ids)
        self.message_user(
            request,
            ngettext(
                "%(count)d reminder queued for delivery again.",
                "%(count)d reminders queued for delivery again.",
                len(ids),
            )
            % {"count": len(ids)},
            messages.SUCCESS,
        )


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ScopedChoicesMixin, SimpleHistoryAdmin):
    list_display = ("user", "email_enabled", "sms_enabled", "mode", "digest_hour")
    list_filter = ("mode", "email_enabled", "sms_enabled")
    search_fields = ("user__username", "user__full_name")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.in_township_of(request.user)


@admin.register(Digest)
class DigestAdmin(TownshipScopedAdmin):
    list_display = ("day", "recipient", "status", "email_state", "sms_state", "sent_at")
    list_filter = ("status", "day")
    readonly_fields = [field.name for field in Digest._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(JobBeat)
class JobBeatAdmin(admin.ModelAdmin):
    list_display = ("name", "last_at", "info")
    readonly_fields = ("name", "last_at", "info")

    def has_add_permission(self, request):
        return False

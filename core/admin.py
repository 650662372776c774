"""Admin for users and the access log; a scoped base class for every app's admin."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .admin_scoping import ScopedChoicesMixin, restrict_beat_admin, scoped_inline_class
from .models import AccessLog, User
from .scope import get_scope


class ScopedAdmin(ScopedChoicesMixin, SimpleHistoryAdmin):
    """Admin whose rows and form choices are limited to the user's scope.

    Superusers see all. Relation fields of the form and of every inline offer
    only rows in scope (see ``core.admin_scoping``), so a crafted POST naming
    another township's row is refused with a form error.
    """

    def get_inlines(self, request, obj):
        return [scoped_inline_class(c) for c in super().get_inlines(request, obj)]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.check_saved_in_scope(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.visible_to(request.user)

    def _check_in_scope(self, request, object_id) -> None:
        # simple_history falls back to history rows when the object is not in the
        # queryset (deleted objects); outside the scope that would leak data.
        if request.user.is_superuser:
            return
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._check_in_scope(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_in_scope(request, object_id)
        return super().history_form_view(
            request, object_id, version_id, extra_context=extra_context
        )


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = (
        "username",
        "full_name",
        "township",
        "title",
        "is_active",
        "last_login",
    )
    list_filter = ("township", "groups", "is_active", "is_staff")
    search_fields = ("username", "full_name", "phone")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("Township and contact"),
            {"fields": ("full_name", "title", "phone", "township", "county")},
        ),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        scope = get_scope(request.user)
        if scope.township_ids is None:
            return queryset
        return queryset.filter(township_id__in=scope.township_ids)


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "action", "what", "rows", "reason")
    list_filter = ("action",)
    search_fields = ("what", "reason", "user__username", "user__full_name")
    readonly_fields = [f.name for f in AccessLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        scope = get_scope(request.user)
        if scope.township_ids is None:
            return queryset
        return queryset.filter(user__township_id__in=scope.township_ids)


# The Celery beat schedule runs every township's reminders: superusers only.
restrict_beat_admin()

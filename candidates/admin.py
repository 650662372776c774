"""Admin of the candidates app: candidate vetting (the elections' admin is in the elections app).

The 十不选 catalogue and the departments are edited here (rules are data);
edits apply to rounds whose joint review starts later, because a round works
on its own copy. Nominations, review items, notices and lists change only
through the vetting pages, whose services keep the status machine and the
audit trail; here they are shown read-only with their history.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedAdmin
from core.admin_scoping import CountySettingsMixin, can_edit_county_settings
from core.models import User
from core.roles import Role
from core.scope import get_scope

from .models import (
    Criterion,
    Department,
    FormalList,
    Nomination,
    Objection,
    PublicNotice,
    ReviewBatch,
    ReviewDecision,
    ReviewFinding,
    ReviewItem,
    RoundCriterion,
)


class ReadOnlyAdmin(ScopedAdmin):
    """Show rows and their history; changes go through the vetting pages."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    list_display = ("short_name", "name", "code", "order", "active")
    search_fields = ("code", "name", "short_name")
    filter_horizontal = ("reviewers",)

    # A department is county-wide: the county administrator edits it; a township's
    # office only assigns its own township's reviewers to it.
    def has_add_permission(self, request):
        return can_edit_county_settings(request.user) and super().has_add_permission(
            request
        )

    def has_delete_permission(self, request, obj=None):
        return can_edit_county_settings(request.user) and super().has_delete_permission(
            request, obj
        )

    def get_readonly_fields(self, request, obj=None):
        if can_edit_county_settings(request.user):
            return super().get_readonly_fields(request, obj)
        return [f.name for f in Department._meta.fields if f.name != "id"]

    def _own_reviewers(self, request):
        queryset = User.objects.filter(groups__name=Role.REVIEWER, is_active=True)
        scope = get_scope(request.user)
        if scope.township_ids is not None:
            queryset = queryset.filter(township_id__in=scope.township_ids)
        return queryset.distinct().order_by("username")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "reviewers":
            kwargs["queryset"] = self._own_reviewers(request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        # An office sees only its own township's reviewers; keep the others.
        hidden = []
        if change:
            visible = set(self._own_reviewers(request).values_list("pk", flat=True))
            hidden = list(form.instance.reviewers.exclude(pk__in=visible))
        super().save_related(request, form, formsets, change)
        if hidden:
            form.instance.reviewers.add(*hidden)


@admin.register(Criterion)
class CriterionAdmin(CountySettingsMixin, ScopedAdmin):
    list_display = (
        "number",
        "title",
        "severity",
        "window_kind",
        "window_years",
        "active",
    )
    list_filter = ("severity", "window_kind", "active")
    search_fields = ("title", "text")
    filter_horizontal = ("departments",)
    fieldsets = (
        (None, {"fields": ("number", "title", "text", "severity", "active")}),
        (_("Time window"), {"fields": ("window_kind", "window_years")}),
        (_("Checked by"), {"fields": ("departments", "legal_basis")}),
    )


@admin.register(RoundCriterion)
class RoundCriterionAdmin(ReadOnlyAdmin):
    list_display = ("round", "number", "title", "severity", "copied_at")
    list_filter = ("round",)
    filter_horizontal = ("departments",)


class ReviewItemInline(admin.TabularInline):
    model = ReviewItem
    extra = 0
    fields = (
        "department",
        "status",
        "due_date",
        "signed_by",
        "signed_at",
        "reopened_reason",
    )
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ("person", "village", "body", "post", "route", "status", "round")
    list_filter = ("status", "body", "route", "village__township")
    search_fields = ("person__name", "person__name_pinyin", "village__name")
    list_select_related = ("person", "village", "round")
    inlines = [ReviewItemInline]


class ReviewFindingInline(admin.TabularInline):
    model = ReviewFinding
    extra = 0
    fields = (
        "criterion",
        "result",
        "finding",
        "evidence",
        "recorded_by",
        "recorded_at",
    )
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReviewItem)
class ReviewItemAdmin(ReadOnlyAdmin):
    list_display = (
        "nomination",
        "department",
        "status",
        "due_date",
        "signed_by",
        "signed_at",
    )
    list_filter = ("status", "department")
    search_fields = ("nomination__person__name",)
    list_select_related = ("nomination__person", "department", "signed_by")
    inlines = [ReviewFindingInline]


@admin.register(ReviewBatch)
class ReviewBatchAdmin(ReadOnlyAdmin):
    list_display = ("sent_on", "due_date", "township", "round", "sent_by")
    list_filter = ("township",)


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(ReadOnlyAdmin):
    list_display = ("nomination", "decision", "decided_by", "decided_at")
    list_filter = ("decision",)


class ObjectionInline(admin.TabularInline):
    model = Objection
    extra = 0
    fields = ("nomination", "received_on", "content", "status", "resolution")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PublicNotice)
class PublicNoticeAdmin(ReadOnlyAdmin):
    list_display = ("village", "body", "start_date", "end_date", "published_by")
    list_filter = ("body", "village__township")
    inlines = [ObjectionInline]


@admin.register(FormalList)
class FormalListAdmin(ReadOnlyAdmin):
    list_display = (
        "village",
        "body",
        "status",
        "proposed_by",
        "proposed_at",
        "confirmed_by",
    )
    list_filter = ("status", "body")

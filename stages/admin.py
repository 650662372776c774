"""Admin of the stages app: rules, calendar overrides, stages, templates, rounds, tasks."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin import ScopedAdmin
from core.admin_scoping import CountySettingsMixin

from . import services, workdays
from .models import (
    CalendarFeed,
    CalendarOverride,
    ElectionRound,
    Rule,
    RuleSet,
    Stage,
    TaskEvidence,
    TaskTemplate,
    VillageElection,
    VillageTask,
)


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(CountySettingsMixin, SimpleHistoryAdmin):
    list_display = ("date", "is_working_day", "note")
    list_filter = ("is_working_day",)
    search_fields = ("note",)
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        workdays.clear_cache()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        workdays.clear_cache()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        workdays.clear_cache()


class RuleInline(CountySettingsMixin, admin.TabularInline):
    model = Rule
    extra = 0
    fields = (
        "key",
        "kind",
        "numerator",
        "denominator",
        "comparison",
        "legal_basis",
        "basis_checked",
        "note",
    )


@admin.register(RuleSet)
class RuleSetAdmin(CountySettingsMixin, SimpleHistoryAdmin):
    list_display = (
        "name",
        "code",
        "version",
        "law_version",
        "effective_from",
        "is_default",
    )
    search_fields = ("name", "code", "law_version")
    readonly_fields = ("is_default",)
    inlines = [RuleInline]
    actions = ["copy_to_new_version", "make_default"]

    @admin.action(description=_("Make the default for new rounds"))
    def make_default(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Choose exactly one rule set."), level=messages.ERROR
            )
            return
        rule_set = services.rule_set_make_default(
            rule_set=queryset.get(), by=request.user
        )
        self.message_user(
            request,
            _(
                "%(name)s is now the default for new rounds; existing rounds keep theirs."
            )
            % {"name": rule_set},
            level=messages.SUCCESS,
        )

    @admin.action(description=_("Copy to a new version"))
    def copy_to_new_version(self, request, queryset):
        for rule_set in queryset:
            new = services.rule_set_new_version(rule_set=rule_set, by=request.user)
            self.message_user(
                request, _("Created %(name)s.") % {"name": new}, level=messages.SUCCESS
            )


@admin.register(Rule)
class RuleAdmin(CountySettingsMixin, SimpleHistoryAdmin):
    list_display = ("key", "rule_set", "kind", "numerator", "denominator", "comparison")
    list_filter = ("rule_set", "kind")
    search_fields = ("key", "legal_basis")


@admin.register(Stage)
class StageAdmin(CountySettingsMixin, SimpleHistoryAdmin):
    list_display = ("order", "name", "code")
    ordering = ("order",)


@admin.register(TaskTemplate)
class TaskTemplateAdmin(CountySettingsMixin, SimpleHistoryAdmin):
    list_display = (
        "title",
        "stage",
        "order",
        "election",
        "anchor",
        "offset_days",
        "offset_unit",
        "offset_rule",
        "is_statutory",
        "owner_role",
        "is_active",
    )
    list_filter = ("stage", "election", "anchor", "is_statutory", "is_active")
    search_fields = ("title", "code", "guidance")
    filter_horizontal = ("prerequisites",)
    ordering = ("stage__order", "order")


class VillageElectionInline(admin.TabularInline):
    model = VillageElection
    extra = 0
    fields = ("village", "party_election_date", "vc_election_date")
    readonly_fields = ("village",)
    can_delete = False


@admin.register(ElectionRound)
class ElectionRoundAdmin(ScopedAdmin):
    list_display = (
        "name",
        "township",
        "start_date",
        "target_end_date",
        "status",
        "rule_set",
    )
    list_filter = ("status", "township")
    search_fields = ("name",)
    readonly_fields = ("started_at", "started_by")
    inlines = [VillageElectionInline]


@admin.register(VillageElection)
class VillageElectionAdmin(ScopedAdmin):
    list_display = ("village", "round", "party_election_date", "vc_election_date")
    list_filter = ("round",)
    search_fields = ("village__name",)


class TaskEvidenceInline(admin.TabularInline):
    model = TaskEvidence
    extra = 0
    fields = ("original_name", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    can_delete = False


@admin.register(VillageTask)
class VillageTaskAdmin(ScopedAdmin):
    list_display = (
        "title",
        "village",
        "stage",
        "due_date",
        "status",
        "owner",
        "completed_on",
    )
    list_filter = ("round", "stage", "status")
    search_fields = ("title", "village__name")
    list_select_related = ("village", "stage", "owner")
    raw_id_fields = ("owner", "completed_by")
    readonly_fields = ("round", "village", "stage", "template")
    inlines = [TaskEvidenceInline]


@admin.register(TaskEvidence)
class TaskEvidenceAdmin(ScopedAdmin):
    list_display = ("original_name", "task", "size", "uploaded_by", "uploaded_at")
    search_fields = ("original_name", "task__title", "task__village__name")
    readonly_fields = (
        "task",
        "download",
        "original_name",
        "size",
        "uploaded_by",
        "uploaded_at",
    )
    exclude = ("file",)

    def has_add_permission(self, request):
        # Evidence is uploaded on the task page, where the file is checked and
        # scoped; an admin row without a file would be meaningless.
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        """Link to the scoped download view (files are not served from MEDIA_URL)."""
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', obj.get_absolute_url(), obj.original_name
        )


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "last_used_at")
    search_fields = ("user__username", "user__full_name")
    readonly_fields = ("user", "token", "created_at", "last_used_at")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(user=request.user)

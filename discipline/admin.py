"""Admin of the discipline app, scoped like the pages.

Reports are read-only here (their lifecycle runs through the services), and the
confidential models — :class:`ReportSource` (who reported) and
:class:`ReportAttachment` — are deliberately not registered: no admin list,
change page, history page or search can show who reported.
"""

from django.contrib import admin
from django.http import Http404

from core.admin import ScopedAdmin
from core.admin_scoping import CountySettingsMixin

from . import access
from .models import (
    CommitmentLetter,
    CommitmentRequirement,
    EducationEvent,
    LetterTemplate,
    MaterialDistribution,
    PublicityEntry,
    PublicOpinion,
    ReferenceItem,
    ReferenceText,
    Report,
    ReportAction,
    ReportExtension,
)


class ScopedHistoryAdmin(ScopedAdmin):
    """Scoped admin whose history page answers 404 outside the user's scope.

    django-simple-history falls back to the historical rows when the object is
    not in ``get_queryset`` (to show deleted objects); that would show another
    village's rows, so only superusers keep that fallback.
    """

    def history_view(self, request, object_id, extra_context=None):
        if (
            not request.user.is_superuser
            and not self.get_queryset(request).filter(pk=object_id).exists()
        ):
            raise Http404
        return super().history_view(request, object_id, extra_context)


@admin.register(EducationEvent)
class EducationEventAdmin(ScopedHistoryAdmin):
    list_display = ("held_on", "kind", "title", "township", "attendance")
    list_filter = ("kind", "township")
    search_fields = ("title", "location")
    filter_horizontal = ("villages",)
    date_hierarchy = "held_on"
    readonly_fields = ("recorded_by",)


@admin.register(MaterialDistribution)
class MaterialDistributionAdmin(ScopedHistoryAdmin):
    list_display = ("distributed_on", "kind", "quantity", "village", "township")
    list_filter = ("kind", "township")
    readonly_fields = ("recorded_by",)


@admin.register(PublicityEntry)
class PublicityEntryAdmin(ScopedHistoryAdmin):
    list_display = ("happened_on", "channel", "count", "village", "township")
    list_filter = ("channel", "township")
    readonly_fields = ("recorded_by",)


class ReferenceItemInline(CountySettingsMixin, admin.TabularInline):
    model = ReferenceItem
    extra = 0


@admin.register(ReferenceText)
class ReferenceTextAdmin(CountySettingsMixin, ScopedHistoryAdmin):
    list_display = ("title", "code", "kind", "position")
    inlines = [ReferenceItemInline]


@admin.register(LetterTemplate)
class LetterTemplateAdmin(CountySettingsMixin, ScopedHistoryAdmin):
    list_display = ("kind", "title")


@admin.register(CommitmentRequirement)
class CommitmentRequirementAdmin(CountySettingsMixin, ScopedHistoryAdmin):
    list_display = ("audience", "kind", "active")
    list_filter = ("audience", "kind", "active")


@admin.register(CommitmentLetter)
class CommitmentLetterAdmin(ScopedHistoryAdmin):
    list_display = ("signed_on", "signer_name", "kind", "village", "township")
    list_filter = ("kind", "township")
    search_fields = ("signer_name", "signer_unit")
    raw_id_fields = ("person",)
    readonly_fields = ("recorded_by",)


@admin.register(PublicOpinion)
class PublicOpinionAdmin(ScopedHistoryAdmin):
    list_display = (
        "discovered_on",
        "source",
        "risk_level",
        "village",
        "due_on",
        "closed",
    )
    list_filter = ("source", "risk_level", "closed", "township")
    search_fields = ("summary", "platform")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReportActionInline(ReadOnlyInline):
    model = ReportAction
    fields = ("kind", "taken_on", "taken_by", "description", "effect", "referred_to")
    readonly_fields = fields


class ReportExtensionInline(ReadOnlyInline):
    model = ReportExtension
    fields = (
        "days",
        "reason",
        "requested_by",
        "status",
        "decided_by",
        "decision_note",
        "new_due",
    )
    readonly_fields = fields


@admin.register(Report)
class ReportAdmin(ScopedHistoryAdmin):
    """Reports, read-only and without any reporter detail (see ``discipline.access``)."""

    list_display = (
        "number",
        "received_on",
        "village",
        "category",
        "status",
        "conclusion",
    )
    list_filter = ("status", "category", "conclusion")
    search_fields = ("number", "summary", "person__name", "subject_name")
    inlines = [ReportActionInline, ReportExtensionInline]
    exclude = ()

    def get_queryset(self, request):
        # No superuser shortcut: village staff never see a report, whoever they are.
        return Report.objects.visible_to(request.user).select_related(
            "village", "person"
        )

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Report._meta.fields]

    def has_module_permission(self, request):
        return access.reads_reports(request.user) and super().has_module_permission(
            request
        )

    def has_view_permission(self, request, obj=None):
        return access.reads_reports(request.user) and (
            request.user.is_superuser or super().has_view_permission(request, obj)
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # Every view of a report is written to the access log, in the admin too.
    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if response.status_code == 200:
            _log(request, "report list (admin)")
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200:
            _log(request, "report (admin)", object_id)
        return response

    def history_view(self, request, object_id, extra_context=None):
        # Reports: no superuser fallback either (village staff never see a report).
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            _log(request, "report history (admin)", object_id)
        return response


def _log(request, what: str, object_id=None) -> None:
    from core.models import AccessLog
    from core.services import access_log_record

    number = ""
    if object_id is not None:
        number = (
            Report.objects.visible_to(request.user)
            .filter(pk=object_id)
            .values_list("number", flat=True)
            .first()
            or ""
        )
    access_log_record(
        user=request.user,
        action=AccessLog.Action.VIEW,
        what=what,
        object_repr=number,
        path=request.get_full_path(),
    )

"""Admin of the exit audits and handovers, scoped like every page (core.admin.ScopedAdmin).

Both are recorded through their pages, whose services check dates, findings and
signatures; the admin shows them and their history and corrects notes only.
"""

from django.contrib import admin

from core.admin import ScopedAdmin

from .models import Handover, HandoverItem, OutgoingAudit


@admin.register(OutgoingAudit)
class OutgoingAuditAdmin(ScopedAdmin):
    list_display = (
        "village",
        "person",
        "post",
        "audited_on",
        "finding",
        "published_on",
    )
    list_filter = ("finding", "rectification", "village__township")
    search_fields = ("village__name", "person__name", "auditor")
    date_hierarchy = "audited_on"
    list_select_related = ("village", "person")
    readonly_fields = (
        "round",
        "village",
        "person",
        "post",
        "auditor",
        "period_start",
        "period_end",
        "audited_on",
        "finding",
        "problems",
        "amount",
        "rectification",
        "rectification_note",
        "published_on",
        "published_place",
        "recorded_by",
    )

    def has_add_permission(self, request):
        return False


class HandoverItemInline(admin.TabularInline):
    model = HandoverItem
    extra = 0
    fields = ("order", "name", "detail", "handed_over", "received", "note")
    readonly_fields = fields
    can_delete = False


@admin.register(Handover)
class HandoverAdmin(ScopedAdmin):
    list_display = ("village", "produced_on", "due_on", "signed_on")
    list_filter = ("village__township",)
    search_fields = ("village__name", "handed_over_by", "received_by")
    date_hierarchy = "due_on"
    list_select_related = ("village",)
    inlines = [HandoverItemInline]
    readonly_fields = (
        "round",
        "village",
        "election",
        "produced_on",
        "due_on",
        "handed_over_by",
        "received_by",
        "supervised_by",
        "signed_on",
        "recorded_by",
    )

    def has_add_permission(self, request):
        return False

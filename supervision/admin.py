from django.contrib import admin

from core.admin import ScopedAdmin

from .models import InspectionNote


@admin.register(InspectionNote)
class InspectionNoteAdmin(ScopedAdmin):
    list_display = ("village", "finding", "deadline", "status", "created_by")
    list_filter = ("status",)
    search_fields = ("finding", "requirement", "village__name")
    raw_id_fields = ("task",)
    readonly_fields = ("created_at", "closed_on", "closed_by")

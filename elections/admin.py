"""Admin of the elections app, scoped like every page (core.admin.ScopedAdmin).

Meetings, elections and their results. Results are entered through the
election pages, which compute the outcome with the rules; the admin shows them
and their history, and corrects notes, but never edits counted numbers.
"""

from django.contrib import admin

from core.admin import ScopedAdmin

from .models import (
    Election,
    ElectionCandidate,
    ElectionStaff,
    MeetingVote,
    PollingStation,
    ProxyVote,
    RecommendationMeeting,
)


class MeetingVoteInline(admin.TabularInline):
    model = MeetingVote
    extra = 0
    fields = ("person", "post", "votes", "result", "rule", "nomination")
    readonly_fields = fields
    can_delete = False


@admin.register(RecommendationMeeting)
class RecommendationMeetingAdmin(ScopedAdmin):
    list_display = (
        "village",
        "kind",
        "held_on",
        "present",
        "entitled",
        "valid",
        "status",
    )
    list_filter = ("kind", "valid", "status", "village__township")
    search_fields = ("village__name",)
    date_hierarchy = "held_on"
    list_select_related = ("village",)
    inlines = [MeetingVoteInline]
    readonly_fields = (
        "round",
        "village",
        "kind",
        "body",
        "held_on",
        "seats",
        "shortlist",
        "entitled",
        "present",
        "valid",
        "findings",
        "status",
        "recorded_by",
        "confirmed_by",
        "confirmed_at",
    )

    def has_add_permission(self, request):
        return False


class ElectionCandidateInline(admin.TabularInline):
    model = ElectionCandidate
    extra = 0
    fields = ("person", "post", "votes", "result", "rule", "void", "void_reason")
    readonly_fields = fields
    can_delete = False


class ElectionStaffInline(admin.TabularInline):
    model = ElectionStaff
    extra = 0
    fields = ("person", "role")
    readonly_fields = fields
    can_delete = False


@admin.register(Election)
class ElectionAdmin(ScopedAdmin):
    list_display = ("village", "body", "kind", "held_on", "valid", "status")
    list_filter = ("body", "kind", "status", "valid", "village__township")
    search_fields = ("village__name", "candidates__person__name")
    date_hierarchy = "held_on"
    list_select_related = ("village",)
    inlines = [ElectionCandidateInline, ElectionStaffInline]
    readonly_fields = (
        "round",
        "village",
        "body",
        "kind",
        "parent",
        "held_on",
        "seats_head",
        "seats_deputy",
        "seats_member",
        "entitled",
        "present",
        "ballots_issued",
        "ballots_returned",
        "full_members",
        "excluded_members",
        "members_without_vote",
        "probationary_members",
        "valid",
        "findings",
        "shortfall",
        "shortfall_decision",
        "decision_consent",
        "decision_note",
        "status",
        "recorded_by",
        "counted_by",
        "counted_at",
        "applied_by",
        "applied_at",
    )

    def has_add_permission(self, request):
        return False


@admin.register(ProxyVote)
class ProxyVoteAdmin(ScopedAdmin):
    """Proxy votes are recorded through the proxy page, which checks V9."""

    list_display = ("voter", "proxy", "relation", "authorised_on", "register")
    list_filter = ("relation", "register__election__village__township")
    search_fields = ("voter__name", "proxy__name", "register__election__village__name")
    list_select_related = ("voter", "proxy", "register__election__village")
    readonly_fields = (
        "register",
        "voter",
        "proxy",
        "relation",
        "authorised_on",
        "recorded_by",
    )
    fields = (*readonly_fields, "note")

    def has_add_permission(self, request):
        return False


@admin.register(PollingStation)
class PollingStationAdmin(ScopedAdmin):
    """Stations and their ballots are entered on the stations page (V7)."""

    list_display = (
        "name",
        "election",
        "kind",
        "supervisors",
        "ballots_issued",
        "ballots_returned",
    )
    list_filter = ("kind", "election__village__township")
    search_fields = ("name", "election__village__name")
    list_select_related = ("election__village",)
    readonly_fields = (
        "election",
        "name",
        "kind",
        "supervisors",
        "ballots_issued",
        "ballots_returned",
    )
    fields = (*readonly_fields, "note")

    def has_add_permission(self, request):
        return False


# 离任经济责任审计 and 工作移交
from . import admin_handover  # noqa: E402, F401

"""Admin of the villages app, scoped to the user's township."""

from django.contrib import admin

from core.admin import ScopedAdmin
from core.admin_scoping import SuperuserOnlyMixin

from .models import (
    County,
    GroupMembership,
    PlanItem,
    Township,
    Village,
    VillageFile,
    WorkingGroup,
)


@admin.register(County)
class CountyAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    """Counties are set up by the system administrator (superuser) only."""

    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Township)
class TownshipAdmin(ScopedAdmin):
    list_display = ("code", "name", "county")
    search_fields = ("code", "name")

    # Townships are set up by the system administrator, not by a township's office.
    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Village)
class VillageAdmin(ScopedAdmin):
    list_display = (
        "code",
        "name",
        "kind",
        "township",
        "population",
        "party_member_count",
    )
    list_filter = ("kind", "township")
    search_fields = ("code", "name", "name_pinyin", "name_initials")


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 1
    autocomplete_fields = ("user",)


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ScopedAdmin):
    list_display = ("name", "kind", "township")
    list_filter = ("kind", "township")
    filter_horizontal = ("villages",)
    inlines = [MembershipInline]


@admin.register(VillageFile)
class VillageFileAdmin(ScopedAdmin):
    list_display = ("village", "rating", "assessed_on")
    list_filter = ("rating",)


@admin.register(PlanItem)
class PlanItemAdmin(ScopedAdmin):
    list_display = ("village", "kind", "owner", "target_date", "status")
    list_filter = ("kind", "status")

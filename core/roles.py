"""The roles of SPEC §1. A user holds roles through Django groups named by role code."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICE = "office", _("organisation office")
    LEADER = "leader", _("leading group")
    GUIDE = "guide", _("guidance group")
    INSPECTOR = "inspector", _("inspection group")
    REVIEWER = "reviewer", _("review department")
    DISCIPLINE = "discipline", _("discipline inspection")
    COUNTY = "county", _("county organisation department")


# Not a working role of SPEC §1 but an administrative one: members of this group
# change the county-wide settings rows (十不选 criteria, departments, rule sets,
# stages, task templates, calendar overrides, discipline texts) in the admin.
COUNTY_ADMIN = "county_admin"

# Roles whose holders see the whole township (not only their villages).
TOWNSHIP_WIDE_ROLES = frozenset(
    {Role.OFFICE, Role.LEADER, Role.INSPECTOR, Role.DISCIPLINE}
)

"""Writes of the core app: role groups, demo users, access logging."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from .models import AccessLog
from .roles import COUNTY_ADMIN, Role

# Apps whose data the organisation office maintains in the admin. The Celery beat
# schedule is not among them: it runs every township's reminders, so only
# superusers change it (``core.admin_scoping.SuperuserOnlyMixin``).
OFFICE_ADMIN_APPS = (
    "villages",
    "stages",
    "candidates",
    "elections",
    "discipline",
    "notifications",
)

# County-wide settings rows the county administrator maintains (offices read them).
COUNTY_SETTINGS_MODELS = (
    ("candidates", "criterion"),
    ("candidates", "department"),
    ("stages", "ruleset"),
    ("stages", "rule"),
    ("stages", "stage"),
    ("stages", "tasktemplate"),
    ("stages", "calendaroverride"),
    ("discipline", "referencetext"),
    ("discipline", "referenceitem"),
    ("discipline", "lettertemplate"),
    ("discipline", "commitmentrequirement"),
)


def ensure_role_groups() -> dict[str, Group]:
    """Create one Django group per role; give ``office`` the admin permissions it needs."""
    groups = {}
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        groups[role.value] = group
    office_perms = Permission.objects.filter(
        content_type__app_label__in=OFFICE_ADMIN_APPS
    )
    groups[Role.OFFICE].permissions.set(office_perms)
    county_admin, _ = Group.objects.get_or_create(name=COUNTY_ADMIN)
    settings_q = Q(pk__in=[])
    for app_label, model in COUNTY_SETTINGS_MODELS:
        settings_q |= Q(content_type__app_label=app_label, content_type__model=model)
    county_admin.permissions.set(Permission.objects.filter(settings_q))
    groups[COUNTY_ADMIN] = county_admin
    return groups


def access_log_record(
    *,
    user,
    action: str,
    what: str,
    reason: str = "",
    object_repr: str = "",
    path: str = "",
    rows: int = 0,
) -> AccessLog:
    """Record that a user exported or viewed personal or confidential data."""
    return AccessLog.objects.create(
        user=user,
        action=action,
        what=what[:200],
        reason=reason[:200],
        object_repr=object_repr[:200],
        path=path[:300],
        rows=rows,
    )

"""Writes of the core app: role groups, demo users, access logging."""

from django.contrib.auth.models import Group, Permission

from .models import AccessLog
from .roles import Role

# Apps whose data the organisation office maintains in the admin.
OFFICE_ADMIN_APPS = (
    "villages",
    "stages",
    "candidates",
    "elections",
    "discipline",
    "notifications",
    "django_celery_beat",
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

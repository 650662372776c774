"""Template context shared by every page: navigation and the user's scope."""

from .navigation import nav_for
from .scope import get_scope


def navigation(request):
    """Add the role-based navigation, the scope and the unread-notification count."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = get_scope(user)
    unread = 0
    try:
        from notifications.selectors import unread_count
    except ImportError:
        unread_count = None
    if unread_count is not None:
        unread = unread_count(user=user)
    from .roles import Role

    return {
        "nav_items": nav_for(scope),
        "role_labels": [
            str(Role(code).label) for code in sorted(scope.roles) if code in Role.values
        ],
        "scope": scope,
        "unread_notifications": unread,
    }

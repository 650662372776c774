"""Template context shared by every page: navigation and the user's scope."""

from django.apps import apps

from .navigation import nav_for, nav_menus
from .scope import get_scope


def navigation(request):
    """Add the role-based navigation, the scope and the unread-notification count."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = get_scope(user)
    unread = 0
    if apps.is_installed("notifications"):
        # core never imports a domain app: the model is looked up by its label
        Notification = apps.get_model("notifications", "Notification")
        unread = Notification.objects.visible_to(user).unread().count()
    from .roles import Role

    items = nav_for(scope)
    match = getattr(request, "resolver_match", None)
    return {
        "nav_items": items,
        "nav_menus": nav_menus(items, match.view_name if match else ""),
        "role_labels": [
            str(Role(code).label) for code in sorted(scope.roles) if code in Role.values
        ],
        "scope": scope,
        "unread_notifications": unread,
    }

"""Home page, health endpoint and the language switch."""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.i18n import set_language

from .health import run_checks
from .scope import get_scope


def home(request):
    """Show the user's villages by rating and the entry points of their roles."""
    scope = get_scope(request.user)
    # core never imports a domain app: the villages' models are looked up by label,
    # and a rating's colour is the one the village file itself shows.
    Village = apps.get_model("villages", "Village")
    VillageFile = Village._meta.get_field("file").related_model
    villages = Village.objects.visible_to(request.user)
    by_rating = dict(
        villages.values_list("file__rating")
        .annotate(n=Count("pk"))
        .values_list("file__rating", "n")
    )
    ratings = [
        {
            "value": value,
            "label": label,
            "count": by_rating.get(value, 0),
            "colour": VillageFile(rating=value).rating_colour,
        }
        for value, label in VillageFile._meta.get_field("rating").choices
    ]
    context = {
        "village_count": villages.count(),
        "ratings": ratings,
        "my_villages": (
            villages.select_related("file").order_by("code")[:30]
            if not scope.township_wide
            else None
        ),
    }
    return render(request, "core/home.html", context)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Answer load balancers: 200 with JSON when healthy, 503 otherwise.

    Anyone gets the status only; staff users and callers presenting
    ``HEALTHZ_TOKEN`` (header ``X-Healthz-Token`` or ``?token=``) also get each
    check's details (database vendor, broker, last reminder scan, workers).
    """
    healthy, report = run_checks()
    body = {"status": "ok" if healthy else "error"}
    if _sees_health_details(request):
        body["checks"] = report
    return JsonResponse(
        body,
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )


def _sees_health_details(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_staff:
        return True
    token = getattr(settings, "HEALTHZ_TOKEN", "")
    given = request.headers.get("X-Healthz-Token") or request.GET.get("token", "")
    return bool(token) and constant_time_compare(given, token)


# The language switch is usable from the login page too.
switch_language = login_not_required(set_language)

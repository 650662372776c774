"""Request-level security: the client address, response headers, password-change throttle.

* :func:`client_ip` — the address of the real client behind ``TRUSTED_PROXY_COUNT``
  reverse proxies (django-axes keys failed logins on it, so a failure from one
  machine never locks the same user out on another).
* :class:`SecurityHeadersMiddleware` — a Content-Security-Policy on every response
  and ``Cache-Control: no-store`` on every response to a signed-in user (pages,
  exports and files carry personal data and must not stay in a shared cache).
* :class:`IdParameterMiddleware` — a list filter naming a row by id
  (``?village=…``) with a number no database column can hold answers 400 with a
  Chinese message instead of a database error.
* :class:`ThrottledPasswordChangeView` — the password-change form refuses further
  guesses of the current password for a while after ``PASSWORD_CHANGE_FAILURE_LIMIT``
  wrong ones.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy


def _valid_ip(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.9:51234"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """Return the client's address, trusting only the last ``TRUSTED_PROXY_COUNT`` hops.

    Each trusted proxy appends the address it received the request from to
    ``X-Forwarded-For``; entries further left were written by the client and are
    ignored. With no trusted proxy (the default) ``REMOTE_ADDR`` is the client.
    A request that did not pass through every trusted proxy falls back to
    ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop for hop in (part.strip() for part in header.split(",")) if hop]
    if len(hops) < count:
        return remote
    return _valid_ip(hops[-count]) or remote


class SecurityHeadersMiddleware:
    """Add the Content-Security-Policy and keep signed-in responses out of caches."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            # Replace whatever a view set (e.g. max-age on a download): a page or
            # file shown to a signed-in user may hold 身份证号 and phone numbers.
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
            if "Expires" in response:
                del response["Expires"]
        return response


# Query parameters that name a row by its primary key on list pages and forms.
ID_PARAMETERS = frozenset(
    {
        "village",
        "township",
        "county",
        "round",
        "stage",
        "task",
        "template",
        "person",
        "group",
        "department",
        "nomination",
        "election",
        "meeting",
        "notice",
        "owner",
        "user",
        "text",
        "batch",
    }
)
FILTER_LABELS = {
    "village": pgettext_lazy("filter", "village"),
    "township": pgettext_lazy("filter", "township"),
    "round": pgettext_lazy("filter", "election round"),
    "stage": pgettext_lazy("filter", "stage"),
    "task": pgettext_lazy("filter", "task"),
    "person": pgettext_lazy("filter", "person"),
    "group": pgettext_lazy("filter", "working group"),
    "department": pgettext_lazy("filter", "department"),
}
# The largest primary key (BigAutoField, SQLite INTEGER).
MAX_ID = 2**63 - 1


def bad_id_parameter(query: QueryDict) -> tuple[str, str] | None:
    """Return the first (name, value) whose value is a number no id can have."""
    for name in query:
        if name not in ID_PARAMETERS and not name.endswith(("_id", "_pk")):
            continue
        for value in query.getlist(name):
            digits = value.strip()
            if digits[:1] in "+-":
                digits = digits[1:]
            if not digits.isdigit():
                continue  # words ("township", "all") are each view's business
            if len(digits) > 19 or int(digits) > MAX_ID or value.strip()[:1] == "-":
                return name, value
    return None


class IdParameterMiddleware:
    """Answer 400 to a query naming a row by an id out of any column's range.

    ``?village=99999999999999999999999`` or ``?village=-5`` used to reach the
    database, which refuses the number (SQLite ``OverflowError``, PostgreSQL
    "out of range"), and the page failed with 500. Such a number names no row,
    so the request is answered with a clear message and a link without it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        bad = bad_id_parameter(request.GET)
        if bad is None:
            return self.get_response(request)
        name, value = bad
        query = request.GET.copy()
        query.pop(name)
        return render(
            request,
            "core/400_filter.html",
            {
                "message": _(
                    "The filter “%(name)s” has the value “%(value)s”, which names "
                    "no record. Choose from the list on the page, or remove the "
                    "filter."
                )
                % {"name": FILTER_LABELS.get(name, name), "value": value[:30]},
                "clean_url": request.path + (f"?{query.urlencode()}" if query else ""),
            },
            status=400,
        )


def _failures_key(user) -> str:
    return f"hjt:password-change-failures:{user.pk}"


def password_change_locked(user) -> bool:
    """Return whether the user's current-password guesses are paused."""
    limit = settings.PASSWORD_CHANGE_FAILURE_LIMIT
    return (cache.get(_failures_key(user)) or 0) >= limit


def password_change_failed(user) -> int:
    """Count one wrong current password; return the count in the current window."""
    key = _failures_key(user)
    timeout = int(settings.PASSWORD_CHANGE_COOLOFF_MINUTES * 60)
    if cache.add(key, 1, timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


class ThrottledPasswordChangeView(auth_views.PasswordChangeView):
    """The password-change form, refusing guesses after repeated wrong old passwords.

    Someone who finds a signed-in browser cannot try current passwords without
    limit: after ``PASSWORD_CHANGE_FAILURE_LIMIT`` wrong ones the form refuses
    (HTTP 429) for ``PASSWORD_CHANGE_COOLOFF_MINUTES`` without checking any.
    """

    def _locked_message(self) -> str:
        return _(
            "The current password was wrong too many times. Try again in "
            "%(minutes)d minutes, or ask the system administrator to reset it."
        ) % {"minutes": settings.PASSWORD_CHANGE_COOLOFF_MINUTES}

    def post(self, request, *args, **kwargs):
        if password_change_locked(request.user):
            # An unbound form: the typed passwords are not checked (or shown).
            form = self.get_form_class()(user=request.user)
            form.full_clean()
            form.errors[NON_FIELD_ERRORS] = form.error_class(
                [self._locked_message()], error_class="nonfield"
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if "old_password" in form.errors:
            count = password_change_failed(self.request.user)
            if count >= settings.PASSWORD_CHANGE_FAILURE_LIMIT:
                form.add_error(None, self._locked_message())
                return self.render_to_response(
                    self.get_context_data(form=form), status=429
                )
        return super().form_invalid(form)

    def form_valid(self, form):
        cache.delete(_failures_key(self.request.user))
        return super().form_valid(form)

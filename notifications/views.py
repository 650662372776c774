"""Views of the notifications app: the inbox, preferences and the system status page."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from core.mixins import ScopeMixin, SearchMixin
from core.roles import Role

from . import selectors, services
from .delivery import preference_for
from .forms import PreferenceForm
from .health import reminder_health
from .models import Notification


class InboxView(ScopeMixin, SearchMixin, ListView):
    """The user's own reminders, newest first; unread ones stand out."""

    template_name = "notifications/inbox.html"
    context_object_name = "notifications"
    paginate_by = 25

    def get_queryset(self):
        return selectors.inbox(
            user=self.request.user,
            unread_only=self.request.GET.get("unread") == "1",
            q=self.search_query(),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread_only"] = self.request.GET.get("unread") == "1"
        return context


def _safe_target(request, url: str) -> str | None:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


def notification_open(request, pk):
    """Mark a notification read and go to its subject (or back to the inbox)."""
    notification = get_object_or_404(
        Notification.objects.visible_to(request.user).inbox(), pk=pk
    )
    services.notification_mark_read(notification=notification, user=request.user)
    return redirect(_safe_target(request, notification.url) or "notifications:inbox")


@require_POST
def notification_mark_read(request, pk):
    notification = get_object_or_404(
        Notification.objects.visible_to(request.user).inbox(), pk=pk
    )
    services.notification_mark_read(notification=notification, user=request.user)
    messages.success(
        request, _("Marked “%(title)s” as read.") % {"title": notification.title}
    )
    return redirect(
        _safe_target(request, request.POST.get("next", "")) or "notifications:inbox"
    )


@require_POST
def notifications_mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "Marked %(count)d notification as read.",
            "Marked %(count)d notifications as read.",
            count,
        )
        % {"count": count},
    )
    return redirect("notifications:inbox")


def preferences(request):
    """Let a user choose email/SMS and immediate delivery or a daily digest."""
    current = preference_for(request.user)
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            services.preference_update(user=request.user, **form.cleaned_data)
            messages.success(request, _("Your reminder preferences were saved."))
            return redirect("notifications:preferences")
    else:
        form = PreferenceForm(
            initial={
                "email_enabled": current.email_enabled,
                "sms_enabled": current.sms_enabled,
                "mode": current.mode,
                "digest_hour": current.digest_hour,
            }
        )
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "has_email": bool(request.user.email),
            "has_phone": bool(request.user.phone),
        },
    )


class HealthView(ScopeMixin, ListView):
    """System status for the office: scan, worker heartbeat, outbox, recent failures."""

    required_roles = (Role.OFFICE,)
    template_name = "notifications/health.html"
    context_object_name = "failures"
    paginate_by = 20

    def get_queryset(self):
        return selectors.outbox_problems(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["health"] = reminder_health(
            notifications=Notification.objects.in_township_of(self.request.user)
        )
        context["querystring"] = ""
        return context

"""Public-opinion records (舆情): list, record, handle, close."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from core.audit import history_entries
from core.concurrency import save_versioned
from core.mixins import ScopedQuerysetMixin

from .. import access, services
from ..choices import OpinionSource, RiskLevel
from ..forms import OpinionForm
from ..models import PublicOpinion
from .common import apply_errors
from .records import FilteredListMixin


class OpinionListView(FilteredListMixin, ListView):
    model = PublicOpinion
    template_name = "discipline/opinion_list.html"
    context_object_name = "opinions"
    search_fields = ("summary", "platform", "verification", "handling", "village__name")
    kind_field = "source"
    kind_choices = OpinionSource.choices

    @property
    def export_name(self):
        return _("Public opinion records")

    def get_queryset(self):
        queryset = (
            PublicOpinion.objects.visible_to(self.request.user)
            .select_related("village", "township", "handler")
            .order_by("closed", "due_on", "-pk")
        )
        state = self.request.GET.get("state", "")
        today = timezone.localdate()
        if state == "open":
            queryset = queryset.open()
        elif state == "overdue":
            queryset = queryset.overdue(today)
        elif state == "closed":
            queryset = queryset.filter(closed=True)
        risk = self.request.GET.get("risk", "")
        if risk in RiskLevel.values:
            queryset = queryset.filter(risk_level=risk)
        return self.filtered(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        context["risks"] = RiskLevel.choices
        return context

    def export_headers(self):
        return [
            _("Found on"),
            _("Village"),
            _("Source"),
            _("Where"),
            _("Summary"),
            _("Risk level"),
            _("Handle by"),
            _("Verification"),
            _("Handling"),
            _("Closed on"),
        ]

    def export_rows(self, opinions):
        for o in opinions:
            yield (
                o.discovered_on,
                o.village.name if o.village else _("Township level"),
                o.get_source_display(),
                o.platform,
                o.summary,
                o.get_risk_level_display(),
                o.due_on,
                o.verification,
                o.handling,
                o.closed_on,
            )


class OpinionDetailView(ScopedQuerysetMixin, DetailView):
    model = PublicOpinion
    template_name = "discipline/opinion_detail.html"
    context_object_name = "opinion"

    def get_base_queryset(self):
        return PublicOpinion.objects.select_related(
            "village", "township", "handler", "recorded_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        opinion = self.object
        context["can_edit"] = access.can_edit_record(
            self.request.user, opinion.village, opinion.township_id
        )
        context["today"] = timezone.localdate()
        context["history"] = history_entries(opinion)
        return context


def opinion_form(request, pk=None):
    instance = None
    if pk is not None:
        instance = get_object_or_404(
            PublicOpinion.objects.visible_to(request.user), pk=pk
        )
        if not access.can_edit_record(
            request.user, instance.village, instance.township_id
        ):
            raise PermissionDenied
    elif not access.can_add_records(request.user):
        raise PermissionDenied
    form = OpinionForm(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            opinion = save_versioned(
                form,
                lambda: services.opinion_save(
                    by=request.user, data=form.cleaned_data, instance=instance
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if opinion is not None:
                messages.success(request, _("Public opinion record saved."))
                return redirect(opinion)
    return render(
        request,
        "discipline/form.html",
        {
            "form": form,
            "title": _("Edit public opinion record")
            if instance
            else _("Record public opinion"),
            "section": _("Public opinion"),
            "section_url": reverse("discipline:opinion_list"),
            "cancel_url": instance.get_absolute_url()
            if instance
            else reverse("discipline:opinion_list"),
        },
    )


@require_POST
def opinion_close(request, pk):
    opinion = get_object_or_404(PublicOpinion.objects.visible_to(request.user), pk=pk)
    if not access.can_edit_record(request.user, opinion.village, opinion.township_id):
        raise PermissionDenied
    try:
        services.opinion_close(opinion=opinion, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Public opinion record closed."))
    return redirect(opinion)

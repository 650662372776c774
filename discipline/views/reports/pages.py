"""Report pages: intake, the report page, the confidential source and files, print."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import history_entries
from core.uploads import serve_file
from villages.models import Village

from ... import access, selectors, services
from ...choices import ReportStatus
from ...forms import (
    ActionForm,
    ConcludeForm,
    DateStepForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    FeedbackForm,
    HandledForm,
    ReportFilesForm,
    ReportRegisterForm,
    ReportSourceForm,
)
from ...models import ReportAttachment
from ..common import apply_errors, log_view, require_reader
from .base import LIFECYCLE, PROGRESS, _handler_only, _visible_report


def report_register(request):
    """Register (登记) a report: two steps — the village, then its roster people."""
    require_reader(request)
    _handler_only(request)
    value = request.POST.get("village") or request.GET.get("village", "")
    village = None
    if str(value).isdigit():
        village = (
            Village.objects.visible_to(request.user)
            .exclude(pk__in=access.recused_village_ids(request.user))
            .filter(pk=int(value))
            .first()
        )
    form = ReportRegisterForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        village=village,
        initial={"village": village.pk} if village else {},
    )
    loading = request.method == "POST" and "load" in request.POST
    if request.method == "POST" and not loading and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.report_register(
                by=request.user,
                village=data["village"],
                person=data.get("person"),
                subject_name=data.get("subject_name", ""),
                channel=data["channel"],
                category=data["category"],
                summary=data["summary"],
                received_on=data["received_on"],
                anonymous=data.get("anonymous", False),
                reporter_name=data.get("reporter_name", ""),
                reporter_phone=data.get("reporter_phone", ""),
                reporter_contact=data.get("reporter_contact", ""),
                original_content=data["original_content"],
                files=data.get("files") or (),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Report %(number)s registered. Accept it today.")
                % {"number": report.number},
            )
            return redirect(report)
    if loading:
        form.errors.clear()
    return render(
        request, "discipline/report_form.html", {"form": form, "village": village}
    )


def report_detail(request, pk):
    """One report: lifecycle, deadlines, actions, extensions; the source for discipline."""
    report = _visible_report(request, pk)
    today = timezone.localdate()
    log_view(request, what=_("report"), object_repr=report.number)
    source = selectors.report_source_for(user=request.user, report=report)
    handles = access.handles_reports(request.user)
    history = history_entries(report)
    source_history = []
    attachments = []
    if source is not None:
        source_history = history_entries(source)
        attachments = list(
            report.attachments.select_related("uploaded_by").order_by("pk")
        )
    nominations = selectors.nominations_of(report)
    extensions = selectors.reports.report_extensions(report)
    progress = PROGRESS[report.status]
    steps = [
        {"label": label, "done": index <= progress, "current": index == progress + 1}
        for index, (_code, label) in enumerate(LIFECYCLE)
    ]
    context = {
        "report": report,
        "source": source,
        "attachments": attachments,
        "actions": selectors.reports.report_actions(report),
        "extensions": extensions,
        "pending_extension": next(
            (e for e in extensions if e.status == "pending"), None
        ),
        "nominations": nominations,
        "steps": steps,
        "today": today,
        "overdue": report.is_overdue(today),
        "handles": handles,
        "decides": access.decides_extensions(request.user),
        "history": history,
        "source_history": source_history,
        "block_message": selectors.block_message_for(request.user),
    }
    if handles:
        status = report.status
        if status == ReportStatus.REGISTERED:
            context["step_form"] = DateStepForm(label=_("accepted on"))
        elif status == ReportStatus.ACCEPTED:
            context["conclude_form"] = ConcludeForm()
            context["extension_form"] = ExtensionRequestForm()
        elif status == ReportStatus.CONCLUDED:
            context["action_form"] = ActionForm(nominations=nominations)
            context["handled_form"] = HandledForm()
        elif status == ReportStatus.HANDLED:
            context["feedback_form"] = FeedbackForm()
        elif status == ReportStatus.FED_BACK:
            context["step_form"] = DateStepForm(label=_("closed on"))
        context["files_form"] = ReportFilesForm()
    if context["pending_extension"] is not None and context["decides"]:
        context["decision_form"] = ExtensionDecisionForm()
    return render(request, "discipline/report_detail.html", context)


def report_source_edit(request, pk):
    """Correct the reporter's details (discipline only)."""
    report = _visible_report(request, pk)
    _handler_only(request)
    source = selectors.report_source_for(user=request.user, report=report)
    form = ReportSourceForm(request.POST or None, instance=source)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_update_source(report=report, by=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Reporter details saved."))
            return redirect(report)
    log_view(request, what=_("reporter details"), object_repr=report.number)
    return render(
        request,
        "discipline/report_source_form.html",
        {"form": form, "report": report},
    )


@require_POST
def report_attach(request, pk):
    report = _visible_report(request, pk)
    _handler_only(request)
    form = ReportFilesForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            saved = services.report_attach(
                report=report, by=request.user, files=form.cleaned_data["files"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("%(count)s file(s) added.") % {"count": len(saved)}
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(report)


def report_file(request, pk):
    """Download a report attachment: discipline only, logged."""
    require_reader(request)
    attachment = get_object_or_404(
        ReportAttachment.objects.visible_to(request.user).select_related("report"),
        pk=pk,
    )
    log_view(
        request,
        what=_("report attachment"),
        object_repr=attachment.report.number,
    )
    return serve_file(attachment.file, download_name=attachment.original_name)


def report_print(request, pk):
    """A printable summary of a report for the file (no reporter details unless discipline)."""
    report = _visible_report(request, pk)
    log_view(request, what=_("report (print)"), object_repr=report.number)
    return render(
        request,
        "discipline/report_print.html",
        {
            "report": report,
            "source": selectors.report_source_for(user=request.user, report=report),
            "actions": selectors.reports.report_actions(report),
            "extensions": selectors.reports.report_extensions(report),
            "today": timezone.localdate(),
        },
    )

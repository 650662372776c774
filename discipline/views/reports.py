"""Reports (举报): list, intake, detail with the lifecycle, exports, confidential files.

Every page here reads through ``Report.objects.visible_to`` (no rows for village
staff, inspectors, reviewers, the county) and ``ReportSource.objects.visible_to``
(discipline only); every view of a report or its list is written to the access
log.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from core.audit import history_entries
from core.exports import xlsx_response
from core.uploads import serve_file
from villages.models import Village

from .. import access, selectors, services
from ..choices import ReportCategory, ReportStatus
from ..forms import (
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
from ..models import Report, ReportAttachment, ReportExtension, ReportSource
from .common import apply_errors, log_view, require_reader

LIFECYCLE = [
    (ReportStatus.REGISTERED, pgettext_lazy("report step", "Registered")),
    (ReportStatus.ACCEPTED, pgettext_lazy("report step", "Accepted")),
    ("verify", pgettext_lazy("report step", "Verification")),
    (ReportStatus.CONCLUDED, pgettext_lazy("report step", "Conclusion")),
    (ReportStatus.HANDLED, pgettext_lazy("report step", "Handling")),
    (ReportStatus.FED_BACK, pgettext_lazy("report step", "Feedback")),
    (ReportStatus.CLOSED, pgettext_lazy("report step", "Closed")),
]
# How far along the lifecycle each status is (index of the last finished step).
PROGRESS = {
    ReportStatus.REGISTERED: 0,
    ReportStatus.ACCEPTED: 1,
    ReportStatus.CONCLUDED: 3,
    ReportStatus.HANDLED: 4,
    ReportStatus.FED_BACK: 5,
    ReportStatus.CLOSED: 6,
}


def _handler_only(request) -> None:
    if not access.handles_reports(request.user):
        raise PermissionDenied


def _visible_report(request, pk) -> Report:
    require_reader(request)
    try:
        return selectors.report_for(user=request.user, pk=pk)
    except Report.DoesNotExist:
        raise Http404 from None


def report_list(request):
    """The reports a user may see; search and filters; xlsx export (logged)."""
    require_reader(request)
    params = request.GET
    today = timezone.localdate()
    queryset = selectors.report_list(
        user=request.user,
        q=params.get("q", ""),
        status=params.get("status", ""),
        category=params.get("category", ""),
        village_id=params.get("village", ""),
        overdue=params.get("overdue") == "1",
        today=today,
    )
    if params.get("export") == "xlsx":
        rows = list(queryset)
        log_view(request, what=_("report list (Excel)"), rows=len(rows), export=True)
        return _export(request, rows, today)
    from django.core.paginator import Paginator

    paginator = Paginator(queryset, 25)
    page = paginator.get_page(params.get("page"))
    log_view(request, what=_("report list"), rows=len(page.object_list))
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "discipline/report_list.html",
        {
            "reports": page.object_list,
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": paginator.num_pages > 1,
            "querystring": query.urlencode(),
            "q": params.get("q", ""),
            "statuses": ReportStatus.choices,
            "categories": ReportCategory.choices,
            "villages": Village.objects.visible_to(request.user)
            .exclude(pk__in=access.recused_village_ids(request.user))
            .order_by("township__code", "code"),
            "today": today,
            "can_register": access.handles_reports(request.user),
            "sees_reporter": access.sees_reporter(request.user),
            "counts": selectors.report_counts(user=request.user, today=today),
            "pending_extensions": selectors.pending_extensions(user=request.user),
        },
    )


def _export(request, reports, today):
    headers = [
        _("Number"),
        _("Received on"),
        _("Village"),
        _("Person concerned"),
        _("Channel"),
        _("Category"),
        _("Summary"),
        _("Status"),
        _("Verification due"),
        _("Overdue"),
        _("Conclusion"),
        _("Closed on"),
    ]
    sees_reporter = access.sees_reporter(request.user)
    sources = {}
    if sees_reporter:
        headers += [_("Anonymous"), _("Reporter's name"), _("Reporter's phone")]
        sources = {
            s.report_id: s
            for s in ReportSource.objects.visible_to(request.user).filter(
                report__in=[r.pk for r in reports]
            )
        }

    def rows():
        for r in reports:
            row = [
                r.number,
                r.received_on,
                r.village.name,
                r.concerned,
                r.get_channel_display(),
                r.get_category_display(),
                r.summary,
                r.get_status_display(),
                r.verify_due,
                _("yes") if r.is_overdue(today) else "",
                r.get_conclusion_display(),
                r.closed_on,
            ]
            if sees_reporter:
                source = sources.get(r.pk)
                row += [
                    _("yes") if source is None or source.anonymous else _("no"),
                    source.reporter_name if source else "",
                    source.reporter_phone if source else "",
                ]
            yield row

    return xlsx_response(_("reports") + ".xlsx", [(_("Reports"), headers, rows())])


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


def _step(request, pk, form_class, run, *, form_kwargs=None, message=""):
    """Run a lifecycle step from the report page: POST only, discipline only."""
    report = _visible_report(request, pk)
    _handler_only(request)
    if request.method != "POST":
        return redirect(report)
    form = form_class(request.POST, **(form_kwargs(report) if form_kwargs else {}))
    if form.is_valid():
        try:
            run(report, form)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, message % {"number": report.number})
            return redirect(report)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}：{error}" if label else error)
    return redirect(report)


def report_accept(request, pk):
    return _step(
        request,
        pk,
        DateStepForm,
        lambda report, form: services.report_accept(
            report=report, by=request.user, accepted_on=form.cleaned_data["day"]
        ),
        message=_("Report %(number)s accepted; verification has started."),
    )


def report_conclude(request, pk):
    return _step(
        request,
        pk,
        ConcludeForm,
        lambda report, form: services.report_conclude(
            report=report,
            by=request.user,
            conclusion=form.cleaned_data["conclusion"],
            findings=form.cleaned_data["findings"],
            concluded_on=form.cleaned_data["day"],
        ),
        message=_("Conclusion of report %(number)s recorded."),
    )


def report_action(request, pk):
    def run(report, form):
        data = form.cleaned_data
        nomination = form.nominations.get(data.get("nomination"))
        services.report_action_add(
            report=report,
            by=request.user,
            kind=data["kind"],
            description=data["description"],
            taken_on=data["day"],
            nomination=nomination,
            referred_to=data.get("referred_to", ""),
        )

    return _step(
        request,
        pk,
        ActionForm,
        run,
        form_kwargs=lambda report: {"nominations": selectors.nominations_of(report)},
        message=_("Action on report %(number)s recorded."),
    )


def report_handled(request, pk):
    return _step(
        request,
        pk,
        HandledForm,
        lambda report, form: services.report_mark_handled(
            report=report,
            by=request.user,
            handling_note=form.cleaned_data["handling_note"],
            handled_on=form.cleaned_data["day"],
        ),
        message=_("Handling of report %(number)s finished."),
    )


def report_feedback(request, pk):
    return _step(
        request,
        pk,
        FeedbackForm,
        lambda report, form: services.report_feedback(
            report=report,
            by=request.user,
            feedback_note=form.cleaned_data["feedback_note"],
            reporter_feedback=form.cleaned_data["reporter_feedback"],
            feedback_on=form.cleaned_data["day"],
        ),
        message=_("Feedback on report %(number)s recorded."),
    )


def report_close(request, pk):
    return _step(
        request,
        pk,
        DateStepForm,
        lambda report, form: services.report_close(
            report=report, by=request.user, closed_on=form.cleaned_data["day"]
        ),
        message=_("Report %(number)s closed."),
    )


def report_extension(request, pk):
    return _step(
        request,
        pk,
        ExtensionRequestForm,
        lambda report, form: services.extension_request(
            report=report,
            by=request.user,
            days=form.cleaned_data["days"],
            reason=form.cleaned_data["reason"],
        ),
        message=_("Extension of report %(number)s requested from the leading group."),
    )


@require_POST
def extension_decide(request, pk):
    """The leader approves or rejects an extension request."""
    require_reader(request)
    extension = get_object_or_404(
        ReportExtension.objects.visible_to(request.user).select_related("report"), pk=pk
    )
    if not access.decides_extensions(request.user):
        raise PermissionDenied
    form = ExtensionDecisionForm(request.POST)
    report = extension.report
    if form.is_valid():
        try:
            services.extension_decide(
                extension=extension,
                by=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Decision on the extension recorded."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(report)


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

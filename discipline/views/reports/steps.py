"""Lifecycle steps posted from the report page, and the leader's extension decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ... import access, selectors, services
from ...forms import (
    ActionForm,
    ConcludeForm,
    DateStepForm,
    ExtensionDecisionForm,
    ExtensionRequestForm,
    FeedbackForm,
    HandledForm,
)
from ...models import ReportExtension
from ..common import apply_errors, require_reader
from .base import _handler_only, _visible_report


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

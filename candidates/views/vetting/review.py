"""The department inbox: a reviewer sees only their department's items and only the
criteria their department checks; anything else answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from core.mixins import ScopeMixin, SearchMixin
from core.roles import Role
from core.scope import get_scope
from core.services import access_log_record
from core.uploads import serve_file

from ... import selectors, services
from ...forms import CONCLUSION_CLEAR, CONCLUSION_ISSUE, FindingForm, SignForm
from ...models import ReviewFinding, ReviewItem


class InboxView(ScopeMixin, SearchMixin, ListView):
    """The review items of the reviewer's departments, pending first."""

    required_roles = (Role.REVIEWER,)
    template_name = "candidates/vetting/inbox.html"
    context_object_name = "items"
    paginate_by = 50
    search_fields = ("nomination__person__name", "nomination__village__name")

    def get_queryset(self):
        return self.apply_search(
            selectors.inbox_items(
                user=self.request.user, state=self.request.GET.get("state", "")
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        items = list(context["items"])
        totals = selectors.criteria_counts(items)
        views = []
        for item in items:
            view = selectors.item_state(item, today=today)
            view.answered = item.answered
            view.total = totals.get((item.nomination.round_id, item.department_id), 0)
            views.append(view)
        context["views"] = views
        context["departments"] = self.request.user.review_departments.order_by("order")
        context["state"] = self.request.GET.get("state", "")
        context["search_placeholder"] = _("Candidate or village")
        return context


def _reviewer_item(request, pk) -> ReviewItem:
    if not get_scope(request.user).has(Role.REVIEWER):
        raise PermissionDenied
    return get_object_or_404(
        ReviewItem.objects.for_reviewer(request.user).select_related(
            "nomination__person__village",
            "nomination__village__township",
            "nomination__round",
            "department",
            "batch",
        ),
        pk=pk,
    )


def _conclusion(item, findings) -> str:
    """Return the conclusion to offer: the one signed before, else one matching the answers."""
    if item.conclusion:
        return item.conclusion
    if any(f.is_issue for f in findings.values()):
        return str(CONCLUSION_ISSUE)
    return str(CONCLUSION_CLEAR)


def review_item(request, pk):
    """Show one candidate to a department reviewer: their criteria, answers and sign-off."""
    item = _reviewer_item(request, pk)
    view = selectors.item_state(item)
    criteria = list(selectors.department_criteria(item))
    findings = {f.criterion_id: f for f in item.findings.select_related("recorded_by")}
    rows = [
        {
            "criterion": c,
            "finding": findings.get(c.pk),
            "form": FindingForm(
                initial={
                    "result": findings[c.pk].result,
                    "finding": findings[c.pk].finding,
                }
                if c.pk in findings
                else None,
                prefix=f"c{c.pk}",
            ),
        }
        for c in criteria
    ]
    # Reviewers need the full ID number to search their own records; the view is logged.
    access_log_record(
        user=request.user,
        action="view",
        what=_("candidate for joint review"),
        reason=_("joint review by %(department)s") % {"department": item.department},
        object_repr=str(item.nomination.person),
        path=request.get_full_path(),
        rows=1,
    )
    return render(
        request,
        "candidates/vetting/review_item.html",
        {
            "item": item,
            "view": view,
            "nomination": item.nomination,
            "person": item.nomination.person,
            "rows": rows,
            "answered": len(findings),
            "sign_form": SignForm(initial={"conclusion": _conclusion(item, findings)}),
            "editable": item.nomination.status
            not in ("disqualified", "elected", "not_elected")
            and (item.status == "pending" or view.reopened),
            "age": item.nomination.person.age_on(timezone.localdate()),
        },
    )


@require_POST
def review_finding(request, pk, criterion_pk):
    """Save a department's answer for one of its criteria."""
    item = _reviewer_item(request, pk)
    criterion = next(
        (c for c in selectors.department_criteria(item) if c.pk == criterion_pk), None
    )
    if criterion is None:
        raise Http404
    form = FindingForm(request.POST, request.FILES, prefix=f"c{criterion.pk}")
    if form.is_valid():
        try:
            services.review_finding_record(
                item=item,
                criterion=criterion,
                result=form.cleaned_data["result"],
                finding=form.cleaned_data["finding"],
                evidence=form.cleaned_data["evidence"],
                by=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(
                    request,
                    _("Item %(number)s: %(message)s")
                    % {"number": criterion.number, "message": message},
                )
        else:
            messages.success(
                request, _("Item %(number)s saved.") % {"number": criterion.number}
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(
                    request,
                    _("Item %(number)s: %(message)s")
                    % {"number": criterion.number, "message": message},
                )
    return redirect(item.get_absolute_url() + f"#criterion-{criterion.number}")


@require_POST
def review_rest_clear(request, pk):
    """Answer every criterion not yet answered with “no problem”."""
    item = _reviewer_item(request, pk)
    try:
        count = services.review_mark_rest_clear(item=item, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("%(count)s item(s) answered “no problem”.") % {"count": count}
        )
    return redirect(item)


@require_POST
def review_sign(request, pk):
    """Sign the department's review off with its written conclusion.

    When the findings disqualify the candidate, the reviewer first sees what
    will happen (a confirmation page) and signs only after confirming; the
    office and the leading group are then told through their inbox.
    """
    item = _reviewer_item(request, pk)
    form = SignForm(request.POST)
    if form.is_valid():
        blocking = services.blocking_findings(item)
        if blocking and request.POST.get("confirm") != "disqualify":
            nomination = item.nomination
            return render(
                request,
                "candidates/vetting/review_sign_confirm.html",
                {
                    "item": item,
                    "nomination": nomination,
                    "person": nomination.person,
                    "blocking": blocking,
                    "conclusion": form.cleaned_data["conclusion"],
                    "recipients": services.disqualification_recipients(nomination),
                },
            )
        try:
            services.review_item_sign(
                item=item, conclusion=form.cleaned_data["conclusion"], by=request.user
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(item)
        item.nomination.refresh_from_db()
        if item.nomination.status == "disqualified":
            messages.warning(
                request,
                _(
                    "Signed off. The finding disqualifies %(name)s; the organisation "
                    "office and the leading group were notified."
                )
                % {"name": item.nomination.person.name},
            )
        else:
            messages.success(request, _("Signed off."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(item)


def finding_evidence(request, pk):
    """Serve a finding's evidence file to its department's reviewers, the office and leaders."""
    scope = get_scope(request.user)
    finding = ReviewFinding.objects.filter(
        pk=pk, item__in=ReviewItem.objects.for_reviewer(request.user)
    ).first()
    if finding is None:
        finding = get_object_or_404(
            ReviewFinding.objects.visible_to(request.user), pk=pk
        )
        if not scope.has(Role.OFFICE, Role.LEADER):
            raise PermissionDenied
    access_log_record(
        user=request.user,
        action="view",
        what=_("joint review evidence"),
        object_repr=str(finding),
        path=request.get_full_path(),
        rows=1,
    )
    return serve_file(finding.evidence)

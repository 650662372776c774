"""Nominations: the vetting ledger (township and village), the nomination page, the
actions of the organisation office and the leading group, and the 联审表.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from core.audit import history_entries
from core.concurrency import save_versioned
from core.exports import xlsx_response
from core.mixins import ScopeMixin, SearchMixin
from core.roles import Role
from core.scope import get_scope
from core.services import access_log_record
from core.text import mask_id_number
from villages.models import Village

from ... import selectors, services
from ...choices import Body, NominationStatus
from ...forms import (
    DecisionForm,
    DisqualifyForm,
    NominationForm,
    SendForm,
    apply_errors,
)
from ...models import Nomination
from ...vetting_rules import fmt_date
from .common import (
    READERS,
    managed_nomination,
    require,
    shows_full_id,
    visible_nomination,
    visible_village,
)

# --- ledger -------------------------------------------------------------------------------


class LedgerView(ScopeMixin, SearchMixin, ListView):
    """The vetting ledger: every nominee, their status and which departments are pending/overdue.

    ``/candidates/nominations/`` for the township (or county); the same page per
    village at ``/candidates/villages/<pk>/vetting/``.
    """

    required_roles = READERS
    template_name = "candidates/vetting/ledger.html"
    context_object_name = "nominations"
    paginate_by = 50

    def get_village(self) -> Village | None:
        if "village_pk" not in self.kwargs:
            return None
        if not hasattr(self, "_village"):
            self._village = visible_village(self.request, self.kwargs["village_pk"])
        return self._village

    def get_queryset(self):
        params = self.request.GET
        village = self.get_village()
        if village is None and params.get("village", "").isdigit():
            village = (
                Village.objects.visible_to(self.request.user)
                .filter(pk=int(params["village"]))
                .first()
            )
        self.filter_village = village
        return selectors.vetting_ledger(
            user=self.request.user,
            village=village,
            status=params.get("status", ""),
            body=params.get("body", ""),
            q=self.search_query(),
        )

    def render_to_response(self, context, **kwargs):
        if self.request.GET.get("export") == "xlsx":
            return self.export()
        return super().render_to_response(context, **kwargs)

    def export(self):
        nominations = list(self.object_list)
        outcomes = selectors.outcomes_for(nominations)
        full_id = shows_full_id(self.request)
        rows = []
        for n in nominations:
            outcome = outcomes[n.pk]
            rows.append(
                (
                    n.village.name,
                    n.person.name,
                    n.person.get_gender_display(),
                    n.person.id_number
                    if full_id
                    else mask_id_number(n.person.id_number),
                    n.get_body_display(),
                    n.get_post_display(),
                    n.get_route_display(),
                    n.get_status_display(),
                    outcome.label,
                    "、".join(str(d) for d in outcome.pending + outcome.missing),
                    "、".join(str(d) for d in outcome.overdue),
                    n.disqualified_reason,
                )
            )
        headers = [
            _("Village"),
            pgettext("person", "Name"),
            _("Gender"),
            _("ID number"),
            pgettext("nomination", "Committee"),
            _("Post"),
            _("Nomination route"),
            _("Status"),
            _("Joint review"),
            _("Departments pending"),
            _("Departments overdue"),
            _("Reason for disqualification"),
        ]
        access_log_record(
            user=self.request.user,
            action="export",
            what=_("vetting ledger"),
            reason=_("vetting ledger export"),
            path=self.request.get_full_path(),
            rows=len(rows),
        )
        title = _("Vetting ledger")
        if self.filter_village is not None:
            title = f"{self.filter_village.name}{title}"
        return xlsx_response(f"{title}.xlsx", [(title, headers, rows)])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = list(context["nominations"])
        outcomes = selectors.outcomes_for(page)
        context["rows"] = [(n, outcomes[n.pk]) for n in page]
        village = self.get_village()
        base = Nomination.objects.visible_to(self.request.user)
        if self.filter_village is not None:
            base = base.filter(village=self.filter_village)
        context["counts"] = selectors.status_counts(base)
        context["village"] = village
        context["filter_village"] = self.filter_village
        context["statuses"] = NominationStatus.choices
        context["bodies"] = Body.choices
        if village is None:
            context["villages"] = Village.objects.visible_to(
                self.request.user
            ).order_by("township__code", "code")
        scope = self.scope
        context["can_manage"] = scope.can_manage and (
            village is None or scope.sees_township(village.township_id)
        )
        context["full_id"] = shows_full_id(self.request)
        context["search_placeholder"] = _("Name, pinyin, ID number tail or village")
        context["today"] = timezone.localdate()
        return context


# --- one nomination -----------------------------------------------------------------------


def nomination_detail(request, pk):
    """Show a nomination: person, pre-checks, joint review by department, decisions, notice."""
    nomination = visible_nomination(
        request, pk, queryset=selectors.nominations_for_review(Nomination.objects.all())
    )
    scope = get_scope(request.user)
    outcome = selectors.outcomes_for([nomination])[nomination.pk]
    prechecks = selectors.prechecks_for([nomination], user=request.user)[nomination.pk]
    context = {
        "nomination": nomination,
        "person": nomination.person,
        "outcome": outcome,
        "prechecks": prechecks,
        "id_display": nomination.person.id_number
        if shows_full_id(request)
        else mask_id_number(nomination.person.id_number),
        "can_manage": scope.can_manage,
        "is_leader": scope.has(Role.LEADER),
        "decisions": list(nomination.review_decisions.all()),
        "notices": nomination.notices.order_by("-start_date"),
        "objections": nomination.objections.select_related("notice").order_by(
            "received_on"
        ),
        "formal_lists": nomination.formal_lists.select_related(
            "proposed_by", "confirmed_by"
        ).order_by("-proposed_at"),
        "history": history_entries(nomination),
        "decision_form": DecisionForm(versioned=nomination),
        "age": nomination.person.age_on(timezone.localdate()),
    }
    return render(request, "candidates/vetting/nomination_detail.html", context)


def nomination_create(request, village_pk):
    """Nominate a person of the village's roster (organisation office)."""
    village = visible_village(request, village_pk)
    require(request, Role.OFFICE)
    form = NominationForm(request.POST or None, village=village)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.nomination_create(
                village=village,
                person=form.cleaned_data["person"],
                body=form.cleaned_data["body"],
                post=form.cleaned_data["post"],
                route=form.cleaned_data["route"],
                notes=form.cleaned_data["notes"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is nominated as a preliminary nominee for the %(body)s.")
                % {
                    "name": nomination.person.name,
                    "body": nomination.get_body_display(),
                },
            )
            return redirect(nomination)
    return render(
        request,
        "candidates/vetting/form.html",
        {
            "form": form,
            "village": village,
            "title": _("Nominate a preliminary nominee"),
        },
    )


def review_send(request):
    """Send preliminary nominees of the township to the joint review (organisation office)."""
    require(request, Role.OFFICE)
    queryset = (
        Nomination.objects.visible_to(request.user)
        .filter(status=NominationStatus.PRELIMINARY)
        .select_related("person__village", "village", "round")
        .order_by("village__code", "body", selectors.post_rank(), "pk")
    )
    village = None
    if request.GET.get("village", "").isdigit():
        village = (
            Village.objects.visible_to(request.user)
            .filter(pk=int(request.GET["village"]))
            .first()
        )
        if village is not None:
            queryset = queryset.filter(village=village)
    form = SendForm(request.POST or None, queryset=queryset)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.review_send(
                nominations=form.cleaned_data["nominations"],
                by=request.user,
                sent_on=form.cleaned_data["sent_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "%(count)s nominee(s) sent to the joint review; the departments answer by %(due)s."
                )
                % {
                    "count": len(form.cleaned_data["nominations"]),
                    "due": batch.due_date,
                },
            )
            target = reverse("candidates:nomination_list")
            if village is not None:
                target = reverse("candidates:village_ledger", args=[village.pk])
            return redirect(target)
    candidates = list(queryset)
    checks = selectors.prechecks_for(candidates, user=request.user)
    return render(
        request,
        "candidates/vetting/review_send.html",
        {
            "form": form,
            "rows": [(n, checks.get(n.pk, [])) for n in candidates],
            "village": village,
            "departments": _departments_preview(candidates),
        },
    )


def _departments_preview(candidates):
    if not candidates:
        return []
    return selectors.required_departments(candidates[0].round)


@require_POST
def nomination_send(request, pk):
    """Send one preliminary nominee to the joint review from its page."""
    nomination = managed_nomination(request, pk)
    try:
        batch = services.review_send(nominations=[nomination], by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Sent to the joint review; the departments answer by %(due)s.")
            % {"due": fmt_date(batch.due_date)},
        )
    return redirect(nomination)


@require_POST
def nomination_start_inspection(request, pk):
    """Move a nominee with a clear joint review to inspection (考察)."""
    nomination = managed_nomination(request, pk)
    try:
        services.nomination_start_inspection(nomination=nomination, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(name)s is now under inspection.") % {"name": nomination.person.name},
        )
    return redirect(nomination)


def nomination_disqualify(request, pk):
    """Disqualify a nominee with a written reason, after confirmation (office or leader)."""
    nomination = visible_nomination(request, pk)
    require(request, Role.OFFICE, Role.LEADER)
    form = DisqualifyForm(request.POST or None, versioned=nomination)
    if request.method == "POST" and form.is_valid():
        try:
            done = save_versioned(
                form,
                lambda: services.nomination_disqualify(
                    nomination=nomination,
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if done is not None:
                messages.success(
                    request,
                    _("%(name)s is disqualified.") % {"name": nomination.person.name},
                )
                return redirect(nomination)
    return render(
        request,
        "candidates/vetting/disqualify.html",
        {"form": form, "nomination": nomination},
    )


@require_POST
def review_decide(request, pk):
    """Record a leader's written decision on not-advisable (不宜) findings."""
    nomination = visible_nomination(request, pk)
    require(request, Role.LEADER)
    form = DecisionForm(request.POST, versioned=nomination)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(nomination)
    try:
        # Refused when the nomination changed after the leader opened the page.
        decided = save_versioned(
            form,
            lambda: (
                services.review_decide(
                    nomination=nomination,
                    decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
                or True
            ),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if decided is None:
            for message in form.non_field_errors():
                messages.error(request, message)
        else:
            messages.success(request, _("Decision recorded."))
    return redirect(nomination)


# --- 联审表 -------------------------------------------------------------------------------


def _review_table_context(request, pk):
    nomination = visible_nomination(
        request, pk, queryset=selectors.nominations_for_review(Nomination.objects.all())
    )
    outcome = selectors.outcomes_for([nomination])[nomination.pk]
    criteria = selectors.round_criteria(nomination.round)
    by_department = {}
    for criterion in criteria:
        for department in criterion.departments.all():
            by_department.setdefault(department.pk, []).append(criterion)
    sections = []
    for state in outcome.items:
        item = state.item
        findings = {f.criterion_id: f for f in item.findings.all()}
        sections.append(
            {
                "state": state,
                "item": item,
                "rows": [
                    (c, findings.get(c.pk))
                    for c in by_department.get(item.department_id, [])
                ],
            }
        )
    person = nomination.person
    full_id = shows_full_id(request)
    return {
        "nomination": nomination,
        "person": person,
        "outcome": outcome,
        "sections": sections,
        "missing": outcome.missing,
        "prechecks": selectors.prechecks_for([nomination], user=request.user)[
            nomination.pk
        ],
        "decisions": list(nomination.review_decisions.all()),
        "id_number": person.id_number if full_id else mask_id_number(person.id_number),
        "age": person.age_on(timezone.localdate()),
        "batch": outcome.items[0].item.batch if outcome.items else None,
        "criteria": criteria,
    }


def review_table(request, pk):
    """Print the 联审表 of one candidate (A4)."""
    context = _review_table_context(request, pk)
    return render(request, "candidates/vetting/review_table.html", context)


def review_table_xlsx(request, pk):
    """Download the 联审表 of one candidate as .xlsx (logged: it holds personal data)."""
    context = _review_table_context(request, pk)
    nomination, person = context["nomination"], context["person"]
    basics = [
        (pgettext("person", "Name"), person.name),
        (_("Gender"), person.get_gender_display()),
        (_("Ethnicity"), person.ethnicity),
        (_("Birth date"), person.birth_date),
        (_("ID number"), context["id_number"]),
        (_("Education"), person.get_education_display()),
        (_("Political status"), person.get_political_status_display()),
        (_("Joined the Party on"), person.party_joined_on or ""),
        (_("Village"), nomination.village.name),
        (pgettext("nomination", "Committee"), nomination.get_body_display()),
        (_("Post"), nomination.get_post_display()),
        (_("Nomination route"), nomination.get_route_display()),
        (_("Status"), nomination.get_status_display()),
        (_("Joint review"), context["outcome"].label),
        (_("Conclusion"), context["outcome"].explanation()),
    ]
    for check in context["prechecks"]:
        basics.append(
            (_("Pre-check: %(label)s") % {"label": check.label}, check.message)
        )
    review_rows = []
    for section in context["sections"]:
        item, state = section["item"], section["state"]
        for criterion, finding in section["rows"]:
            review_rows.append(
                (
                    str(item.department),
                    criterion.number,
                    criterion.title,
                    criterion.get_severity_display(),
                    finding.get_result_display() if finding else _("not answered"),
                    finding.finding if finding else "",
                    _("yes") if finding and finding.evidence else "",
                    item.conclusion,
                    item.signed_by.display_name if item.signed_by else "",
                    timezone.localtime(item.signed_at).strftime("%Y-%m-%d %H:%M")
                    if item.signed_at
                    else "",
                    _("reopened") if state.reopened else item.get_status_display(),
                )
            )
    for department in context["missing"]:
        review_rows.append(
            (str(department), "", "", "", _("no review item"), "", "", "", "", "", "")
        )
    for decision in context["decisions"]:
        review_rows.append(
            (
                _("Leading group"),
                "",
                _("decision on not-advisable findings"),
                "",
                decision.get_decision_display(),
                decision.reason,
                "",
                "",
                decision.decided_by.display_name,
                timezone.localtime(decision.decided_at).strftime("%Y-%m-%d %H:%M"),
                "",
            )
        )
    review_headers = [
        _("Department"),
        pgettext("criterion", "Item"),
        _("Criterion"),
        _("Severity"),
        _("Result"),
        _("Finding"),
        _("Evidence"),
        _("Written conclusion"),
        _("Signed by"),
        _("Signed at"),
        _("Status"),
    ]
    access_log_record(
        user=request.user,
        action="export",
        what=_("joint review table"),
        reason=_("joint review table export"),
        object_repr=str(nomination),
        path=request.get_full_path(),
        rows=len(review_rows),
    )
    filename = _("Joint review table %(name)s.xlsx") % {"name": person.name}
    return xlsx_response(
        filename,
        [
            (_("Candidate"), [_("Field"), pgettext("xlsx", "Value")], basics),
            (_("Findings by department"), review_headers, review_rows),
        ],
    )

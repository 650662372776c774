"""离任经济责任审计 and 工作移交: township-wide lists, records, the printable 移交清单.

The office edits every village, a guide only the villages of their group
(``can_edit``); the county and other readers read. A row outside the user's
scope answers 404, a visible row the user may not change 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import history_entries
from core.concurrency import save_versioned
from core.scope import get_scope
from villages.models import Village

from .. import selectors, services
from ..choices import AuditFinding
from ..forms import apply_errors
from ..forms_handover import AuditForm, HandoverForm, HandoverItemFormSet, item_rows
from ..models import Handover, OutgoingAudit
from ..selectors.handover import HANDOVER_COLOURS
from .common import can_edit, editable_village, require_reader

PAGE_SIZE = 25


def _page(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, params.urlencode()


def _villages(request):
    return Village.objects.visible_to(request.user).order_by("name")


def _editable_villages(request):
    scope = get_scope(request.user)
    return [v for v in _villages(request) if scope.can_edit_village(v)]


def _round(village):
    from stages.selectors import current_round

    return current_round(village.township_id)


# --- 离任经济责任审计 ------------------------------------------------------------------


def audit_list(request):
    """The exit audits of the user's villages, with their publication deadline."""
    require_reader(request)
    q = (request.GET.get("q") or "").strip()
    village = request.GET.get("village", "")
    finding = request.GET.get("finding", "")
    queryset = selectors.audit_list(
        user=request.user, q=q, village_id=village, finding=finding
    )
    page, querystring = _page(request, queryset)
    audits = selectors.with_publication(page.object_list)
    return render(
        request,
        "elections/handover/audit_list.html",
        {
            "page_obj": page,
            "audits": audits,
            "querystring": querystring,
            "q": q,
            "village": village,
            "finding": finding,
            "findings": AuditFinding.choices,
            "villages": _villages(request),
            "editable_villages": _editable_villages(request),
        },
    )


def _visible_audit(request, pk) -> OutgoingAudit:
    require_reader(request)
    return get_object_or_404(
        OutgoingAudit.objects.visible_to(request.user).select_related(
            "village__township", "person", "round__rule_set", "recorded_by"
        ),
        pk=pk,
    )


def audit_detail(request, pk):
    audit = _visible_audit(request, pk)
    publication = selectors.audit_publication(
        audit, election_day=selectors.audit_election_day(audit)
    )
    return render(
        request,
        "elections/handover/audit_detail.html",
        {
            "audit": audit,
            "publication": publication,
            "can_edit": can_edit(request, audit.village),
            "history": history_entries(audit),
        },
    )


def _audit_form(request, *, village, audit=None):
    round = audit.round if audit is not None else _round(village)
    if round is None:
        messages.error(request, _("No election round is set up for this township."))
        return None, redirect("elections:audit_list")
    initial = {}
    if audit is None:
        initial = {"auditor": _("township rural economic management station")}
        person = request.GET.get("person", "")
        if person.isdigit():
            initial["person"] = int(person)
    form = AuditForm(
        request.POST or None, instance=audit, village=village, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("_version", None)
        person = audit.person if audit is not None else data.pop("person")
        data.pop("person", None)
        try:
            saved = save_versioned(
                form,
                lambda: services.audit_save(
                    round=round,
                    village=village,
                    person=person,
                    by=request.user,
                    audit=audit,
                    **data,
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if saved is not None:
                for note in getattr(saved, "task_notes", []):
                    messages.warning(request, note)
                messages.success(
                    request,
                    _("Exit audit of %(name)s saved.") % {"name": saved.person.name},
                )
                return form, redirect(saved)
    return form, None


def audit_pick(request):
    """The list's “record” button: go to the form of the chosen village."""
    village = editable_village(request, _int(request.GET.get("village")))
    return redirect("elections:audit_new", village_pk=village.pk)


def _int(value) -> int:
    return int(value) if str(value or "").isdigit() else 0


def audit_new(request, village_pk):
    village = editable_village(request, village_pk)
    form, response = _audit_form(request, village=village)
    if response is not None:
        return response
    return render(
        request,
        "elections/handover/audit_form.html",
        {"form": form, "village": village, "title": _("Record an exit audit")},
    )


def audit_edit(request, pk):
    audit = _visible_audit(request, pk)
    if not can_edit(request, audit.village):
        raise PermissionDenied
    form, response = _audit_form(request, village=audit.village, audit=audit)
    if response is not None:
        return response
    return render(
        request,
        "elections/handover/audit_form.html",
        {
            "form": form,
            "village": audit.village,
            "audit": audit,
            "title": _("Correct the exit audit"),
        },
    )


# --- 工作移交 --------------------------------------------------------------------------


def handover_list(request):
    """Every handover of the user's villages, the overdue ones flagged."""
    require_reader(request)
    q = (request.GET.get("q") or "").strip()
    state = request.GET.get("state", "")
    today = timezone.localdate()
    page, querystring = _page(
        request,
        selectors.handover_list(user=request.user, q=q, state=state, today=today),
    )
    handovers = list(page.object_list)
    for handover in handovers:
        handover.state = selectors.handover_state(handover, today=today)
        handover.state_colour = HANDOVER_COLOURS[handover.state]
    return render(
        request,
        "elections/handover/handover_list.html",
        {
            "page_obj": page,
            "handovers": handovers,
            "querystring": querystring,
            "q": q,
            "state": state,
            "editable_villages": _editable_villages(request),
        },
    )


def _visible_handover(request, pk) -> Handover:
    require_reader(request)
    return get_object_or_404(
        Handover.objects.visible_to(request.user).select_related(
            "village__township", "round__rule_set", "election", "recorded_by"
        ),
        pk=pk,
    )


@require_POST
def handover_pick(request):
    """The list's “set up” button: the chosen village's handover."""
    return handover_new(request, _int(request.POST.get("village")))


@require_POST
def handover_new(request, village_pk):
    """Set up a village's handover with the default list, due V10 days after the election."""
    village = editable_village(request, village_pk)
    round = _round(village)
    existing = Handover.objects.filter(round=round, village=village).first()
    if existing is not None:
        return redirect(existing)
    try:
        handover = services.handover_setup(
            round=round, village=village, by=request.user
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("elections:handover_list")
    messages.success(
        request,
        _("Handover of %(village)s set up, due on %(date)s.")
        % {"village": village.name, "date": handover.due_on},
    )
    return redirect("elections:handover_edit", pk=handover.pk)


def handover_detail(request, pk):
    handover = _visible_handover(request, pk)
    state = selectors.handover_state(handover)
    return render(
        request,
        "elections/handover/handover_detail.html",
        {
            "handover": handover,
            "items": list(handover.items.all()),
            "state": state,
            "state_colour": HANDOVER_COLOURS[state],
            "can_edit": can_edit(request, handover.village),
            "history": history_entries(handover),
        },
    )


def handover_edit(request, pk):
    handover = _visible_handover(request, pk)
    if not can_edit(request, handover.village):
        raise PermissionDenied
    items = list(handover.items.all())
    form = HandoverForm(request.POST or None, instance=handover)
    formset = HandoverItemFormSet(
        request.POST or None,
        prefix="items",
        initial=[
            {
                "pk": i.pk,
                "name": i.name,
                "detail": i.detail,
                "handed_over": i.handed_over,
                "received": i.received,
                "note": i.note,
            }
            for i in items
        ],
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = dict(form.cleaned_data)
        data.pop("_version", None)
        try:
            result = save_versioned(
                form,
                lambda: services.handover_save(
                    handover=handover, by=request.user, items=item_rows(formset), **data
                ),
            )
        except ValidationError as exc:
            # "items" is not a field of the form: apply_errors shows it on top.
            apply_errors(form, exc)
        else:
            if result is not None:
                saved, notes = result
                for note in notes:
                    messages.warning(request, note)
                messages.success(
                    request,
                    _("Handover of %(village)s saved.")
                    % {"village": saved.village.name},
                )
                return redirect(saved)
    return render(
        request,
        "elections/handover/handover_form.html",
        {"form": form, "formset": formset, "handover": handover},
    )


def handover_print(request, pk):
    """The 移交清单 on A4 for the three signatures."""
    handover = _visible_handover(request, pk)
    return render(
        request,
        "elections/handover/handover_print.html",
        {"handover": handover, "items": list(handover.items.all())},
    )

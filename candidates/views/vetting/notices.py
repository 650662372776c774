"""公示 (public notice) with its objections, and the formal list (maker-checker)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import history_entries
from core.roles import Role
from core.scope import get_scope

from ... import selectors, services
from ...choices import Body, NominationStatus, ProposalStatus
from ...forms import NoticeForm, ObjectionForm, ResolveForm, apply_errors
from ...models import FormalList, Nomination, Objection, PublicNotice
from ...vetting_rules import fmt_date
from .common import READERS, require, visible_village


def _body(value: str) -> str:
    if value not in Body.values:
        raise Http404
    return value


def notice_create(request, village_pk, body):
    """Put a village's nominees under inspection on a public notice (organisation office)."""
    village = visible_village(request, village_pk)
    body = _body(body)
    require(request, Role.OFFICE)
    queryset = (
        Nomination.objects.filter(
            village=village, body=body, status=NominationStatus.INSPECTION
        )
        .select_related("person")
        .order_by(selectors.post_rank(), "person__name")
    )
    form = NoticeForm(
        request.POST or None,
        queryset=queryset,
        initial={
            "issuer": _("CPC %(township)s Committee")
            % {"township": village.township.name}
        },
    )
    form.fields["nominations"].label_from_instance = lambda n: (
        f"{n.person.name}（{n.get_post_display()}）"
    )
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_publish(
                village=village,
                body=body,
                nominations=form.cleaned_data["nominations"],
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
                issuer=form.cleaned_data["issuer"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The public notice is displayed from %(start)s to %(end)s.")
                % {
                    "start": fmt_date(notice.start_date),
                    "end": fmt_date(notice.end_date),
                },
            )
            return redirect(notice)
    return render(
        request,
        "candidates/vetting/form.html",
        {
            "form": form,
            "village": village,
            "title": _("Public notice of candidates: %(body)s")
            % {"body": Body(body).label},
        },
    )


def _visible_notice(request, pk) -> PublicNotice:
    require(request, *READERS)
    return get_object_or_404(
        PublicNotice.objects.visible_to(request.user).select_related(
            "village__township", "round", "published_by"
        ),
        pk=pk,
    )


def _notice_candidates(notice):
    return list(
        notice.nominations.select_related("person").order_by(
            selectors.post_rank(), "person__name", "pk"
        )
    )


def notice_detail(request, pk):
    """Show a notice, its candidates and its objections."""
    notice = _visible_notice(request, pk)
    scope = get_scope(request.user)
    objections = notice.objections.select_related(
        "nomination__person", "resolved_by"
    ).order_by("received_on", "pk")
    return render(
        request,
        "candidates/vetting/notice_detail.html",
        {
            "notice": notice,
            "candidates": _notice_candidates(notice),
            "objections": objections,
            "can_manage": scope.can_manage,
            "objection_form": ObjectionForm(notice=notice)
            if scope.can_manage
            else None,
            "resolve_form": ResolveForm() if scope.can_manage else None,
            "history": history_entries(notice),
            "today": timezone.localdate(),
        },
    )


def notice_print(request, pk):
    """Print the notice as posted in the village (A4)."""
    notice = _visible_notice(request, pk)
    return render(
        request,
        "candidates/vetting/notice_print.html",
        {
            "notice": notice,
            "candidates": _notice_candidates(notice),
            "village": notice.village,
        },
    )


@require_POST
def objection_create(request, pk):
    """Record an objection received during the notice (organisation office)."""
    notice = _visible_notice(request, pk)
    require(request, Role.OFFICE)
    form = ObjectionForm(request.POST, notice=notice)
    if form.is_valid():
        try:
            services.objection_record(
                notice=notice, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Objection recorded; it must be resolved before the formal list."),
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(notice)


@require_POST
def objection_resolve(request, pk):
    """Resolve an objection: dismissed after verification, or upheld (disqualifies)."""
    require(request, *READERS)
    objection = get_object_or_404(
        Objection.objects.visible_to(request.user).select_related(
            "notice", "nomination__person"
        ),
        pk=pk,
    )
    require(request, Role.OFFICE)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.objection_resolve(
                objection=objection,
                status=form.cleaned_data["status"],
                resolution=form.cleaned_data["resolution"],
                by=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Objection resolved."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(objection.notice)


# --- formal list -------------------------------------------------------------------------


def formal_list(request, village_pk, body):
    """Show a village's formal list for a committee: candidates, checks, proposals."""
    from stages.selectors import current_round

    village = visible_village(request, village_pk)
    body = _body(body)
    scope = get_scope(request.user)
    round = current_round(village.township_id)
    candidates, problems, flags = ([], [], [])
    if round is not None:
        candidates, problems, flags = services.formal_list_check(
            round=round, village=village, body=body, user=request.user
        )
    proposals = (
        FormalList.objects.filter(village=village, body=body)
        .select_related("proposed_by", "confirmed_by")
        .prefetch_related("nominations__person")
        .order_by("-proposed_at", "-pk")
    )
    open_proposal = next(
        (p for p in proposals if p.status == ProposalStatus.PROPOSED), None
    )
    stale = False
    if open_proposal is not None and round is not None:
        stale = selectors.list_fingerprint(candidates) != open_proposal.fingerprint
    formal = (
        Nomination.objects.filter(
            village=village, body=body, status=NominationStatus.FORMAL
        )
        .select_related("person")
        .order_by(selectors.post_rank(), "person__name")
    )
    return render(
        request,
        "candidates/vetting/formal_list.html",
        {
            "village": village,
            "body": body,
            "body_label": Body(body).label,
            "round": round,
            "candidates": candidates,
            "problems": problems,
            "flags": flags,
            "proposals": proposals,
            "open_proposal": open_proposal,
            "stale": stale,
            "formal": formal,
            "can_propose": scope.has(Role.OFFICE),
            "can_confirm": scope.has(Role.LEADER),
        },
    )


@require_POST
def formal_list_propose(request, village_pk, body):
    """Propose the formal list (organisation office: the maker)."""
    village = visible_village(request, village_pk)
    body = _body(body)
    require(request, Role.OFFICE)
    try:
        services.formal_list_propose(village=village, body=body, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Formal list proposed; a leader must confirm it."))
    return redirect("candidates:formal_list", village.pk, body)


def _visible_list(request, pk) -> FormalList:
    require(request, *READERS)
    return get_object_or_404(
        FormalList.objects.visible_to(request.user).select_related("village"), pk=pk
    )


@require_POST
def formal_list_confirm(request, pk):
    """Confirm a proposed formal list (a leader other than the proposer: the checker)."""
    proposal = _visible_list(request, pk)
    require(request, Role.LEADER)
    try:
        services.formal_list_confirm(formal_list=proposal, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("Formal list confirmed: the candidates are formal candidates.")
        )
    return redirect(proposal)


@require_POST
def formal_list_withdraw(request, pk):
    """Withdraw a proposed formal list."""
    proposal = _visible_list(request, pk)
    require(request, Role.OFFICE, Role.LEADER)
    try:
        services.formal_list_withdraw(formal_list=proposal, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Proposal withdrawn."))
    return redirect(proposal)

"""The voter register of a 村委会 election: list, add/remove, publish, print, appeals.

Readers of elections read it (a guide only for their villages: 404 otherwise);
the office and the village's guide change it (403 otherwise).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.audit import history_entries
from villages.choices import IMPORT_FINISHED, ImportKind, ImportStatus
from villages.models import ImportJob
from villages.services import roster as import_jobs

from .. import selectors, services
from ..choices import Body, VoterCategory
from ..forms import (
    AppealDecisionForm,
    AppealForm,
    RegisterPublishForm,
    VoterForm,
    VoterRemoveForm,
    apply_errors,
)
from ..models import Voter, VoterAppeal, VoterRegister
from ..rules.base import date_text
from ..services.register import appeal_deadlines, publication_deadline
from .common import can_edit, editable_election, visible_election

PAGE_SIZE = 50


def _vc_election(request, pk, *, edit=False):
    election = editable_election(request, pk) if edit else visible_election(request, pk)
    if election.body != Body.VILLAGERS_COMMITTEE:
        raise Http404
    return election


def _register(election) -> VoterRegister | None:
    return VoterRegister.objects.filter(election=election).first()


def register(request, pk):
    """List the voters of an election: search, category filter, counts, pages."""
    election = _vc_election(request, pk)
    reg = _register(election)
    params = request.GET
    q = (params.get("q") or "").strip()
    category = params.get("category", "")
    removed = params.get("removed") == "1"
    if reg is None:
        voters = Voter.objects.none()
        counts = None
    else:
        voters = selectors.register_voters(
            register=reg, q=q, category=category, removed=removed
        )
        counts = selectors.register_counts(register=reg)
    page = Paginator(voters, PAGE_SIZE).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    deadline, days, basis = publication_deadline(election)
    return render(
        request,
        "elections/register/list.html",
        {
            "election": election,
            "register": reg,
            "counts": counts,
            "page_obj": page,
            "paginator": page.paginator,
            "voters": page.object_list,
            "is_paginated": page.has_other_pages(),
            "querystring": query.urlencode(),
            "q": q,
            "category": category,
            "removed": removed,
            "categories": VoterCategory.choices,
            "can_edit": can_edit(request, election.village),
            "deadline": deadline,
            "deadline_days": days,
            "deadline_basis": basis,
            "history": history_entries(reg) if reg is not None else [],
        },
    )


def voter_add(request, pk):
    """Put a villager on the register."""
    election = _vc_election(request, pk, edit=True)
    form = VoterForm(request.POST or None, initial={"added_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            voter = services.voter_add(
                election=election, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s is on the voter register.") % {"name": voter.name}
            )
            return redirect("elections:register", pk=election.pk)
    return render(
        request,
        "elections/register/form.html",
        {"election": election, "form": form, "title": _("Register a voter")},
    )


def voter_remove(request, pk, voter_pk):
    """Take a voter off the register, with the reason (kept as history)."""
    election = _vc_election(request, pk, edit=True)
    voter = get_object_or_404(
        Voter.objects.visible_to(request.user), pk=voter_pk, register__election=election
    )
    form = VoterRemoveForm(
        request.POST or None, initial={"removed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.voter_remove(voter=voter, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s was taken off the voter register.") % {"name": voter.name},
            )
            return redirect("elections:register", pk=election.pk)
    return render(
        request,
        "elections/register/form.html",
        {
            "election": election,
            "form": form,
            "voter": voter,
            "title": _("Take %(name)s off the register") % {"name": voter.name},
            "confirm": True,
        },
    )


def register_publish(request, pk):
    """Record the publication of the voter list (V2) and complete its tasks."""
    election = _vc_election(request, pk, edit=True)
    deadline, days, basis = publication_deadline(election)
    form = RegisterPublishForm(
        request.POST or None,
        initial={"published_on": min(deadline, timezone.localdate())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            _reg, notes = services.register_publish(
                election=election, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The publication of the voter list is recorded.")
            )
            for note in notes:
                messages.warning(request, note)
            return redirect("elections:register", pk=election.pk)
    return render(
        request,
        "elections/register/form.html",
        {
            "election": election,
            "form": form,
            "title": _("Publish the voter list"),
            "lead": _(
                "Publish at least %(days)s days before the election day, that is on "
                "%(deadline)s at the latest (%(basis)s)."
            )
            % {"days": days, "deadline": date_text(deadline), "basis": basis},
        },
    )


def _print_context(request, pk):
    election = _vc_election(request, pk)
    reg = _register(election)
    voters = list(selectors.register_voters(register=reg)) if reg is not None else []
    return {"election": election, "register": reg, "voters": voters}


def register_print(request, pk):
    """The published voter list on A4, grouped by villagers' group."""
    return render(request, "elections/register/print.html", _print_context(request, pk))


def register_cards(request, pk):
    """选民证: one card per voter, eight to an A4 page."""
    return render(request, "elections/register/cards.html", _print_context(request, pk))


def register_appeals(request, pk):
    """Appeals against the voter list with their deadlines; a form to record one."""
    election = _vc_election(request, pk)
    reg = _register(election)
    editable = can_edit(request, election.village)
    form = AppealForm(
        request.POST or None, initial={"received_on": timezone.localdate()}
    )
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid():
            try:
                services.appeal_create(
                    election=election, by=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The appeal is recorded."))
                return redirect("elections:register_appeals", pk=election.pk)
    appeals = list(selectors.voter_appeals(register=reg)) if reg is not None else []
    limits = appeal_deadlines(reg) if reg is not None else None
    return render(
        request,
        "elections/register/appeals.html",
        {
            "election": election,
            "register": reg,
            "appeals": appeals,
            "form": form,
            "can_edit": editable,
            "limits": limits,
            "today": timezone.localdate(),
        },
    )


def appeal_decide(request, pk, appeal_pk):
    """Record the decision on an appeal."""
    election = _vc_election(request, pk, edit=True)
    appeal = get_object_or_404(
        VoterAppeal.objects.visible_to(request.user),
        pk=appeal_pk,
        register__election=election,
    )
    form = AppealDecisionForm(
        request.POST or None, initial={"decided_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.appeal_decide(appeal=appeal, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The decision is recorded."))
            return redirect(reverse("elections:register_appeals", args=[election.pk]))
    return render(
        request,
        "elections/register/form.html",
        {
            "election": election,
            "form": form,
            "title": _("Decide the appeal of %(name)s") % {"name": appeal.appellant},
            "lead": appeal.content,
        },
    )


def register_import(request, pk):
    """Upload a register file: a preview (dry run) first, then a confirmed import.

    The previewed file is kept on the server (``core.pending_uploads``); the
    confirmation imports exactly that file, all or nothing.
    """
    import tempfile
    from pathlib import Path

    from core import pending_uploads

    from ..forms import RegisterImportForm
    from ..services.register_import import import_register_file

    election = _vc_election(request, pk, edit=True)
    form = RegisterImportForm(request.POST or None, request.FILES or None)
    report = token = None
    if request.method == "POST" and form.is_valid():
        confirm = request.POST.get("confirm") == "1"
        uploaded = form.cleaned_data.get("file")
        if uploaded is not None and uploaded.size > import_jobs.sync_limit():
            # A large file: checked and written by the import worker (progress page).
            try:
                job = import_jobs.import_job_create(
                    upload=uploaded,
                    user=request.user,
                    kind=ImportKind.REGISTER,
                    township=election.village.township,
                    target_id=election.pk,
                )
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                import_jobs.run_preview(job)
                return redirect(job)
            return render(
                request,
                "elections/register/import.html",
                {"election": election, "form": form, "report": None, "token": None},
            )
        if uploaded is None:
            uploaded = pending_uploads.claim(
                request.POST.get("token", ""), user=request.user
            )
        if uploaded is None:
            form.add_error("file", _("Choose the voter register file."))
        else:
            name = Path(uploaded.name).name
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / ("upload" + Path(name).suffix.lower())
                uploaded.seek(0)
                path.write_bytes(uploaded.read())
                report = import_register_file(
                    path,
                    election=election,
                    by=request.user,
                    name=name,
                    dry_run=not confirm,
                )
            if report.written:
                pending_uploads.discard(uploaded)
                messages.success(
                    request,
                    _(
                        "Voter register imported: %(created)s new, %(updated)s updated, "
                        "%(unchanged)s unchanged."
                    )
                    % {
                        "created": report.created,
                        "updated": report.updated,
                        "unchanged": report.unchanged,
                    },
                )
                return redirect("elections:register", pk=election.pk)
            if report.ok:
                token = pending_uploads.stash(uploaded, user=request.user)
    return render(
        request,
        "elections/register/import.html",
        {"election": election, "form": form, "report": report, "token": token},
    )


def _import_job(request, pk, job_pk):
    """The register import job ``job_pk`` of election ``pk`` (404 for any other)."""
    election = _vc_election(request, pk, edit=True)
    job = get_object_or_404(
        ImportJob.objects.filter(kind=ImportKind.REGISTER, target_id=election.pk),
        pk=job_pk,
    )
    return election, job


def register_import_job(request, pk, job_pk):
    """A large register file: progress while the worker checks it, then the preview or outcome."""
    from villages.views.imports import background_down

    election, job = _import_job(request, pk, job_pk)
    job = import_jobs.import_job_recover(job=job)
    return render(
        request,
        "elections/register/import_job.html",
        {
            "election": election,
            "job": job,
            "finished": job.status in IMPORT_FINISHED,
            "can_confirm": job.status == ImportStatus.PREVIEWED,
            "error_page": Paginator(job.errors, 200).get_page(
                request.GET.get("errors_page")
            ),
            "status_url": reverse(
                "elections:register_import_job_status", args=[election.pk, job.pk]
            ),
            "background_down": background_down(job),
        },
    )


@require_GET
def register_import_job_status(request, pk, job_pk):
    """Answer the job page's polling (JSON, as the roster import's)."""
    _election, job = _import_job(request, pk, job_pk)
    job = import_jobs.import_job_recover(job=job)
    return JsonResponse(job.poll_state(), json_dumps_params={"ensure_ascii": False})


@require_POST
def register_import_job_confirm(request, pk, job_pk):
    """Write a previewed register job, all or nothing; a second confirm does nothing."""
    election, job = _import_job(request, pk, job_pk)
    if not import_jobs.import_job_confirm(job=job, user=request.user):
        messages.info(
            request,
            _("This import was already confirmed; it is not run a second time."),
        )
        return redirect(job)
    import_jobs.run_apply(job)
    job.refresh_from_db()
    if job.status == ImportStatus.DONE:
        messages.success(
            request,
            _(
                "Voter register imported: %(created)s new, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % {
                "created": job.created_count,
                "updated": job.updated_count,
                "unchanged": job.unchanged_count,
            },
        )
        return redirect("elections:register", pk=election.pk)
    if job.status == ImportStatus.INVALID:
        messages.error(
            request,
            _(
                "The register changed since the preview and the file now has errors; "
                "nothing was written."
            ),
        )
    return redirect(job)


@require_POST
def register_import_job_retry(request, pk, job_pk):
    """Run a stranded or crashed register job again."""
    _election, job = _import_job(request, pk, job_pk)
    if import_jobs.import_job_retry(job=job, user=request.user):
        messages.success(request, _("The import is being run again."))
    else:
        messages.info(request, _("This import cannot be retried."))
    return redirect(job)

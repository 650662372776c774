"""Elections: set up, count, read with the rules that decided, apply, follow up, void."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.audit import history_entries
from core.concurrency import ALREADY_CREATED, save_versioned
from core.scope import get_scope
from villages.choices import Category
from villages.models import RosterMembership, Township, Village

from .. import selectors, services
from ..choices import Body, CountStatus, ElectionKind, StaffRole
from ..forms import (
    ElectionCountForm,
    ElectionSetupForm,
    FollowupForm,
    ReduceSeatsForm,
    VoidForm,
    apply_errors,
)
from .common import (
    can_edit,
    editable_election,
    editable_village,
    office_election,
    require_reader,
    visible_election,
)


def election_list(request):
    """List the elections in the user's scope, with a chooser to set up a new one.

    A user who sees several townships (the county) first narrows by township;
    the village list then holds that township's villages only.
    """
    require_reader(request)
    params = request.GET
    q = (params.get("q") or "").strip()
    townships = list(Township.objects.visible_to(request.user).order_by("code"))
    township = None
    if len(townships) > 1 and params.get("township", "").isdigit():
        township = next((t for t in townships if t.pk == int(params["township"])), None)
    queryset = selectors.election_list(
        user=request.user,
        q=q,
        body=params.get("body", ""),
        status=params.get("status", ""),
        village_id=params.get("village", ""),
        township_id=township.pk if township else "",
    )
    page = Paginator(queryset, 25).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    scope = get_scope(request.user)
    villages = Village.objects.visible_to(request.user).order_by(
        "township__code", "code"
    )
    if len(townships) > 1:
        villages = villages.filter(township=township) if township else []
    editable = (
        [v for v in villages if scope.can_edit_village(v)]
        if scope.has("office", "guide")
        else []
    )
    return render(
        request,
        "elections/election_list.html",
        {
            "page_obj": page,
            "elections": page.object_list,
            "is_paginated": page.has_other_pages(),
            "querystring": query.urlencode(),
            "q": q,
            "bodies": Body.choices,
            "statuses": CountStatus.choices,
            "townships": townships if len(townships) > 1 else [],
            "township": township,
            "villages": villages,
            "editable_villages": editable,
        },
    )


def election_new(request):
    """Send the chooser on the list page to the set-up page of a village and committee."""
    village_pk, body = request.GET.get("village", ""), request.GET.get("body", "")
    if not village_pk.isdigit() or body not in Body.values:
        messages.error(request, _("Choose a village and a committee."))
        return redirect("elections:election_list")
    return redirect("elections:election_create", village_pk=int(village_pk), body=body)


def _staff(data) -> list:
    staff = [(p, StaffRole.COMMITTEE) for p in data.get("committee") or []]
    staff += [(p, StaffRole.SCRUTINEER) for p in data.get("scrutineers") or []]
    staff += [(p, StaffRole.TELLER) for p in data.get("tellers") or []]
    return staff


def _setup(request, form, village, body, election=None):
    data = form.cleaned_data
    try:
        return _save_setup(request, form, village, body, data, election)
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


def _save_setup(request, form, village, body, data, election):
    def save():
        return services.election_setup(
            village=village,
            body=body,
            held_on=data["held_on"],
            nominations=data["nominations"],
            seats_head=data.get("seats_head") or 0,
            seats_deputy=data.get("seats_deputy") or 0,
            seats_member=data.get("seats_member") or 0,
            registered=data.get("registered"),
            staff=_staff(data),
            notes=data.get("notes", ""),
            by=request.user,
            election=election,
        )

    if election is None:
        return save()
    # Correcting a set-up: refused when someone saved the election meanwhile.
    return save_versioned(form, save)


def _round(village):
    from stages.selectors import current_round

    return current_round(village.township_id)


def election_create(request, village_pk, body):
    """Set up an election of a village's committee with its formal candidates."""
    if body not in Body.values:
        raise Http404
    village = editable_village(request, village_pk)
    round = _round(village)
    if round is None:
        messages.error(
            request, str(services.elections.NO_ROUND % {"township": village.township})
        )
        return redirect("elections:election_list")
    form = ElectionSetupForm(
        request.POST or None, village=village, body=body, round=round
    )
    if request.method == "POST" and form.is_valid():
        try:
            election = _setup(request, form, village, body)
        except services.ElectionExistsError as exists:
            # A double submit or a colleague was first: show that election.
            messages.info(
                request,
                ALREADY_CREATED
                % {
                    "object": exists.election,
                    "user": exists.election.recorded_by.display_name,
                },
            )
            return redirect(exists.election)
        if election is not None:
            messages.success(
                request, _("Election set up. Enter the numbers after the vote.")
            )
            return redirect(election)
    return render(
        request,
        "elections/election_form.html",
        {
            "form": form,
            "village": village,
            "title": _("Set up the election of the %(body)s")
            % {"body": Body(body).label},
            "cancel_url": reverse("elections:election_list"),
        },
    )


def election_edit(request, pk):
    """Correct an election's set-up (day, seats, ballot, staff) before it is counted."""
    election = editable_election(request, pk)
    if election.kind != ElectionKind.REGULAR or election.status != CountStatus.PLANNED:
        messages.error(
            request, _("Only an election not yet counted can be set up again.")
        )
        return redirect(election)
    staff = list(election.staff.all())
    initial = {
        "held_on": election.held_on,
        "seats_head": election.seats_head,
        "seats_deputy": election.seats_deputy,
        "seats_member": election.seats_member,
        "registered": election.entitled,
        "nominations": [
            c.nomination_id for c in election.candidates.all() if c.nomination_id
        ],
        "committee": [s.person_id for s in staff if s.role == StaffRole.COMMITTEE],
        "scrutineers": [s.person_id for s in staff if s.role == StaffRole.SCRUTINEER],
        "tellers": [s.person_id for s in staff if s.role == StaffRole.TELLER],
        "notes": election.notes,
    }
    form = ElectionSetupForm(
        request.POST or None,
        village=election.village,
        body=election.body,
        round=election.round,
        initial=initial,
        versioned=election,
    )
    if request.method == "POST" and form.is_valid():
        saved = _setup(
            request, form, election.village, election.body, election=election
        )
        if saved is not None:
            messages.success(request, _("Election set-up saved."))
            return redirect(saved)
    return render(
        request,
        "elections/election_form.html",
        {
            "form": form,
            "village": election.village,
            "election": election,
            "title": _("Correct the set-up"),
            "cancel_url": election.get_absolute_url(),
        },
    )


def election_detail(request, pk):
    """Show an election: numbers, each result with the rule that decided it and its basis."""
    election = visible_election(request, pk)
    page = selectors.election_page(election)
    scope = get_scope(request.user)
    editable = can_edit(request, election.village)
    return render(
        request,
        "elections/election_detail.html",
        {
            "election": election,
            "page": page,
            "can_edit": editable and election.status != CountStatus.APPLIED,
            "can_follow": editable,
            "can_apply": scope.can_manage
            and election.status == CountStatus.COUNTED
            and bool(election.valid),
            "can_void": scope.can_manage and election.status == CountStatus.APPLIED,
            "history": history_entries(election),
            "print": request.GET.get("print") == "1",
        },
    )


def election_count(request, pk):
    """Enter or correct the numbers of a vote; the outcome is computed on save."""
    election = editable_election(request, pk)
    if election.status == CountStatus.APPLIED:
        messages.error(
            request, _("The result is applied: the numbers can no longer change.")
        )
        return redirect(election)
    candidates = list(
        election.candidates.select_related("person").order_by("post", "pk")
    )
    initial = {
        "present": election.present,
        "ballots_issued": election.ballots_issued,
        "ballots_returned": election.ballots_returned,
        "registered": election.entitled,
    }
    form = ElectionCountForm(
        request.POST or None,
        election=election,
        candidates=candidates,
        initial=initial,
        versioned=election,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # Refused when someone saved the numbers after this form was loaded.
            counted = save_versioned(
                form,
                lambda: services.election_count(
                    election=election,
                    by=request.user,
                    present=data.get("present"),
                    ballots_issued=data.get("ballots_issued"),
                    ballots_returned=data.get("ballots_returned"),
                    registered=data.get("registered"),
                    votes=form.votes(),
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            counted = None
        if counted is not None:
            if counted.valid:
                messages.success(
                    request,
                    _("Counted: the election is valid; see each candidate's result."),
                )
            else:
                messages.warning(
                    request,
                    _("Counted: the election is invalid; the reason is shown below."),
                )
            for note in getattr(counted, "task_notes", []):
                messages.warning(request, note)
            return redirect(counted)
    entitlement = None
    if election.is_party and election.kind != ElectionKind.POSTS:
        entitlement = services.elections.party_entitlement(
            election.village, on=election.held_on
        )
    return render(
        request,
        "elections/election_count.html",
        {"form": form, "election": election, "entitlement": entitlement},
    )


def election_apply(request, pk):
    """Confirm, then make the result the new term on the roster (organisation office)."""
    election = office_election(request, pk)
    if request.method == "POST":
        try:
            services.election_apply(election=election, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _(
                    "Result applied: the winners are the village's committee members on the roster."
                ),
            )
        return redirect(election)
    page = selectors.election_page(election)
    return render(
        request,
        "elections/election_apply.html",
        {"election": election, "page": page},
    )


def election_followup(request, pk, kind):
    """Set up the 另行选举, the re-vote of a tie, or the 书记/副书记 election."""
    if kind not in (ElectionKind.RUNOFF, ElectionKind.REVOTE, ElectionKind.POSTS):
        raise Http404
    parent = editable_election(request, pk)
    members = []
    if kind == ElectionKind.POSTS:
        root = parent
        while root.parent_id:
            root = root.parent
        members = [
            m.person
            for m in RosterMembership.objects.current()
            .filter(
                village=parent.village,
                category=Category.PARTY_COMMITTEE,
                start_date__gte=root.held_on,
            )
            .select_related("person")
            .order_by("person__name")
        ]
    form = FollowupForm(request.POST or None, parent=parent, kind=kind, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            followup = services.election_followup(
                election=parent,
                kind=kind,
                held_on=data["held_on"],
                by=request.user,
                candidate_ids=[c.pk for c in data["candidates"]]
                if data.get("candidates")
                else None,
                posts=form.posts() if kind == ElectionKind.POSTS else None,
                seats_deputy=data.get("seats_deputy") or 0,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(kind)s set up.") % {"kind": followup.get_kind_display()}
            )
            return redirect(followup)
    return render(
        request,
        "elections/election_form.html",
        {
            "form": form,
            "village": parent.village,
            "election": parent,
            "title": ElectionKind(kind).label,
            "cancel_url": parent.get_absolute_url(),
        },
    )


def election_reduce(request, pk):
    """P3: record the decision to reduce the Party committee's seats."""
    election = editable_election(request, pk)
    form = ReduceSeatsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.election_reduce_seats(
                election=election,
                consent=form.cleaned_data["decision_consent"],
                note=form.cleaned_data["decision_note"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The decision to reduce the seats is recorded.")
            )
            return redirect(election)
    return render(
        request,
        "elections/election_form.html",
        {
            "form": form,
            "village": election.village,
            "election": election,
            "title": _("Reduce the seats instead of a separate election"),
            "cancel_url": election.get_absolute_url(),
        },
    )


def election_delete(request, pk):
    """Delete an election entered in error, after confirmation."""
    election = editable_election(request, pk)
    if request.method == "POST":
        try:
            services.election_delete(election=election, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(election)
        messages.success(request, _("Election deleted."))
        return redirect("elections:election_list")
    return render(
        request,
        "includes/confirm_delete.html",
        {"object": election, "cancel_url": election.get_absolute_url()},
    )


def election_void(request, pk):
    """Record 当选无效 for a person elected in this election (organisation office)."""
    election = office_election(request, pk)
    form = VoidForm(request.POST or None, election=election)
    if request.method == "POST" and form.is_valid():
        candidate = form.cleaned_data["candidate"]
        try:
            services.election_void(
                person=candidate.person,
                village=election.village,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The election of %(name)s is void; their seat on the roster has ended."
                )
                % {"name": candidate.person.name},
            )
            return redirect(election)
    return render(
        request,
        "elections/election_form.html",
        {
            "form": form,
            "village": election.village,
            "election": election,
            "title": _("Election void (当选无效)"),
            "cancel_url": election.get_absolute_url(),
            "danger": True,
        },
    )

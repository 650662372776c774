"""Proxy votes (委托投票, V9) and polling stations (投票站, 流动票箱, V7) of a 村委会 election.

Readers of elections read them (a guide only for their villages: 404
otherwise); the office and the village's guide change them (403 otherwise).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import history_entries
from core.concurrency import VERSION_FIELD, save_versioned

from ..choices import CountStatus
from ..forms import apply_errors
from ..forms_polling import ProxyChangeForm, ProxyForm, ProxyPublishForm, StationForm
from ..models import PollingStation, ProxyVote, VoterRegister
from ..rules.base import date_text
from ..services import polling
from .common import can_edit
from .register import _vc_election

PAGE_SIZE = 50


def _data(form) -> dict:
    """The form's values without its version field (the services take the fields)."""
    return {k: v for k, v in form.cleaned_data.items() if k != VERSION_FIELD}


def _register(election) -> VoterRegister | None:
    return VoterRegister.objects.filter(election=election).first()


def proxy_rows(register, q: str = ""):
    """Return the proxy votes of a register, searched (one query per page)."""
    queryset = ProxyVote.objects.filter(register=register).select_related(
        "voter", "proxy"
    )
    q = (q or "").strip()
    if q:
        condition = Q(voter__name__icontains=q) | Q(proxy__name__icontains=q)
        if q.isdigit() or (q[:-1].isdigit() and q[-1:] in "xX"):
            condition |= Q(voter__id_number__endswith=q.upper()) | Q(
                proxy__id_number__endswith=q.upper()
            )
        queryset = queryset.filter(condition)
    return queryset.order_by("proxy__name", "proxy_id", "voter__name", "pk")


def proxies(request, pk):
    """List the proxy votes of an election with the V9 limits of its rule set."""
    election = _vc_election(request, pk)
    reg = _register(election)
    q = (request.GET.get("q") or "").strip()
    rows = proxy_rows(reg, q) if reg is not None else ProxyVote.objects.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    limits = polling.proxy_limits(election)
    total = ProxyVote.objects.filter(register=reg).count() if reg is not None else 0
    return render(
        request,
        "elections/polling/proxies.html",
        {
            "election": election,
            "register": reg,
            "page_obj": page,
            "paginator": page.paginator,
            "rows": page.object_list,
            "is_paginated": page.has_other_pages(),
            "querystring": query.urlencode(),
            "q": q,
            "total": total,
            "limits": limits,
            "deadline": polling.proxy_deadline(election, limits),
            "can_edit": can_edit(request, election.village)
            and election.status == CountStatus.PLANNED,
            "history": history_entries(reg) if reg is not None else [],
        },
    )


def _form_page(request, election, form, title, *, lead="", back="proxies", **extra):
    return render(
        request,
        "elections/polling/form.html",
        {
            "election": election,
            "form": form,
            "title": title,
            "lead": lead,
            "back": back,
            **extra,
        },
    )


def _limits_lead(election) -> str:
    limits = polling.proxy_limits(election)
    parts = [
        _("At most %(max)s voters per proxy.") % {"max": limits.max_per_proxy},
        _("Authorisations dated %(deadline)s at the latest.")
        % {"deadline": date_text(polling.proxy_deadline(election, limits))},
    ]
    if limits.near_relative:
        parts.append(_("The proxy must be a near relative of the voter."))
    return " ".join(parts)


def proxy_add(request, pk):
    """Record a written proxy authorisation (every V9 check; nothing on refusal)."""
    election = _vc_election(request, pk, edit=True)
    form = ProxyForm(
        request.POST or None,
        initial={
            "authorised_on": min(timezone.localdate(), polling.proxy_deadline(election))
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            vote = polling.proxy_record(
                election=election, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(proxy)s votes for %(voter)s.")
                % {"proxy": vote.proxy.name, "voter": vote.voter.name},
            )
            return redirect("elections:proxies", pk=election.pk)
    return _form_page(
        request,
        election,
        form,
        _("Record a proxy vote"),
        lead=_limits_lead(election),
    )


def _vote(request, election, proxy_pk) -> ProxyVote:
    return get_object_or_404(
        ProxyVote.objects.visible_to(request.user).select_related("voter", "proxy"),
        pk=proxy_pk,
        register__election=election,
    )


def proxy_edit(request, pk, proxy_pk):
    """Correct a proxy vote's relation, date or note (refused if changed meanwhile)."""
    election = _vc_election(request, pk, edit=True)
    vote = _vote(request, election, proxy_pk)
    form = ProxyChangeForm(
        request.POST or None,
        initial={
            "relation": vote.relation,
            "authorised_on": vote.authorised_on,
            "note": vote.note,
        },
        versioned=vote,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = save_versioned(
                form,
                lambda: polling.proxy_change(vote=vote, by=request.user, **_data(form)),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            saved = None
        if saved is not None:
            messages.success(request, _("The proxy vote is corrected."))
            return redirect("elections:proxies", pk=election.pk)
    return _form_page(
        request,
        election,
        form,
        _("%(proxy)s for %(voter)s")
        % {"proxy": vote.proxy.name, "voter": vote.voter.name},
        lead=_limits_lead(election),
        history=history_entries(vote),
    )


def proxy_revoke(request, pk, proxy_pk):
    """Withdraw a proxy authorisation after confirmation (the history keeps it)."""
    election = _vc_election(request, pk, edit=True)
    vote = _vote(request, election, proxy_pk)
    if request.method == "POST":
        try:
            polling.proxy_revoke(vote=vote, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("The authorisation of %(voter)s is withdrawn.")
                % {"voter": vote.voter.name},
            )
        return redirect("elections:proxies", pk=election.pk)
    return render(
        request,
        "includes/confirm_delete.html",
        {"object": vote, "cancel_url": vote.get_absolute_url()},
    )


def proxy_publish(request, pk):
    """Record the publication of the list of voters and proxies."""
    election = _vc_election(request, pk, edit=True)
    form = ProxyPublishForm(
        request.POST or None, initial={"published_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            polling.proxy_publish(
                election=election, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The publication of the proxy list is recorded.")
            )
            return redirect("elections:proxies", pk=election.pk)
    return _form_page(
        request,
        election,
        form,
        _("Publish the proxy list"),
        lead=_(
            "The list of voters and their proxies is published before election day."
        ),
    )


def proxy_print(request, pk):
    """委托投票公告: the published list on A4 (voter, proxy, relation)."""
    election = _vc_election(request, pk)
    reg = _register(election)
    rows = list(proxy_rows(reg)) if reg is not None else []
    return render(
        request,
        "elections/polling/proxies_print.html",
        {"election": election, "register": reg, "rows": rows},
    )


# --- polling stations -------------------------------------------------------------------


def stations(request, pk):
    """The election's polling stations and mobile boxes, their ballots and the sums."""
    election = _vc_election(request, pk)
    rows = list(PollingStation.objects.filter(election=election))
    totals = polling.station_totals(election) if rows else None
    return render(
        request,
        "elections/polling/stations.html",
        {
            "election": election,
            "stations": rows,
            "totals": totals,
            "can_edit": can_edit(request, election.village)
            and election.status != CountStatus.APPLIED,
        },
    )


def _station_save(request, election, form, station=None):
    def save():
        return polling.station_save(
            election=election, by=request.user, station=station, **_data(form)
        )

    try:
        return save_versioned(form, save) if station is not None else save()
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


def _station_saved(request, election):
    messages.success(request, _("The polling station is saved."))
    if election.status == CountStatus.COUNTED:
        messages.warning(
            request,
            _(
                "The election was already counted: enter the count again to use the new sums."
            ),
        )
    return redirect("elections:stations", pk=election.pk)


def station_add(request, pk):
    """Set up a polling station or mobile box."""
    election = _vc_election(request, pk, edit=True)
    if election.status == CountStatus.APPLIED:
        raise Http404
    form = StationForm(request.POST or None, initial={"supervisors": 3})
    if (
        request.method == "POST"
        and form.is_valid()
        and _station_save(request, election, form) is not None
    ):
        return _station_saved(request, election)
    return _form_page(
        request, election, form, _("Add a polling station"), back="stations"
    )


def station_edit(request, pk, station_pk):
    """Correct a station or enter its ballots (refused if changed meanwhile)."""
    election = _vc_election(request, pk, edit=True)
    station = get_object_or_404(
        PollingStation.objects.visible_to(request.user),
        pk=station_pk,
        election=election,
    )
    form = StationForm(
        request.POST or None,
        initial={
            name: getattr(station, name)
            for name in (
                "name",
                "kind",
                "supervisors",
                "ballots_issued",
                "ballots_returned",
                "note",
            )
        },
        versioned=station,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _station_save(request, election, form, station) is not None
    ):
        return _station_saved(request, election)
    return _form_page(
        request,
        election,
        form,
        station.name,
        back="stations",
        history=history_entries(station),
    )


def station_delete(request, pk, station_pk):
    """Delete a station set up in error, after confirmation."""
    election = _vc_election(request, pk, edit=True)
    station = get_object_or_404(
        PollingStation.objects.visible_to(request.user),
        pk=station_pk,
        election=election,
    )
    if request.method == "POST":
        try:
            polling.station_delete(station=station, by=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The polling station is deleted."))
        return redirect("elections:stations", pk=election.pk)
    return render(
        request,
        "includes/confirm_delete.html",
        {"object": station, "cancel_url": station.get_absolute_url()},
    )

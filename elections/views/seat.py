"""The women's seat (妇女委员另行选举) and candidates' withdrawals (候选人退出).

A guide records for their own group's villages, the office for every village;
others read (404 outside their scope, 403 for a visible row they may not
change).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import Nomination
from core.concurrency import ALREADY_CREATED

from ..choices import ElectionKind
from ..forms import apply_errors
from ..forms_seat import WithdrawalForm, WomenSeatForm
from ..models import CandidateWithdrawal, ElectionCandidate
from ..rules import withdrawal_deadline
from ..rules.base import date_text
from ..services.elections import election_followup
from ..services.withdrawals import (
    candidate_withdraw,
    replacement_choices,
    withdrawal_election,
)
from .common import can_edit, editable_election, require_reader


def women_seat_new(request, pk):
    """Set up the separate vote for the women's seat of a committee flagged 缺妇女成员."""
    parent = editable_election(request, pk)
    root = parent
    while root.parent_id:
        root = root.parent
    if not root.women_missing:
        messages.info(
            request, _("The committee has a woman member: no vote is needed.")
        )
        return redirect(parent)
    chain_women = (
        ElectionCandidate.objects.filter(
            election__round_id=root.round_id,
            election__village_id=root.village_id,
            election__body=root.body,
            person__gender="female",
        )
        .exclude(result="elected")
        .values_list("person_id", flat=True)
    )
    form = WomenSeatForm(
        request.POST or None,
        village=parent.village,
        initial={"candidates": list(chain_women), "held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vote = election_followup(
                election=parent,
                kind=ElectionKind.WOMEN_SEAT,
                held_on=data["held_on"],
                by=request.user,
                candidate_ids=[p.pk for p in data["candidates"]],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(kind)s set up.") % {"kind": vote.get_kind_display()}
            )
            return redirect(vote)
    return render(
        request,
        "elections/election_form.html",
        {
            "form": form,
            "village": parent.village,
            "election": parent,
            "title": ElectionKind.WOMEN_SEAT.label,
            "cancel_url": parent.get_absolute_url(),
        },
    )


def withdrawal_new(request, nomination_pk):
    """Record a formal VC candidate's written withdrawal (and the 递补)."""
    require_reader(request)
    nomination = get_object_or_404(
        Nomination.objects.visible_to(request.user).select_related(
            "person", "village__township", "round"
        ),
        pk=nomination_pk,
    )
    if not can_edit(request, nomination.village):
        raise PermissionDenied
    back = reverse(
        "candidates:formal_list", args=[nomination.village_id, nomination.body]
    )
    done = CandidateWithdrawal.objects.filter(nomination=nomination).first()
    if done is not None:
        # A double submit, or a colleague recorded it first: show the record.
        messages.info(
            request,
            ALREADY_CREATED % {"object": done, "user": done.recorded_by.display_name},
        )
        return redirect(back)
    choices = replacement_choices(nomination)
    form = WithdrawalForm(
        request.POST or None,
        choices=choices,
        initial={"received_on": timezone.localdate()},
    )
    election = withdrawal_election(nomination)
    if election is not None:
        deadline = withdrawal_deadline(
            election_day=election.held_on, rules=election.round.rules
        )
        form.fields["received_on"].help_text = _(
            "Election day %(day)s: the statement must be received by %(deadline)s."
        ) % {"day": date_text(election.held_on), "deadline": date_text(deadline)}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            withdrawal = candidate_withdraw(
                nomination=nomination,
                received_on=data["received_on"],
                statement_received=data["statement_received"],
                reason=data["reason"],
                replacement=data.get("replacement"),
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The withdrawal of %(name)s is recorded and announced on the list.")
                % {"name": nomination.person.name},
            )
            if withdrawal.margin_short:
                messages.warning(request, withdrawal.margin_note)
            return redirect(back)
    return render(
        request,
        "elections/election_form.html",
        {
            "form": form,
            "village": nomination.village,
            "election": election,
            "title": _("Withdrawal of %(name)s (候选人退出)")
            % {"name": nomination.person.name},
            "cancel_url": back,
        },
    )

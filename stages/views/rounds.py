"""Rounds: list, detail, create, edit, start, close; election days; rules; the 任务表."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import history_entries
from core.scope import get_scope
from villages.models import Township

from .. import selectors, services
from ..choices import RoundStatus
from ..forms import ElectionDaysForm, ElectionDaysFormSet, RoundForm
from ..models import RuleBook, RuleSet, Stage, TaskTemplate, VillageElection
from ..rule_sets import default_rule_set
from ..timetable import offset_of
from .common import require_manager, require_reader, visible_round, visible_village


def round_list(request):
    """List the rounds the user may see."""
    require_reader(request)
    return render(
        request,
        "stages/round_list.html",
        {
            "rounds": selectors.rounds_visible(user=request.user),
            "can_manage": get_scope(request.user).can_manage,
        },
    )


def round_detail(request, pk: int):
    """Show a round: dates, rules in force, each village's election days, progress."""
    require_reader(request)
    round = visible_round(request, pk)
    elections = list(
        VillageElection.objects.visible_to(request.user)
        .filter(round=round)
        .select_related("village")
        .order_by("village__code")
    )
    today = timezone.localdate()
    return render(
        request,
        "stages/round_detail.html",
        {
            "round": round,
            "elections": elections,
            "rules": round.rules.all(),
            "progress": selectors.round_progress(
                round=round, user=request.user, today=today
            ),
            "can_manage": get_scope(request.user).can_manage,
            "history": history_entries(round),
            "fallback_years": selectors.fallback_years_for(round, elections),
            "today": today,
        },
    )


def _round_form_page(request, form, *, title, round=None):
    return render(
        request,
        "stages/form.html",
        {
            "form": form,
            "title": title,
            "round": round,
            "cancel_url": round.get_absolute_url() if round else "",
        },
    )


def round_create(request):
    """Create a round in preparation for the user's township."""
    require_manager(request)
    township = get_object_or_404(
        Township.objects.visible_to(request.user), pk=request.user.township_id
    )
    if request.method == "POST":
        form = RoundForm(request.POST, instance=None)
        form.instance.township = township
        if form.is_valid():
            try:
                round = services.round_create(
                    township=township,
                    name=form.cleaned_data["name"],
                    start_date=form.cleaned_data["start_date"],
                    target_end_date=form.cleaned_data["target_end_date"],
                    rule_set=form.cleaned_data["rule_set"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(
                    request,
                    _(
                        "Round “%(name)s” created. Enter each village's election days next."
                    )
                    % {"name": round.name},
                )
                return redirect("stages:election_days", pk=round.pk)
    else:
        form = RoundForm(initial={"rule_set": default_rule_set()})
    return _round_form_page(request, form, title=_("New election round"))


def round_edit(request, pk: int):
    """Edit a round's name, dates or rule set; open deadlines are recomputed."""
    require_manager(request)
    round = visible_round(request, pk)
    if request.method == "POST":
        form = RoundForm(request.POST, instance=round)
        if form.is_valid():
            try:
                moves = services.round_update(
                    round=round,
                    name=form.cleaned_data["name"],
                    start_date=form.cleaned_data["start_date"],
                    target_end_date=form.cleaned_data["target_end_date"],
                    rule_set=form.cleaned_data["rule_set"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(
                    request,
                    _("Round saved; %(count)s open deadlines were recomputed.")
                    % {"count": len(moves)},
                )
                return redirect(round.get_absolute_url())
    else:
        form = RoundForm(instance=round)
    return _round_form_page(request, form, title=_("Edit round"), round=round)


@require_POST
def round_start(request, pk: int):
    """Start a round: create every village's tasks (confirmed with data-confirm)."""
    require_manager(request)
    round = visible_round(request, pk)
    try:
        count = services.round_start(round=round, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Round started: %(count)s tasks created.") % {"count": count}
        )
    return redirect(round.get_absolute_url())


@require_POST
def round_close(request, pk: int):
    """Close a round (confirmed with data-confirm)."""
    require_manager(request)
    round = visible_round(request, pk)
    try:
        services.round_close(round=round, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Round closed; its tasks are now read-only."))
    return redirect(round.get_absolute_url())


def election_days(request, pk: int):
    """Enter every village's election days on one page (all or nothing)."""
    require_manager(request)
    round = visible_round(request, pk)
    if round.status != RoundStatus.DRAFT:
        # Once tasks exist, each move goes through its preview (election_move).
        messages.info(
            request,
            _(
                "The round is under way: move a village's election days with “Move” below."
            ),
        )
        return redirect(round.get_absolute_url())
    elections = list(
        VillageElection.objects.visible_to(request.user)
        .filter(round=round)
        .select_related("village")
        .order_by("village__code")
    )
    by_id = {e.pk: e for e in elections}
    if request.method == "POST":
        formset = ElectionDaysFormSet(request.POST)
        if formset.is_valid():
            rows = []
            for form in formset:
                election = by_id.get(form.cleaned_data.get("election_id"))
                if election is None:
                    continue
                rows.append(
                    (
                        election,
                        form.cleaned_data.get("party_election_date"),
                        form.cleaned_data.get("vc_election_date"),
                    )
                )
            try:
                changed = services.election_days_bulk_set(
                    round=round, rows=rows, by=request.user
                )
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    _("Election days saved for %(count)s villages.")
                    % {"count": changed},
                )
                return redirect(round.get_absolute_url())
    else:
        formset = ElectionDaysFormSet(
            initial=[
                {
                    "election_id": e.pk,
                    "party_election_date": e.party_election_date,
                    "vc_election_date": e.vc_election_date,
                }
                for e in elections
            ]
        )
    rows = list(zip(elections, formset.forms, strict=False))
    return render(
        request,
        "stages/election_days.html",
        {"round": round, "formset": formset, "rows": rows},
    )


def election_move(request, pk: int, village_pk: int):
    """Move a village's election days: preview which deadlines move, then confirm."""
    require_manager(request)
    round = visible_round(request, pk)
    village = visible_village(request, round, village_pk)
    election = get_object_or_404(VillageElection, round=round, village=village)
    moves = None
    if request.method == "POST":
        form = ElectionDaysForm(request.POST)
        if form.is_valid():
            party = form.cleaned_data["party_election_date"]
            vc = form.cleaned_data["vc_election_date"]
            try:
                if "confirm" in request.POST:
                    applied = services.election_days_set(
                        election=election,
                        party_election_date=party,
                        vc_election_date=vc,
                        by=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                    messages.success(
                        request,
                        _(
                            "Election days of %(village)s moved; %(count)s open deadlines recomputed."
                        )
                        % {"village": village.name, "count": len(applied)},
                    )
                    return redirect(
                        "stages:village_timeline", pk=round.pk, village_pk=village.pk
                    )
                moves = services.election_days_preview(
                    election=election, party_election_date=party, vc_election_date=vc
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc.messages)
    else:
        form = ElectionDaysForm(
            initial={
                "party_election_date": election.party_election_date,
                "vc_election_date": election.vc_election_date,
            }
        )
    return render(
        request,
        "stages/election_move.html",
        {
            "round": round,
            "village": village,
            "election": election,
            "form": form,
            "moves": moves,
        },
    )


def ruleset_detail(request, pk: int):
    """Show a rule set with each number's legal basis."""
    require_reader(request)
    rule_set = get_object_or_404(RuleSet.objects.visible_to(request.user), pk=pk)
    return render(
        request,
        "stages/ruleset_detail.html",
        {
            "rule_set": rule_set,
            "rules": rule_set.book().all(),
            "history": history_entries(rule_set),
        },
    )


def _templates(rules: RuleBook | None = None) -> list[TaskTemplate]:
    """Return the active templates in order; ``rule_days`` holds a rule-based day count.

    A template whose deadline is "N days before the election" with N taken from
    the rule set shows the number of that rule set (one query for the rules).
    """
    templates = list(
        TaskTemplate.objects.filter(is_active=True)
        .select_related("stage")
        .prefetch_related("prerequisites")
        .order_by("stage__order", "order", "pk")
    )
    for template in templates:
        template.rule_days = None
        if template.offset_rule and rules is not None and template.offset_rule in rules:
            template.rule_days = abs(offset_of(template, rules))
    return templates


def _user_rules(user) -> RuleBook | None:
    """Return the rules of the user's current round, else of the newest rule set."""
    round = selectors.current_round(user.township_id)
    if round is not None:
        return round.rules
    rule_set = RuleSet.objects.first()
    return rule_set.book() if rule_set is not None else None


def stage_list(request):
    """Show the six stages and the 任务表 (task templates) in order."""
    require_reader(request)
    return render(
        request,
        "stages/stage_list.html",
        {
            "stages": Stage.objects.order_by("order"),
            "templates": _templates(_user_rules(request.user)),
        },
    )


def template_detail(request, pk: int):
    """Show a task template and its 提示单."""
    require_reader(request)
    template = get_object_or_404(
        TaskTemplate.objects.select_related("stage").prefetch_related("prerequisites"),
        pk=pk,
    )
    rules = _user_rules(request.user)
    template.rule_days = None
    if template.offset_rule and rules is not None and template.offset_rule in rules:
        template.rule_days = abs(offset_of(template, rules))
    return render(
        request,
        "stages/template_detail.html",
        {"template": template, "history": history_entries(template)},
    )


def township_print(request, pk: int):
    """Print the township 任务表 of a round: the steps and every village's election days."""
    require_reader(request)
    round = visible_round(request, pk)
    elections = list(
        VillageElection.objects.visible_to(request.user)
        .filter(round=round)
        .select_related("village")
        .order_by("village__code")
    )
    return render(
        request,
        "stages/print_township.html",
        {
            "round": round,
            "templates": _templates(round.rules),
            "elections": elections,
            "status_draft": round.status == RoundStatus.DRAFT,
        },
    )

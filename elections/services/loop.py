"""Results close the loop (SPEC §3.6a): a counted election updates its timetable tasks.

A valid count completes the step of the 任务表 it is the evidence of (召开选举大会,
另行选举, 党员大会, 书记副书记, 村务监督委员会推选) with the result written on the
task and a link to the election; a first VC vote that filled every seat marks the
另行选举 step “not applicable”. An invalid count leaves the step open and records
the reason on it. A step the timetable refuses to close (a prerequisite not done,
a late completion that needs its reason) is left as it was and the reason is
returned for the page to show; the count itself stands.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..choices import Body, CountStatus, ElectionKind, Post
from ..rules.base import date_text

# (committee, kind of vote) → the template code of the step it completes.
STEPS = {
    (Body.VILLAGERS_COMMITTEE, ElectionKind.REGULAR): "vc-election",
    (Body.VILLAGERS_COMMITTEE, ElectionKind.RUNOFF): "vc-runoff",
    # The women's seat is a 另行选举 (浙江 第二十九条: the ballot keeps a women's post).
    (Body.VILLAGERS_COMMITTEE, ElectionKind.WOMEN_SEAT): "vc-runoff",
    (Body.PARTY_COMMITTEE, ElectionKind.REGULAR): "party-assembly",
    (Body.PARTY_COMMITTEE, ElectionKind.POSTS): "party-secretary",
    (Body.SUPERVISION_COMMITTEE, ElectionKind.REGULAR): "sup-election",
}
# With every seat filled at the first VC vote, no 另行选举 is needed — unless
# no woman was elected: then the 另行选举 step stays open for the women's seat.
RUNOFF_STEP = "vc-runoff"
WOMEN_MISSING_NOTE = gettext_lazy(
    "No woman was elected: the committee is flagged until a separate vote fills the "
    "women's seat (V1)."
)


def _result_text(election) -> str:
    elected = [
        f"{c.person.name}（{c.get_post_display()}）"
        for c in election.candidates.filter(result="elected").select_related("person")
    ]
    parts = [
        _("Counted on %(date)s: the vote is valid.")
        % {"date": date_text(election.held_on)},
        _("Elected: %(names)s.") % {"names": "、".join(elected) or "—"},
    ]
    if election.shortfall:
        parts.append(
            _("Seats left for a separate election: %(seats)s.")
            % {
                "seats": "、".join(
                    f"{Post(post).label if post in Post.values else post} {count}"
                    for post, count in election.shortfall.items()
                )
            }
        )
    if _women_missing(election):
        parts.append(WOMEN_MISSING_NOTE)
    parts.append(_("Result: %(url)s") % {"url": election.get_absolute_url()})
    return " ".join(str(p) for p in parts)


def _women_missing(election) -> bool:
    """Whether the committee these votes elect still has no woman (V1, 第六条)."""
    from ..models import Election

    node = election
    while node.parent_id:
        node = node.parent
    if node.body != Body.VILLAGERS_COMMITTEE:
        return False
    # Read afresh: the count has just set or cleared the flag on the stored row.
    return Election.objects.filter(pk=node.pk, women_missing=True).exists()


def _reason_text(election) -> str:
    failed = [f["message"] for f in election.findings or [] if not f.get("passed")]
    return str(
        _("Counted on %(date)s: the vote is invalid — %(reasons)s Result: %(url)s")
        % {
            "date": date_text(election.held_on),
            "reasons": " ".join(failed) or "—",
            "url": election.get_absolute_url(),
        }
    )


def close_the_loop(election, *, by) -> list[str]:
    """Update the timetable tasks after a count; return what could not be updated."""
    from stages.choices import TaskStatus
    from stages.models import VillageTask
    from stages.services.progress import task_update

    if election.status != CountStatus.COUNTED:
        return []
    code = STEPS.get((election.body, election.kind))
    if code is None:
        return []
    codes = [code]
    filled = election.valid and not election.shortfall
    women_missing = bool(election.valid) and _women_missing(election)
    filled = filled and not women_missing
    if code == "vc-election" and filled:
        codes.append(RUNOFF_STEP)
    tasks = {
        t.template.code: t
        for t in VillageTask.objects.filter(
            round_id=election.round_id,
            village_id=election.village_id,
            template__code__in=codes,
        ).select_related("template")
    }
    today = max(election.held_on, timezone.localdate())
    notes = []
    for step in codes:
        task = tasks.get(step)
        if task is None:
            continue
        if not election.valid:
            if task.status in (TaskStatus.DONE, TaskStatus.NOT_APPLICABLE):
                continue
            status, on, note = task.status, None, _reason_text(election)
        elif step == RUNOFF_STEP and women_missing:
            # A 另行选举 or women's-seat vote that elected no woman: the step stays open.
            if task.status in (TaskStatus.DONE, TaskStatus.NOT_APPLICABLE):
                status, on = TaskStatus.IN_PROGRESS, None
            else:
                status, on = task.status, None
            note = _result_text(election)
        elif step == code:
            status, on, note = TaskStatus.DONE, election.held_on, _result_text(election)
        elif task.status in (TaskStatus.DONE, TaskStatus.NOT_APPLICABLE):
            continue
        else:
            status, on = TaskStatus.NOT_APPLICABLE, None
            note = _("Every seat was filled at the first vote: no separate election.")
        try:
            with transaction.atomic():
                task_update(
                    task=task,
                    status=status,
                    completed_on=on,
                    note=str(note),
                    by=by,
                    today=today,
                )
        except ValidationError as exc:
            notes.append(
                _("The task “%(task)s” was not updated: %(reason)s")
                % {"task": task.title, "reason": "；".join(exc.messages)}
            )
    return notes

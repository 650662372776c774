"""Demo inspection notes: the supervision group's findings in three lagging villages."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from core.models import User
from stages.dashboards import lagging_villages
from stages.selectors import current_round

from .choices import NoteStatus, NoteSubject
from .models import InspectionNote

# (finding, requirement, deadline offset in days, closed, subject)
NOTES = (
    (
        "候选人初步人选公示栏未张贴在村民集中居住点，群众反映不知晓公示内容。",
        "在村委会和各自然庄集中居住点补贴公示，拍照留存；公示期重新计算。",
        -2,
        False,
        NoteSubject.VC,
    ),
    (
        "党员大会推荐会议记录不完整，缺少监票人签字。",
        "补齐会议记录和监票人签字，报镇组织办审核。",
        2,
        False,
        NoteSubject.PARTY,
    ),
    (
        "换届纪律“十个严禁”宣传板未在村部醒目位置设置。",
        "在村部和党群服务中心设置宣传板，发放提醒卡到户。",
        -10,
        True,
        NoteSubject.VILLAGE,
    ),
)


def seed(*, township, stdout=None):
    """Write the demo notes once (idempotent: skipped when the township has notes)."""
    if township is None:
        return
    if InspectionNote.objects.filter(village__township=township).exists():
        if stdout:
            stdout.write(
                "supervision: inspection notes already exist; left as they are."
            )
        return
    inspector = User.objects.filter(username="inspector").first()
    round = current_round(township)
    if inspector is None or round is None:
        return
    today = timezone.localdate()
    ranked = lagging_villages(round=round, user=inspector, today=today, per_page=3)
    for row, (finding, requirement, offset, closed, subject) in zip(
        ranked.rows, NOTES, strict=False
    ):
        task = row.village.tasks.filter(round=round).order_by("due_date").first()
        note = InspectionNote(
            village=row.village,
            round=round,
            task=task if subject == NoteSubject.VILLAGE else None,
            subject=subject,
            finding=finding,
            requirement=requirement,
            deadline=today + timedelta(days=offset),
            created_by=inspector,
            created_at=timezone.now() - timedelta(days=7),
        )
        if closed:
            note.status = NoteStatus.CLOSED
            note.closed_on = today - timedelta(days=1)
            note.closed_by = inspector
            note.follow_up = "已现场复核，宣传板已设置，提醒卡已发放到户。"
        note.full_clean()
        note.save()
    if stdout:
        stdout.write("supervision: 3 inspection notes written.")
    return

"""Import a voter register from a spreadsheet through the roster's import engine.

The file is read by ``villages.importing`` (type and size checks, the
hostile-workbook guard, python-calamine, title rows above the header, header
aliases, full-width characters): only the columns differ, given as a
:class:`~villages.importing.reader.SheetSpec`. Each row is checked like a voter
added on the page (``register.check_voter``); errors read ``第12行 身份证号码：…``
with the spreadsheet's own row numbers. A file with any error writes nothing;
a dry run (the preview) says what would be new, updated and unchanged, and
importing the same file again changes nothing.

Large files run as the roster's import jobs (``villages.models.ImportJob`` of
kind register, the election as ``target_id``): the same Celery worker and
``imports`` queue, heartbeat, recovery and retry; :func:`run_import_job` is
the step the job runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from villages.importing import detect_format
from villages.importing import messages as roster_msg
from villages.importing.columns import ALIASES as ROSTER_ALIASES
from villages.importing.engine import PROGRESS_EVERY, RowError, VillageIndex
from villages.importing.reader import ImportFileError, SheetSpec, max_rows, open_sheet
from villages.importing.values import CellError, clean_name, clean_text, fold, squash
from villages.models import Person

from ..choices import VoterAddReason, VoterCategory
from ..models import Election, Voter
from .register import _require_edit, _require_vc, check_voter, register_for

__all__ = [
    "VOTER_SPEC",
    "RegisterImportReport",
    "import_register_file",
    "run_import_job",
]

HEADERS = {
    "seq": "序号",
    "name": "姓名",
    "id_number": "身份证号码",
    "village": "所在村",
    "category": "登记类别",
    "group": "村民小组",
}
_OWN_ALIASES = {
    "name": ("选民姓名", "选民名单"),
    "category": ("类别", "选民类别", "登记类型", "参选类型", "类型", "选民类型"),
    "group": ("组别", "小组", "所在组", "村民组", "所在村民小组", "组"),
}


def _aliases() -> dict[str, str]:
    from villages.importing.values import header_key

    aliases = {
        text: key
        for text, key in ROSTER_ALIASES.items()
        if key in ("seq", "name", "id_number", "village")
    }
    for key, texts in _OWN_ALIASES.items():
        for text in texts:
            aliases[header_key(text)] = key
    for key, text in HEADERS.items():
        aliases[header_key(text)] = key
    return aliases


VOTER_SPEC = SheetSpec(
    aliases=_aliases(),
    headers=HEADERS,
    required=("name", "id_number", "category"),
    identifying=("name", "id_number"),
    min_columns=3,
)

CATEGORY_UNKNOWN = gettext_lazy(
    "Unknown category “%(value)s”. Write 1, 2 or 3, or: %(allowed)s."
)
DUPLICATE_ROW = gettext_lazy(
    "The same ID number is already in row %(row)s. Delete one of the two rows."
)
OTHER_VILLAGE = gettext_lazy(
    "This row belongs to %(village)s, but the register is that of %(election)s. "
    "Import each village's voters into its own election."
)

# Words clerks write for the three categories of 第十三条 (after removing spaces).
_CATEGORY_WORDS = (
    (VoterCategory.NEWCOMER, ("3", "三", "第三类", "户籍不在本村", "外来", "寄居")),
    (VoterCategory.ABSENT, ("2", "二", "第二类", "不在本村居住", "外出", "人户分离")),
    (VoterCategory.RESIDENT, ("1", "一", "第一类", "户籍在本村并", "本村居住", "在村")),
)


def clean_category(value) -> str:
    text = squash(value)
    if not text:
        raise CellError(_(roster_msg.REQUIRED))
    text = text.removeprefix("第").removesuffix("类")
    for category, words in _CATEGORY_WORDS:
        if text in words or any(len(word) > 2 and word in text for word in words):
            return category
    for category, label in VoterCategory.choices:
        if squash(str(label)) == text:
            return category
    raise CellError(
        CATEGORY_UNKNOWN
        % {
            "value": fold(value),
            "allowed": "；".join(str(label) for label in VoterCategory.labels),
        }
    )


@dataclass
class RegisterImportReport:
    """What a register import found and did (the preview shows it)."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    row_plans: list[dict] = field(default_factory=list)  # none kept (job page)
    written: bool = False
    sheet: str = ""
    header_row: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_json(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [error.as_dict() for error in self.errors],
        }


@dataclass
class _Row:
    row: int
    name: str
    id_number: str
    category: str
    group: str
    person: Person | None


def import_register_file(
    path: str | Path,
    *,
    election: Election,
    by,
    name: str | None = None,
    dry_run: bool = True,
    added_on: date | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    time_limit: float | None = None,
) -> RegisterImportReport:
    """Check a voter register file and, without errors and unless a dry run, write it.

    ``progress(done, total, phase)`` is called while rows are checked and
    before the write (an import job's heartbeat); past ``time_limit`` seconds
    the check stops with the roster's Chinese time-limit message.
    """
    _require_vc(election)
    _require_edit(by, election)
    report = RegisterImportReport()
    progress = progress or (lambda done, total, phase: None)
    deadline = time.monotonic() + time_limit if time_limit else None
    try:
        fmt = detect_format(path, name)
        opened = open_sheet(path, fmt, VOTER_SPEC)
    except ImportFileError as exc:
        report.errors.append(RowError(exc.row, exc.column, exc.message))
        return report
    try:
        layout = opened.layout
        report.sheet, report.header_row = layout.sheet, layout.header_row
        if layout.ignored:
            report.warnings.append(
                _(roster_msg.IGNORED_COLUMNS) % {"columns": "、".join(layout.ignored)}
            )
        rows = _parse(
            election,
            layout,
            opened.rows,
            report,
            progress=progress,
            deadline=deadline,
            time_limit=time_limit,
            estimate=getattr(opened, "estimated_rows", 0),
        )
    except ImportFileError as exc:
        report.errors.append(RowError(exc.row, exc.column, exc.message))
        return report
    finally:
        opened.close()
    if report.rows == 0 and not report.errors:
        report.errors.append(RowError(layout.header_row, "", _(roster_msg.NO_ROWS)))
    if report.errors:
        report.errors.sort(key=lambda e: (e.row, e.column))
        return report
    with transaction.atomic():
        register = register_for(election)
        existing = {
            voter.id_number: voter
            for voter in Voter.objects.select_for_update().filter(register=register)
        }
        create, update = [], []
        for row in rows:
            voter = existing.get(row.id_number)
            if voter is None:
                create.append(
                    Voter(
                        register=register,
                        person=row.person,
                        name=row.name,
                        id_number=row.id_number,
                        category=row.category,
                        group=row.group,
                        added_on=added_on or timezone.localdate(),
                        added_reason=VoterAddReason.REGISTRATION,
                    )
                )
                continue
            same = (
                voter.removed_on is None
                and voter.name == row.name
                and voter.category == row.category
                and voter.group == row.group
                and voter.person_id == (row.person.pk if row.person else None)
            )
            if same:
                report.unchanged += 1
                continue
            voter.person, voter.name = row.person, row.name
            voter.category, voter.group = row.category, row.group
            if voter.removed_on is not None:
                voter.removed_on, voter.removed_reason = None, ""
                voter.added_on = added_on or timezone.localdate()
            update.append(voter)
        report.created, report.updated = len(create), len(update)
        if not dry_run:
            progress(report.rows, report.rows, "writing")
            if create:
                bulk_create_with_history(
                    create, Voter, batch_size=1000, default_user=by
                )
            if update:
                bulk_update_with_history(
                    update,
                    Voter,
                    [
                        "person",
                        "name",
                        "category",
                        "group",
                        "removed_on",
                        "removed_reason",
                        "added_on",
                    ],
                    batch_size=1000,
                    default_user=by,
                )
            report.written = True
        else:
            transaction.set_rollback(True)  # the preview never keeps the empty register
    return report


def run_import_job(job, *, user, dry_run, progress, time_limit) -> RegisterImportReport:
    """Check or write the file of a register import job (see ``ImportJob.kind``)."""
    election = Election.objects.select_related("village__township").get(
        pk=job.target_id
    )
    return import_register_file(
        job.file.path,
        election=election,
        by=user,
        name=job.original_name,
        dry_run=dry_run,
        progress=progress,
        time_limit=time_limit,
    )


def _parse(
    election,
    layout,
    numbered_rows,
    report,
    *,
    progress=None,
    deadline=None,
    time_limit=None,
    estimate=0,
) -> list[_Row]:
    index = layout.index
    headers = {key: layout.headers.get(key, HEADERS[key]) for key in HEADERS}
    villages = VillageIndex(election.village.township) if "village" in index else None
    limit = max_rows()
    raw: list[tuple[int, tuple]] = []
    for row_number, values in numbered_rows:
        cells = [fold(v) for i, v in enumerate(values) if i != index.get("seq")]
        if not any(cells):
            continue
        report.rows += 1
        if report.rows > limit:
            raise ImportFileError(_(roster_msg.TOO_MANY_ROWS) % {"max": limit})
        raw.append((row_number, values))
        if progress is not None and report.rows % PROGRESS_EVERY == 0:
            if deadline is not None and time.monotonic() > deadline:
                raise ImportFileError(
                    _(roster_msg.IMPORT_TIME_LIMIT) % {"seconds": time_limit}
                )
            progress(report.rows, max(estimate or 0, report.rows + 1), "checking")

    def cell(values, key):
        position = index.get(key)
        return (
            values[position]
            if position is not None and position < len(values)
            else None
        )

    # One query for the roster people of the file's ID numbers.
    numbers = {squash(cell(values, "id_number")).upper() for _n, values in raw}
    people = {p.id_number: p for p in Person.objects.filter(id_number__in=numbers)}
    seen: dict[str, int] = {}
    rows: list[_Row] = []
    for row_number, values in raw:
        errors_before = len(report.errors)

        def error(key, message, row_number=row_number):
            report.errors.append(RowError(row_number, headers[key], str(message)))

        try:
            person_name = clean_name(cell(values, "name"))
        except CellError as exc:
            error("name", exc.message)
            person_name = ""
        try:
            category = clean_category(cell(values, "category"))
        except CellError as exc:
            error("category", exc.message)
            category = ""
        try:
            group = clean_text(cell(values, "group"), 30)
        except CellError as exc:
            error("group", exc.message)
            group = ""
        if villages is not None:
            try:
                village = villages.find(cell(values, "village"))
            except CellError as exc:
                error("village", exc.message)
            else:
                if village.pk != election.village_id:
                    error(
                        "village",
                        OTHER_VILLAGE
                        % {"village": village.name, "election": election.village.name},
                    )
        number, person = "", None
        raw_number = cell(values, "id_number")
        if isinstance(raw_number, float) or (
            isinstance(raw_number, int)
            and len(str(raw_number)) >= 15
            and str(raw_number).endswith("000")
        ):
            # Excel kept the number as a number and lost its last digits.
            error("id_number", _(roster_msg.ID_TRUNCATED))
            continue
        try:
            person_name, number, person = check_voter(
                election=election,
                name=person_name or "?",
                id_number=squash(raw_number),
                person_names=people,
            )
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                if key == "name" and not person_name:
                    continue  # the empty name is already reported
                for message in messages:
                    error(key if key in headers else "id_number", message)
        if number:
            if number in seen:
                error("id_number", DUPLICATE_ROW % {"row": seen[number]})
            else:
                seen[number] = row_number
        if len(report.errors) == errors_before:
            rows.append(_Row(row_number, person_name, number, category, group, person))
    return rows

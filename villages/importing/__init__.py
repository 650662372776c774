"""The roster import (台账导入): tolerant reading, per-cell checks, all-or-nothing writes.

``import_roster_file(path, ...)`` is the one entry point used by the web
import, the Celery job and ``manage.py import_roster``; all three therefore
apply the same rules.
"""

from pathlib import Path

from .engine import EXAMPLE_ID, EXAMPLE_NAME, ImportReport, RosterImport, RowError
from .reader import ImportFileError, check_upload


def detect_format(path: str | Path, name: str | None = None) -> str:
    """Check a stored file (type, size, content) and return xlsx/xls/csv.

    Raise ImportFileError with a Chinese message when it cannot be imported.
    """
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(512)
    return check_upload(name or path.name, path.stat().st_size, head)


def import_roster_file(
    path: str | Path,
    *,
    name: str | None = None,
    township=None,
    user=None,
    dry_run: bool = True,
    progress=None,
    keep_row_plans: bool = True,
    time_limit: float | None = None,
) -> ImportReport:
    """Check a roster file and, if it has no errors and this is no dry run, write it.

    ``time_limit`` (seconds) stops the check of a file that takes longer, with
    a Chinese message and nothing written.
    """
    try:
        fmt = detect_format(path, name)
    except ImportFileError as exc:
        report = ImportReport()
        report.errors.append(RowError(exc.row, exc.column, exc.message))
        return report
    run = RosterImport(
        township=township,
        user=user,
        dry_run=dry_run,
        source_name=name or Path(path).name,
        progress=progress,
        keep_row_plans=keep_row_plans,
        time_limit=time_limit,
    )
    return run.run(path, fmt)


__all__ = [
    "EXAMPLE_ID",
    "EXAMPLE_NAME",
    "ImportFileError",
    "ImportReport",
    "RosterImport",
    "RowError",
    "check_upload",
    "detect_format",
    "import_roster_file",
]

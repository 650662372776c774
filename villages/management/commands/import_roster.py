"""``manage.py import_roster FILE [--township CODE] [--dry-run] [--json]`` (SPEC §5).

Same rules as the web import (``villages.importing``). With ``--json`` it prints
exactly one JSON object::

    {"rows": N, "created": N, "updated": N, "unchanged": N,
     "errors": [{"row": N, "column": "…", "message": "…"}]}

and exits 1 when there are errors (then nothing was written). A problem with
the file as a whole is reported as an error with ``row`` 0 (or the header row)
and an empty ``column``.
"""

import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from villages.importing import ImportReport, RowError, import_roster_file
from villages.importing import messages as msg
from villages.models import Township

FILE_MISSING = gettext_lazy("File not found: %(path)s")


class Command(BaseCommand):
    help = "Import a roster spreadsheet (.xlsx, .xls, .csv): all rows or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the spreadsheet")
        parser.add_argument(
            "--township",
            metavar="CODE",
            help="code of the township whose villages the file names; without it "
            "village names are looked up across all townships and must be unambiguous",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check only, write nothing"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        report = self._run(options)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
        else:
            self._print(report, options)
        if report.errors:
            sys.exit(1)

    def _run(self, options) -> ImportReport:
        path = Path(options["file"])
        if not path.is_file():
            report = ImportReport()
            report.errors.append(RowError(0, "", _(FILE_MISSING) % {"path": path}))
            return report
        township = None
        if options["township"]:
            township = Township.objects.filter(code=options["township"]).first()
            if township is None:
                report = ImportReport()
                report.errors.append(
                    RowError(
                        0, "", _(msg.TOWNSHIP_UNKNOWN) % {"code": options["township"]}
                    )
                )
                return report
        return import_roster_file(
            path,
            township=township,
            dry_run=options["dry_run"],
            keep_row_plans=False,
        )

    def _print(self, report: ImportReport, options) -> None:
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(warning))
        for error in report.errors:
            self.stdout.write(self.style.ERROR(str(error)))
        summary = _(
            "%(rows)d data rows: %(created)d new, %(updated)d updated, %(unchanged)d unchanged, %(errors)d errors."
        ) % {
            "rows": report.rows,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "errors": len(report.errors),
        }
        self.stdout.write(summary)
        if report.errors:
            self.stdout.write(
                self.style.ERROR(
                    _("Nothing was written: correct the errors and import again.")
                )
            )
        elif options["dry_run"]:
            self.stdout.write(_("Dry run: nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported.")))

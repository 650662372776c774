"""Reports (举报): list, intake, detail with the lifecycle, exports, confidential files.

Every page here reads through ``Report.objects.visible_to`` (no rows for village
staff, inspectors, reviewers, the county) and ``ReportSource.objects.visible_to``
(discipline only); every view of a report or its list is written to the access
log.
"""

from .lists import report_list
from .pages import (
    report_attach,
    report_detail,
    report_file,
    report_print,
    report_register,
    report_source_edit,
)
from .steps import (
    extension_decide,
    report_accept,
    report_action,
    report_close,
    report_conclude,
    report_extension,
    report_feedback,
    report_handled,
)

__all__ = [
    "extension_decide",
    "report_accept",
    "report_action",
    "report_attach",
    "report_close",
    "report_conclude",
    "report_detail",
    "report_extension",
    "report_feedback",
    "report_file",
    "report_handled",
    "report_list",
    "report_print",
    "report_register",
    "report_source_edit",
]

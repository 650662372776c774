"""Writes of reports (举报): intake, the lifecycle, actions on nominations, extensions.

登记 → 受理 → 核查 → 结论 → 处置 → 反馈 → 办结. Every step checks the current
status and says in Chinese what is wrong and how to go on; a refused step
writes nothing. Only the discipline role handles reports; the leading group
decides extensions (see ``discipline.access``).
"""

from .common import *  # noqa: F403 - the messages, for tests and views
from .extensions import extension_decide, extension_request
from .intake import report_attach, report_register, report_update_source
from .lifecycle import (
    report_accept,
    report_action_add,
    report_close,
    report_conclude,
    report_feedback,
    report_mark_handled,
)

__all__ = [
    "extension_decide",
    "extension_request",
    "report_accept",
    "report_action_add",
    "report_attach",
    "report_close",
    "report_conclude",
    "report_feedback",
    "report_mark_handled",
    "report_register",
    "report_update_source",
]

"""Writes of the discipline app, split by sub-domain and re-exported here."""

from .letters import letter_delete, letter_save
from .opinions import opinion_close, opinion_save
from .records import (
    attachment_delete,
    event_attach,
    event_delete,
    event_save,
    material_save,
    publicity_save,
    reference_item_save,
    village_record_delete,
)
from .reports import (
    extension_decide,
    extension_request,
    report_accept,
    report_action_add,
    report_attach,
    report_close,
    report_conclude,
    report_feedback,
    report_mark_handled,
    report_register,
    report_update_source,
)

__all__ = [
    "attachment_delete",
    "event_attach",
    "event_delete",
    "event_save",
    "extension_decide",
    "extension_request",
    "letter_delete",
    "letter_save",
    "material_save",
    "opinion_close",
    "opinion_save",
    "publicity_save",
    "reference_item_save",
    "report_accept",
    "report_action_add",
    "report_attach",
    "report_close",
    "report_conclude",
    "report_feedback",
    "report_mark_handled",
    "report_register",
    "report_update_source",
    "village_record_delete",
]

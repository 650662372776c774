"""Models of the discipline app, split by sub-domain and re-exported here."""

from .commitments import CommitmentLetter, CommitmentRequirement, LetterTemplate
from .opinions import PublicOpinion
from .publicity import (
    EducationEvent,
    EventAttachment,
    MaterialDistribution,
    PublicityEntry,
    ReferenceItem,
    ReferenceText,
)
from .reports import (
    Report,
    ReportAction,
    ReportAttachment,
    ReportExtension,
    ReportSource,
)

__all__ = [
    "CommitmentLetter",
    "CommitmentRequirement",
    "EducationEvent",
    "EventAttachment",
    "LetterTemplate",
    "MaterialDistribution",
    "PublicOpinion",
    "PublicityEntry",
    "ReferenceItem",
    "ReferenceText",
    "Report",
    "ReportAction",
    "ReportAttachment",
    "ReportExtension",
    "ReportSource",
]

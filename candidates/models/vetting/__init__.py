"""Models of candidate vetting: the 十不选 catalogue, departments, nominations,
joint review (联审), public notice (公示) and the formal candidate list.

A round keeps the criteria it started with: the first batch sent to review
copies the catalogue into :class:`RoundCriterion` rows, which every finding of
that round points at, so later edits of :class:`Criterion` never rewrite past
reviews.
"""

from .catalogue import Criterion, Department, RoundCriterion
from .nominations import Nomination
from .notices import FormalList, Objection, PublicNotice
from .review import ReviewBatch, ReviewDecision, ReviewFinding, ReviewItem

__all__ = [
    "Criterion",
    "Department",
    "FormalList",
    "Nomination",
    "Objection",
    "PublicNotice",
    "ReviewBatch",
    "ReviewDecision",
    "ReviewFinding",
    "ReviewItem",
    "RoundCriterion",
]

"""Models of the stages app: rules, the round, its six stages and the village tasks."""

from .calendar_overrides import CalendarOverride
from .holidays import HolidayRange, HolidayYear
from .rounds import ElectionRound, VillageElection
from .rules import Rule, RuleBook, RuleSet
from .tasks import CalendarFeed, Stage, TaskEvidence, TaskTemplate, VillageTask

__all__ = [
    "CalendarFeed",
    "CalendarOverride",
    "ElectionRound",
    "HolidayRange",
    "HolidayYear",
    "Rule",
    "RuleBook",
    "RuleSet",
    "Stage",
    "TaskEvidence",
    "TaskTemplate",
    "VillageElection",
    "VillageTask",
]

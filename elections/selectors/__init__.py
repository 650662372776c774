"""Reads of the elections app: meetings, elections, village results and staff checks."""

from .elections import *  # noqa: F403
from .handover import *  # noqa: F403
from .register import *  # noqa: F403

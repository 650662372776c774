"""Writes of the elections app: meetings, elections, counts, results and 另行选举."""

from .elections import *  # noqa: F403
from .handover import *  # noqa: F403
from .register import *  # noqa: F403

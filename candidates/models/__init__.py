"""Models of the candidates app: vetting (联审) and elections, re-exported here."""

from .elections import *  # noqa: F403
from .vetting import *  # noqa: F403

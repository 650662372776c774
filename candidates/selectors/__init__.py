"""Reads of the candidates app, split by sub-domain and re-exported here.

``vetting`` (nominations, joint review, ledgers) and ``elections`` (meetings,
elections, structure analysis) each list their public names in ``__all__``.
"""

from .elections import *  # noqa: F403
from .vetting import *  # noqa: F403

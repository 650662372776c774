"""Reads of the candidates app: nominations, joint review, ledgers and the formal list.

The public names are listed in ``vetting.__all__`` and re-exported here.
"""

from .vetting import *  # noqa: F403

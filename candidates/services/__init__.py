"""Writes of the candidates app: nominations, joint review, 公示 and the formal list.

The public names are listed in ``vetting.__all__`` and re-exported here.
"""

from .vetting import *  # noqa: F403

"""Models of the elections app: recommendation meetings, elections and their counts."""

from .elections import *  # noqa: F403
from .handover import *  # noqa: F403
from .polling import *  # noqa: F403
from .register import *  # noqa: F403
from .withdrawals import *  # noqa: F403

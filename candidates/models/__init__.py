"""Models of the candidates app: vetting (十不选, nominations, 联审, 公示, the formal list)."""

from .vetting import *  # noqa: F403

"""Demo data of the candidates app for ``seed_demo``: nominations, joint review, 公示.

The seeding itself lives in ``demo_vetting``; the election results of the demo
villages are seeded afterwards by the elections app (``elections.demo``).
"""

from .demo_vetting import seed

__all__ = ["seed"]

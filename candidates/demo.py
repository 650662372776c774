"""Demo data of the candidates app for ``seed_demo``: vetting first, then elections.

Each part lives in its own module so the vetting and the elections sides can
seed independently: ``candidates.demo_vetting.seed`` (nominations, joint
review, 公示) if present, then ``candidates.demo_elections.seed`` (results for
the villages whose election days are past). Both are idempotent.
"""

from importlib import import_module

PARTS = ("vetting", "elections")


def seed(*, township=None, stdout=None):
    """Run every part's ``seed(township=…, stdout=…)`` in order."""
    for part in PARTS:
        name = f"candidates.demo_{part}"
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.seed(township=township, stdout=stdout)
    return township

"""Fixtures of the candidates app tests.

Vetting: ``vetting`` is a small joint review — three departments (公安, 法院,
组织部) with one reviewer each, four criteria (two checked by 公安, one only by
法院, one 不宜 item checked by 组织部) and a round of the township.
"""

import pytest

from candidates.tests.vetting_support import VettingWorld


@pytest.fixture
def vetting(township, villages, users, make_user):
    """A township with a round, three review departments, their reviewers and criteria."""
    return VettingWorld.build(
        township=township, villages=villages, users=users, make_user=make_user
    )

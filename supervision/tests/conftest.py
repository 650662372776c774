import pytest

from stages.defaults import load_defaults


@pytest.fixture
def defaults(db):
    load_defaults()

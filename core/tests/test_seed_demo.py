"""``seed_demo`` loads the demo township, is idempotent and refuses production."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.models import User
from core.roles import Role
from villages.models import Township, Village, WorkingGroup

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_the_township_prints_users_and_is_idempotent(settings):
    # given
    settings.DEBUG = True
    sink = _Sink()
    # when
    call_command("seed_demo", stdout=sink)
    # then: 22 villages, four kinds of working group, one user per role
    township = Township.objects.get(name="立仓镇")
    assert Village.objects.filter(township=township).count() == 22
    assert (
        WorkingGroup.objects.filter(township=township).values("kind").distinct().count()
        == 4
    )
    for role in Role:
        user = User.objects.get(username=role.value)
        assert user.check_password("huanjie2021")
        assert user.groups.filter(name=role.value).exists()
    guide = User.objects.get(username="guide")
    assert Village.objects.visible_to(guide).count() == 4
    assert "huanjie2021" in sink.text
    assert all(role.value in sink.text for role in Role)
    # when: run again
    before = _row_counts()
    call_command("seed_demo", stdout=_Sink())
    # then: no app has a row more or less
    assert _row_counts() == before


def _row_counts() -> dict[str, int]:
    """Count the rows of every model of the project's apps (history rows excluded)."""
    from django.apps import apps

    ours = {
        "core",
        "villages",
        "stages",
        "candidates",
        "elections",
        "discipline",
        "notifications",
    }
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in ours and not model.__name__.startswith("Historical")
    }


def test_seed_demo_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("seed_demo", stdout=_Sink())
    assert not Village.objects.exists()
    call_command("seed_demo", "--force", stdout=_Sink())
    assert Village.objects.count() == 22


class _Sink:
    def __init__(self):
        self.text = ""

    def write(self, msg="", *args, **kwargs):
        self.text += str(msg) + "\n"

    def flush(self):
        pass

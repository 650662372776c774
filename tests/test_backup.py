"""Backup and restore as documented in the README: dumpdata, empty database, loaddata."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)

EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


def _counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {
            "core",
            "villages",
            "stages",
            "candidates",
            "elections",
            "discipline",
            "notifications",
        }
    }


def test_dumpdata_then_loaddata_into_an_empty_database_restores_everything(
    settings, tmp_path
):
    # given: the demo township
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    before = _counts()
    backup = tmp_path / "backup.json"
    # when
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--natural-primary",
        *[f"--exclude={label}" for label in EXCLUDE],
        "-o",
        str(backup),
    )
    call_command("flush", "--noinput")
    assert _counts()["villages.Village"] == 0
    settings.SIMPLE_HISTORY_ENABLED = False  # as the README's restore command sets it
    call_command("loaddata", str(backup))
    # then
    assert _counts() == before
    assert before["villages.Village"] == 22

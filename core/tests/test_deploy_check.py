"""Production settings pass ``manage.py check --deploy`` with no warnings."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    # given: a fresh installation, before collectstatic wrote the manifest (the
    # README runs migrate first; a static URL resolved at import time broke it)
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "election_admin.settings.production",
        "SECRET_KEY": "x" * 20
        + "-production-like-secret-key-for-the-check-"
        + "y" * 20,
        "ALLOWED_HOSTS": "hjt.example.gov.cn",
        "VAR_DIR": str(tmp_path),
    }
    # when
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # then
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_the_development_secret_key():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "election_admin.settings.production",
        "SECRET_KEY": "",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr

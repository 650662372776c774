"""Hooks core finds in the domain apps without naming or importing them.

core is the ground floor: every domain app imports it, so it never imports them
back. Where core runs something each app may provide — ``<app>.defaults.
load_defaults()`` for ``load_defaults``, ``<app>.demo.seed()`` for ``seed_demo``
— it discovers that module in every project app, in ``INSTALLED_APPS`` order,
as Django's admin discovers ``admin.py``. ``INSTALLED_APPS`` lists the apps in
dependency order (rosters before rounds before nominations before elections),
so a later app's hook can build on an earlier one's rows. Models core needs at
call time are looked up by label (``apps.get_model``), never imported.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from types import ModuleType

from django.apps import apps
from django.conf import settings


def project_app_configs():
    """Return the installed apps that live in this project (not third-party ones)."""
    base = Path(settings.BASE_DIR).resolve()
    return [
        config
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(base)
        and ".venv" not in Path(config.path).parts
    ]


def app_hooks(module_name: str) -> list[tuple[str, ModuleType]]:
    """Return ``(app label, module)`` for every project app providing ``module_name``."""
    found = []
    for config in project_app_configs():
        name = f"{config.name}.{module_name}"
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        found.append((config.label, module))
    return found

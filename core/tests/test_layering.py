"""core is the ground floor: no module of it imports a domain app.

Every domain app imports core (scoping, roles, audit, exports); if core imported
them back, the layers would lean on each other and import cycles would follow.
core reaches domain data only through ``apps.get_model("app", "Model")`` at call
time, the models' managers (``visible_to``), string references (URL names,
template names) and hooks it discovers (``core.registry.app_hooks``).

The walk covers every module of ``core`` — migrations included — except
``core/tests``: those are integration tests that build villages, rounds and
nominations with the domain apps' factories to exercise core's scoping against
real rows; they are not loaded by the running site.
"""

import ast
from pathlib import Path

from django.conf import settings

CORE = Path(__file__).resolve().parent.parent


def _domain_apps() -> set[str]:
    """The project's own apps other than core (names of folders with an apps.py)."""
    base = Path(settings.BASE_DIR)
    names = set()
    for app in settings.INSTALLED_APPS:
        top = app.split(".")[0]
        if top != "core" and (base / top / "apps.py").exists():
            names.add(top)
    return names


def _imports(path: Path):
    """Yield (line, module) for every import in a file, at any depth (functions too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", getattr(node.func, "attr", ""))
            in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.lineno, node.args[0].value


def _core_modules():
    return sorted(
        p for p in CORE.rglob("*.py") if "tests" not in p.relative_to(CORE).parts
    )


def test_the_domain_apps_are_known():
    # the walk below is only as good as this list
    assert {"villages", "stages", "candidates", "elections", "discipline"} <= (
        _domain_apps()
    )


def test_no_core_module_imports_a_domain_app():
    domain = _domain_apps()
    modules = _core_modules()
    assert len(modules) > 20  # the walk found core's modules
    offending = [
        f"{path.relative_to(CORE.parent)}:{line}: {module}"
        for path in modules
        for line, module in _imports(path)
        if module.split(".")[0] in domain
    ]
    assert offending == []


def test_the_walk_catches_an_import_inside_a_function(tmp_path):
    # given a module that imports a domain app at call time
    sample = tmp_path / "sample.py"
    sample.write_text(
        "def f():\n"
        "    from villages.models import Village\n"
        "    import_module('stages.demo')\n"
        "    return Village\n",
        encoding="utf-8",
    )
    # then the walk reports both
    assert [m for _line, m in _imports(sample)] == ["villages.models", "stages.demo"]

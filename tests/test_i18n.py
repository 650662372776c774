"""Every Chinese catalogue is complete and its compiled .mo matches the .po."""

import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    p
    for p in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")
    if ".venv" not in p.parts
)


def test_there_is_a_catalogue_for_the_project_and_each_app():
    names = {p.relative_to(ROOT).parts[0] for p in CATALOGUES}
    assert {
        "locale",
        "core",
        "villages",
        "stages",
        "candidates",
        "elections",
        "discipline",
        "notifications",
    } <= names


def test_no_untranslated_or_fuzzy_entries():
    result = subprocess.run(
        [sys.executable, "scripts/check_messages.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_is_in_step_with_the_po_file(po_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run compilemessages"
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path))}
    for entry in polib.pofile(str(po_path)).translated_entries():
        if entry.msgid_plural:
            continue
        assert compiled.get((entry.msgctxt, entry.msgid)) == entry.msgstr, (
            f"{po_path}: {entry.msgid!r} not compiled; run compilemessages"
        )


def test_po_files_are_the_only_source_of_chinese_text():
    """No script writes translations into a catalogue from a Python dictionary.

    A translator's fix in a .po file must not be overwritten by code, so
    nothing outside ``scripts/check_messages.py`` (which only reads) and the
    tests may load a catalogue with polib, and no ``translate*.py`` exists.
    """
    sources = [
        p
        for p in ROOT.rglob("*.py")
        if not {".venv", "var", "tests"} & set(p.relative_to(ROOT).parts)
        and p.name != "conftest.py"
    ]
    assert sources
    writers = [
        str(p.relative_to(ROOT))
        for p in sources
        if "polib" in p.read_text(encoding="utf-8")
        and p.relative_to(ROOT).as_posix() != "scripts/check_messages.py"
    ]
    assert writers == []
    assert not [p for p in sources if p.name.startswith("translate")]

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

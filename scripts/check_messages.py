"""Report untranslated or fuzzy entries in the Chinese catalogues; exit 1 if any."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogues():
    for po in sorted(ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")):
        if ".venv" in po.parts or "var" in po.parts:
            continue
        yield po


def main() -> int:
    problems = 0
    for po_path in catalogues():
        catalogue = polib.pofile(str(po_path))
        for entry in catalogue:
            if entry.obsolete:
                continue
            if not entry.translated() or "fuzzy" in entry.flags:
                problems += 1
                state = "fuzzy" if "fuzzy" in entry.flags else "untranslated"
                print(f"{po_path.relative_to(ROOT)}: {state}: {entry.msgid!r}")
    if problems:
        print(f"{problems} entries need a Chinese translation.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""Fill Chinese translations into a catalogue from a JSON file of {msgid: msgstr}.

Usage: python scripts/translate.py <app-or-locale-dir> <translations.json>
Only untranslated or fuzzy entries are filled; existing translations are kept.
Load, set and save happen in one go so concurrent edits of other catalogues are safe.
"""

import json
import sys
from pathlib import Path

import polib


def main(target: str, mapping_file: str) -> int:
    base = Path(target)
    po_path = base / "zh_Hans/LC_MESSAGES/django.po"
    if not po_path.exists():
        po_path = base / "locale/zh_Hans/LC_MESSAGES/django.po"
    mapping = json.loads(Path(mapping_file).read_text(encoding="utf-8"))
    catalogue = polib.pofile(str(po_path))
    filled = 0
    for entry in catalogue:
        if entry.obsolete:
            continue
        if entry.msgid in mapping and (
            not entry.translated() or "fuzzy" in entry.flags
        ):
            value = mapping[entry.msgid]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: value}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
    catalogue.save(str(po_path))
    missing = [e.msgid for e in catalogue.untranslated_entries()]
    print(f"{po_path}: filled {filled}; still untranslated {len(missing)}")
    for msgid in missing:
        print("  ", msgid)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

"""Refresh default texts that nobody edited when the shipped wording improves.

``load_defaults()`` never overwrites a local edit. When a release rewrites a
default text (say a legal basis that cited an internal note), each app keeps
the texts it shipped before as *retired* texts; a row still holding one of them
exactly was never edited, so it gets the new wording. Anything else is a local
edit and stays.
"""

from __future__ import annotations

from collections.abc import Iterable

RETIRED_TEXT_REASON = "默认文本更新"


def refresh_untouched(obj, **fields: tuple[str, Iterable[str]]) -> bool:
    """Set each ``field=(new, retired_texts)`` whose value is a retired text; save.

    Return whether the row changed. The change is recorded in the history with
    the reason “默认文本更新”.
    """
    changed = []
    for name, (new, retired) in fields.items():
        current = getattr(obj, name)
        if current != new and current in set(retired):
            setattr(obj, name, new)
            changed.append(name)
    if changed:
        obj._change_reason = RETIRED_TEXT_REASON
        obj.save(update_fields=changed)
    return bool(changed)

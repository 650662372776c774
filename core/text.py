"""Text helpers for Chinese data: pinyin search keys, full-width folding, masking."""

import re
import unicodedata

from pypinyin import Style, lazy_pinyin


def pinyin_keys(name: str) -> tuple[str, str]:
    """Return (full pinyin, initials) of a Chinese name, lowercase, no spaces."""
    name = (name or "").strip()
    if not name:
        return "", ""
    full = "".join(lazy_pinyin(name, errors="ignore")).lower()
    initials = "".join(
        lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")
    ).lower()
    return full, initials


def normalise(text) -> str:
    """Fold full-width characters (NFKC) and strip every kind of space."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    return text.replace("\u3000", " ").strip()


# C0 and C1 control characters (NUL, CR, LF, TAB, ESC, DEL …), and the Unicode
# line and paragraph separators, none of which belongs in a one-line value.
_CONTROL = dict.fromkeys([*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029], None)


_BREAKS = re.compile("[\r\n\t\v\f\u2028\u2029]+")


def strip_control(text: str) -> str:
    """Return one-line text: line breaks and tabs become a space, other controls go.

    ``"王楼村\r\n"`` → ``"王楼村"``; ``"李\t庙村"`` → ``"李 庙村"``.
    """
    if not text:
        return text
    cleaned = _BREAKS.sub(" ", text).translate(_CONTROL)
    if cleaned == text:
        return text
    return cleaned.strip()


def one_line(text: str) -> str:
    """Return text fit for a mail header or an SMS: no controls, spaces collapsed."""
    return " ".join(strip_control(text or "").split())


def mask_id_number(value: str) -> str:
    """Mask an ID number as ``3416**********1234``."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """Mask a mobile number as ``138****5678``."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]

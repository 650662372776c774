"""Text helpers for Chinese data: pinyin search keys, full-width folding, masking."""

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

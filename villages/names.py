"""Pinyin search keys of people's names (张三 → "zhangsan", "zs").

Computed character by character with a cache, because a name is not a phrase:
pypinyin's phrase lookup costs about 0.1 ms per name (two seconds for a
10,000-row import) and, for names, adds nothing but wrong readings. Surnames
with a special reading (曾 zēng, 单 shàn, 解 xiè …) are read as surnames.
"""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin

SURNAME_READINGS = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "朴": "piao",
    "区": "ou",
    "查": "zha",
    "乐": "yue",
    "覃": "qin",
    "种": "chong",
    "盖": "ge",
    "缪": "miao",
    "翟": "zhai",
    "召": "shao",
    "尉": "yu",
    "燕": "yan",
    "秘": "bi",
    "折": "she",
    "员": "yun",
    "繁": "po",
    "宓": "mi",
    "相": "xiang",
    "长": "chang",
    "藏": "zang",
    "重": "chong",
    "车": "che",
    "都": "du",
    "柏": "bai",
    "薄": "bo",
    "句": "gou",
    "能": "nai",
    "阚": "kan",
    "纪": "ji",
    "谌": "chen",
}

_CHARS: dict[str, str] = {}


def _char(char: str) -> str:
    reading = _CHARS.get(char)
    if reading is None:
        if char.isascii():
            reading = char.lower() if char.isalnum() else ""
        else:
            found = lazy_pinyin(char, style=Style.NORMAL, errors="ignore")
            reading = found[0].lower() if found else ""
        _CHARS[char] = reading
    return reading


def name_keys(name: str) -> tuple[str, str]:
    """Return (full pinyin, initials) of a name, lowercase, without spaces."""
    name = (name or "").strip()
    if not name:
        return "", ""
    readings = []
    for position, char in enumerate(name):
        if position == 0 and char in SURNAME_READINGS:
            readings.append(SURNAME_READINGS[char])
        else:
            reading = _char(char)
            if reading:
                readings.append(reading)
    return "".join(readings), "".join(r[0] for r in readings)

"""A minimal iCalendar (RFC 5545) writer for task deadlines: all-day events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import strip_control

from .choices import CLOSED_STATUSES


def _escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 §3.3.11); line breaks become ``\\n``.

    A bare CR or any other control character would end or corrupt the content
    line, so each line is cleaned of them (``core.text.strip_control``).
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\\n".join(
        strip_control(line)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        for line in lines
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not parts else 74
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def tasks_calendar(tasks: Iterable, *, name: str, base_url: str, host: str) -> str:
    """Return an iCalendar document with one all-day event per task deadline."""
    stamp_text = timezone.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//huanjietong//stages//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
        "X-WR-TIMEZONE:Asia/Shanghai",
    ]
    for task in tasks:
        done = task.status in CLOSED_STATUSES
        summary = f"{'✓ ' if done else ''}{task.village.name}：{task.title}"
        description = "\n".join(
            [
                f"{_('Stage')}：{task.stage.name}",
                f"{_('Status')}：{task.get_status_display()}",
                f"{task.round.name}",
                f"{base_url}{task.get_absolute_url()}",
            ]
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:stages-task-{task.pk}@{host}",
            f"DTSTAMP:{stamp_text}",
            f"DTSTART;VALUE=DATE:{task.due_date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{task.due_date + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            f"URL:{base_url}{task.get_absolute_url()}",
            "TRANSP:TRANSPARENT",
            f"STATUS:{'CANCELLED' if task.status == 'not_applicable' else 'CONFIRMED'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"

"""How a battle-map cell looks: colour shows progress, overdue is a separate marker.

A stage at 131/132 with one task overdue is nearly done: it is painted almost
full green with a red “1 overdue” marker, not red like a stage at 6/12. The same
bands colour the Excel export (``FILLS``), so the printed sheet and the screen agree.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# (band, lowest percent, label); a cell takes the last band whose floor it reaches.
BANDS = (
    ("p0", 0, _("not started (0%)")),
    ("p1", 1, _("under 50%")),
    ("p2", 50, _("50–79%")),
    ("p3", 80, _("80–99%")),
    ("done", 100, _("all done")),
)
EMPTY = "empty"

# Excel fill (RGB) and font colour of each band; the overdue marker is red text.
FILLS = {
    "p0": ("FFFFFF", "212529"),
    "p1": ("E6F4EA", "0A3622"),
    "p2": ("C3E6CB", "0A3622"),
    "p3": ("95D5A7", "0A3622"),
    "done": ("52B788", "FFFFFF"),
    EMPTY: ("F1F3F5", "6C757D"),
}
OVERDUE_FONT = "B02A37"


def band(done: int, total: int) -> str:
    """Return the progress band of ``done`` of ``total`` tasks."""
    if not total:
        return EMPTY
    if done >= total:
        return "done"
    percent = 100 * done / total
    if percent >= 80:
        return "p3"
    if percent >= 50:
        return "p2"
    if done:
        return "p1"
    return "p0"


def percent(done: int, total: int) -> int:
    """Return done/total as a whole percentage, never 100 before everything is done."""
    if not total:
        return 0
    value = round(100 * done / total)
    return 99 if value == 100 and done < total else value


def overdue_text(n: int) -> str:
    """Return “N overdue” in the current language."""
    return ngettext("%(n)s overdue", "%(n)s overdue", n) % {"n": n}


def cell_html(cell) -> str:
    """Return a battle-map ``<td>``: done/total, percentage and the overdue marker.

    Built in Python (see ``selectors.Cell.html``): hundreds of cells per page.
    """
    name = band(cell.done, cell.total)
    state = cell.state
    link = f' href="{escape(cell.url)}"' if cell.url else ""
    if cell.total:
        sub = f'<span class="sub">{percent(cell.done, cell.total)}%</span>'
    else:
        sub = f'<span class="sub">{escape(_("no tasks"))}</span>'
    marker = ""
    if cell.overdue:
        marker = f'<span class="od-mark">{escape(overdue_text(cell.overdue))}</span>'
    elif cell.due_soon:
        soon = ngettext("%(n)s due soon", "%(n)s due soon", cell.due_soon) % {
            "n": cell.due_soon
        }
        marker = f'<span class="soon-mark">{escape(soon)}</span>'
    title = f"{cell.stage.name}: {cell.done}/{cell.total}"
    return mark_safe(  # noqa: S308 - every interpolated text is escaped
        f'<td class="cell prog-{name}{" has-overdue" if cell.overdue else ""}" '
        f'data-stage="{escape(cell.stage.name)}" data-state="{state}" '
        f'data-band="{name}" data-overdue="{cell.overdue}" title="{escape(title)}">'
        f'<a{link}><span class="frac">{cell.done}/{cell.total}</span>{sub}{marker}</a></td>'
    )


def legend() -> list[tuple[str, str]]:
    """Return (band, label) pairs for the map legend."""
    return [(name, str(label)) for name, _floor, label in BANDS]

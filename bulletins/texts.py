"""The bulletin's sentences and tables, shared by the page, the print view and the .docx."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import dateformat
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _

from discipline.choices import EventKind, LetterKind, MaterialKind

from .selectors import Bulletin


@dataclass
class Table:
    headers: list[str]
    rows: list[list]
    empty: str = ""


def _d(value) -> str:
    return date_format(value, "DATE_FORMAT")


def title(bulletin: Bulletin) -> str:
    return _(
        "%(township)s progress bulletin on the village two-committee elections"
    ) % {"township": bulletin.township.name}


def period(bulletin: Bulletin) -> str:
    return _("Period: %(start)s to %(end)s") % {
        "start": _d(bulletin.date_from),
        "end": _d(bulletin.date_to),
    }


def overall(bulletin: Bulletin) -> str:
    if bulletin.round is None:
        return _(
            "The township has no election round yet, so there is no stage progress "
            "to report."
        )
    return _(
        "By %(end)s the %(villages)s villages (communities) of the township had "
        "completed %(done)s of their %(total)s election tasks (%(percent)s%%); "
        "%(done_in_period)s were completed in this period and %(overdue)s are overdue."
    ) % {
        "end": _d(bulletin.date_to),
        "villages": bulletin.village_count,
        "done": bulletin.done,
        "total": bulletin.total,
        "percent": bulletin.percent,
        "done_in_period": bulletin.done_in_period,
        "overdue": bulletin.overdue,
    }


def publicity(bulletin: Bulletin) -> str:
    value = bulletin.headline_value
    return _(
        "Publicity and discipline education in this period: %(banners)s banners "
        "hung; %(study)s group studies of the Party working committee and "
        "%(seminars)s seminars held; %(screenings)s lectures and warning-film "
        "screenings; %(cards)s election-discipline reminder cards handed out; "
        "%(boards)s “ten prohibitions” display boards made; %(letters)s "
        "election-discipline commitment letters signed."
    ) % {
        "banners": value("banners"),
        "study": value(f"event:{EventKind.PARTY_STUDY}"),
        "seminars": value(f"event:{EventKind.SEMINAR}"),
        "screenings": value("lectures_screenings"),
        "cards": value(f"material:{MaterialKind.REMINDER_CARD}"),
        "boards": value(f"material:{MaterialKind.PROHIBITION_BOARD}"),
        "letters": value(f"letter:{LetterKind.DISCIPLINE}"),
    }


def reports(bulletin: Bulletin) -> str:
    counts = bulletin.reports
    if counts is None:
        return ""
    return _(
        "Reports: %(received)s received and %(closed)s closed in this period; "
        "%(open)s are being handled, %(overdue)s of them overdue."
    ) % {
        "received": counts["received_in_period"],
        "closed": counts["closed_in_period"],
        "open": counts["open"],
        "overdue": counts["overdue"],
    }


def headline_table(bulletin: Bulletin) -> Table:
    rows = [[str(column.label), value] for column, value in bulletin.headline]
    if bulletin.reports is not None:
        rows.append(
            [
                _("Reports received in the period"),
                bulletin.reports["received_in_period"],
            ]
        )
        rows.append(
            [_("Reports closed in the period"), bulletin.reports["closed_in_period"]]
        )
    return Table(headers=[_("Item"), _("Figure")], rows=rows)


def stage_table(bulletin: Bulletin) -> Table:
    rows = [
        [
            line.stage.name,
            line.total,
            line.done,
            f"{line.percent}%",
            line.done_in_period,
            line.overdue,
        ]
        for line in bulletin.stages
    ]
    rows.append(
        [
            _("Total"),
            bulletin.total,
            bulletin.done,
            f"{bulletin.percent}%",
            bulletin.done_in_period,
            bulletin.overdue,
        ]
    )
    return Table(
        headers=[
            _("Stage"),
            _("Tasks"),
            _("Done"),
            _("Progress"),
            _("Done in the period"),
            _("Overdue"),
        ],
        rows=rows,
    )


def lagging_table(bulletin: Bulletin) -> Table:
    return Table(
        headers=[
            _("Village"),
            _("Progress"),
            _("Overdue"),
            _("Most overdue stage"),
        ],
        rows=[
            [
                item.village.name,
                f"{item.percent}%（{item.done}/{item.total}）",
                item.overdue,
                item.worst_stage.name if item.worst_stage else "",
            ]
            for item in bulletin.lagging
        ],
        empty=_("No village had overdue tasks at the end of the period."),
    )


def lagging_note(bulletin: Bulletin) -> str:
    if bulletin.lagging_total > len(bulletin.lagging):
        return _(
            "The %(shown)s least advanced of %(total)s villages with overdue tasks."
        ) % {
            "shown": len(bulletin.lagging),
            "total": bulletin.lagging_total,
        }
    return ""


def deadlines_heading(bulletin: Bulletin) -> str:
    return _("5. Deadlines of the next week (%(start)s to %(end)s)") % {
        "start": _d(bulletin.next_week_from),
        "end": _d(bulletin.next_week_to),
    }


def deadline_table(bulletin: Bulletin) -> Table:
    month_day = get_format("MONTH_DAY_FORMAT")
    return Table(
        headers=[_("Task"), _("Stage"), _("First due"), _("Villages and due dates")],
        rows=[
            [
                item.title,
                item.stage,
                _d(item.first_due),
                _("%(count)s: %(names)s")
                % {
                    "count": len(item.villages),
                    "names": "、".join(
                        f"{name}（{dateformat.format(due, month_day)}）"
                        for name, due in item.villages
                    ),
                },
            ]
            for item in bulletin.deadlines
        ],
        empty=_("No task falls due in the next week."),
    )


def sections(bulletin: Bulletin) -> list[dict]:
    """Return the bulletin as numbered sections: heading, paragraphs, optional table."""
    publicity_paragraphs = [publicity(bulletin)]
    if bulletin.reports is not None:
        publicity_paragraphs.append(reports(bulletin))
    return [
        {
            "id": "overall",
            "heading": _("1. Overall progress"),
            "paragraphs": [overall(bulletin)],
            "table": None,
        },
        {
            "id": "publicity",
            "heading": _("2. Publicity, education and reports"),
            "paragraphs": publicity_paragraphs,
            "table": headline_table(bulletin),
        },
        {
            "id": "stages",
            "heading": _("3. Progress by stage"),
            "paragraphs": [],
            "table": stage_table(bulletin) if bulletin.round else None,
        },
        {
            "id": "lagging",
            "heading": _("4. Villages behind schedule"),
            "paragraphs": [p for p in [lagging_note(bulletin)] if p],
            "table": lagging_table(bulletin) if bulletin.round else None,
        },
        {
            "id": "deadlines",
            "heading": deadlines_heading(bulletin),
            "paragraphs": [],
            "table": deadline_table(bulletin) if bulletin.round else None,
        },
    ]

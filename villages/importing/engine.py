"""The roster import: read, clean, compare with the roster, then write all or nothing.

The whole file is checked before anything is written. Existing people are
loaded with one query per 2,000 ID numbers (one in all on PostgreSQL), their
memberships likewise, and the writes are bulk inserts (``writer``: COPY on
PostgreSQL, history rows copied by the database) and bulk updates with their
history rows (``bulk_update_with_history``), so 10,000 rows take a few queries
rather than 40,000.
"""

from __future__ import annotations

import datetime
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from core.exports import FORMULA_PREFIXES
from core.text import mask_id_number

from ..choices import (
    COMMITTEE_CATEGORIES,
    POSTS_BY_CATEGORY,
    Category,
    Gender,
    PartyMemberKind,
    PoliticalStatus,
    VotingStatus,
)
from ..idnumbers import parse_id_number
from ..models import Person, RosterMembership, Township, Village
from ..names import name_keys
from . import messages as msg
from .columns import COLUMNS_BY_KEY
from .reader import BLANK_RUN_END, ImportFileError, Layout, max_rows, open_sheet
from .values import (
    CATEGORY_LABELS,
    EDUCATION,
    GENDER,
    PARTY_MEMBER_KIND,
    POLITICAL_STATUS,
    POST_LABELS,
    TALENT_KIND,
    VOTING_STATUS,
    CellError,
    clean_category,
    clean_date,
    clean_name,
    clean_phone,
    clean_post,
    clean_text,
    clean_yes_no,
    format_date,
    squash,
)
from .writer import insert_with_history

# The fictional person in the template's example row; importing it is an error.
EXAMPLE_NAME = "张三"
EXAMPLE_ID = "340121198503010019"

NEW, UPDATED, UNCHANGED, ERROR = "new", "updated", "unchanged", "error"
PERSON_FIELDS = (
    "name",
    "ethnicity",
    "education",
    "political_status",
    "party_joined_on",
    "phone",
    "village_id",
    "notes",
)
MEMBERSHIP_FIELDS = (
    "post",
    "party_member_kind",
    "voting_status",
    "excluded_from_quorum",
    "exclusion_reason",
    "exclusion_approval",
    "start_date",
    "end_date",
)
LOOKUP_CHUNK = 2000
# PostgreSQL takes the values as one array parameter (see ``_where_in``): no
# placeholder limit, so a whole roster is one round trip.
LOOKUP_CHUNK_PG = 20000
# Columns whose cleaned value depends only on the cell (memoised per file).
CACHED_COLUMNS = (
    "gender",
    "ethnicity",
    "education",
    "political_status",
    "party_joined_on",
    "category",
    "post",
    "party_member_kind",
    "voting_status",
    "excluded_from_quorum",
    "exclusion_reason",
    "exclusion_approval",
    "talent_kind",
    "start_date",
    "end_date",
)
_MISSING = object()
PROGRESS_EVERY = 500


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        return _(msg.ROW_ERROR_FORMAT) % self.as_dict()


@dataclass
class ImportReport:
    """What an import found and did; ``as_json()`` is the shape of SPEC §5."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    row_plans: list[dict] = field(default_factory=list)
    written: bool = False
    sheet: str = ""
    header_row: int = 0

    def as_json(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [error.as_dict() for error in self.errors],
        }

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ParsedRow:
    row: int
    id_number: str = ""
    person: dict = field(default_factory=dict)
    memberships: list[dict] = field(default_factory=list)
    village: Village | None = None
    has_error: bool = False


class VillageIndex:
    """Find a village by the name clerks write: 王楼村, 王楼, 立仓镇王楼村 or its code."""

    def __init__(self, township: Township | None):
        queryset = Village.objects.select_related("township").order_by(
            "township__code", "code"
        )
        if township is not None:
            queryset = queryset.filter(township=township)
        self.villages = list(queryset)
        self.township = township
        self.by_key: dict[str, list[Village]] = defaultdict(list)
        for village in self.villages:
            name = squash(village.name)
            keys = {name, squash(village.township.name) + name}
            for suffix in ("村委会", "居委会", "社区", "村"):
                if name.endswith(suffix) and len(name) > len(suffix):
                    keys.add(name[: -len(suffix)])
                    break
            if township is not None:
                keys.add(squash(village.code))
            for key in keys:
                if village not in self.by_key[key]:
                    self.by_key[key].append(village)
        self._cache: dict[str, Village | CellError] = {}

    def find(self, value) -> Village:
        cached = self._cache.get(value)
        if cached is None:
            cached = self._find(squash(value))
            self._cache[value] = cached
        if isinstance(cached, CellError):
            raise cached
        return cached

    def _find(self, text: str) -> Village | CellError:
        if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
            # A name the template neutralised (see core.exports.neutralise).
            text = text[1:]
        found = self.by_key.get(text) or self.by_key.get(text.removesuffix("村委会"))
        if not found:
            names = [v.name for v in self.villages]
            shown = "、".join(names[:40]) + ("……" if len(names) > 40 else "")
            return CellError(
                _(msg.VILLAGE_UNKNOWN) % {"value": text, "names": shown or "—"}
            )
        if len(found) > 1:
            return CellError(
                _(msg.VILLAGE_AMBIGUOUS)
                % {
                    "value": text,
                    "townships": "、".join(
                        f"{v.township.name}（{v.township.code}）" for v in found
                    ),
                }
            )
        return found[0]


def _gender_word(value: str) -> str:
    return "男" if value == Gender.MALE else "女"


class RosterImport:
    """One run of the roster import over one file.

    ``township`` limits the villages (and the people) the file may touch;
    ``None`` looks village names up across every township (command line).
    """

    def __init__(
        self,
        *,
        township: Township | None = None,
        user=None,
        dry_run: bool = True,
        source_name: str = "",
        progress: Callable[[int, int, str], None] | None = None,
        keep_row_plans: bool = True,
        time_limit: float | None = None,
    ):
        self.time_limit = time_limit
        self.deadline = time.monotonic() + time_limit if time_limit else None
        self.township = township
        self.user = user
        self.dry_run = dry_run
        self.source_name = source_name
        self.progress = progress or (lambda done, total, phase: None)
        self.keep_row_plans = keep_row_plans
        self.report = ImportReport()
        self._pinyin: dict[str, tuple[str, str]] = {}
        self._caches: dict[str, dict] = {key: {} for key in CACHED_COLUMNS}
        self._labels: dict[tuple, str] = {}
        self._positions: dict[str, int] | None = None
        self._positions_of: Layout | None = None
        self._row_width = 0

    # --- entry point -------------------------------------------------------------

    def run(self, path: str | Path, fmt: str) -> ImportReport:
        """Check the file and, unless this is a dry run without errors, write it."""
        report = self.report
        try:
            opened = open_sheet(path, fmt)
        except ImportFileError as exc:
            report.errors.append(RowError(exc.row, exc.column, exc.message))
            return report
        try:
            layout = opened.layout
            report.sheet, report.header_row = layout.sheet, layout.header_row
            if layout.ignored:
                report.warnings.append(
                    _(msg.IGNORED_COLUMNS) % {"columns": "、".join(layout.ignored)}
                )
            for text in layout.derived:
                report.warnings.append(_(msg.DERIVED_COLUMN) % {"column": text})
            parsed = self._parse_rows(layout, opened)
        except ImportFileError as exc:
            report.errors.append(RowError(exc.row, exc.column, exc.message))
            return report
        finally:
            opened.close()
        if report.rows == 0 and not report.errors:
            report.errors.append(RowError(layout.header_row, "", _(msg.NO_ROWS)))
            return report
        self._layout = layout
        plan = self._compare(parsed)
        if report.errors:
            report.errors.sort(key=lambda e: (e.row, self._column_order(e.column)))
            report.created = report.updated = report.unchanged = 0
            return report
        if not self.dry_run:
            if any(plan):
                self.progress(report.rows, report.rows, "writing")
                self._write(plan)
            report.written = True
        return report

    def _column_order(self, header: str) -> int:
        for key, text in self._layout.headers.items():
            if text == header:
                return self._layout.index[key]
        return -1

    # --- reading and cleaning ----------------------------------------------------

    def _parse_rows(self, layout: Layout, opened) -> list[ParsedRow]:
        report = self.report
        villages = VillageIndex(self.township)
        index = layout.index
        seq_index = index.get("seq")
        limit = max_rows()
        parsed: list[ParsedRow] = []
        blank_run = 0
        estimate = opened.estimated_rows
        extrapolate = opened.extrapolate
        for row_number, values in opened.rows:
            if _is_blank(values, seq_index):
                blank_run += 1
                if blank_run > BLANK_RUN_END:
                    break
                continue
            blank_run = 0
            report.rows += 1
            if report.rows > limit:
                raise ImportFileError(_(msg.TOO_MANY_ROWS) % {"max": limit})
            parsed.append(self._parse_row(layout, villages, row_number, values))
            if report.rows % PROGRESS_EVERY == 0:
                if self.deadline is not None and time.monotonic() > self.deadline:
                    raise ImportFileError(
                        _(msg.IMPORT_TIME_LIMIT) % {"seconds": self.time_limit}
                    )
                total = extrapolate(report.rows) if extrapolate else estimate
                self.progress(report.rows, max(total, report.rows + 1), "checking")
        return parsed

    def _error(self, parsed: ParsedRow, key: str, message: str) -> None:
        header = self._layout.headers.get(key) or COLUMNS_BY_KEY[key].header
        self.report.errors.append(RowError(parsed.row, header, message))
        parsed.has_error = True

    def _position_map(self, layout: Layout) -> dict[str, int]:
        """Map every column key to its position; absent columns to -1 (a blank)."""
        self._positions = {key: layout.index.get(key, -1) for key in COLUMNS_BY_KEY}
        self._positions_of = layout
        # Room for every present column plus one trailing blank.
        self._row_width = max(layout.index.values(), default=-1) + 2
        return self._positions

    def _parse_row(
        self, layout: Layout, villages: VillageIndex, row_number: int, values
    ) -> ParsedRow:
        self._layout = layout
        parsed = ParsedRow(row=row_number)
        person = parsed.person
        positions = self._positions
        if positions is None or self._positions_of is not layout:
            positions = self._position_map(layout)
        # Absent columns read position -1: make sure the row ends in a blank.
        if len(values) < self._row_width:
            values = tuple(values) + (None,) * (self._row_width - len(values))
        elif values[-1] is not None:
            values = (*values, None)

        def cell(key):
            return values[positions[key]]

        caches = self._caches

        def clean(key, cleaner, *args):
            raw = cell(key)
            cache = caches.get(key)
            if cache is not None:
                # Choice, village and date columns repeat the same few values:
                # each distinct value is cleaned once per file.
                hit = cache.get(raw, _MISSING)
                if hit is _MISSING:
                    try:
                        hit = (cleaner(raw, *args), None)
                    except CellError as exc:
                        hit = (None, exc.message)
                    cache[raw] = hit
                value, message = hit
                if message is not None:
                    self._error(parsed, key, message)
                return value
            try:
                return cleaner(raw, *args)
            except CellError as exc:
                self._error(parsed, key, exc.message)
                return None

        # name
        name = clean("name", clean_name)
        if name == "":
            self._error(parsed, "name", _(msg.REQUIRED))
        elif name:
            person["name"] = name

        # ID number, and what it says about gender and birth date
        info = None
        raw_id = cell("id_number")
        if raw_id is None or (isinstance(raw_id, str) and not squash(raw_id)):
            self._error(parsed, "id_number", _(msg.REQUIRED))
        elif isinstance(raw_id, float) or (
            isinstance(raw_id, int)
            and len(str(raw_id)) >= 15
            and str(raw_id).endswith("000")
        ):
            self._error(parsed, "id_number", _(msg.ID_TRUNCATED))
        else:
            try:
                info = parse_id_number(squash(raw_id).upper())
            except ValidationError as exc:
                self._error(parsed, "id_number", " ".join(exc.messages))
            else:
                parsed.id_number = info.number
                if info.number == EXAMPLE_ID:
                    self._error(parsed, "id_number", _(msg.EXAMPLE_ROW))
                    info = None

        gender = clean("gender", GENDER.clean)
        if gender and info is not None and gender != info.gender:
            self._error(
                parsed,
                "gender",
                _(msg.GENDER_CONTRADICTS)
                % {"value": _gender_word(gender), "gender": _gender_word(info.gender)},
            )
        birth = clean("birth_date", clean_date)
        if birth and info is not None:
            day, month_only = birth
            agrees = (
                (day.year, day.month) == (info.birth_date.year, info.birth_date.month)
                if month_only
                else day == info.birth_date
            )
            if not agrees:
                self._error(
                    parsed,
                    "birth_date",
                    _(msg.BIRTH_CONTRADICTS)
                    % {
                        "value": format_date(day, month_only),
                        "date": format_date(info.birth_date),
                    },
                )
        if info is not None:
            person["gender"] = info.gender
            person["birth_date"] = info.birth_date

        ethnicity = clean("ethnicity", clean_text, 20)
        if ethnicity:
            ethnicity = squash(ethnicity)
            if (
                not ethnicity.endswith("族")
                and len(ethnicity) <= 3
                and ethnicity != "穿青人"
            ):
                ethnicity += "族"
            person["ethnicity"] = ethnicity
        for key, cleaner in (
            ("education", EDUCATION.clean),
            ("political_status", POLITICAL_STATUS.clean),
            ("phone", clean_phone),
        ):
            value = clean(key, cleaner)
            if value:
                person[key] = value
        joined = clean("party_joined_on", clean_date)
        if joined:
            person["party_joined_on"] = joined[0]
        notes = clean("notes", clean_text, 1000)
        if notes:
            person["notes"] = notes

        raw_village = cell("village")
        if raw_village is None or not squash(raw_village):
            self._error(parsed, "village", _(msg.REQUIRED))
        else:
            try:
                parsed.village = villages.find(raw_village)
                person["village_id"] = parsed.village.pk
            except CellError as exc:
                self._error(parsed, "village", exc.message)

        self._parse_memberships(parsed, clean)
        return parsed

    def _parse_memberships(self, parsed: ParsedRow, clean) -> None:
        person = parsed.person
        category_pair = clean("category", clean_category)
        category, talent_from_category = category_pair or ("", "")
        posts = clean("post", clean_post) or ()
        kind = clean("party_member_kind", PARTY_MEMBER_KIND.clean)
        voting = clean("voting_status", VOTING_STATUS.clean)
        excluded = clean("excluded_from_quorum", clean_yes_no)
        reason = clean("exclusion_reason", clean_text, 200)
        approval = clean("exclusion_approval", clean_text, 200)
        talent = clean("talent_kind", TALENT_KIND.clean) or talent_from_category
        start = clean("start_date", clean_date)
        end = clean("end_date", clean_date)
        start_day = start[0] if start else None
        end_day = end[0] if end else None
        if start_day and end_day and end_day < start_day:
            self._error(parsed, "end_date", _(msg.END_BEFORE_START))
        if not category and not posts and (kind or voting or excluded):
            category = Category.PARTY_MEMBER
        status = person.get("political_status", "")

        pairs: list[tuple[str, str]] = []
        if posts:
            for fixed, post in posts:
                target = fixed
                if target is None:
                    if category in COMMITTEE_CATEGORIES:
                        target = category
                    elif category:
                        self._error(
                            parsed,
                            "post",
                            _(msg.POST_NOT_ALLOWED)
                            % {"category": CATEGORY_LABELS[category]},
                        )
                        return
                    else:
                        word = squash(parsed_cell_text(posts))
                        self._error(
                            parsed, "post", _(msg.POST_NEEDS_CATEGORY) % {"value": word}
                        )
                        return
                elif len(posts) == 1 and category and category != target:
                    if category in COMMITTEE_CATEGORIES:
                        self._error(
                            parsed,
                            "post",
                            _(msg.POST_NOT_IN_CATEGORY)
                            % {
                                "value": POST_LABELS[post],
                                "category": CATEGORY_LABELS[category],
                                "allowed": "、".join(
                                    POST_LABELS[p] for p in POSTS_BY_CATEGORY[category]
                                ),
                            },
                        )
                    else:
                        self._error(
                            parsed,
                            "post",
                            _(msg.POST_NOT_ALLOWED)
                            % {"category": CATEGORY_LABELS[category]},
                        )
                    return
                if post not in POSTS_BY_CATEGORY[target]:
                    self._error(
                        parsed,
                        "post",
                        _(msg.POST_NOT_IN_CATEGORY)
                        % {
                            "value": POST_LABELS[post],
                            "category": CATEGORY_LABELS[target],
                            "allowed": "、".join(
                                POST_LABELS[p] for p in POSTS_BY_CATEGORY[target]
                            ),
                        },
                    )
                    return
                pairs.append((target, post))
        elif category in COMMITTEE_CATEGORIES:
            self._error(parsed, "post", _(msg.COMMITTEE_NEEDS_POST))
            return
        elif category:
            pairs.append((category, ""))

        for target, post in pairs:
            membership = {"category": target, "post": post, "talent_kind": ""}
            if (
                target == Category.PARTY_COMMITTEE
                and status
                and status
                not in (
                    PoliticalStatus.MEMBER,
                    PoliticalStatus.PROBATIONARY,
                )
            ):
                self._error(
                    parsed,
                    "political_status",
                    _(msg.PARTY_POST_NEEDS_MEMBER)
                    % {"value": POLITICAL_STATUS.word_of[status]},
                )
            if target == Category.PARTY_MEMBER:
                if status and status not in (
                    PoliticalStatus.MEMBER,
                    PoliticalStatus.PROBATIONARY,
                ):
                    self._error(
                        parsed,
                        "political_status",
                        _(msg.PARTY_MEMBER_STATUS)
                        % {"value": POLITICAL_STATUS.word_of[status]},
                    )
                derived = (
                    PartyMemberKind.PROBATIONARY
                    if status == PoliticalStatus.PROBATIONARY
                    else PartyMemberKind.FULL
                )
                if (
                    kind
                    and status in (PoliticalStatus.MEMBER, PoliticalStatus.PROBATIONARY)
                    and kind != derived
                ):
                    self._error(
                        parsed,
                        "party_member_kind",
                        _(msg.PARTY_KIND_CONTRADICTS)
                        % {
                            "value": PARTY_MEMBER_KIND.word_of[kind],
                            "status": POLITICAL_STATUS.word_of[status],
                        },
                    )
                membership["party_member_kind"] = kind or derived
                if not status:
                    person["political_status"] = (
                        PoliticalStatus.PROBATIONARY
                        if membership["party_member_kind"]
                        == PartyMemberKind.PROBATIONARY
                        else PoliticalStatus.MEMBER
                    )
                if voting:
                    membership["voting_status"] = voting
                if excluded is not None:
                    membership["excluded_from_quorum"] = excluded
                    if excluded and not reason:
                        self._error(
                            parsed, "exclusion_reason", _(msg.EXCLUSION_NEEDS_REASON)
                        )
                if reason:
                    membership["exclusion_reason"] = reason
                if approval:
                    membership["exclusion_approval"] = approval
            if target == Category.TALENT:
                if not talent:
                    self._error(
                        parsed,
                        "talent_kind",
                        _(msg.TALENT_NEEDS_KIND)
                        % {"allowed": "、".join(TALENT_KIND.display)},
                    )
                membership["talent_kind"] = talent or ""
            if start_day:
                membership["start_date"] = start_day
            if end_day:
                membership["end_date"] = end_day
            parsed.memberships.append(membership)

    # --- comparing with the roster -------------------------------------------------

    def _compare(self, parsed_rows: list[ParsedRow]):
        report = self.report
        layout = self._layout
        first_row_of: dict[str, ParsedRow] = {}
        merged: dict[str, dict] = {}
        seen_membership: dict[tuple, int] = {}
        for parsed in parsed_rows:
            number = parsed.id_number
            if not number:
                continue
            if number not in first_row_of:
                first_row_of[number] = parsed
                merged[number] = dict(parsed.person)
            else:
                target = merged[number]
                for key, value in parsed.person.items():
                    if key in ("gender", "birth_date"):
                        continue
                    other = target.get(key)
                    if other is None:
                        target[key] = value
                    elif other != value:
                        column_key = "village" if key == "village_id" else key
                        shown = self._display(key, other)
                        self._error(
                            parsed,
                            column_key,
                            _(msg.ID_CONFLICT)
                            % {
                                "row": first_row_of[number].row,
                                "column": layout.headers.get(column_key)
                                or COLUMNS_BY_KEY[column_key].header,
                                "other": shown,
                            },
                        )
            if not parsed.memberships and not parsed.has_error:
                # A row that only records the person: a second one adds nothing.
                key = (number, "", "")
                if key in seen_membership:
                    self._error(
                        parsed,
                        "id_number",
                        _(msg.ID_DUPLICATE_PERSON) % {"row": seen_membership[key]},
                    )
                else:
                    seen_membership[key] = parsed.row
            for membership in parsed.memberships:
                key = (number, membership["category"], membership["talent_kind"])
                if key in seen_membership:
                    self._error(
                        parsed,
                        "id_number",
                        _(msg.ID_DUPLICATE) % {"row": seen_membership[key]},
                    )
                else:
                    seen_membership[key] = parsed.row

        existing = self._existing = self._load_people(list(merged))
        memberships = self._load_memberships([p["id"] for p in existing.values()])

        # Whole-person changes are decided once, on the merged data.
        new_people: dict[str, Person] = {}
        changed_people: dict[str, tuple[Person, list[str]]] = {}
        person_changes: dict[str, list[str]] = {}
        for number, data in merged.items():
            person = existing.get(number)
            if person is None:
                if first_row_of[number].has_error:
                    continue
                new_people[number] = self._new_person(number, data)
                continue
            if self.township is not None and person["township_id"] != self.township.pk:
                self._error(first_row_of[number], "id_number", _(msg.ID_OTHER_TOWNSHIP))
                continue
            changed, descriptions = [], []
            for key in PERSON_FIELDS:
                if key in data and person[key] != data[key]:
                    descriptions.append(
                        f"{self._label(key)}：{self._display(key, person[key])} → {self._display(key, data[key])}"
                    )
                    changed.append(key)
            if changed:
                person.setdefault("created_at", None)
                person.setdefault("updated_at", None)
                instance = _instance(Person, person)
                for key in changed:
                    setattr(instance, key, data[key])
                if "name" in changed:
                    instance.name_pinyin, instance.name_initials = self._keys(
                        instance.name
                    )
                    changed += ["name_pinyin", "name_initials"]
                changed_people[number] = (instance, changed)
                person_changes[number] = descriptions
        if changed_people:
            stamps = dict(
                Person.objects.filter(
                    pk__in=[p.pk for p, _names in changed_people.values()]
                ).values_list("pk", "created_at")
            )
            for instance, _names in changed_people.values():
                instance.created_at = stamps.get(instance.pk)

        new_memberships: list[tuple[str, RosterMembership]] = []
        changed_memberships: dict[int, tuple[RosterMembership, set]] = {}
        plans = report.row_plans
        reported_person: set[str] = set()
        for parsed in parsed_rows:
            number = parsed.id_number
            if parsed.has_error or not number or number not in merged:
                if self.keep_row_plans:
                    plans.append(self._plan(parsed, ERROR, []))
                continue
            status = UNCHANGED
            changes: list[str] = []
            if number in new_people:
                status = NEW
            elif number in person_changes and number not in reported_person:
                status = UPDATED
                changes.extend(person_changes[number])
                reported_person.add(number)
            person = new_people.get(number) or existing.get(number)
            for data in parsed.memberships:
                match = None
                if number in existing:
                    match = self._match(
                        memberships.get(existing[number]["id"], ()),
                        parsed.village,
                        data,
                    )
                if match is None:
                    new_memberships.append(
                        (number, self._new_membership(parsed.village, data))
                    )
                    if status != NEW:
                        status = UPDATED
                        changes.append(
                            _("new: %(what)s") % {"what": self._membership_label(data)}
                        )
                    continue
                fields = set()
                for key in MEMBERSHIP_FIELDS:
                    if key in data and match[key] != data[key]:
                        changes.append(
                            f"{self._membership_label(data)} {self._label(key, RosterMembership)}："
                            f"{self._display(key, match[key], RosterMembership)} → "
                            f"{self._display(key, data[key], RosterMembership)}"
                        )
                        match[key] = data[key]
                        fields.add(key)
                if fields:
                    earlier = changed_memberships.get(match["id"], (None, set()))[1]
                    changed_memberships[match["id"]] = (
                        _instance(RosterMembership, match),
                        earlier | fields,
                    )
                    if status == UNCHANGED:
                        status = UPDATED
            if status == NEW:
                report.created += 1
            elif status == UPDATED:
                report.updated += 1
            else:
                report.unchanged += 1
            if self.keep_row_plans:
                plans.append(self._plan(parsed, status, changes, person))
        return new_people, changed_people, new_memberships, changed_memberships

    def _plan(
        self, parsed: ParsedRow, status: str, changes: list[str], person=None
    ) -> dict:
        data = parsed.person
        return {
            "row": parsed.row,
            "status": status,
            "name": data.get("name", ""),
            "id": mask_id_number(parsed.id_number),
            "village": parsed.village.name if parsed.village else "",
            "what": "、".join(self._membership_label(m) for m in parsed.memberships),
            "changes": changes[:12],
        }

    def _membership_label(self, data: dict) -> str:
        key = (data["category"], data.get("post"), data.get("talent_kind"))
        label = self._labels.get(key)
        if label is None:
            label = self._labels[key] = self._make_membership_label(data)
        return label

    def _make_membership_label(self, data: dict) -> str:
        label = str(CATEGORY_LABELS.get(data["category"], data["category"]))
        if data.get("post"):
            label += POST_LABELS[data["post"]]
        if data.get("talent_kind"):
            label += (
                "（"
                + TALENT_KIND.word_of.get(data["talent_kind"], data["talent_kind"])
                + "）"
            )
        return label

    def _label(self, key: str, model=Person) -> str:
        return str(model._meta.get_field(key.removesuffix("_id")).verbose_name)

    def _display(self, key: str, value, model=Person) -> str:
        if value in (None, ""):
            return "—"
        if key == "village_id":
            if not hasattr(self, "_village_names"):
                self._village_names = dict(Village.objects.values_list("pk", "name"))
            return self._village_names.get(value, str(value))
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, datetime.date):
            return format_date(value)
        model_field = model._meta.get_field(key)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        return str(value)

    def _match(self, existing: list[dict], village: Village, data: dict) -> dict | None:
        """Return the membership a row updates: same category, same start, or the open one."""
        candidates = [
            m
            for m in existing
            if m["village_id"] == village.pk
            and m["category"] == data["category"]
            and m["talent_kind"] == data["talent_kind"]
        ]
        if not candidates:
            return None
        start = data.get("start_date")
        if start:
            for membership in candidates:
                if membership["start_date"] == start:
                    return membership
        open_ones = [m for m in candidates if m["end_date"] is None]
        pool = open_ones or candidates
        return max(pool, key=lambda m: (m["start_date"] or datetime.date.min, m["id"]))

    def _load_people(self, numbers: list[str]) -> dict[str, dict]:
        """Load existing people as plain rows (model instances only for changed ones)."""
        found: dict[str, dict] = {}
        names = _LOADED_PERSON_FIELDS
        size = _lookup_chunk()
        for start in range(0, len(numbers), size):
            chunk = numbers[start : start + size]
            rows = (
                _where_in(Person.objects.all(), "id_number", chunk)
                .order_by()
                .values_list(*names, "village__township_id")
            )
            for row in rows:
                values = dict(zip(names, row, strict=False))
                values["township_id"] = row[-1]
                found[values["id_number"]] = values
        return found

    def _load_memberships(self, person_ids: list[int]) -> dict[int, list[dict]]:
        found: dict[int, list[dict]] = defaultdict(list)
        names = _ATTNAMES[RosterMembership]
        size = _lookup_chunk()
        for start in range(0, len(person_ids), size):
            chunk = person_ids[start : start + size]
            for row in (
                _where_in(RosterMembership.objects.all(), "person_id", chunk)
                .order_by()
                .values_list(*names)
            ):
                values = dict(zip(names, row, strict=True))
                found[values["person_id"]].append(values)
        return found

    def _keys(self, name: str) -> tuple[str, str]:
        keys = self._pinyin.get(name)
        if keys is None:
            keys = self._pinyin[name] = name_keys(name)
        return keys

    def _new_person(self, number: str, data: dict) -> dict:
        """Return the column values of a new person (a plain row, see writer)."""
        name = data.get("name", "")
        pinyin, initials = self._keys(name)
        return {
            "id": None,
            "id_number": number,
            "name": name,
            "gender": data["gender"],
            "ethnicity": data.get("ethnicity", "汉族"),
            "birth_date": data["birth_date"],
            "education": data.get("education", ""),
            "political_status": data.get("political_status", PoliticalStatus.MASSES),
            "party_joined_on": data.get("party_joined_on"),
            "phone": data.get("phone", ""),
            "village_id": data["village_id"],
            "notes": data.get("notes", ""),
            "name_pinyin": pinyin,
            "name_initials": initials,
            "created_at": None,
            "updated_at": None,
        }

    def _new_membership(self, village: Village, data: dict) -> dict:
        """Return the column values of a new membership (person_id set on write)."""
        return {
            "id": None,
            "person_id": None,
            "village_id": village.pk,
            "category": data["category"],
            "post": data.get("post", ""),
            "party_member_kind": data.get("party_member_kind", ""),
            "voting_status": data.get(
                "voting_status",
                VotingStatus.NORMAL
                if data["category"] == Category.PARTY_MEMBER
                else "",
            ),
            "excluded_from_quorum": data.get("excluded_from_quorum", False),
            "exclusion_reason": data.get("exclusion_reason", ""),
            "exclusion_approval": data.get("exclusion_approval", ""),
            "talent_kind": data.get("talent_kind", ""),
            "start_date": data.get("start_date"),
            "end_date": data.get("end_date"),
            "notes": "",
        }

    # --- writing -------------------------------------------------------------------

    @transaction.atomic
    def _write(self, plan) -> None:
        new_people, changed_people, new_memberships, changed_memberships = plan
        reason = (_("Excel import: %(file)s") % {"file": self.source_name})[:100]
        now = timezone.now()
        user_id = self.user.pk if self.user is not None else None
        people = list(new_people.values())
        for person in people:
            person["created_at"] = person["updated_at"] = now
        insert_with_history(Person, people, user_id=user_id, reason=reason, when=now)
        common = {
            "default_user": self.user,
            "default_change_reason": reason,
            "default_date": now,
        }
        if changed_people:
            fields = sorted(
                {f for _person, names in changed_people.values() for f in names}
                | {"updated_at"}
            )
            updated = [person for person, _names in changed_people.values()]
            for person in updated:
                person.updated_at = now
            bulk_update_with_history(updated, Person, fields, batch_size=500, **common)
        rows = []
        for number, membership in new_memberships:
            person = new_people.get(number) or self._existing[number]
            membership["person_id"] = person["id"]
            rows.append(membership)
        insert_with_history(
            RosterMembership, rows, user_id=user_id, reason=reason, when=now
        )
        if changed_memberships:
            objs = [m for m, _fields in changed_memberships.values()]
            fields = sorted(
                {f for _m, names in changed_memberships.values() for f in names}
            )
            bulk_update_with_history(
                objs, RosterMembership, fields, batch_size=500, **common
            )


_ATTNAMES = {
    model: [field.attname for field in model._meta.concrete_fields]
    for model in (Person, RosterMembership)
}
# What the comparison needs; the two timestamps (costly to convert on SQLite)
# are fetched only for the people that change.
_LOADED_PERSON_FIELDS = [
    name for name in _ATTNAMES[Person] if name not in ("created_at", "updated_at")
]


def _lookup_chunk() -> int:
    vendor = connections[router.db_for_read(Person)].vendor
    return LOOKUP_CHUNK_PG if vendor == "postgresql" else LOOKUP_CHUNK


def _where_in(queryset, attname: str, values: list):
    """Filter ``attname IN values``; on PostgreSQL as ``= ANY(%s)`` with one array.

    psycopg parses a query's placeholders on the client: 2,000 of them in an
    ``IN (…)`` cost more than the query itself.
    """
    if connections[queryset.db].vendor != "postgresql":
        return queryset.filter(**{f"{attname}__in": values})
    meta = queryset.model._meta
    column = meta.get_field(attname.removesuffix("_id")).column
    quote = connections[queryset.db].ops.quote_name
    return queryset.extra(  # noqa: S610 - identifiers from the model, values as a parameter
        where=[f"{quote(meta.db_table)}.{quote(column)} = ANY(%s)"], params=[values]
    )


def _instance(model, values: dict):
    """Build a model instance from a loaded row, as if fetched from the database."""
    names = _ATTNAMES[model]
    return model.from_db(None, names, [values[name] for name in names])


def parsed_cell_text(posts) -> str:
    return "、".join(POST_LABELS[post] for _category, post in posts)


def _is_blank(values, seq_index) -> bool:
    for position, value in enumerate(values):
        if value is None or position == seq_index:
            continue
        if isinstance(value, str):
            if value.strip():
                return False
        else:
            return False
    return True

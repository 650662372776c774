"""The 2027 holiday notice: entry, import, checks, deadline recompute with a preview.

2027 is not in the holiday package. The State Council's 2027 notice was not
available when this was written, so the tests enter explicit TEST ranges
around 春节 (2027-02-06, a Saturday): days off 2027-02-05 (Fri) to 02-13 (Sat)
and a make-up workday on Saturday 2027-02-20. They are not the official dates.
"""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stages import services, workdays
from stages.choices import HolidayKind, TaskStatus
from stages.holiday_import import HolidayTableError, read_holiday_table
from stages.models import HolidayRange, HolidayYear, VillageElection, VillageTask
from stages.services.holidays import HolidayLine, holiday_year_set

from .factories import ElectionRoundFactory

pytestmark = pytest.mark.django_db
D = datetime.date
OFF, WORK = HolidayKind.HOLIDAY, HolidayKind.WORKDAY

# TEST ranges (see the module docstring), as a clerk types them on the page.
SPRING_2027 = [
    HolidayLine(1, OFF, D(2027, 1, 1), D(2027, 1, 3), "元旦"),
    HolidayLine(2, OFF, D(2027, 2, 5), D(2027, 2, 13), "春节"),
    HolidayLine(3, WORK, D(2027, 2, 20), None, "春节"),
]
PARTY_DAY = D(2027, 2, 22)  # a Monday after the Spring Festival
VC_DAY = D(2027, 3, 15)


def _post_data(
    lines, *, title="国务院办公厅关于2027年部分节假日安排的通知", action="preview"
):
    data = {
        "title": title,
        "document_number": "",
        "form-TOTAL_FORMS": str(len(lines) + 2),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        action: "1",
    }
    for index, line in enumerate(lines):
        data[f"form-{index}-kind"] = line.kind
        data[f"form-{index}-start"] = line.start.isoformat() if line.start else ""
        data[f"form-{index}-end"] = line.end.isoformat() if line.end else ""
        data[f"form-{index}-name"] = line.name
    return data


@pytest.fixture
def round_2027(township, villages, users):
    """A round under way whose Party elections fall just after 春节 2027."""
    from stages.defaults import load_defaults

    load_defaults()
    round = ElectionRoundFactory(
        township=township,
        name="2026年村（社区）“两委”换届",
        start_date=D(2026, 11, 20),
        target_end_date=D(2027, 3, 31),
    )
    for village in villages:
        VillageElection.objects.update_or_create(
            round=round,
            village=village,
            defaults={"party_election_date": PARTY_DAY, "vc_election_date": VC_DAY},
        )
    services.round_start(round=round, by=users["office"])
    return round


def _vetting(round, village):
    return VillageTask.objects.get(
        round=round, village=village, template__code="party-vetting"
    )


# --- the calendar -----------------------------------------------------------------


def test_entered_ranges_make_spring_festival_days_off_and_the_saturday_a_workday(users):
    # given 2027 is not packaged: the weekend fallback applies
    assert not workdays.has_official_data(2027)
    assert workdays.is_working_day(D(2027, 2, 8))  # a Monday in 春节
    # when the office enters the notice
    holiday_year_set(year=2027, title="通知", lines=SPRING_2027, by=users["office"])
    workdays.clear_cache()
    # then the 春节 weekdays are off, the make-up Saturday is a workday
    assert not workdays.is_working_day(D(2027, 2, 8))
    assert not workdays.is_working_day(D(2027, 1, 1))
    assert workdays.is_working_day(D(2027, 2, 20))
    assert workdays.is_working_day(D(2027, 3, 1))
    assert workdays.years_without_calendar([D(2027, 2, 1)]) == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            HolidayLine(1, WORK, D(2027, 2, 3), None, "春节"),
            "第1行：2027年2月3日是星期三。调休上班日一定是星期六或星期日",
        ),
        (
            HolidayLine(1, OFF, D(2027, 2, 13), D(2027, 2, 5), "春节"),
            "第1行：结束日期2027年2月5日早于开始日期2027年2月13日",
        ),
        (
            HolidayLine(1, OFF, D(2027, 2, 1), D(2027, 2, 20), "春节"),
            "第1行：连续放假20天",
        ),
        (
            HolidayLine(1, OFF, D(2028, 1, 1), None, "元旦"),
            "不属于2027年的通知",
        ),
        (HolidayLine(1, OFF, None, None, "春节"), "第1行：请填写开始日期"),
        (HolidayLine(1, "", D(2027, 5, 1), None, "劳动节"), "第1行：请填写类型"),
    ],
)
def test_bad_lines_are_refused_in_chinese_and_nothing_is_written(users, line, message):
    # when the office saves a notice with one bad line among good ones
    with pytest.raises(ValidationError) as excinfo:
        holiday_year_set(
            year=2027,
            title="通知",
            lines=[*SPRING_2027[:1], line],
            by=users["office"],
        )
    # then the message says what is wrong in Chinese; nothing was saved
    assert any(message in m for m in excinfo.value.messages), excinfo.value.messages
    assert not HolidayYear.objects.exists()
    assert not HolidayRange.objects.exists()


def test_overlapping_lines_are_refused_naming_both_rows(users):
    lines = [*SPRING_2027, HolidayLine(4, WORK, D(2027, 2, 13), None, "春节")]
    with pytest.raises(ValidationError) as excinfo:
        holiday_year_set(year=2027, title="通知", lines=lines, by=users["office"])
    assert any("第4行与第2行的日期重叠" in m for m in excinfo.value.messages)
    assert not HolidayYear.objects.exists()


def test_a_packaged_year_cannot_be_entered(users):
    with pytest.raises(ValidationError) as excinfo:
        holiday_year_set(
            year=2026,
            title="通知",
            lines=[HolidayLine(1, OFF, D(2026, 10, 1), None, "国庆节")],
            by=users["office"],
        )
    assert any("内置" in m for m in excinfo.value.messages)


# --- deadlines across 春节 2027 -------------------------------------------------------


def test_deadlines_across_spring_festival_preview_then_apply_completed_untouched(
    round_2027, villages, users
):
    # given the round: 联审 is due 10 working days before the Party election
    # (2027-02-22); with the weekend fallback that is Monday 2027-02-08
    first, second = villages[0], villages[1]
    assert _vetting(round_2027, first).due_date == D(2027, 2, 8)
    # and the second village has already completed it
    VillageTask.objects.filter(pk=_vetting(round_2027, second).pk).update(
        status=TaskStatus.DONE, completed_on=D(2026, 11, 25)
    )
    # when the office previews the TEST 春节 ranges
    preview = services.holidays.holiday_year_preview(
        year=2027, lines=SPRING_2027, user=users["office"]
    )
    # then the open task moves: back over 2-13…2-5 off, counting Saturday 2-20
    moves = {m.task.village_id: m for m in preview.moves}
    assert (moves[first.pk].old, moves[first.pk].new) == (
        D(2027, 2, 8),
        D(2027, 2, 1),
    )
    assert second.pk not in moves
    assert preview.other_count == 0
    # and nothing is written by the preview
    assert _vetting(round_2027, first).due_date == D(2027, 2, 8)
    assert not HolidayYear.objects.exists()
    # when the office confirms
    notice, moved = holiday_year_set(
        year=2027, title="通知", lines=SPRING_2027, by=users["office"]
    )
    # then every open deadline moved as previewed; the completed task did not
    assert moved == len(preview.moves) == len(villages) - 1
    assert _vetting(round_2027, first).due_date == D(2027, 2, 1)
    done = _vetting(round_2027, second)
    assert (done.status, done.due_date) == (TaskStatus.DONE, D(2027, 2, 8))
    # and the move is in the task's history with the reason
    record = _vetting(round_2027, first).history.first()
    assert "2027" in record.history_change_reason
    assert notice.ranges.count() == 3


def test_changing_the_notice_recomputes_again_and_keeps_the_range_history(
    round_2027, villages, users
):
    holiday_year_set(year=2027, title="通知", lines=SPRING_2027, by=users["office"])
    # when the make-up Saturday is removed (the office had mistyped it)
    holiday_year_set(year=2027, title="通知", lines=SPRING_2027[:2], by=users["office"])
    # then the deadline counts without it: 2-19 … 2-15, then 2-4 … 2-1, 1-29
    assert _vetting(round_2027, villages[0]).due_date == D(2027, 1, 29)
    history = HolidayRange.history.filter(history_type="-")
    assert history.count() == 1
    assert history.get().start == D(2027, 2, 20)


def test_unchanged_notice_is_refused(users):
    holiday_year_set(year=2027, title="通知", lines=SPRING_2027, by=users["office"])
    with pytest.raises(ValidationError) as excinfo:
        holiday_year_set(year=2027, title="通知", lines=SPRING_2027, by=users["office"])
    assert any("没有变化" in m for m in excinfo.value.messages)


# --- the pages ------------------------------------------------------------------------


def test_page_previews_then_saves_with_confirm(round_2027, villages, users, client_for):
    client = client_for(users["office"])
    url = reverse("stages:holiday_year", args=[2027])
    # when previewing
    response = client.post(url, _post_data(SPRING_2027))
    # then the moves are listed old → new and nothing is saved
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="move-preview"' in body
    assert "2027年2月8日" in body
    assert "2027年2月1日" in body
    assert not HolidayYear.objects.exists()
    # when confirming
    response = client.post(url, _post_data(SPRING_2027, action="confirm"))
    assert response.status_code == 302
    assert HolidayYear.objects.get(year=2027).ranges.count() == 3
    assert _vetting(round_2027, villages[0]).due_date == D(2027, 2, 1)


def test_page_refuses_a_weekday_workday_in_chinese_and_writes_nothing(
    users, client_for
):
    client = client_for(users["office"])
    lines = [HolidayLine(1, WORK, D(2027, 2, 3), None, "春节")]
    response = client.post(
        reverse("stages:holiday_year", args=[2027]),
        _post_data(lines, action="confirm"),
    )
    assert response.status_code == 200
    assert "2027年2月3日是星期三" in response.content.decode()
    assert not HolidayYear.objects.exists()


@pytest.mark.parametrize("role", ["leader", "guide", "inspector"])
def test_only_office_and_county_may_enter_holidays(users, client_for, role):
    response = client_for(users[role]).post(
        reverse("stages:holiday_year", args=[2027]),
        _post_data(SPRING_2027, action="confirm"),
    )
    assert response.status_code in (403, 404)
    assert not HolidayYear.objects.exists()


def test_county_may_enter_holidays(users, client_for):
    response = client_for(users["county"]).post(
        reverse("stages:holiday_year", args=[2027]),
        _post_data(SPRING_2027, action="confirm"),
    )
    assert response.status_code == 302
    assert HolidayYear.objects.filter(year=2027).exists()


def test_holiday_list_lists_notices_in_fixed_queries(
    users, client_for, django_assert_max_num_queries
):
    for year in (2027, 2028):
        holiday_year_set(
            year=year,
            title=f"{year}通知",
            lines=[HolidayLine(1, OFF, D(year, 10, 1), D(year, 10, 7), "国庆节")],
            by=users["office"],
        )
    client = client_for(users["office"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("stages:holiday_list"))
    assert response.status_code == 200
    assert "2028通知" in response.content.decode()


# --- the battle-map task -----------------------------------------------------------


def test_battle_map_shows_the_holiday_task_to_office_only(
    round_2027, users, client_for
):
    url = reverse("stages:round_map", args=[round_2027.pk])
    office_page = client_for(users["office"]).get(url).content.decode()
    assert 'id="calendar-task"' in office_page
    assert reverse("stages:holiday_year", args=[2027]) in office_page
    for role in ("leader", "guide", "inspector"):
        page = client_for(users[role]).get(url).content.decode()
        assert 'id="calendar-task"' not in page, role
        assert "calendar-fallback" not in page, role


def test_village_page_no_longer_warns_anyone(round_2027, villages, users, client_for):
    url = reverse("stages:village_timeline", args=[round_2027.pk, villages[0].pk])
    for role in ("office", "guide"):
        page = client_for(users[role]).get(url).content.decode()
        assert 'id="calendar-task"' not in page
        assert "calendar-fallback" not in page


def test_the_task_disappears_once_the_year_is_entered(round_2027, users, client_for):
    holiday_year_set(year=2027, title="通知", lines=SPRING_2027, by=users["office"])
    workdays.clear_cache()
    url = reverse("stages:round_map", args=[round_2027.pk])
    page = client_for(users["office"]).get(url).content.decode()
    assert 'id="calendar-task"' not in page


# --- Excel import ------------------------------------------------------------------


def _xlsx(rows) -> SimpleUploadedFile:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["国务院办公厅关于2027年部分节假日安排的通知（测试数据）"])
    sheet.append([])
    sheet.append(["节日", "类型", "开始日期", "结束日期"])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        "2027放假安排.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_import_reads_dates_text_and_month_day_below_a_title():
    upload = _xlsx(
        [
            ("元旦", "放假", datetime.datetime(2027, 1, 1), "2027年1月3日"),
            ("春节", "放假", "2月5日", "2月13日"),
            ("春节", "调休上班", "2027-02-20", None),
        ]
    )
    lines = read_holiday_table(upload, year=2027)
    assert [(line.row, line.kind, line.start, line.end) for line in lines] == [
        (4, OFF, D(2027, 1, 1), D(2027, 1, 3)),
        (5, OFF, D(2027, 2, 5), D(2027, 2, 13)),
        (6, WORK, D(2027, 2, 20), None),
    ]


def test_import_refuses_bad_rows_all_or_nothing():
    upload = _xlsx(
        [
            ("春节", "放假", "2月5日", "2月13日"),
            ("春节", "调休", "2月20日", None),
            ("清明节", "放假", "4月31日", None),
        ]
    )
    with pytest.raises(HolidayTableError) as excinfo:
        read_holiday_table(upload, year=2027)
    errors = excinfo.value.errors
    assert any(e.startswith("第5行") and "放假" in e for e in errors), errors
    assert any(e.startswith("第6行") and "开始日期" in e for e in errors), errors


def test_import_page_refuses_a_weekday_workday_and_saves_nothing(
    round_2027, users, client_for
):
    upload = _xlsx([("春节", "调休上班", "2月3日", None)])
    response = client_for(users["office"]).post(
        reverse("stages:holiday_year", args=[2027]),
        {"title": "通知", "document_number": "", "import": "1", "file": upload},
    )
    body = response.content.decode()
    assert "第4行：2027年2月3日是星期三" in body
    assert "没有导入" in body
    assert not HolidayYear.objects.exists()


def test_import_page_fills_the_form_and_previews(
    round_2027, villages, users, client_for
):
    upload = _xlsx(
        [
            ("元旦", "放假", "1月1日", "1月3日"),
            ("春节", "放假", "2月5日", "2月13日"),
            ("春节", "调休上班", "2月20日", None),
        ]
    )
    response = client_for(users["office"]).post(
        reverse("stages:holiday_year", args=[2027]),
        {"title": "通知", "document_number": "", "import": "1", "file": upload},
    )
    assert response.status_code == 200
    assert response.context["preview"] is not None
    assert len(response.context["preview"].moves) == len(villages)
    assert 'value="2027-02-05"' in response.content.decode()
    assert not HolidayYear.objects.exists()


def test_import_refuses_a_file_that_is_not_excel():
    fake = SimpleUploadedFile("2027.xlsx", b"not a workbook at all" * 10)
    from villages.importing.reader import ImportFileError

    with pytest.raises(ImportFileError):
        read_holiday_table(fake, year=2027)

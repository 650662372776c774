"""All or nothing, idempotent re-import, updates with history, blank cells keep data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.roles import Role
from villages.choices import Category, Education, PoliticalStatus
from villages.importing import import_roster_file
from villages.models import Person, RosterMembership
from villages.tests.xlsx import good_row, person_id

pytestmark = pytest.mark.django_db


def test_one_bad_row_writes_nothing(township, villages, xlsx_file):
    # given: 30 good rows and one with a wrong village
    rows = [good_row(n) for n in range(1, 31)] + [good_row(31, 所在村="不存在村")]
    # when
    report = import_roster_file(xlsx_file(rows), township=township, dry_run=False)
    # then
    assert len(report.errors) == 1
    assert (report.created, report.written) == (0, False)
    assert Person.objects.count() == RosterMembership.objects.count() == 0
    assert Person.history.count() == 0


def test_dry_run_reports_new_rows_and_writes_nothing(township, villages, xlsx_file):
    # given
    path = xlsx_file([good_row(n) for n in range(1, 4)])
    # when
    report = import_roster_file(path, township=township, dry_run=True)
    # then
    assert report.as_json() == {
        "rows": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
    }
    assert [plan["status"] for plan in report.row_plans] == ["new", "new", "new"]
    assert Person.objects.count() == 0


def test_import_writes_people_memberships_and_history_with_user_and_reason(
    township, villages, xlsx_file, users
):
    # given
    office = users[Role.OFFICE]
    path = xlsx_file(
        [good_row(1, 类别="村党组织", 职务="书记"), good_row(2)],
        name="立仓社区台账.xlsx",
    )
    # when
    report = import_roster_file(
        path, township=township, user=office, dry_run=False, name="立仓社区台账.xlsx"
    )
    # then
    assert report.written
    person = Person.objects.get(id_number=person_id(1))
    assert (person.name_pinyin, person.name_initials) == ("wangerxia", "wex")
    assert person.political_status == PoliticalStatus.MEMBER
    record = person.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        office,
        "Excel导入：立仓社区台账.xlsx",
    )
    assert record.name == person.name
    assert record.id_number == person.id_number
    membership = RosterMembership.objects.get(person=person)
    assert membership.history.get().history_user == office
    assert RosterMembership.history.count() == 2


def test_history_rows_hold_every_tracked_value_of_the_new_rows(
    township, villages, xlsx_file, users
):
    # given: people with dates, a party membership and a post
    rows = [good_row(1, 类别="村党组织", 职务="书记")] + [
        good_row(n) for n in range(2, 6)
    ]
    # when: written (COPY and INSERT … SELECT on PostgreSQL)
    report = import_roster_file(
        xlsx_file(rows), township=township, user=users[Role.OFFICE], dry_run=False
    )
    # then: one "+" record per row, equal to the row in every tracked field
    assert report.written
    for model in (Person, RosterMembership):
        tracked = [
            f.attname
            for f in model.history.model._meta.concrete_fields
            if not f.attname.startswith("history_")
        ]
        records = {r.id: r for r in model.history.all()}
        assert len(records) == model.objects.count() == model.history.count()
        for obj in model.objects.all():
            record = records[obj.pk]
            assert record.history_type == "+"
            assert record.history_user == users[Role.OFFICE]
            for name in tracked:
                assert getattr(record, name) == getattr(obj, name), name


def test_reimporting_the_same_file_changes_nothing_and_writes_nothing(
    township, villages, xlsx_file
):
    # given
    path = xlsx_file(
        [good_row(n, 类别="党员") for n in range(1, 21)]
        + [good_row(1, 类别="后备干部")]
    )
    import_roster_file(path, township=township, dry_run=False)
    history_before = Person.history.count() + RosterMembership.history.count()
    # when
    with CaptureQueriesContext(connection) as queries:
        report = import_roster_file(path, township=township, dry_run=False)
    # then
    assert report.as_json() == {
        "rows": 21,
        "created": 0,
        "updated": 0,
        "unchanged": 21,
        "errors": [],
    }
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if not q["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert writes == []
    assert Person.history.count() + RosterMembership.history.count() == history_before


def test_changed_values_are_updated_with_history_and_reported(
    township, villages, xlsx_file, users
):
    # given
    import_roster_file(
        xlsx_file([good_row(1), good_row(2)]), township=township, dry_run=False
    )
    # when: 文化程度 of row 1 changes, the village of row 2 changes, a new category for row 2
    path = xlsx_file(
        [
            good_row(1, 文化程度="大专"),
            good_row(2, 所在村="王楼村"),
            good_row(2, 所在村="王楼村", 类别="后备干部"),
        ]
    )
    report = import_roster_file(
        path, township=township, user=users[Role.OFFICE], dry_run=False
    )
    # then
    assert (report.created, report.updated, report.unchanged) == (0, 3, 0)
    first = Person.objects.get(id_number=person_id(1))
    assert first.education == Education.COLLEGE
    assert first.history.first().history_type == "~"
    assert "文化程度：高中 → 大专" in report.row_plans[0]["changes"][0] or any(
        "高中 → 大专" in change for change in report.row_plans[0]["changes"]
    )
    second = Person.objects.get(id_number=person_id(2))
    assert second.village == villages[1]
    assert second.memberships.filter(category=Category.RESERVE_CADRE).exists()


def test_blank_cells_do_not_erase_existing_data(township, villages, xlsx_file):
    # given
    import_roster_file(xlsx_file([good_row(1)]), township=township, dry_run=False)
    # when: the second file leaves phone, education and political status blank
    path = xlsx_file([good_row(1, 联系电话=None, 文化程度="", 政治面貌=None, 类别="")])
    report = import_roster_file(path, township=township, dry_run=False)
    # then
    person = Person.objects.get()
    assert report.unchanged == 1
    assert person.phone
    assert person.education == Education.SENIOR


def test_membership_is_matched_by_start_date_and_updated(township, villages, xlsx_file):
    # given
    import_roster_file(
        xlsx_file([good_row(1, 类别="村委会", 职务="委员", 任职开始日期="2018-01-01")]),
        township=township,
        dry_run=False,
    )
    # when: the same term, now as 副主任
    path = xlsx_file(
        [good_row(1, 类别="村委会", 职务="副主任", 任职开始日期="2018-01-01")]
    )
    report = import_roster_file(path, township=township, dry_run=False)
    # then
    membership = RosterMembership.objects.get()
    assert report.updated == 1
    assert membership.post == "deputy_director"
    assert membership.history.count() == 2


def test_progress_is_reported_while_checking_and_writing(township, villages, xlsx_file):
    # given: 1,200 rows (progress every 500), a file without a <dimension> element
    rows = []
    for n in range(1, 1201):
        born = datetime.date(1980, 1, 1) + datetime.timedelta(days=n // 400)
        rows.append(good_row(n, 身份证号码=person_id(n, born=born), 出生日期=None))
    path = xlsx_file(rows)
    calls = []
    # when
    report = import_roster_file(
        path,
        township=township,
        dry_run=False,
        progress=lambda done, total, phase: calls.append((done, total, phase)),
    )
    # then
    assert report.created == 1200
    checking = [(done, total) for done, total, phase in calls if phase == "checking"]
    assert [done for done, _total in checking] == [500, 1000]
    assert all(total > done for done, total in checking)
    assert calls[-1] == (1200, 1200, "writing")

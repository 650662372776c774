"""What clerks really send is accepted: every tolerance of the roster import."""

import datetime

import pytest

from villages.choices import (
    Category,
    Education,
    PartyMemberKind,
    PoliticalStatus,
    Post,
    TalentKind,
)
from villages.importing import import_roster_file
from villages.models import Person, RosterMembership
from villages.tests.xlsx import HEADERS, good_row, person_id

pytestmark = pytest.mark.django_db


def run(path, township, **options):
    report = import_roster_file(path, township=township, dry_run=False, **options)
    assert report.errors == [], [str(e) for e in report.errors]
    return report


def test_title_rows_above_the_header_are_skipped(township, villages, xlsx_file):
    # given: two merged title rows, as printed by the township
    path = xlsx_file(
        [good_row(1)],
        title_rows=("立仓镇村（社区）干部台账", "填报单位：立仓镇党委（盖章）"),
    )
    # when
    report = run(path, township)
    # then
    assert report.header_row == 3
    assert report.rows == 1
    assert Person.objects.get().name == good_row(1)["姓名"]


@pytest.mark.parametrize(
    ("alias", "standard"),
    [
        ("身份证号", "身份证号码"),
        ("公民身份号码", "身份证号码"),
        ("学历", "文化程度"),
        ("村(社区)", "所在村"),
        ("村（社区）", "所在村"),
        ("村名", "所在村"),
        ("手机号码", "联系电话"),
        ("出生年月", "出生日期"),
        ("姓  名", "姓名"),
        ("身份证号码*", "身份证号码"),
    ],
)
def test_header_aliases_are_recognised(alias, standard, township, villages, xlsx_file):
    # given
    headers = [alias if h == standard else h for h in HEADERS]
    row = good_row(1)
    path = xlsx_file([[row[h] for h in HEADERS]], headers=headers)
    # when
    run(path, township)
    # then
    person = Person.objects.get()
    assert person.id_number == row["身份证号码"]
    assert person.village == villages[0]
    assert person.education == Education.SENIOR
    assert person.phone == row["联系电话"]


def test_full_width_characters_and_stray_spaces_are_folded(
    township, villages, xlsx_file
):
    # given: full-width digits in the ID and phone, spaces inside the name and village
    number = person_id(1)
    wide = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    row = good_row(
        1,
        姓名="\u3000王  春\u3000",
        身份证号码=" " + wide + " ",
        所在村="立仓 社区",
        联系电话="１３８ ５６７８ ０００１",
        文化程度=" 高中\u3000",
    )
    path = xlsx_file([row])
    # when
    run(path, township)
    # then
    person = Person.objects.get()
    assert (person.name, person.id_number, person.phone) == (
        "王春",
        number,
        "13856780001",
    )
    assert person.village == villages[0]


@pytest.mark.parametrize(
    "value",
    [
        datetime.datetime(1980, 5, 17),
        "1980-05-17",
        "1980.05",
        "1980.5",
        "1980年5月",
        "1980年5月17日",
        "19800517",
        "198005",
        "1980/5/17",
        1980.05,
        19800517,
    ],
)
def test_dates_as_excel_dates_or_text(value, township, villages, xlsx_file):
    # given: the birth date column in every form clerks use (it must agree with the ID)
    path = xlsx_file(
        [
            good_row(
                1,
                出生日期=value,
                入党时间=value if not isinstance(value, float) else "2005-07-01",
            )
        ]
    )
    # when
    run(path, township)
    # then
    person = Person.objects.get()
    assert person.birth_date == datetime.date(1980, 5, 17)
    if not isinstance(value, float):
        assert person.party_joined_on.year == 1980


def test_blank_rows_and_a_seq_column_are_ignored(township, villages, xlsx_file):
    # given: blank rows between the data, a pre-numbered row with nothing else in it
    rows = [good_row(1), good_row(2), {"序号": 3}, good_row(4)]
    path = xlsx_file(rows, blank_rows_after=(0, 1))
    # when
    report = run(path, township)
    # then
    assert report.rows == 3
    assert Person.objects.count() == 3


def test_unknown_columns_are_reported_as_ignored_not_fatal(
    township, villages, xlsx_file
):
    # given
    headers = [*HEADERS, "籍贯", "年龄"]
    row = good_row(1)
    path = xlsx_file([[*(row[h] for h in HEADERS), "安徽蒙城", 46]], headers=headers)
    # when
    report = run(path, township)
    # then
    assert Person.objects.count() == 1
    assert any("籍贯" in warning for warning in report.warnings)
    assert any("年龄" in warning for warning in report.warnings)


def test_roster_on_a_later_sheet_is_found(township, villages, xlsx_file):
    # given: an instructions sheet first
    path = xlsx_file([good_row(1)], leading_sheets=("说明",))
    # when
    report = run(path, township)
    # then
    assert report.sheet == "台账"
    assert Person.objects.count() == 1


def test_village_names_without_suffix_with_township_prefix_or_code(
    township, villages, xlsx_file
):
    # given
    rows = [
        good_row(1, 所在村="王楼"),
        good_row(2, 所在村="立仓镇李庙村"),
        good_row(3, 所在村="004"),
    ]
    path = xlsx_file(rows)
    # when
    run(path, township)
    # then
    assert sorted(Person.objects.values_list("village__name", flat=True)) == [
        "张湖村",
        "李庙村",
        "王楼村",
    ]


def test_one_person_in_several_rows_gets_one_record_and_several_memberships(
    township, villages, xlsx_file
):
    # given: a secretary who is also director, and a Party member — three rows, one person
    rows = [
        good_row(1, 类别="村党组织", 职务="书记", 任职开始日期="2021.01"),
        good_row(1, 类别="村委会", 职务="主任", 任职开始日期="2021.01", 联系电话=None),
        good_row(1, 类别="党员"),
    ]
    path = xlsx_file(rows)
    # when
    report = run(path, township)
    # then
    person = Person.objects.get()
    assert report.created == 3
    posts = set(person.memberships.values_list("category", "post"))
    assert posts == {
        (Category.PARTY_COMMITTEE, Post.SECRETARY),
        (Category.VILLAGERS_COMMITTEE, Post.DIRECTOR),
        (Category.PARTY_MEMBER, ""),
    }
    assert person.memberships.get(post=Post.SECRETARY).start_date == datetime.date(
        2021, 1, 1
    )


def test_post_words_that_name_their_committee_and_one_shoulder(
    township, villages, xlsx_file
):
    # given: 村主任 needs no category; 书记兼主任 means two posts
    rows = [
        good_row(1, 类别="", 职务="村主任"),
        good_row(2, 类别="", 职务="书记兼主任"),
        good_row(3, 类别="村务监督委员会", 职务="委员"),
    ]
    path = xlsx_file(rows)
    # when
    run(path, township)
    # then
    assert set(
        RosterMembership.objects.values_list("person__id_number", "category", "post")
    ) == {
        (person_id(1), Category.VILLAGERS_COMMITTEE, Post.DIRECTOR),
        (person_id(2), Category.PARTY_COMMITTEE, Post.SECRETARY),
        (person_id(2), Category.VILLAGERS_COMMITTEE, Post.DIRECTOR),
        (person_id(3), Category.SUPERVISION_COMMITTEE, Post.MEMBER),
    }


def test_party_member_columns_talents_and_reserves(township, villages, xlsx_file):
    # given
    headers = [
        *HEADERS,
        "党员类别",
        "表决权状态",
        "不计入应到会",
        "不计入原因",
        "批准情况",
        "人才类型",
    ]
    rows = [
        good_row(1, 政治面貌="预备党员", 党员类别="预备"),
        good_row(2, 表决权状态="留党察看"),
        good_row(
            3,
            不计入应到会="是",
            不计入原因="外出半年以上",
            批准情况="镇党委2021年9月1日批复",
        ),
        good_row(4, 政治面貌="群众", 类别="退役军人"),
        good_row(5, 政治面貌="群众", 类别="人才", 人才类型="大学生"),
        good_row(6, 政治面貌="群众", 类别="后备干部"),
        good_row(7, 政治面貌="", 类别="党员"),
    ]
    path = xlsx_file(rows, headers=headers)
    # when
    run(path, township)
    # then
    memberships = {
        m.person.id_number: m for m in RosterMembership.objects.select_related("person")
    }
    assert memberships[person_id(1)].party_member_kind == PartyMemberKind.PROBATIONARY
    assert memberships[person_id(2)].voting_status == "probation"
    assert memberships[person_id(3)].excluded_from_quorum is True
    assert memberships[person_id(3)].exclusion_approval == "镇党委2021年9月1日批复"
    assert memberships[person_id(4)].talent_kind == TalentKind.VETERAN
    assert memberships[person_id(5)].talent_kind == TalentKind.GRADUATE
    assert memberships[person_id(6)].category == Category.RESERVE_CADRE
    # a Party member whose political status was left blank is recorded as 中共党员
    assert (
        Person.objects.get(id_number=person_id(7)).political_status
        == PoliticalStatus.MEMBER
    )


def test_gender_and_birth_date_may_be_left_blank(township, villages, xlsx_file):
    # given
    path = xlsx_file([good_row(1, 性别=None, 出生日期=None)])
    # when
    run(path, township)
    # then
    person = Person.objects.get()
    assert (person.gender, person.birth_date) == ("male", datetime.date(1980, 5, 17))


def test_id_number_ending_in_lowercase_x(township, villages, xlsx_file):
    # given
    with_x = next(person_id(n) for n in range(1, 400) if person_id(n).endswith("X"))
    path = xlsx_file([good_row(1, 身份证号码=with_x.lower())])
    # when
    run(path, township)
    # then
    assert Person.objects.get().id_number == with_x


def test_csv_in_gbk_is_accepted(township, villages, tmp_path):
    # given: a CSV saved by Excel on a Chinese Windows (GBK)
    row = good_row(1)
    text = (
        ",".join(HEADERS) + "\n" + ",".join(str(row[h] or "") for h in HEADERS) + "\n"
    )
    path = tmp_path / "台账.csv"
    path.write_bytes(text.encode("gbk"))
    # when
    run(path, township)
    # then
    assert Person.objects.get().name == row["姓名"]


def test_without_township_villages_are_found_across_townships(
    township, villages, other_village, xlsx_file
):
    # given
    path = xlsx_file([good_row(1, 所在村="外镇一村"), good_row(2, 所在村="王楼村")])
    # when
    run(path, None)
    # then
    assert set(Person.objects.values_list("village__name", flat=True)) == {
        "外镇一村",
        "王楼村",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1985-03-01", (datetime.date(1985, 3, 1), False)),
        ("１９８５-03-01", (datetime.date(1985, 3, 1), False)),  # full-width digits
        ("1985-3-1", (datetime.date(1985, 3, 1), False)),
        ("1985-02-30", None),  # no such day
        ("1985-13-01", None),
        ("2021-W01-1", None),
    ],
)
def test_iso_dates_take_the_fast_path_with_the_patterns_answers(text, expected):
    from villages.importing.values import _DATE_PATTERNS, _parse_date_text

    assert _parse_date_text(text) == expected
    # the same answer as the patterns alone give
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                assert (datetime.date(*map(int, match.groups())), False) == expected
            except ValueError:
                assert expected is None
            break
    else:
        assert expected is None

"""Every error of the roster import: a Chinese message per row and column, nothing written."""

import pytest

from villages.importing import EXAMPLE_ID, import_roster_file
from villages.models import Person, RosterMembership
from villages.tests.factories import person_with
from villages.tests.xlsx import HEADERS, good_row, person_id

pytestmark = pytest.mark.django_db


def errors_of(path, township, *, expected_people=0):
    report = import_roster_file(path, township=township, dry_run=False)
    assert report.written is False
    assert Person.objects.count() == expected_people
    return [(e.row, e.column, e.message) for e in report.errors], report


def with_bad_row(bad: dict, *, title=True):
    """Two good rows and one bad one, under a title row: the bad one is spreadsheet row 4."""
    return [good_row(1), bad, good_row(3)], ("立仓镇台账",) if title else ()


def test_wrong_check_digit(township, villages, xlsx_file):
    # given
    number = person_id(2)
    wrong = number[:-1] + ("0" if number[-1] != "0" else "1")
    rows, titles = with_bad_row(good_row(2, 身份证号码=wrong))
    # when
    errors, report = errors_of(xlsx_file(rows, title_rows=titles), township)
    # then
    assert errors == [(4, "身份证号码", "校验位错误：号码有误，请对照身份证核对。")]
    assert (
        str(report.errors[0])
        == "第4行 身份证号码：校验位错误：号码有误，请对照身份证核对。"
    )
    assert RosterMembership.objects.count() == 0


@pytest.mark.parametrize("stored", ["float", "int000"])
def test_id_number_truncated_by_excel_explains_the_fix(
    stored, township, villages, xlsx_file
):
    # given: Excel kept 15 significant digits
    number = person_id(2)
    value = float(number) if stored == "float" else int(number[:15] + "000")
    rows, titles = with_bad_row(good_row(2, 身份证号码=value))
    # when
    errors, _report = errors_of(
        xlsx_file(rows, title_rows=titles, id_as_text=False), township
    )
    # then
    assert len(errors) == 1
    row, column, message = errors[0]
    assert (row, column) == (4, "身份证号码")
    assert "文本" in message
    assert "Excel" in message


def test_duplicate_id_number_with_the_same_category(township, villages, xlsx_file):
    # given
    rows = [good_row(1), good_row(2), good_row(1, 序号=3)]
    # when
    errors, _report = errors_of(xlsx_file(rows), township)
    # then
    assert errors == [
        (4, "身份证号码", "第2行已有相同身份证号码和类别的记录，请删除其中一行。")
    ]


def test_a_row_repeated_identically_without_category_points_to_the_first(
    township, villages, xlsx_file
):
    # given: a person-only row (no 类别) typed twice, spreadsheet rows 3 and 5
    rows = [
        good_row(1),
        good_row(2, 类别="", 政治面貌="群众", 入党时间=""),
        good_row(3),
        good_row(2, 类别="", 政治面貌="群众", 入党时间=""),
    ]
    # when
    errors, report = errors_of(xlsx_file(rows, title_rows=("台账",)), township)
    # then: the second copy is an error naming the first, nothing is written
    assert errors == [
        (6, "身份证号码", "第4行已有相同的身份证号码（也未填类别），请删除其中一行。")
    ]
    assert report.created == 0


def test_one_person_in_two_categories_is_not_a_duplicate(township, villages, xlsx_file):
    # given: the template's rule, one row per person and category
    rows = [good_row(1), good_row(1, 类别="后备干部"), good_row(1, 类别="")]
    # when
    report = import_roster_file(xlsx_file(rows), township=township, dry_run=False)
    # then
    assert report.errors == []
    assert Person.objects.count() == 1
    assert RosterMembership.objects.count() == 2


def test_same_person_with_different_data_in_two_rows(township, villages, xlsx_file):
    # given
    rows = [good_row(1), good_row(1, 姓名="王小二", 类别="后备干部")]
    # when
    errors, _report = errors_of(xlsx_file(rows), township)
    # then
    assert errors == [
        (
            3,
            "姓名",
            "第2行身份证号码相同，但姓名不同（“王二夏”），同一人的信息在各行中必须一致。",
        )
    ]


def test_unknown_village_lists_the_valid_names(township, villages, xlsx_file):
    # given
    rows, titles = with_bad_row(good_row(2, 所在村="幸福村"))
    # when
    errors, _report = errors_of(xlsx_file(rows, title_rows=titles), township)
    # then
    assert errors == [
        (
            4,
            "所在村",
            "没有名为“幸福村”的村（社区）。可用的名称：立仓社区、王楼村、李庙村、张湖村。",
        )
    ]


def test_village_of_another_township_is_unknown_in_this_township(
    township, villages, other_village, xlsx_file
):
    # given
    rows, titles = with_bad_row(good_row(2, 所在村="外镇一村"))
    # when
    errors, _report = errors_of(xlsx_file(rows, title_rows=titles), township)
    # then
    assert errors[0][:2] == (4, "所在村")


def test_ambiguous_village_without_township(
    township, villages, other_township, xlsx_file
):
    # given: both townships have a 王楼村
    from villages.tests.factories import VillageFactory

    VillageFactory(township=other_township, code="002", name="王楼村")
    rows, titles = with_bad_row(good_row(2, 所在村="王楼村"))
    # when
    errors, _report = errors_of(xlsx_file(rows, title_rows=titles), None)
    # then
    assert errors[0][:2] == (4, "所在村")
    assert "外镇" in errors[0][2]
    assert "立仓镇" in errors[0][2]


def test_gender_contradicting_the_id_number(township, villages, xlsx_file):
    # given
    rows, titles = with_bad_row(good_row(2, 性别="女"))
    # when
    errors, _report = errors_of(xlsx_file(rows, title_rows=titles), township)
    # then
    assert errors == [
        (4, "性别", "“女”与身份证号码不符：身份证号码显示为男性。请与身份证核对。")
    ]


def test_birth_date_contradicting_the_id_number(township, villages, xlsx_file):
    # given
    rows, titles = with_bad_row(good_row(2, 出生日期="1981.05"))
    # when
    errors, _report = errors_of(xlsx_file(rows, title_rows=titles), township)
    # then
    assert errors == [
        (
            4,
            "出生日期",
            "1981年5月与身份证号码不符：身份证号码显示为1980年5月17日。请与身份证核对。",
        )
    ]


@pytest.mark.parametrize(
    ("column", "value", "allowed"),
    [
        ("文化程度", "扫盲班", "小学、初中、高中、中专、大专、本科、研究生"),
        ("政治面貌", "积极分子", "中共党员、中共预备党员、共青团员、民主党派、群众"),
        ("性别", "未知", "男、女"),
        ("类别", "村民代表", "村党组织、村委会、村务监督委员会、党员、后备干部、人才"),
    ],
)
def test_unknown_choice_value_lists_the_allowed_ones(
    column, value, allowed, township, villages, xlsx_file
):
    # given
    rows, titles = with_bad_row(good_row(2, **{column: value}))
    # when
    errors, _report = errors_of(xlsx_file(rows, title_rows=titles), township)
    # then
    assert errors == [(4, column, f"无法识别“{value}”。可填写：{allowed}。")]


@pytest.mark.parametrize("column", ["姓名", "身份证号码", "所在村"])
def test_missing_required_value(column, township, villages, xlsx_file):
    # given
    rows, titles = with_bad_row(good_row(2, **{column: "  "}))
    # when
    errors, _report = errors_of(xlsx_file(rows, title_rows=titles), township)
    # then
    assert errors == [(4, column, "必填，不能为空。")]


def test_missing_required_column(township, villages, xlsx_file):
    # given
    headers = [h for h in HEADERS if h != "所在村"]
    row = good_row(1)
    # when
    errors, _report = errors_of(
        xlsx_file([[row[h] for h in headers]], headers=headers), township
    )
    # then
    assert errors == [
        (1, "所在村", "缺少这一列。请添加列名为“所在村”的一列（参见导入模板）。")
    ]


@pytest.mark.parametrize(
    ("overrides", "column", "fragment"),
    [
        ({"类别": "村委会", "职务": ""}, "职务", "请填写该委员的职务"),
        ({"类别": "", "职务": "主任"}, "职务", "请填写“类别”"),
        ({"类别": "村委会", "职务": "书记"}, "职务", "不是村委会的职务"),
        ({"类别": "党员", "职务": "委员"}, "职务", "没有职务"),
        ({"类别": "人才"}, "人才类型", "请填写人才类型"),
        (
            {"类别": "村党组织", "职务": "委员", "政治面貌": "群众"},
            "政治面貌",
            "必须是党员",
        ),
        ({"类别": "党员", "政治面貌": "共青团员"}, "政治面貌", "政治面貌是“共青团员”"),
        ({"联系电话": "1385678"}, "联系电话", "不是有效的电话号码"),
        ({"入党时间": "去年"}, "入党时间", "不是日期"),
        ({"出生日期": 1980.1}, "出生日期", "1月还是10月"),
    ],
)
def test_cell_rules(overrides, column, fragment, township, villages, xlsx_file):
    # given
    rows, titles = with_bad_row(good_row(2, **overrides))
    # when
    errors, _report = errors_of(xlsx_file(rows, title_rows=titles), township)
    # then
    assert [(row, col) for row, col, _m in errors] == [(4, column)]
    assert fragment in errors[0][2]


def test_exclusion_without_reason_and_end_before_start(township, villages, xlsx_file):
    # given
    headers = [*HEADERS, "不计入应到会", "任职结束日期"]
    row = good_row(
        2, 不计入应到会="是", 任职开始日期="2021-01-01", 任职结束日期="2020-01-01"
    )
    # when
    errors, _report = errors_of(
        xlsx_file([good_row(1), row], headers=headers), township
    )
    # then
    assert {(r, c) for r, c, _m in errors} == {(3, "不计入原因"), (3, "任职结束日期")}


def test_template_example_row_left_in_the_file(township, villages, xlsx_file):
    # given
    rows = [
        good_row(1, 姓名="张三", 身份证号码=EXAMPLE_ID, 出生日期="1985.03"),
        good_row(2),
    ]
    # when
    errors, _report = errors_of(xlsx_file(rows), township)
    # then
    assert errors == [(2, "身份证号码", "这是模板中的示例行，请删除后再导入。")]


def test_person_of_another_township_cannot_be_taken_over(
    township, villages, other_village, xlsx_file
):
    # given
    person_with(
        other_village,
        name="外镇人",
        seq=2,
        born=__import__("datetime").date(1980, 5, 17),
    )
    rows, titles = with_bad_row(good_row(2))
    # when
    errors, _report = errors_of(
        xlsx_file(rows, title_rows=titles), township, expected_people=1
    )
    # then
    assert errors == [
        (4, "身份证号码", "此人已登记在其他乡镇的台账中。请先联系县委组织部调整。")
    ]


def test_many_errors_are_all_reported_in_sheet_order(township, villages, xlsx_file):
    # given
    rows = [
        good_row(1, 姓名="", 性别="女"),
        good_row(2),
        good_row(3, 所在村="无此村", 文化程度="不详"),
    ]
    # when
    errors, _report = errors_of(xlsx_file(rows), township)
    # then
    assert [(r, c) for r, c, _m in errors] == [
        (2, "姓名"),
        (2, "性别"),
        (4, "文化程度"),
        (4, "所在村"),
    ]

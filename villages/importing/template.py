"""The downloadable roster template: Chinese headers, an example row, the ID
column formatted as text, drop-down lists for the choice columns, and a sheet
that explains each column."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from core.exports import neutralise

from .columns import COLUMNS
from .engine import EXAMPLE_ID, EXAMPLE_NAME
from .values import (
    CATEGORY_DISPLAY,
    EDUCATION,
    GENDER,
    PARTY_MEMBER_KIND,
    POLITICAL_STATUS,
    POST_DISPLAY,
    TALENT_KIND,
    VOTING_STATUS,
)

TEMPLATE_ROWS = 2000
EXAMPLE = {
    "seq": 1,
    "name": EXAMPLE_NAME,
    "id_number": EXAMPLE_ID,
    "gender": "男",
    "birth_date": "1985.03",
    "ethnicity": "汉族",
    "education": "大专",
    "political_status": "中共党员",
    "party_joined_on": "2008.07",
    "phone": "13800000000",
    "category": "村党组织",
    "post": "书记",
    "start_date": "2021-01-15",
    "notes": "示例行（虚构人员），导入前请删除",
}
LISTS = {
    "gender": GENDER.display,
    "education": EDUCATION.display,
    "political_status": POLITICAL_STATUS.display,
    "category": CATEGORY_DISPLAY,
    "post": POST_DISPLAY,
    "party_member_kind": PARTY_MEMBER_KIND.display,
    "voting_status": VOTING_STATUS.display,
    "excluded_from_quorum": ["是", "否"],
    "talent_kind": TALENT_KIND.display,
}
INSTRUCTIONS = (
    "填写说明",
    "1. 每人每个类别一行：同一人既是村党组织书记又是村委会主任，填两行（身份证号码相同），或在“职务”中填“书记兼主任”。",
    "2. 只登记人员信息、不登记类别的，“类别”和“职务”留空。",
    "3. 身份证号码必须是18位，单元格格式为“文本”；性别、出生日期可不填，由身份证号码推算，填了则必须一致。",
    "4. 日期可写 1985-03-01、1985.03、1985年3月、19850301，也可以是Excel日期。",
    "5. 类别：村党组织、村委会、村务监督委员会（须填职务）；党员（可填党员类别、表决权状态、不计入应到会及原因、批准情况）；后备干部；人才（须填人才类型）。",
    "6. 表头上方可以有标题行；“序号”列和未识别的列会被忽略；空行会被跳过。",
    "7. 空白单元格不会清除系统中已有的信息。",
    "8. 整个文件没有错误才会导入；有一行出错，所有行都不写入。同一文件重复导入不会重复登记。",
    "9. 第2行是示例行（虚构人员），导入前请删除。",
)


def build_template(village_names: list[str]) -> bytes:
    """Return the template workbook as bytes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    options = workbook.create_sheet("选项")
    help_sheet = workbook.create_sheet("填写说明")

    header_font = Font(bold=True)
    required_fill = PatternFill("solid", fgColor="FDE9D9")
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for position, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=position, value=column.header)
        cell.font = header_font
        cell.fill = required_fill if column.required else header_fill
        cell.alignment = Alignment(
            horizontal="center", vertical="center", wrap_text=True
        )
        letter = get_column_letter(position)
        sheet.column_dimensions[letter].width = column.width + 2
        value = EXAMPLE.get(column.key)
        if column.key == "village":
            value = village_names[0] if village_names else ""
        example = sheet.cell(row=2, column=position, value=neutralise(value))
        if column.text_format:
            for row in range(2, TEMPLATE_ROWS + 2):
                sheet.cell(row=row, column=position).number_format = "@"
            example.number_format = "@"
    sheet.freeze_panes = "C2"

    lists = dict(LISTS)
    lists["village"] = village_names
    for offset, (key, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(offset)
        options.cell(
            row=1, column=offset, value=next(c.header for c in COLUMNS if c.key == key)
        )
        for row, value in enumerate(values, start=2):
            # Village names are the township's data: never let one become a formula.
            options.cell(row=row, column=offset, value=neutralise(value))
        if not values:
            continue
        target = next(i for i, c in enumerate(COLUMNS, start=1) if c.key == key)
        target_letter = get_column_letter(target)
        validation = DataValidation(
            type="list",
            formula1=f"{quote_sheetname(options.title)}!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showErrorMessage=key not in ("post", "category"),
            errorTitle="取值不在列表中",
            error="请从下拉列表中选择。",
        )
        validation.add(f"{target_letter}2:{target_letter}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(validation)
    options.sheet_state = "hidden"

    help_sheet.column_dimensions["A"].width = 16
    help_sheet.column_dimensions["B"].width = 90
    for row, text in enumerate(INSTRUCTIONS, start=1):
        help_sheet.cell(row=row, column=1, value=text).font = Font(bold=row == 1)
    start = len(INSTRUCTIONS) + 2
    help_sheet.cell(row=start, column=1, value="列名").font = header_font
    help_sheet.cell(
        row=start, column=2, value="要求及可用的其他列名"
    ).font = header_font
    for offset, column in enumerate(COLUMNS, start=1):
        note = ("必填。" if column.required else "") + column.note
        if column.aliases:
            note += ("；" if note else "") + "也可写作：" + "、".join(column.aliases)
        help_sheet.cell(row=start + offset, column=1, value=column.header)
        help_sheet.cell(row=start + offset, column=2, value=note)

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

"""The columns of a roster spreadsheet: template headers and the aliases clerks use.

One row per person and category: a person who is 村党组织书记 and a Party
member appears in two rows with the same 身份证号码. A row without 类别 only
records the person.
"""

from __future__ import annotations

from dataclasses import dataclass

from .values import header_key


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    width: int = 12
    text_format: bool = False
    note: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", ("编号", "序", "no", "no."), width=6),
    Column("name", "姓名", ("名字", "人员姓名", "姓 名"), required=True, width=10),
    Column(
        "id_number",
        "身份证号码",
        (
            "身份证号",
            "公民身份号码",
            "公民身份证号码",
            "居民身份证号码",
            "身份证",
            "证件号码",
            "身份号码",
        ),
        required=True,
        width=22,
        text_format=True,
        note="18位，单元格格式须为文本",
    ),
    Column("gender", "性别", width=6, note="可不填，由身份证号码推算"),
    Column(
        "birth_date",
        "出生日期",
        ("出生年月", "出生年月日", "出生时间", "生日"),
        width=12,
        note="可不填，由身份证号码推算",
    ),
    Column("ethnicity", "民族", width=8),
    Column(
        "education", "文化程度", ("学历", "最高学历", "全日制学历", "文化"), width=10
    ),
    Column("political_status", "政治面貌", ("政治身份",), width=12),
    Column(
        "party_joined_on",
        "入党时间",
        ("入党日期", "入党年月", "入党时间(年月)"),
        width=12,
    ),
    Column(
        "phone",
        "联系电话",
        (
            "手机号码",
            "手机号",
            "电话",
            "联系方式",
            "手机",
            "电话号码",
            "联系电话(手机)",
        ),
        width=14,
        text_format=True,
    ),
    Column(
        "village",
        "所在村",
        (
            "村(社区)",
            "所在村(社区)",
            "村名",
            "村",
            "社区",
            "村居",
            "所属村",
            "村(居)",
            "村别",
            "单位",
        ),
        required=True,
        width=12,
    ),
    Column(
        "category",
        "类别",
        ("人员类别", "类型", "身份类别", "台账类别"),
        width=14,
        note="村党组织/村委会/村务监督委员会/党员/后备干部/人才",
    ),
    Column("post", "职务", ("现任职务", "岗位", "现职务"), width=12),
    Column("party_member_kind", "党员类别", ("党员类型",), width=10),
    Column("voting_status", "表决权状态", ("表决权", "党员状态"), width=12),
    Column(
        "excluded_from_quorum",
        "不计入应到会",
        ("不计入应到会人数", "是否不计入应到会"),
        width=8,
    ),
    Column(
        "exclusion_reason", "不计入原因", ("不计入应到会原因", "不计入理由"), width=16
    ),
    Column(
        "exclusion_approval",
        "批准情况",
        ("审批情况", "批准机关", "批准时间及机关"),
        width=20,
    ),
    Column("talent_kind", "人才类型", ("人才类别",), width=14),
    Column(
        "start_date",
        "任职开始日期",
        ("开始日期", "起始日期", "任职时间", "任职日期", "任职起始时间", "开始时间"),
        width=12,
    ),
    Column(
        "end_date",
        "任职结束日期",
        ("结束日期", "离任日期", "离任时间", "任职结束时间", "结束时间"),
        width=12,
    ),
    Column("notes", "备注", ("说明",), width=20),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
# Headers that are worked out from other columns: recognised, then ignored.
DERIVED_HEADERS = frozenset({header_key(h) for h in ("年龄", "周岁", "实际年龄")})

ALIASES: dict[str, str] = {}
for _column in COLUMNS:
    for _text in (_column.header, *_column.aliases):
        ALIASES[header_key(_text)] = _column.key

REQUIRED_KEYS = tuple(column.key for column in COLUMNS if column.required)

"""Benchmark of the roster import (SPEC §4), measured in one run on one file.

Generates a 10,000-row roster (.xlsx, one row per person, ID column as text)
and times:

(a) openpyxl in read-only mode just reading every row of the file;
(b) a stock django-import-export ``ModelResource`` importing it with default
    options (row by row: one lookup, one save, one history row per row);
(c) our import (``villages.importing``): first into an empty roster (new),
    then the same file again (re-import: everything unchanged, no writes);
(d) python-calamine just reading every row (for reference: what our reader
    is built on).

Targets (SPEC §4): new (c)/(a) ≤ 0.5; re-import (c)/(a) ≤ 0.3;
stock (b)/(c new) ≥ 10.

Run: ``python bench/roster_import.py [--rows 10000]``. It uses a throw-away
database (SQLite file in a temp folder, or ``test_<name>`` on PostgreSQL when
``BENCH_DATABASE_URL`` or ``DATABASE_URL`` is set), never the application's
own data.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "election_admin.settings.test")
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="hjt-bench-var-"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅建国志文春生海燕德胜振立新"
)


def build_file(path: Path, rows: int, village_names: list[str]) -> None:
    from openpyxl import Workbook

    from villages.idnumbers import make_id_number

    rng = random.Random(2021)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("台账")
    sheet.append(
        [
            "序号",
            "姓名",
            "身份证号码",
            "性别",
            "出生日期",
            "民族",
            "文化程度",
            "政治面貌",
            "入党时间",
            "联系电话",
            "所在村",
            "类别",
            "职务",
            "任职开始日期",
        ]
    )
    used = set()
    educations = ["初中", "高中", "中专", "大专", "本科"]
    for n in range(rows):
        while True:
            born = datetime.date(1950, 1, 1) + datetime.timedelta(
                days=rng.randint(0, 18000)
            )
            gender = rng.choice(["male", "female"])
            number = make_id_number(born, gender, rng.randint(0, 498))
            if number not in used:
                used.add(number)
                break
        name = (
            rng.choice(SURNAMES)
            + rng.choice(GIVEN)
            + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        )
        joined = born + datetime.timedelta(days=365 * rng.randint(19, 40))
        sheet.append(
            [
                n + 1,
                name,
                number,
                "男" if gender == "male" else "女",
                born.isoformat(),
                "汉族",
                rng.choice(educations),
                "中共党员",
                joined.isoformat(),
                f"13{rng.randint(100000000, 999999999)}",
                village_names[n % len(village_names)],
                "党员",
                "",
                "",
            ]
        )
    workbook.save(path)


def read_with_openpyxl(path: Path) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    count = 0
    for _row in workbook.worksheets[0].iter_rows(values_only=True):
        count += 1
    workbook.close()
    return count


def read_with_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    count = 0
    for _row in workbook.get_sheet_by_index(0).iter_rows():
        count += 1
    workbook.close()
    return count


def stock_resource():
    from import_export import fields, resources, widgets

    from villages.models import Person, Village

    class StockPersonResource(resources.ModelResource):
        """django-import-export as shipped: declared columns, default options."""

        name = fields.Field(attribute="name", column_name="姓名")
        id_number = fields.Field(attribute="id_number", column_name="身份证号码")
        gender = fields.Field(attribute="gender", column_name="性别")
        birth_date = fields.Field(
            attribute="birth_date", column_name="出生日期", widget=widgets.DateWidget()
        )
        ethnicity = fields.Field(attribute="ethnicity", column_name="民族")
        education = fields.Field(attribute="education", column_name="文化程度")
        political_status = fields.Field(
            attribute="political_status", column_name="政治面貌"
        )
        party_joined_on = fields.Field(
            attribute="party_joined_on",
            column_name="入党时间",
            widget=widgets.DateWidget(),
        )
        phone = fields.Field(attribute="phone", column_name="联系电话")
        village = fields.Field(
            attribute="village",
            column_name="所在村",
            widget=widgets.ForeignKeyWidget(Village, field="name"),
        )

        class Meta:
            model = Person
            import_id_fields = ("id_number",)
            fields = (
                "name",
                "id_number",
                "gender",
                "birth_date",
                "ethnicity",
                "education",
                "political_status",
                "party_joined_on",
                "phone",
                "village",
            )

    return StockPersonResource()


def wipe() -> None:
    from villages.models import Person, RosterMembership

    RosterMembership.history.all().delete()
    RosterMembership.objects.all().delete()
    Person.history.all().delete()
    Person.objects.all().delete()


def check(condition: bool, detail) -> None:
    if not condition:
        raise SystemExit(f"benchmark run failed: {detail}")


def fmt(values) -> str:
    return ", ".join(f"{value:.2f}" for value in values)


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of (a) and (c); best is kept"
    )
    args = parser.parse_args()

    from django.test.utils import CaptureQueriesContext

    from villages.importing import import_roster_file
    from villages.models import Person, Township, Village
    from villages.models.organisation import County

    workdir = Path(tempfile.mkdtemp(prefix="hjt-bench-"))
    # Tables straight from the models: the bench does not depend on every
    # app's migrations being in step while they are being written.
    connection.settings_dict["TEST"]["MIGRATE"] = False
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "bench.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        county = County.objects.create(code="340121", name="长丰县")
        township = Township.objects.create(
            code="340121100", name="基准镇", county=county
        )
        names = []
        for index in range(22):
            village = Village.objects.create(
                township=township, code=f"{index + 1:03d}", name=f"基准{index + 1}村"
            )
            names.append(village.name)
        path = workdir / "roster-10000.xlsx"
        build_file(path, args.rows, names)
        print(
            f"database: {connection.vendor}; file: {args.rows} rows, {path.stat().st_size // 1024} KiB"
        )

        # Warm up once (imports, pinyin and ID-region tables, the SQL
        # compilers) so that each timing measures work, not module loading;
        # then take the best of --repeat runs of each, as timeit does, because
        # a shared machine adds noise to any single run.
        warm = workdir / "warm.xlsx"
        build_file(warm, 20, names)
        read_with_openpyxl(warm)
        import_roster_file(warm, township=township, dry_run=False)
        wipe()

        reads, news, agains, calamines = [], [], [], []
        for _round in range(args.repeat):
            read_time, count = timed(lambda: read_with_openpyxl(path))
            reads.append(read_time)
            calamines.append(timed(lambda: read_with_calamine(path))[0])
            wipe()
            new_time, report = timed(
                lambda: import_roster_file(path, township=township, dry_run=False)
            )
            check(report.ok and report.created == args.rows, report.as_json())
            news.append(new_time)
            with CaptureQueriesContext(connection) as queries:
                again_time, again = timed(
                    lambda: import_roster_file(path, township=township, dry_run=False)
                )
            check(again.ok and again.unchanged == args.rows, again.as_json())
            agains.append(again_time)
        writes = [
            q
            for q in queries.captured_queries
            if not q["sql"].lstrip().upper().startswith("SELECT")
        ]
        read_time, new_time, again_time = min(reads), min(news), min(agains)
        calamine_time = min(calamines)
        print(
            f"(a) openpyxl read-only, read every row:   {read_time:7.2f} s  ({count} rows incl. header)"
        )
        print(f"(d) python-calamine, read every row:      {calamine_time:7.2f} s")
        print(
            f"(c) our import, new:                      {new_time:7.2f} s  (created {report.created}: people, memberships, history)"
        )
        print(
            f"(c) our import, re-import:                {again_time:7.2f} s  "
            f"(unchanged {again.unchanged}; {len(queries.captured_queries)} queries, {len(writes)} writes)"
        )

        wipe()
        import tablib

        def stock():
            dataset = tablib.Dataset().load(path.read_bytes(), format="xlsx")
            return stock_resource().import_data(dataset, dry_run=False)

        stock_time, result = timed(stock)
        check(not result.has_errors(), "stock import failed")
        print(
            f"(b) stock ModelResource, new:             {stock_time:7.2f} s  ({Person.objects.count()} people, one run)"
        )
        print(
            f"    runs of (a): {fmt(reads)}; (c) new: {fmt(news)}; "
            f"(c) re-import: {fmt(agains)}; (d): {fmt(calamines)}"
        )

        print()
        print(
            f"ratio new/read (c)/(a):        {new_time / read_time:5.2f}   target ≤ 0.5"
        )
        print(
            f"ratio reimport/read (c)/(a):   {again_time / read_time:5.2f}   target ≤ 0.3"
        )
        print(
            f"ratio stock/ours (b)/(c new):  {stock_time / new_time:5.2f}   target ≥ 10"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())

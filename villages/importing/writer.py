"""Bulk inserts with their django-simple-history rows, without the ORM's per-object cost.

``simple_history.utils.bulk_create_with_history`` builds a model instance and
runs every field's ``get_db_prep_save`` per object, which for 10,000 people
and their memberships costs several seconds. Here the primary keys are taken
from the database first (a sequence on PostgreSQL, the table's high-water mark
inside the write transaction on SQLite), then the rows go in with one
``COPY`` (PostgreSQL) or ``executemany`` (SQLite), and their ``+`` history
rows with one ``INSERT … SELECT`` from the rows just written. The history
rows are the same as simple_history writes: every tracked field, date, user,
reason, type.
"""

from __future__ import annotations

import datetime
import operator

from django.db import connections, models, router


def _converter(field, connection):
    if connection.vendor == "postgresql":
        return None  # psycopg adapts dates and datetimes itself
    if isinstance(field, models.DateTimeField):
        adapt = connection.ops.adapt_datetimefield_value
        return adapt
    if isinstance(field, models.DateField):
        adapt = connection.ops.adapt_datefield_value
        return adapt
    return None


def allocate_ids(model, count: int, *, using: str) -> list[int]:
    """Reserve ``count`` primary keys for new rows of ``model``."""
    connection = connections[using]
    table = model._meta.db_table
    column = model._meta.pk.column
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sequence is looked up once (not once per row, which costs
            # more than the 10,000 ``nextval`` calls themselves).
            cursor.execute(
                "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq) "
                "SELECT nextval(s.seq) FROM s, generate_series(1, %s)",
                [table, column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX({quote(column)}), 0) FROM {quote(table)}")
        high = cursor.fetchone()[0]
        if connection.vendor == "sqlite":
            # AUTOINCREMENT never reuses ids of deleted rows; start above them too.
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            found = cursor.fetchone()
            if found and found[0] and found[0] > high:
                high = found[0]
        return list(range(high + 1, high + 1 + count))


def _insert(connection, table: str, fields, rows) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        raw = getattr(cursor, "cursor", None)
        if connection.vendor == "postgresql" and hasattr(raw, "copy"):
            # COPY is PostgreSQL's bulk path: one statement, no per-row round trip.
            with raw.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {quote(table)} ({columns}) VALUES ({marks})"
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _rows(connection, fields, objs) -> list[tuple]:
    """Return the rows of ``objs`` (dicts by attname) in the order of ``fields``."""
    attnames = [field.attname for field in fields]
    converters = [_converter(field, connection) for field in fields]
    if not any(converters):
        # PostgreSQL takes dates as they are: one C-level call per row.
        getter = operator.itemgetter(*attnames)
        if len(attnames) == 1:
            return [(getter(values),) for values in objs]
        return [getter(values) for values in objs]
    return [
        tuple(
            values[name]
            if convert is None or values[name] is None
            else convert(values[name])
            for name, convert in zip(attnames, converters, strict=True)
        )
        for values in objs
    ]


def _copy_history(connection, model, history_fields, constants, ids) -> bool:
    """Write the ``+`` history rows with one ``INSERT … SELECT`` from the new rows.

    The database copies the values it has just stored, so the history rows
    hold exactly what the rows hold, with no second pass over the data in
    Python and no second transfer. Returns False where the ids cannot be
    named in one statement (then the caller writes the rows itself).
    """
    quote = connection.ops.quote_name
    meta = model._meta
    columns = {field.attname: field.column for field in meta.concrete_fields}
    targets, sources, params = [], [], []
    for field in history_fields:
        targets.append(quote(field.column))
        if field.attname in constants:
            sources.append("%s")
            params.append(constants[field.attname])
        else:
            sources.append(quote(columns[field.attname]))
    pk = quote(meta.pk.column)
    if connection.vendor == "postgresql":
        where = f"{pk} = ANY(%s)"
        params.append(list(ids))
    elif ids[-1] - ids[0] == len(ids) - 1 and ids == sorted(ids):
        # SQLite: the ids are one block (see ``allocate_ids``).
        where = f"{pk} BETWEEN %s AND %s"
        params += [ids[0], ids[-1]]
    else:
        return False
    sql = (
        f"INSERT INTO {quote(model.history.model._meta.db_table)} ({', '.join(targets)}) "
        f"SELECT {', '.join(sources)} FROM {quote(meta.db_table)} WHERE {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        if cursor.rowcount != len(ids):
            raise RuntimeError(
                f"history rows written for {cursor.rowcount} of {len(ids)} new rows"
            )
    return True


def insert_with_history(
    model,
    objs: list,
    *,
    user_id: int | None,
    reason: str,
    when: datetime.datetime,
) -> None:
    """Insert new rows and one ``+`` history row each.

    ``objs`` are dicts of column values by attname (``id`` is filled in here).
    """
    if not objs:
        return
    using = router.db_for_write(model)
    connection = connections[using]
    pk_name = model._meta.pk.attname
    ids = allocate_ids(model, len(objs), using=using)
    for obj, pk in zip(objs, ids, strict=True):
        obj[pk_name] = pk

    fields = model._meta.concrete_fields
    _insert(connection, model._meta.db_table, fields, _rows(connection, fields, objs))

    history = model.history.model
    history_fields = [
        field for field in history._meta.concrete_fields if not field.primary_key
    ]
    constants = {
        "history_date": connection.ops.adapt_datetimefield_value(when),
        "history_change_reason": reason,
        "history_type": "+",
        "history_user_id": user_id,
    }
    if _copy_history(connection, model, history_fields, constants, ids):
        return
    plan = []
    for field in history_fields:
        if field.attname in constants:
            plan.append((None, constants[field.attname], None))
        else:
            plan.append((field.attname, None, _converter(field, connection)))
    history_rows = []
    for values in objs:
        row = []
        for name, constant, convert in plan:
            if name is None:
                row.append(constant)
                continue
            value = values[name]
            row.append(value if convert is None or value is None else convert(value))
        history_rows.append(tuple(row))
    _insert(connection, history._meta.db_table, history_fields, history_rows)

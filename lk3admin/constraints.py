"""What a database refusal (IntegrityError) was about, read the same way on SQLite and
PostgreSQL: the kind of constraint, its table, its columns and, where the schema names it,
its name. Screens turn this into a message for the person; see views.base.
"""

import re
from dataclasses import dataclass

from sqlalchemy import ForeignKeyConstraint, UniqueConstraint

from models import Model

UNIQUE = "unique"
CHECK = "check"
NOT_NULL = "not_null"
FOREIGN_KEY = "foreign_key"

_SQLSTATE_KIND = {"23505": UNIQUE, "23514": CHECK, "23502": NOT_NULL, "23503": FOREIGN_KEY}
_SQLITE_KIND = {"UNIQUE": UNIQUE, "CHECK": CHECK, "NOT NULL": NOT_NULL, "FOREIGN KEY": FOREIGN_KEY}
_SQLITE_MESSAGE = re.compile(r"(UNIQUE|CHECK|NOT NULL|FOREIGN KEY) constraint failed(?:: (.+))?")


@dataclass(frozen=True)
class Violation:
    kind: str
    table: str | None = None
    columns: tuple[str, ...] = ()
    constraint: str | None = None


def describe(error):
    """The Violation behind an IntegrityError, or None when the driver's text is unknown."""
    driver_error = getattr(error, "orig", error)
    sqlstate = getattr(driver_error, "sqlstate", None)
    if sqlstate:
        return _from_postgresql(driver_error, sqlstate)
    return _from_sqlite(str(driver_error))


def _from_postgresql(driver_error, sqlstate):
    kind = _SQLSTATE_KIND.get(sqlstate)
    if kind is None:
        return None
    diag = driver_error.diag
    if kind == NOT_NULL:
        return Violation(kind, diag.table_name, (diag.column_name,))
    table, name = diag.table_name, diag.constraint_name
    columns, declared_name = _constraint_columns(table, name)
    return Violation(kind, table, columns, declared_name if columns else name)


def _from_sqlite(text):
    match = _SQLITE_MESSAGE.search(text)
    if not match:
        return None
    kind, detail = _SQLITE_KIND[match.group(1)], match.group(2) or ""
    if kind == CHECK:
        return Violation(kind, constraint=detail.strip() or None)
    if kind == FOREIGN_KEY:
        return Violation(kind)
    # "UNIQUE constraint failed: membership.period_id, membership.person_id"
    qualified = [part.strip().split(".", 1) for part in detail.split(",") if "." in part]
    table = qualified[0][0] if qualified else None
    columns = tuple(column for _, column in qualified)
    if kind == UNIQUE:
        return Violation(kind, table, columns, _unique_name(table, columns))
    return Violation(kind, table, columns)


def _constraint_columns(table_name, name):
    """Columns of the constraint PostgreSQL reported, and its name as our schema declares it
    (None for an unnamed one, which PostgreSQL calls e.g. "lk3_unit_code_key")."""
    table = Model.metadata.tables.get(table_name)
    if table is None or not name:
        return (), None
    for constraint in [*table.constraints, *table.indexes]:
        columns = tuple(column.name for column in constraint.columns)
        if constraint.name == name:
            return columns, name
        if constraint.name is None and name == _postgresql_default_name(table_name, constraint):
            return columns, None
    return (), None


def _postgresql_default_name(table_name, constraint):
    columns = "_".join(column.name for column in constraint.columns)
    if isinstance(constraint, UniqueConstraint):
        return f"{table_name}_{columns}_key"
    if isinstance(constraint, ForeignKeyConstraint):
        return f"{table_name}_{columns}_fkey"
    return None


def _unique_name(table_name, columns):
    table = Model.metadata.tables.get(table_name)
    if table is None:
        return None
    for constraint in [*table.constraints, *table.indexes]:
        is_unique = isinstance(constraint, UniqueConstraint) or getattr(constraint, "unique", False)
        if is_unique and tuple(c.name for c in constraint.columns) == columns:
            return constraint.name
    return None

"""Small SQL building blocks the services share."""

from sqlalchemy.dialects import postgresql, sqlite

from lk3admin.extensions import db


def insert_if_absent(model, values, unique_columns):
    """INSERT … ON CONFLICT DO NOTHING in the session's transaction; the new id, or None.

    One statement on both backends, so a duplicate neither raises nor spoils the caller's
    transaction (no savepoint needed, which pysqlite handles poorly).
    """
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[
        db.session.get_bind().dialect.name
    ]
    statement = (
        insert(model)
        .values(**values)
        .on_conflict_do_nothing(index_elements=unique_columns)
        .returning(model.id)
    )
    return db.session.execute(statement).scalar()

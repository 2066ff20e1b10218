"""`flask lk3 seed-demo` loads the demo data once; a second run adds and changes nothing."""

from sqlalchemy import func, select

from lk3admin.demo import DEMO_PASSWORD
from lk3admin.extensions import db


def _fingerprint():
    """Rows per table, and the latest update time where a table records one."""
    prints = {}
    for table in db.metadata.sorted_tables:
        columns = [func.count()]
        if "updated_at" in table.c:
            columns.append(func.max(table.c.updated_at))
        prints[table.name] = tuple(db.session.execute(select(*columns).select_from(table)).one())
    return prints


def test_second_run_adds_and_changes_nothing(app, runner):
    first = runner.invoke(args=["lk3", "seed-demo"])
    assert first.exit_code == 0, first.output
    assert "Demo data loaded" in first.output
    assert DEMO_PASSWORD in first.output
    assert "supervisor.bontang" in first.output
    with app.app_context():
        after_first = _fingerprint()
        db.session.remove()

    second = runner.invoke(args=["lk3", "seed-demo"])
    assert second.exit_code == 0, second.output
    assert "nothing added" in second.output
    with app.app_context():
        assert _fingerprint() == after_first
        assert after_first["lk3_case"][0] == 280
        assert after_first["membership"][0] > 149

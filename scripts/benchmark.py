#!/usr/bin/env python3
"""Benchmark the portal at national scale: 514 regencies/cities and a million cases.

Builds a PostgreSQL database of its own (dropped and rebuilt each run), fills it with SQL
`generate_series` (fast, no ORM), then times the pages and services people use most, in
process with Flask's test client, as an administrator (every unit) and as a supervisor
(one unit). For each it prints the median and worst of several runs and the number of
SQL statements: a page must stay fast and run a fixed number of queries at this size.

    .venv/bin/python scripts/benchmark.py --cases 1000000
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("LK3_INSTANCE_DIR", "/tmp/lk3-benchmark-instance")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "benchmark-field-key")

from sqlalchemy import create_engine, event, text  # noqa: E402

ADMIN_URL = os.environ.get(
    "BENCH_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
DB_NAME = "lk3_benchmark"
UNITS = 514
PROVINCES = 38
PASSWORD = "Benchmark-123!"


def recreate_database():
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{DB_NAME}"'))
    admin.dispose()
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{DB_NAME}"


def build_app(url):
    from lk3admin import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "AUTH_RATE_LIMITED": False,
            "RATELIMIT_ENABLED": False,
        }
    )


FILL_SQL = [
    # Regions and units: 38 provinces, 514 regencies/cities, one LK3 unit each.
    f"""INSERT INTO province (code, name)
        SELECT lpad(p::text, 2, '0'), 'Provinsi ' || p FROM generate_series(1, {PROVINCES}) p""",
    f"""INSERT INTO regency (province_id, code, name, kind)
        SELECT (r % {PROVINCES}) + 1, lpad(((r % {PROVINCES}) + 1)::text, 2, '0') || '.'
               || lpad((r / {PROVINCES} + 1)::text, 2, '0'),
               'Kabupaten ' || r, CASE WHEN r % 5 = 0 THEN 'kota' ELSE 'kabupaten' END
        FROM generate_series(0, {UNITS - 1}) r""",
    f"""INSERT INTO lk3_unit (regency_id, name, code, responsible_agency, status,
                              created_at, updated_at)
        SELECT r, 'LK3 ' || r, 'U' || r, 'Dinas Sosial ' || r,
               CASE WHEN r % 10 = 0 THEN 'tidak_aktif' ELSE 'aktif' END, now(), now()
        FROM generate_series(1, {UNITS}) r""",
    # Families: two cases per family on average, each family in one unit.
    """INSERT INTO family (unit_id, label, created_at, updated_at)
       SELECT (f % {units}) + 1, 'Keluarga ' || f, now(), now()
       FROM generate_series(0, :families - 1) f""",
    # Cases: unit = g mod 514; (year, sequence) unique within the unit; stages spread.
    """INSERT INTO lk3_case (unit_id, year, sequence, number, family_id, referral_source_id,
                             client_type, risk_level, worker_id, supervisor_id, stage,
                             opened_on, closed_on, closure_reason, confidential, legal_hold,
                             version, created_at, updated_at)
       SELECT u, y, s, 'U' || u || '/' || y || '/' || lpad(s::text, 5, '0'),
              (g % {units}) + {units} * ((g / {units}) % (:families / {units})) + 1,
              (g % 10) + 1,
              CASE WHEN g % 3 = 0 THEN 'lanjutan' ELSE 'baru' END,
              (ARRAY['rendah','sedang','tinggi'])[(g % 3) + 1],
              CASE WHEN u = 1 THEN :worker END, CASE WHEN u = 1 THEN :supervisor END,
              st, d, CASE WHEN st IN ('terminasi_rujukan','pembinaan_lanjut') THEN d + 60 END,
              CASE WHEN st IN ('terminasi_rujukan','pembinaan_lanjut') THEN 'teratasi' END,
              false, false, 1, now(), now()
       FROM (SELECT g, (g % {units}) + 1 AS u, 2020 + ((g / {units}) % 7) AS y,
                    (g / {units}) / 7 + 1 AS s,
                    (ARRAY['kontak_awal','identifikasi','penelaahan','rencana_intervensi',
                           'pelaksanaan_intervensi','monitoring_evaluasi','terminasi_rujukan',
                           'pembinaan_lanjut'])[(g % 8) + 1] AS st,
                    date '2020-01-01' + ((g / {units}) % 7) * 365 + (g % 360) AS d
             FROM generate_series(0, :cases - 1) g) c""",
    """INSERT INTO case_category (case_id, category_id)
       SELECT id, (id % 15) + 1 FROM lk3_case""",
    """INSERT INTO follow_up (case_id, due_on, done_on, description, created_at, updated_at)
       SELECT id, opened_on + 30, CASE WHEN id % 4 = 0 THEN NULL ELSE opened_on + 25 END,
              'Kunjungan rumah', now(), now()
       FROM lk3_case WHERE id % 2 = 0""",
    """INSERT INTO service_delivery (case_id, service_id, delivered_on, created_at, updated_at)
       SELECT id, (id % 8) + 1, opened_on + 7, now(), now() FROM lk3_case""",
    """INSERT INTO case_event (case_id, at, kind, to_stage)
       SELECT id, opened_on, 'dibuka', 'kontak_awal' FROM lk3_case""",
]


def fill(app, cases):
    from lk3admin.extensions import db
    from lk3admin.reference_data import load_reference_data
    from lk3admin.roles import ensure_admin, sync_roles
    from models import UserScope

    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        sync_roles(app.appbuilder)
        load_reference_data()
        db.session.commit()
        ensure_admin(app.appbuilder, "admin", PASSWORD, "admin@bench.example.id")
        sm = app.appbuilder.sm
        worker = sm.add_user(
            "pekerja",
            "Pekerja",
            "Satu",
            "w@bench.example.id",
            sm.find_role("Pekerja Sosial/Konselor"),
            PASSWORD,
        )
        supervisor = sm.add_user(
            "supervisor",
            "Super",
            "Visor",
            "s@bench.example.id",
            sm.find_role("Supervisor"),
            PASSWORD,
        )
        families = max(UNITS, (cases // 2) // UNITS * UNITS)
        params = {
            "cases": cases,
            "families": families,
            "worker": worker.id,
            "supervisor": supervisor.id,
        }
        with db.engine.begin() as conn:
            for statement in FILL_SQL:
                started = time.perf_counter()
                sql = statement.replace("{units}", str(UNITS))
                conn.execute(text(sql), {k: v for k, v in params.items() if f":{k}" in sql})
                print(f"  {time.perf_counter() - started:6.1f}s  {sql.split()[2]}", flush=True)
        db.session.add_all(
            [UserScope(user_id=worker.id, unit_id=1), UserScope(user_id=supervisor.id, unit_id=1)]
        )
        db.session.commit()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))


class QueryCounter:
    def __init__(self, engine):
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *args):
        self.count += 1


def measure(client, counter, url, runs):
    client.get(url)  # warm caches, as a person's second visit would
    timings, statuses = [], set()
    for _ in range(runs):
        counter.count = 0
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        statuses.add(response.status_code)
    return statistics.median(timings), max(timings), counter.count, statuses


def measure_call(counter, function, runs):
    function()
    timings = []
    for _ in range(runs):
        counter.count = 0
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), max(timings), counter.count, {"-"}


def run(app, runs):
    from lk3admin.extensions import db
    from lk3admin.reporting import compute_figures
    from models import Case

    with app.app_context():
        counter = QueryCounter(db.engine)
        some_case = db.session.scalar(db.select(Case.id).where(Case.unit_id == 1).limit(1))
        last_case = db.session.scalar(db.select(db.func.max(Case.id)))
    pages = {
        "admin": [
            ("dashboard", "/"),
            ("units list", "/unitview/list/"),
            ("cases list (1M)", "/caseview/list/"),
            ("cases list, page 2000", "/caseview/list/?page_CaseView=2000"),
            ("cases list, stage filter", "/caseview/list/?_flt_0_stage=penelaahan"),
            ("cases list, 100 per page", "/caseview/list/?psize_CaseView=100"),
            ("case page", f"/caseview/show/{last_case}"),
            ("partners list", "/partnerview/list/"),
            ("follow-ups list", "/followupview/list/"),
        ],
        "supervisor": [
            ("dashboard", "/"),
            ("cases list (own unit)", "/caseview/list/"),
            ("case page", f"/caseview/show/{some_case}"),
            ("follow-ups list", "/followupview/list/"),
        ],
    }
    print(f"\n{'who':<11} {'page':<28} {'median ms':>10} {'worst ms':>9} {'queries':>8}  status")
    for username, items in pages.items():
        client = app.test_client()
        client.post("/login/", data={"username": username, "password": PASSWORD})
        for label, url in items:
            median, worst, queries, statuses = measure(client, counter, url, runs)
            print(
                f"{username:<11} {label:<28} {median:>10.1f} {worst:>9.1f} {queries:>8}  "
                f"{','.join(map(str, sorted(statuses)))}"
            )
    with app.app_context():
        for label, scope, scope_id in [
            ("rakor figures, one unit", "unit", 1),
            ("rakor figures, province", "provinsi", 1),
        ]:
            median, worst, queries, _ = measure_call(
                counter,
                lambda s=scope, i=scope_id: compute_figures(
                    s, i, date(2025, 1, 1), date(2025, 3, 31)
                ),
                runs,
            )
            print(f"{'service':<11} {label:<28} {median:>10.1f} {worst:>9.1f} {queries:>8}  -")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="time the existing database")
    args = parser.parse_args()
    url = ADMIN_URL.rsplit("/", 1)[0] + f"/{DB_NAME}"
    if not args.reuse:
        print(f"Building {DB_NAME} with {args.cases:,} cases in {UNITS} units …")
        started = time.perf_counter()
        url = recreate_database()
        fill(build_app(url), args.cases)
        print(f"  built in {time.perf_counter() - started:.0f}s")
    run(build_app(url), args.runs)


if __name__ == "__main__":
    main()

"""Two people saving the same case at once (issue 3, acceptance 3): one save wins, the
other gets a clear conflict message with its input shown back, and no change is lost."""

import threading
from concurrent.futures import ThreadPoolExecutor

from lk3admin import cases
from lk3admin.errors import RuleViolation
from lk3admin.extensions import db
from models import Case, RiskLevel
from tests import factories
from tests.cases.conftest import form_values, new_case

CONFLICT = "Kasus ini baru saja diubah oleh pengguna lain"


def test_two_saves_of_one_version_give_one_success_and_one_conflict(app, unit, people):
    """Both load version 1 and save at the same moment, each in its own connection."""
    case_id = new_case(unit, people).id
    both_loaded = threading.Barrier(2)
    summaries = ["Disimpan oleh pertama.", "Disimpan oleh kedua."]

    def save(summary):
        with app.app_context():
            case = db.session.get(Case, case_id)
            version = case.version
            both_loaded.wait()
            case.summary = summary
            try:
                cases.save_case_changes(case, expected_version=version)
                db.session.commit()
            except RuleViolation as refused:
                db.session.rollback()
                return str(refused.message)
            return None

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(save, summaries))

    assert outcomes.count(None) == 1
    conflict = next(outcome for outcome in outcomes if outcome)
    assert conflict.startswith(CONFLICT)
    winner = summaries[outcomes.index(None)]
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    assert (case.summary, case.version) == (winner, 2)


def login(app, username):
    client = app.test_client()
    response = client.post("/login/", data={"username": username, "password": factories.PASSWORD})
    assert response.status_code == 302
    return client


def test_the_second_screen_save_gets_a_conflict_and_keeps_its_input(app, unit, people):
    case = new_case(unit, people, summary="Awal.")
    case_id = case.id
    factories.user("kepala", role="Administrator")
    first, second = login(app, "pekerja"), login(app, "kepala")
    url = f"/caseview/edit/{case_id}"
    first_form = form_values(first.get(url).data)
    second_form = form_values(second.get(url).data)
    assert first_form["expected_version"] == second_form["expected_version"] == ["1"]

    first_form["risk_level"] = [RiskLevel.HIGH.value]
    assert first.post(url, data=first_form).status_code == 302

    second_form["summary"] = ["Ibu klien meminta pendampingan ke pengadilan."]
    response = second.post(url, data=second_form)

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert CONFLICT in page
    assert "Ibu klien meminta pendampingan ke pengadilan." in page  # the input, shown back
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    assert (case.risk_level, case.summary, case.version) == (RiskLevel.HIGH, "Awal.", 2)

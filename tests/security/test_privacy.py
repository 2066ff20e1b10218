"""Concealed client names (sexual and domestic violence cases) and shelter addresses."""

from lk3admin.access import Role
from lk3admin.extensions import db
from models import Case, Family, FamilyMember, Partner, ProblemCategory
from tests import factories

CLIENT = "AAA Klien"  # the world's client in unit A, in a KDRT case (conceals the name)
INITIALS = "A.K."


def test_only_the_assigned_worker_and_supervisor_read_the_name(world, login, app_ctx):
    case, member = world.own(Case), world.own(FamilyMember)
    pages = [
        f"/caseview/show/{case.id}",
        "/familymemberview/list/",
        f"/familymemberview/show/{member.id}",
    ]
    for role in (Role.WORKER, Role.SUPERVISOR):
        client = login(world.users[role])
        for page in pages:
            assert CLIENT in client.get(page).text, (role, page)
    for role in (Role.DINSOS_REGENCY, Role.ADMIN):
        client = login(world.users[role])
        for page in pages:
            text = client.get(page).text
            assert CLIENT not in text and INITIALS in text, (role, page)
        # Nor the family's address.
        assert "Jalan Klien" not in client.get(f"/familyview/show/{case.family_id}").text


def test_dropdowns_name_the_client_by_initials(world, login, app_ctx):
    client = login(world.users[Role.DINSOS_REGENCY])
    page = client.get("/caseview/add").text
    assert CLIENT not in page and INITIALS in page


def test_other_categories_show_the_name(world, login, app_ctx):
    case = world.own(Case)
    case.categories = [factories.by_code(ProblemCategory, "kerentanan_ekonomi")]
    db.session.commit()
    client = login(world.users[Role.DINSOS_REGENCY])
    assert CLIENT in client.get(f"/caseview/show/{case.id}").text


def test_editing_leaves_out_what_is_concealed(world, login, app_ctx):
    member = world.own(FamilyMember)
    member.nik = "6474014101900003"
    db.session.commit()
    client = login(world.users[Role.DINSOS_REGENCY])
    form = client.get(f"/familymemberview/edit/{member.id}").text
    assert CLIENT not in form and "6474014101900003" not in form
    assert 'name="full_name"' not in form
    response = client.post(
        f"/familymemberview/edit/{member.id}",
        data={"family": member.family_id, "role": "lainnya", "sex": "", "is_minor": "y"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(FamilyMember, member.id)
    assert (saved.full_name, saved.nik, saved.is_minor) == (CLIENT, "6474014101900003", True)


def test_shelter_addresses_only_for_those_who_take_clients_there(world, login, app_ctx):
    partner = world.own(Partner)
    address = partner.address
    for role, shown in [
        (Role.SUPERVISOR, True),
        (Role.WORKER, True),
        (Role.DINSOS_REGENCY, True),
        (Role.SECRETARIAT, False),
        (Role.DINSOS_PROVINCE, False),
    ]:
        client = login(world.users[role])
        assert (address in client.get(f"/partnerview/show/{partner.id}").text) is shown, role
    # A partner that is not a shelter shows its address to everyone with the screen.
    open_partner = factories.partner(world.units["A"], name="Baznas Bontang", address="Jl. Terbuka")
    client = login(world.users[Role.SECRETARIAT])
    assert "Jl. Terbuka" in client.get(f"/partnerview/show/{open_partner.id}").text
    assert db.session.get(Family, world.own(Family).id) is not None

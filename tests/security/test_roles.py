"""Roles as data: `flask lk3 sync-roles` writes ROLE_GRANTS; export and import move them."""

import json

from flask import current_app

from lk3admin.access import Role
from lk3admin.extensions import db
from lk3admin.roles import sync_roles


def permissions(role_name):
    role = current_app.appbuilder.sm.find_role(role_name)
    return {(pv.permission.name, pv.view_menu.name) for pv in role.permissions}


def test_the_roles_hold_what_the_requirements_say(app_ctx):
    sync_roles(current_app.appbuilder)
    assert {r.name for r in current_app.appbuilder.sm.get_all_roles()} >= set(Role)
    secretariat = permissions(Role.SECRETARIAT)
    assert ("can_add", "PartnerView") in secretariat
    assert ("can_carry_over", "BoardPeriodView") in secretariat
    assert not {p for p in secretariat if p[1] in ("CaseView", "FamilyView", "FamilyMemberView")}
    worker, supervisor = permissions(Role.WORKER), permissions(Role.SUPERVISOR)
    assert ("can_edit", "CaseView") in worker and ("can_approve", "CaseView") not in worker
    assert ("can_approve", "CaseView") in supervisor
    province = permissions(Role.DINSOS_PROVINCE)
    assert ("can_list", "UnitView") in province and ("can_edit", "UnitView") not in province
    assert not {p for p in province if p[1] == "CaseView"}
    assert ("can_edit", "UnitView") in permissions(Role.DINSOS_REGENCY)
    monitor = {view for _, view in permissions(Role.MONITOR) if not view.startswith(("menu",))}
    assert "ReportView" in monitor and "UnitView" not in monitor and "CaseView" not in monitor
    # Nobody but the administrator manages users, roles or the audit log.
    for role in set(Role) - {Role.ADMIN}:
        held = permissions(role)
        assert ("can_list", "AuditLogView") not in held
        assert ("can_list", "Lk3UserDBModelView") not in held
        assert ("can_list", "UserScopeView") not in held
    # Menus follow the screens.
    assert ("menu_access", "Laporan") in permissions(Role.MONITOR)


def test_export_and_import(app_ctx, runner, tmp_path):
    path = tmp_path / "roles.json"
    result = runner.invoke(args=["lk3", "export-roles", str(path)])
    assert result.exit_code == 0, result.output
    exported = json.loads(path.read_text())
    assert ["can_approve", "CaseView"] in exported[Role.SUPERVISOR]

    sm = current_app.appbuilder.sm
    sm.find_role(Role.SUPERVISOR).permissions = []
    db.session.commit()
    assert permissions(Role.SUPERVISOR) == set()

    result = runner.invoke(args=["lk3", "import-roles", str(path)])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert permissions(Role.SUPERVISOR) == {tuple(p) for p in exported[Role.SUPERVISOR]}

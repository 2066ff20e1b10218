"""`flask lk3 …` commands: roles, the admin account, demo data."""

import click
from flask import current_app
from flask.cli import AppGroup

lk3_cli = AppGroup("lk3", help="LK3 Admin commands.")


@lk3_cli.command("sync-roles")
def sync_roles_command():
    """Write every view's permissions and the portal's roles into the database."""
    from lk3admin.roles import sync_roles

    sync_roles(current_app.appbuilder)
    click.echo("Roles and permissions are up to date.")


@lk3_cli.command("create-admin")
@click.option("--username", default="admin", show_default=True)
@click.option("--password", required=True)
@click.option("--email", default="admin@lk3.example.id", show_default=True)
def create_admin_command(username, password, email):
    """Create the administrator account if it does not exist yet."""
    from lk3admin.roles import ensure_admin

    created = ensure_admin(current_app.appbuilder, username, password, email)
    click.echo(f"Admin '{username}' {'created' if created else 'already exists'}.")


@lk3_cli.command("local-admin")
def local_admin_command():
    """Create the local portal's admin, with a password generated once into instance/."""
    from lk3admin.devserver import ADMIN_USERNAME, local_admin_login, local_admin_password
    from lk3admin.roles import ensure_admin

    instance_dir = current_app.config["INSTANCE_DIR"]
    password = local_admin_password(instance_dir)
    ensure_admin(current_app.appbuilder, ADMIN_USERNAME, password, "admin@lk3.example.id")
    login = local_admin_login(current_app.appbuilder, instance_dir)
    if login:
        click.echo(f"Login: {login[0]} / {login[1]}")
    else:
        click.echo(f"'{ADMIN_USERNAME}' exists with another password; it was left unchanged.")


@lk3_cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", envvar="PORT", type=int, default=5000, show_default=True)
def serve_command(host, port):
    """Run the web server, a Celery worker and beat together; Ctrl-C stops them all."""
    from lk3admin.devserver import local_admin_login, serve

    login = local_admin_login(current_app.appbuilder, current_app.config["INSTANCE_DIR"])
    login_lines = [f"Login: {login[0]} / {login[1]}"] if login else []
    raise SystemExit(serve(host, port, login_lines, echo=click.echo))


@lk3_cli.command("scan-reminders")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Scan as if it were this day.")
def scan_reminders_command(today):
    """Write the reminders due today to the outbox (each one once)."""
    from lk3admin import reminders

    added = reminders.scan(today.date() if today else None)
    total = sum(added.values())
    details = ", ".join(f"{kind}: {count}" for kind, count in sorted(added.items()))
    click.echo(
        f"{total} reminder email(s) added to the outbox{f' ({details})' if details else ''}."
    )


@lk3_cli.command("deliver-outbox")
def deliver_outbox_command():
    """Send the outbox's due emails now (SMTP, or .eml files without SMTP_HOST)."""
    from lk3admin import mail

    result = mail.deliver_due()
    click.echo(f"Sent {result.sent}, to retry {result.retrying}, failed {result.failed}.")
    for error in result.errors:
        click.echo(f"  {error}", err=True)


@lk3_cli.command("compile-report")
@click.option("--meeting", "meeting_id", type=int, help="The meeting whose report to compile.")
@click.option(
    "--scope",
    type=click.Choice(["unit", "kabupaten_kota", "provinsi"]),
    help="Without --meeting: the scope of the figures.",
)
@click.option("--code", help="Unit code (BTG), regency code (64.74) or province code (64).")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), help="First day of the period.")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), help="Last day of the period.")
def compile_report_command(meeting_id, scope, code, start, end):
    """Compile a report now (figures, PDF, XLSX) and store it; it is not emailed."""
    from lk3admin import reports
    from lk3admin.extensions import db

    try:
        if meeting_id is not None:
            report = reports.request_meeting_report_by_id(meeting_id)
        elif scope and code and start and end:
            report = reports.request_report_by_code(scope, code, start.date(), end.date())
        else:
            raise click.UsageError("give --meeting, or --scope, --code, --start and --end")
    except (LookupError, ValueError) as exc:
        raise click.UsageError(str(exc)) from exc
    db.session.commit()
    status = reports.compile_report(report.id)
    db.session.refresh(report)
    click.echo(f"Report {report.id}: {status}.")
    for report_file in report.files:
        click.echo(f"  {report_file.filename}")
    if report.error:
        raise click.ClickException(report.error)


@lk3_cli.command("seed-demo")
def seed_demo_command():
    """Load the fictional demo data (East Kalimantan); a second run adds nothing."""
    from lk3admin import audit
    from lk3admin.demo import DEMO_PASSWORD, demo_logins, seed_demo

    with audit.acting_as("cli:seed-demo"):
        added = seed_demo()
    if any(added.values()):
        click.echo("Demo data loaded: " + ", ".join(f"{n} {t}" for t, n in added.items() if n))
    else:
        click.echo("Demo data is already loaded; nothing added.")
    click.echo(f"Demo staff (password {DEMO_PASSWORD}):")
    for username, role in demo_logins():
        click.echo(f"  {username:<24} {role}")


@lk3_cli.command("export-roles")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
def export_roles_command(path):
    """Write every role's permissions to PATH (JSON)."""
    from lk3admin.roles import export_roles

    count = export_roles(current_app.appbuilder, path)
    click.echo(f"{count} roles written to {path}.")


@lk3_cli.command("import-roles")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_roles_command(path):
    """Set the permissions of the roles in PATH (JSON from export-roles) to exactly those."""
    from lk3admin.roles import import_roles

    count = import_roles(current_app.appbuilder, path)
    click.echo(f"{count} roles imported from {path}.")


@lk3_cli.command("rotate-field-key")
def rotate_field_key_command():
    """Re-encrypt every sensitive field with the newest FIELD_ENCRYPTION_KEYS key."""
    from lk3admin import audit
    from lk3admin.encryption import rotate_field_key

    with audit.acting_as("cli:rotate-field-key"):
        counts = rotate_field_key()
    click.echo(f"{sum(counts.values())} encrypted values re-encrypted with the newest key.")


@lk3_cli.command("retention")
@click.option("--apply", "apply_", is_flag=True, help="Anonymise (without it: a dry run).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Replaces today.")
def retention_command(apply_, today):
    """List (dry run) or anonymise the closed cases past the retention period."""
    from lk3admin import audit, retention

    with audit.acting_as("cli:retention"):
        run = (retention.anonymise_due if apply_ else retention.dry_run)(
            today.date() if today else None
        )
    verb = "anonymised" if apply_ else "due (dry run)"
    click.echo(f"Cut-off {run.cut_off}: {len(run.cases)} cases {verb}.")
    for case in run.cases:
        click.echo(f"  {case['number']} (closed {case['closed_on']})")

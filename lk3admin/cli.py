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

"""What `make run` relies on: the local admin's login is generated once and works."""

from lk3admin.devserver import ADMIN_PASSWORD_FILE


def test_local_admin_prints_a_login_that_works(app, runner, client, tmp_path):
    app.config["INSTANCE_DIR"] = tmp_path

    first = runner.invoke(args=["lk3", "local-admin"])
    again = runner.invoke(args=["lk3", "local-admin"])

    assert first.exit_code == 0, first.output
    password = (tmp_path / ADMIN_PASSWORD_FILE).read_text().strip()
    assert first.output.strip() == f"Login: admin / {password}"
    assert again.output == first.output
    assert (tmp_path / ADMIN_PASSWORD_FILE).stat().st_mode & 0o077 == 0
    response = client.post(
        "/login/", data={"username": "admin", "password": password}, follow_redirects=True
    )
    assert b"/logout" in response.data


def test_local_admin_leaves_an_existing_admin_alone(app, runner, auth, tmp_path):
    app.config["INSTANCE_DIR"] = tmp_path

    result = runner.invoke(args=["lk3", "local-admin"])

    assert result.exit_code == 0, result.output
    assert "Login:" not in result.output
    assert "left unchanged" in result.output
    assert auth.login().request.path != "/login/"

def test_login_page_is_served(client):
    response = client.get("/login/")
    assert response.status_code == 200


def test_admin_can_log_in(auth):
    response = auth.login()
    assert response.status_code == 200
    assert b"Logout" in response.data or b"Keluar" in response.data

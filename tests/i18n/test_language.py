"""Bahasa Indonesia by default, English on request, both offered in the navbar."""


def test_login_page_is_in_indonesian_by_default(page_text):
    text = page_text("/login/")
    assert "Masuk" in text
    assert "Kata sandi" in text
    assert "Nama pengguna" in text
    assert "Password" not in text


def test_login_page_is_in_english_after_switching(page_text):
    page_text("/lang/en")
    text = page_text("/login/")
    assert "Sign In" in text
    assert "Password" in text
    assert "Kata sandi" not in text


def test_switching_back_to_indonesian(page_text):
    page_text("/lang/en")
    page_text("/lang/id")
    assert "Kata sandi" in page_text("/login/")


def test_navbar_offers_the_other_language(page_text):
    indonesian = page_text("/login/")
    assert 'href="/lang/en"' in indonesian
    assert "English" in indonesian
    page_text("/lang/en")
    english = page_text("/login/")
    assert 'href="/lang/id"' in english
    assert "Bahasa Indonesia" in english


def test_unknown_language_is_refused(client):
    assert client.get("/lang/xx").status_code == 404


def test_required_field_message_is_in_indonesian(client):
    response = client.post("/login/", data={"username": "", "password": ""})
    text = response.get_data(as_text=True)
    assert "Kolom ini wajib diisi." in text
    assert "This field is required." not in text


def test_required_field_message_is_in_english_after_switching(client):
    client.get("/lang/en")
    response = client.post("/login/", data={"username": "", "password": ""})
    assert "This field is required." in response.get_data(as_text=True)


def test_our_strings_follow_the_locale(app):
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("en"):
        assert gettext("Kontak awal") == "First contact"
    with app.test_request_context(), force_locale("id"):
        assert gettext("Kontak awal") == "Kontak awal"
        assert gettext("Save") == "Simpan"

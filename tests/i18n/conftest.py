"""Fixtures for the language tests: pages as text, in the language the session asked for."""

import pytest


@pytest.fixture
def page_text(client):
    def get(path):
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        return response.get_data(as_text=True)

    return get

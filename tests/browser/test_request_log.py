"""The request log itself: a request to anywhere but the live server is caught."""

import pytest

pytestmark = pytest.mark.browser


def test_request_to_another_address_is_reported(page, request_log):
    page.goto("/login/")
    elsewhere = "http://127.0.0.1:9/logo.png"  # loopback, but not the live server

    with page.expect_request(elsewhere):
        page.evaluate("url => { const img = new Image(); img.src = url; }", elsewhere)

    assert request_log.outside_server() == [elsewhere]
    with pytest.raises(AssertionError, match="requests outside"):
        request_log.assert_none_left_server()

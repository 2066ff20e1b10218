"""Browser tests: Debian's headless Chromium, driven by Playwright, against a live server.

Nothing downloads a browser: Playwright launches /usr/bin/chromium. The live server serves
the test's `app` (tests/conftest.py, so each backend in turn) from a thread on a random
loopback port; the browser and the test share its database.
"""

import threading
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
# Headless, as root, and without the background traffic Chromium sends to Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Schemes that never reach the network.
LOCAL_SCHEMES = {"data", "blob", "about"}


class LiveServer:
    """The app served by werkzeug from a thread, on 127.0.0.1 and a free port."""

    def __init__(self, app):
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.netloc = f"127.0.0.1:{self._server.server_port}"
        self.url = f"http://{self.netloc}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()

    def stop(self):
        self._server.shutdown()
        self._thread.join()
        self._server.server_close()


class RequestLog:
    """Every request the browser makes, to prove that none leaves the live server."""

    def __init__(self, server):
        self._server = server
        self.urls = []

    def record(self, request):
        self.urls.append(request.url)

    def outside_server(self):
        return [url for url in self.urls if not self.reaches_only_server(url)]

    def assert_none_left_server(self):
        assert self.urls, "the browser made no request at all"
        outside = self.outside_server()
        assert outside == [], f"requests outside {self._server.netloc}: {outside}"

    def reaches_only_server(self, url):
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            return True
        return parts.scheme in ("http", "https", "ws") and parts.netloc == self._server.netloc


@pytest.fixture
def live_server(app):
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def request_log(live_server):
    return RequestLog(live_server)


@pytest.fixture
def page(browser, live_server, request_log):
    """A new browser tab on the live server; every request it makes is logged."""
    context = browser.new_context(base_url=live_server.url)
    context.on("request", request_log.record)
    # A request elsewhere is still logged (and fails the test), but never sent.
    context.route(lambda url: not request_log.reaches_only_server(url), lambda route: route.abort())
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def log_in(page):
    """Sign in through the login form, as a person would: `log_in(username, password)`."""

    def sign_in(username, password):
        page.goto("/login/")
        page.fill("#username", username)
        page.fill("#password", password)
        with page.expect_navigation():
            page.click("form[name=login] [type=submit]")

    return sign_in

"""Real components for the automation tests: an SMTP server (aiosmtpd), Redis databases and
servers of the tests' own, and Celery workers started as processes like in production."""

import asyncio
import contextlib
import email
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from email.policy import default as default_policy
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller

from tests.automation.scenario import REMINDER_CONFIG

REPO = Path(__file__).resolve().parents[2]
WORKER_READY_SECONDS = 60
# Redis databases 0-15 exist; the tests take a free one of these.
TEST_REDIS_DBS = range(8, 16)


def wait_for(predicate, timeout=30, message="condition"):
    """Poll until predicate() returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}")
        time.sleep(0.1)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def automation_app(app, tmp_path):
    """The test's app with the reminder windows of the scenario and mail to tmp files."""
    app.config.update(REMINDER_CONFIG, MAIL_FILE_DIR=str(tmp_path / "mail"), SMTP_HOST=None)
    return app


# --- SMTP ---------------------------------------------------------------------------------


@dataclass
class Received:
    recipients: list
    message: email.message.EmailMessage


class RecordingHandler:
    """Keeps every accepted message. `hold(n)` makes the n-th DATA wait until released."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received = []
        self.data_commands = 0
        self.hold_number = None
        self.held = threading.Event()
        self.released = threading.Event()
        self.drop_held = False

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.data_commands += 1
            number = self.data_commands
        if number == self.hold_number:
            self.held.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)
            if self.drop_held:
                return "451 4.3.0 Not accepted: the test dropped this message"
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        with self.lock:
            self.received.append(Received(list(envelope.rcpt_tos), message))
        return "250 OK"

    def messages(self):
        with self.lock:
            return list(self.received)


class SmtpServer:
    """aiosmtpd on a loopback port; stop() and start() again on the same port."""

    def __init__(self):
        self.handler = RecordingHandler()
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def messages(self):
        return self.handler.messages()

    def deliveries(self):
        """(kind, recipient) of every message received, from the headers the portal sets."""
        return [
            (item.message["X-LK3-Kind"], recipient)
            for item in self.messages()
            for recipient in item.recipients
        ]


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.handler.released.set()
    server.stop()


# --- Redis --------------------------------------------------------------------------------


@pytest.fixture
def redis_url():
    """A database of the machine's Redis that no one else uses now, emptied before and after."""
    for number in TEST_REDIS_DBS:
        client = redis.Redis(host="127.0.0.1", port=6379, db=number)
        if client.dbsize() == 0 and client.set("lk3-test-lock", "1", nx=True):
            break
    else:
        pytest.fail("no free Redis database among 8-15")
    yield f"redis://127.0.0.1:6379/{number}"
    client.flushdb()


class RedisServer:
    """A redis-server of the test's own on another loopback port; it can be stopped."""

    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(host="127.0.0.1", port=self.port)
        wait_for(lambda: _answers(client), 15, "the test's redis-server")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=15)
            self.process = None


def _answers(client):
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


# --- Celery workers -----------------------------------------------------------------------


class Worker:
    """`celery -A tasks.celery_app worker -B` in its own process group, logging to a file."""

    def __init__(self, env, log_path):
        self.env = env
        self.log_path = log_path
        self.process = None

    def start(self):
        hostname = f"lk3test-{secrets.token_hex(3)}@%h"
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tasks.celery_app",
            "worker",
            "-B",
            "--concurrency",
            "2",
            "--loglevel",
            "INFO",
            "--hostname",
            hostname,
            "--without-gossip",
            "--without-mingle",
        ]
        self.log = open(self.log_path, "a")  # noqa: SIM115 — open as long as the worker runs
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self._ready, WORKER_READY_SECONDS, f"the worker to be ready ({self.log_path})")

    def _ready(self):
        if self.process.poll() is not None:
            raise AssertionError(f"the worker exited:\n{self.log_text()}")
        return " ready." in self.log_text()

    def log_text(self):
        return Path(self.log_path).read_text(errors="replace")

    def kill(self):
        """SIGKILL to the whole group (main process, pool and beat): a crash, no cleanup."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.log.close()

    def stop(self):
        """SIGTERM to the main process: a warm shutdown that lets running tasks finish."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=20)
        self.kill()  # whatever is left of the group


@pytest.fixture
def start_worker(database_url, tmp_path):
    """start_worker(broker_url, **settings) → a running Worker; all are stopped afterwards.

    Without a broker_url the worker runs on the embedded defaults of config.py (SQLite
    broker, .eml files) with their real reminder windows; with one, on that broker with the
    scenario's windows and fast retries.
    """
    workers = []

    def start(broker_url=None, **settings):
        instance = tmp_path / f"worker-instance-{len(workers)}"
        instance.mkdir()
        env = {**os.environ, "LK3_INSTANCE_DIR": str(instance), "DATABASE_URL": database_url}
        for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "SMTP_HOST"):
            env.pop(name, None)
        if broker_url:
            env.update(
                {
                    "CELERY_BROKER_URL": broker_url,
                    "CELERY_RESULT_BACKEND": broker_url,
                    "SCAN_INTERVAL_SECONDS": "1",
                    "OUTBOX_RETRY_BASE_SECONDS": "1",
                    "OUTBOX_RETRY_MAX_SECONDS": "2",
                    "OUTBOX_MAX_ATTEMPTS": "50",
                    "OUTBOX_CLAIM_TIMEOUT_SECONDS": "3",
                    **{name: str(value) for name, value in REMINDER_CONFIG.items()},
                }
            )
        env.update({name: str(value) for name, value in settings.items()})
        worker = Worker(env, tmp_path / f"worker-{len(workers)}.log")
        worker.instance_dir = instance
        workers.append(worker)
        worker.start()
        return worker

    yield start
    for worker in workers:
        worker.stop()

"""`flask lk3 serve` (the end of `make run`): web, worker and beat start; Ctrl-C stops them all."""

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import urllib.request

import pytest

# A guard against a hung start, not a measure of speed.
START_GUARD_SECONDS = 120


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Portal:
    """`flask lk3 serve` in a child process, its output read line by line."""

    def __init__(self, database_url, instance_dir):
        self.port = free_port()
        env = dict(
            os.environ,
            DATABASE_URL=database_url,
            LK3_INSTANCE_DIR=str(instance_dir),
            PORT=str(self.port),
            FLASK_APP="lk3admin:create_app",
            PYTHONUNBUFFERED="1",
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flask", "lk3", "serve"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.output = []
        self._lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def wait_for(self, *patterns):
        """Read until every pattern has matched a line, in any order; returns those lines."""
        found = {}
        while len(found) < len(patterns):
            line = self._lines.get(timeout=START_GUARD_SECONDS)
            assert line is not None, "serve exited early:\n" + "".join(self.output)
            self.output.append(line)
            found.update({p: line for p in patterns if p not in found and re.search(p, line)})
        return [found[p] for p in patterns]

    def rest_of_output(self):
        while (line := self._lines.get(timeout=START_GUARD_SECONDS)) is not None:
            self.output.append(line)
        return "".join(self.output)

    def child_pids(self):
        return [int(pid) for pid in re.findall(r"Started \w+ \(pid (\d+)\)", "".join(self.output))]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=START_GUARD_SECONDS)


def running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def portal(database_url, tmp_path):
    portal = Portal(database_url, tmp_path)
    yield portal
    if portal.process.poll() is None:  # the test failed before stopping it
        portal.process.terminate()
        portal.process.wait(timeout=START_GUARD_SECONDS)


def test_serve_runs_web_and_worker_and_ctrl_c_stops_them(app, portal):
    url_line, _ = portal.wait_for(r"LK3 Admin is running at", r"celery@\S+ ready")

    assert f"http://127.0.0.1:{portal.port}/" in url_line
    with urllib.request.urlopen(f"http://127.0.0.1:{portal.port}/login/") as response:
        assert response.status == 200
    children = portal.child_pids()
    assert len(children) == 2

    assert portal.stop() == 0
    assert "LK3 Admin stopped." in portal.rest_of_output()
    assert [pid for pid in children if running(pid)] == []

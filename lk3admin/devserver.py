"""The local portal in one command: web server, Celery worker and beat, started together.

`flask lk3 serve` runs each process in its own session, so Ctrl-C reaches only this
supervisor, which then stops every process it started (SIGTERM, then SIGKILL after a grace
period). If one process dies, the others are stopped too: a half-running portal would
hide the failure.
"""

import contextlib
import ctypes
import os
import secrets
import signal
import socket
import string
import subprocess
import sys
import time
from pathlib import Path

from werkzeug.security import check_password_hash

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD_FILE = "admin-password"
STOP_GRACE_SECONDS = 15
POLL_SECONDS = 0.5
WEB_READY_TIMEOUT_SECONDS = 60
# Ctrl-C, `kill`, and a closed terminal all stop the portal.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG = 1


def generate_password():
    """A random password with lower and upper case letters, digits and a symbol."""
    alphabet = string.ascii_letters + string.digits
    while True:
        core = "".join(secrets.choice(alphabet) for _ in range(14))
        classes = (str.islower, str.isupper, str.isdigit)
        if all(any(test(c) for c in core) for test in classes):
            return f"{core[:7]}-{core[7:]}"


def local_admin_password(instance_dir):
    """The local admin's password, generated once into instance/ and kept there (mode 0600)."""
    path = Path(instance_dir) / ADMIN_PASSWORD_FILE
    if not path.exists():
        path.write_text(generate_password() + "\n")
        path.chmod(0o600)
    return path.read_text().strip()


def local_admin_login(appbuilder, instance_dir):
    """(username, password) of the local admin when the stored password still works, else None."""
    path = Path(instance_dir) / ADMIN_PASSWORD_FILE
    if not path.exists():
        return None
    password = path.read_text().strip()
    user = appbuilder.sm.find_user(username=ADMIN_USERNAME)
    if user is None or not check_password_hash(user.password, password):
        return None
    return ADMIN_USERNAME, password


def process_commands(host, port):
    """The processes of a local portal, each run with this interpreter."""
    python = sys.executable
    web = [python, "-m", "flask", "--app", "lk3admin:create_app", "run"]
    # --quiet: no startup banner, so the login printed above stays in sight.
    worker = [python, "-m", "celery", "-A", "tasks.celery_app", "--quiet", "worker", "-B"]
    return {
        "web": web + ["--host", host, "--port", str(port), "--no-reload"],
        "worker": worker + ["--concurrency", "1", "--loglevel", "INFO"],
    }


class _Stop(Exception):
    """Raised by the signal handler for any of STOP_SIGNALS."""


def _raise_stop(signum, frame):
    raise _Stop


def _port_open(host, port):
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, port)) == 0


def _stop_all(processes, echo):
    running = {name: p for name, p in processes.items() if p.poll() is None}
    for name, process in running.items():
        echo(f"Stopping {name} (pid {process.pid}) ...")
        process.terminate()  # the process stops its own children (Celery's pool, beat)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for name, process in running.items():
        try:
            process.wait(timeout=max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            echo(f"{name} did not stop in {STOP_GRACE_SECONDS}s; killing it.")
            # Each process leads its own group: this kills its children too.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _die_with_parent():
    """In the child, before exec: Linux sends it SIGTERM if the supervisor itself is killed."""
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def _quiet(echo):
    """echo that never raises: a closed terminal must not stop the processes from stopping."""

    def write(message):
        with contextlib.suppress(OSError):
            echo(message)

    return write


def serve(host, port, login_lines, echo=print):
    """Start web and worker, print where to log in, and run until Ctrl-C or a process dies.

    Returns the exit status: 0 after Ctrl-C/SIGTERM, otherwise the status of the process
    that died.
    """
    echo = _quiet(echo)
    if _port_open(host, port):
        echo(f"Port {port} on {host} is already in use; set PORT to another port.")
        return 1
    # Set explicitly: a process started in the background inherits an ignored SIGINT.
    previous_handlers = {sig: signal.signal(sig, _raise_stop) for sig in STOP_SIGNALS}
    processes = {}
    try:
        for name, command in process_commands(host, port).items():
            processes[name] = subprocess.Popen(
                command, start_new_session=True, preexec_fn=_die_with_parent
            )
            echo(f"Started {name} (pid {processes[name].pid}).")
        ready = False
        deadline = time.monotonic() + WEB_READY_TIMEOUT_SECONDS
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
                    echo(f"{name} exited with status {process.returncode}; stopping the portal.")
                    return process.returncode or 1
            if not ready and _port_open(host, port):
                ready = True
                echo("")
                echo(f"LK3 Admin is running at http://{host}:{port}/")
                for line in login_lines:
                    echo(line)
                echo("Press Ctrl-C to stop the web server, the worker and the scheduler.")
                echo("")
            elif not ready and time.monotonic() > deadline:
                echo(f"The web server did not open port {port} in time; stopping.")
                return 1
            time.sleep(POLL_SECONDS)
    except _Stop:
        echo("")
        return 0
    finally:
        # A second Ctrl-C must not leave processes behind: stopping always runs to its end.
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        _stop_all(processes, echo)
        for sig, handler in previous_handlers.items():
            signal.signal(sig, handler)
        echo("LK3 Admin stopped.")

"""A real web server process for concurrency drills (issue 16), on SQLite or PostgreSQL.

``shared_database`` (from the notifications integration tests) gives a database
URL another process can open: the PostgreSQL test database itself, or the
in-memory SQLite test database copied to a file — a file, so SQLite's locking
between processes and threads is the real one. ``WebServer`` runs
``manage.py runserver`` (threaded, as ``scripts/run.sh`` does) on it, and
``HttpUser`` is a logged-in browser session (cookie + CSRF token) that many
threads can drive at once. Everything listens on 127.0.0.1 only and every wait
is bounded.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION_INPUT = re.compile(rb'name="_version" value="(\d*)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_env(database_url: str, var_dir: Path, **extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CELERY_", "DJANGO_", "DATABASE_", "EMAIL_", "SMS_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "election_admin.settings.base",
            "DATABASE_URL": database_url,
            "VAR_DIR": str(var_dir),
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # The test's own key: the sessions it writes are signed with it.
            "SECRET_KEY": settings.SECRET_KEY,
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "SMS_LOG_FILE": str(var_dir / "sms.log"),
            **extra,
        }
    )
    return env


class WebServer:
    """``manage.py runserver --noreload`` in its own process group."""

    def __init__(self, *, database_url: str, var_dir: Path, **extra_env):
        self.port = free_port()
        self.log = var_dir / "web.log"
        self.process = subprocess.Popen(  # noqa: S603 - fixed argv
            [
                sys.executable,
                "manage.py",
                "runserver",
                "--noreload",
                "--skip-checks",
                f"127.0.0.1:{self.port}",
            ],
            cwd=settings.BASE_DIR,
            env=process_env(database_url, var_dir, **extra_env),
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the web server exited:\n{self.output()[-3000:]}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", self.port), timeout=1),
            ):
                return
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the web server did not start:\n{self.output()[-3000:]}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self):
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def session_cookie(user) -> str:
    """Write a logged-in session for ``user`` (committed) and return its key."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


class HttpUser:
    """One logged-in user's browser against a :class:`WebServer`; one per thread."""

    def __init__(self, server: WebServer, session_key: str):
        self.port = server.port
        self.cookies = {settings.SESSION_COOKIE_NAME: session_key}

    def request(self, method: str, path: str, data: dict | None = None):
        """Return (status, body bytes, Location header)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            headers = {
                "Host": f"127.0.0.1:{self.port}",
                "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                "Origin": f"http://127.0.0.1:{self.port}",
                "Accept-Language": "zh-hans",
            }
            body = None
            if data is not None:
                body = urllib.parse.urlencode(data, doseq=True)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, content, response.getheader("Location") or ""
        finally:
            conn.close()

    def load_form(self, path: str) -> dict:
        """GET a form page; return the CSRF token and version it carries."""
        status, content, _location = self.request("GET", path)
        if status != 200:
            raise AssertionError(f"GET {path} answered {status}")
        token = CSRF_INPUT.search(content)
        version = VERSION_INPUT.search(content)
        loaded = {"csrfmiddlewaretoken": token.group(1).decode() if token else ""}
        if version:
            loaded["_version"] = version.group(1).decode()
        return loaded

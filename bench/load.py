"""Load test of a county installation on the production layout (SPEC §4), loopback only.

Builds a throw-away PostgreSQL database (``BENCH_DATABASE_URL``, default
``postgres://postgres@127.0.0.1:5432/hjt_load``; it is dropped and created anew) with
the demo township and a generated county of 400 villages, starts gunicorn with the
production settings on 127.0.0.1, and then, in one run:

1. **Logins** — ``--logins`` users log in at the same moment; prints the time until the
   last one is in (target: 20 logins ≤ 2 s).
2. **Paced users** — ``--users`` logged-in users (the demo's seven roles, round-robin)
   each open their role's pages one after another, pausing ``--pause`` seconds between
   pages, for ``--duration`` seconds. Prints requests, errors and p50/p95/p99 per page
   (target: p95 ≤ 150 ms on every page, 0 errors).
3. **Saturation** — ``--concurrency`` users with no pause for ``--saturate`` seconds;
   prints req/s and req/s per core (target ≥ 25 per core).

The load average (1 min) is printed beside each phase: the machine is shared, so read
the figures with it. Every request goes to 127.0.0.1 only; every loop is bounded in
time and count; gunicorn is stopped at the end.

Run: ``python bench/load.py [--users 50] [--duration 60] [--workers 4]``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = (
    str(ROOT / ".venv" / "bin" / "python")
    if (ROOT / ".venv").exists()
    else sys.executable
)
PASSWORD = "huanjie2021"
ROLES = ["office", "leader", "guide", "inspector", "reviewer", "discipline", "county"]
MAX_REQUESTS = 200_000  # hard bound on the whole run

URLS_SCRIPT = r"""
import json
from django.urls import NoReverseMatch, reverse
from core.models import User
from villages.models import Village

def url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None

office = User.objects.get(username="office")
guide = User.objects.get(username="guide")
village = Village.objects.visible_to(office).order_by("pk").first()
guided = Village.objects.visible_to(guide).order_by("pk").first()
common = ["/", url("notifications:inbox")]
township = [
    url("stages:battle_map"),
    url("stages:task_list"),
    url("villages:village_list"),
    url("villages:village_detail", village.pk),
    url("villages:roster"),
    url("villages:ledger"),
    url("candidates:nomination_list"),
    url("elections:election_list"),
    url("elections:structure"),
    url("discipline:totals"),
    url("discipline:report_list"),
]
pages = {
    "office": common + township,
    "leader": common + township,
    # the supervision group reads the township but not the reports (举报)
    "inspector": common + [u for u in township if u != url("discipline:report_list")],
    "guide": common + [url("villages:village_detail", guided.pk), url("stages:my_tasks"), url("villages:village_list")],
    "reviewer": common + [url("candidates:review_inbox")],
    "discipline": common + [url("discipline:report_list"), url("discipline:totals")],
    "county": common + [url("stages:battle_map"), url("villages:village_list")],
}
print("URLS=" + json.dumps({k: [u for u in v if u] for k, v in pages.items()}))
"""


def loadavg() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Session:
    """A logged-in browser: cookies kept by hand (production cookies are Secure-only,
    and the proxy's X-Forwarded-Proto tells Django the request came over HTTPS)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body: dict | None = None):
        headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Referer": "https://127.0.0.1/accounts/login/",
            "Origin": "https://127.0.0.1",
        }
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=30
                )
                if attempt:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, content

    def login(self, username: str) -> None:
        status, content = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if status != 200 or not token:
            raise RuntimeError(f"login page answered {status}")
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "username": username,
                "password": PASSWORD,
            },
        )
        if status != 302:
            raise RuntimeError(f"login of {username} answered {status}")


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    if not values:
        return 0.0
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def run_users(port, urls, count, duration, pause, results, errors, counter):
    """``count`` users log in first, then open pages for ``duration`` seconds.

    The clock starts once everybody is logged in (logins are measured on their own),
    and each user opens the first page after a random offset within one pause, as
    users who arrive independently do; a run with no pause starts them together.
    """
    ready = threading.Barrier(count + 1)
    go = threading.Event()
    deadline = [0.0]
    stop = threading.Event()

    def user(i):
        role = ROLES[i % len(ROLES)]
        session = Session(port)
        try:
            session.login(role)
        except Exception as exc:  # noqa: BLE001
            errors.append(("login", str(exc)))
            session = None
        try:
            ready.wait(120)
        except threading.BrokenBarrierError:
            return
        if session is None:
            return
        go.wait(120)
        if pause:
            time.sleep(random.Random(i).uniform(0, pause))
        pages = urls[role]
        k = i  # users start on different pages
        while time.monotonic() < deadline[0] and not stop.is_set():
            if counter[0] >= MAX_REQUESTS:
                stop.set()
                break
            path = pages[k % len(pages)]
            k += 1
            start = time.perf_counter()
            try:
                status, _ = session.request("GET", path)
            except Exception as exc:  # noqa: BLE001
                errors.append((path, str(exc)))
                continue
            elapsed = time.perf_counter() - start
            counter[0] += 1
            label = re.sub(r"/\d+/", "/<id>/", path)
            results[label].append(elapsed)
            if status != 200:
                errors.append((path, status))
            if pause:
                time.sleep(pause)

    threads = [
        threading.Thread(target=user, args=(i,), daemon=True) for i in range(count)
    ]
    for t in threads:
        t.start()
    ready.wait(120)
    started = time.perf_counter()
    deadline[0] = time.monotonic() + duration
    go.set()
    for t in threads:
        t.join(duration + 60)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--pause", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--logins", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--saturate", type=int, default=20)
    parser.add_argument("--townships", type=int, default=20)
    parser.add_argument("--villages", type=int, default=20)
    parser.add_argument("--skip-build", action="store_true", help="reuse the database")
    args = parser.parse_args()

    url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hjt_load"
    )
    parsed = urllib.parse.urlparse(url)
    if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        print("BENCH_DATABASE_URL must point at this machine (loopback).")
        return 2
    dbname = parsed.path.lstrip("/")
    var_dir = Path(os.environ.get("BENCH_VAR_DIR", "/tmp/hjt-load"))
    var_dir.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="election_admin.settings.production",
        SECRET_KEY="bench-load-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS="https://127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=url,
        CELERY_BROKER_URL="memory://",
        VAR_DIR=str(var_dir),
        LOG_LEVEL="WARNING",
        AXES_FAILURE_LIMIT="1000",
    )

    def manage(*argv):
        subprocess.run([PYTHON, "manage.py", *argv], cwd=ROOT, env=env, check=True)

    if not args.skip_build:
        import psycopg

        admin_url = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{dbname}"')
        start = time.perf_counter()
        manage("migrate", "-v0")
        manage("load_defaults")
        manage("seed_demo", "--force")
        manage(
            "generate_county",
            "--townships",
            str(args.townships),
            "--villages",
            str(args.villages),
            "--force",
        )
        manage("collectstatic", "--noinput", "-v0")
        print(f"database built in {time.perf_counter() - start:.0f} s")
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", URLS_SCRIPT],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    urls = json.loads(out.split("URLS=", 1)[1])

    port = free_port()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "election_admin.wsgi",
            "--workers",
            str(args.workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        cores = os.cpu_count() or 1
        print(f"gunicorn {args.workers} workers on 127.0.0.1:{port}, {cores} cores")

        # warm every worker once
        warm = Session(port)
        warm.login("office")
        for path in urls["office"] * args.workers:
            warm.request("GET", path)

        # 1. simultaneous logins
        barrier = threading.Barrier(args.logins)
        login_errors = []

        def login(i):
            session = Session(port)
            session.request("GET", "/accounts/login/")
            barrier.wait(30)
            try:
                session.login(ROLES[i % len(ROLES)])
            except Exception as exc:  # noqa: BLE001
                login_errors.append(str(exc))

        threads = [
            threading.Thread(target=login, args=(i,)) for i in range(args.logins)
        ]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        took = time.perf_counter() - start
        print(
            f"\n{args.logins} simultaneous logins: {took:.2f} s, "
            f"{len(login_errors)} errors   (load {loadavg()})"
        )

        # 2. paced users
        results: dict[str, list[float]] = defaultdict(list)
        errors: list = []
        counter = [0]
        took = run_users(
            port, urls, args.users, args.duration, args.pause, results, errors, counter
        )
        total = sum(len(v) for v in results.values())
        everything = [x for v in results.values() for x in v]
        print(
            f"\n{args.users} users pausing {args.pause:g} s for {args.duration} s: "
            f"{total} requests, {len(errors)} errors, {total / took:.1f} req/s   (load {loadavg()})"
        )
        print(f"{'page':<44}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
        for label in sorted(results, key=lambda k: -percentile(results[k], 95)):
            v = results[label]
            print(
                f"{label:<44}{len(v):>6}{percentile(v, 50) * 1000:>9.0f}"
                f"{percentile(v, 95) * 1000:>9.0f}{percentile(v, 99) * 1000:>9.0f}"
            )
        print(
            f"{'all pages':<44}{len(everything):>6}{percentile(everything, 50) * 1000:>9.0f}"
            f"{percentile(everything, 95) * 1000:>9.0f}{percentile(everything, 99) * 1000:>9.0f}"
        )
        for path, what in errors[:10]:
            print("  error:", path, what)

        # 3. saturation
        results = defaultdict(list)
        errors = []
        took = run_users(
            port, urls, args.concurrency, args.saturate, 0, results, errors, counter
        )
        total = sum(len(v) for v in results.values())
        print(
            f"\nsaturation, {args.concurrency} users without pause for {args.saturate} s: "
            f"{total} requests, {len(errors)} errors, {total / took:.1f} req/s = "
            f"{total / took / cores:.1f} req/s per core   (load {loadavg()})"
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Concurrent writers on the embedded SQLite default (issue 16), loopback only.

Builds (or copies, ``--from-db``) a demo database in a temporary directory, then
for each SQLite transaction mode — ``DEFERRED`` (the setting before issue 16) and
``IMMEDIATE`` (the setting now) — in one run:

- starts ``manage.py runserver`` (threaded, as ``scripts/run.sh`` does) on a free
  127.0.0.1 port with that mode (``SQLITE_TRANSACTION_MODE``);
- starts a "worker" process writing at the same time: reminder scans for
  successive days (each writes the outbox and the health row), as the Celery
  worker does;
- lets ``--writers`` logged-in users (20) each save their own village's file
  (一村一档) through the edit form and record task progress, in a loop, for
  ``--duration`` seconds (bounded by ``--max-requests`` too);
- prints writes, HTTP 500 answers ("database is locked"), other failures,
  the error rate, the worker's errors and p50/p95 of a save.

Run: ``python bench/sqlite_writers.py [--writers 20] [--duration 20] [--from-db PATH]``.
The load average is printed beside each phase: the machine may be shared.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
PYTHON = (
    str(ROOT / ".venv" / "bin" / "python")
    if (ROOT / ".venv").exists()
    else sys.executable
)

from load import Session  # noqa: E402

TARGETS_SCRIPT = r"""
import json
from core.models import User
from stages.models import VillageTask
from villages.models import Village
office = User.objects.get(username="office")
villages = list(Village.objects.visible_to(office).order_by("pk").values_list("pk", flat=True))
tasks = {}
for village in villages:
    task = (VillageTask.objects.filter(village_id=village, status="not_started")
            .order_by("pk").values_list("pk", flat=True).first())
    tasks[village] = task
print("TARGETS=" + json.dumps({"villages": villages, "tasks": tasks}))
"""

WORKER_SCRIPT = r"""
import datetime, sys, time, traceback
from django.utils import timezone
from notifications.scan import run_scan
from notifications import health
deadline = time.monotonic() + float(sys.argv[1])
day = timezone.localdate()
done = errors = 0
while time.monotonic() < deadline and done < 500:
    try:
        run_scan(today=day + datetime.timedelta(days=done))
        health.record(health.HEARTBEAT, host="bench")
    except Exception as exc:
        errors += 1
        print("WORKER-ERROR", repr(exc)[:200], flush=True)
    done += 1
print(f"WORKER scans={done} errors={errors}", flush=True)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loadavg() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def env_for(var_dir: Path, db: Path, mode: str) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_", "CELERY_", "DJANGO_", "SQLITE_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "election_admin.settings.base",
            "DATABASE_URL": f"sqlite:///{db}",
            "VAR_DIR": str(var_dir),
            "CELERY_BROKER_URL": "memory://",
            "SQLITE_TRANSACTION_MODE": mode,
            "DEBUG": "1",
            "LOG_LEVEL": "ERROR",
            # bench/load.py's Session sends the proxy's Origin header.
            "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
        }
    )
    return env


def build(var_dir: Path, db: Path) -> None:
    env = env_for(var_dir, db, "IMMEDIATE")
    for args in (["migrate", "-v0"], ["load_defaults"], ["seed_demo"]):
        subprocess.run(  # noqa: S603
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def run_mode(args, template_db: Path, mode: str) -> dict:
    var_dir = Path(tempfile.mkdtemp(prefix=f"hjt-bench-sqlite-{mode.lower()}-"))
    db = var_dir / "db.sqlite3"
    shutil.copy(template_db, db)
    env = env_for(var_dir, db, mode)
    targets = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "shell", "-c", TARGETS_SCRIPT],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    import json

    targets = json.loads(re.search(r"TARGETS=(.*)", targets).group(1))
    port = free_port()
    server = subprocess.Popen(  # noqa: S603
        [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(var_dir / "server.log").open("wb"),
        start_new_session=True,
    )
    worker = beat = None
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.3)
        sessions = []
        for _ in range(args.writers):
            session = Session(port)
            session.login("office")
            sessions.append(session)
        # Beat starts while the users write (issue 16: "Cannot add entry … database
        # is locked" at start); its broker is the embedded filesystem one.
        beat_env = dict(env, CELERY_BROKER_URL="filesystem://")
        beat = subprocess.Popen(  # noqa: S603
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "election_admin",
                "beat",
                "--loglevel=INFO",
                "--schedule",
                str(var_dir / "beat-schedule"),
            ],
            cwd=ROOT,
            env=beat_env,
            stdout=(var_dir / "beat.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        worker = subprocess.Popen(  # noqa: S603
            [
                PYTHON,
                "manage.py",
                "shell",
                "-c",
                WORKER_SCRIPT.replace("sys.argv[1]", str(args.duration)),
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        results = {"ok": 0, "refused": 0, "500": 0, "locked": 0, "other": 0}
        times: list[float] = []
        lock = threading.Lock()
        stop = time.monotonic() + args.duration
        count = [0]

        def save(session, path, data):
            status, content = session.request("GET", path)
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
            version = re.search(rb'name="_version" value="(\d*)"', content)
            body = dict(data)
            body["csrfmiddlewaretoken"] = token.group(1).decode() if token else ""
            if version:
                body["_version"] = version.group(1).decode()
            started = time.perf_counter()
            status, content = session.request("POST", path, body)
            elapsed = time.perf_counter() - started
            with lock:
                times.append(elapsed)
                if status == 302:
                    results["ok"] += 1
                elif status == 200:
                    results["refused"] += 1
                elif status == 500:
                    results["500"] += 1
                    if b"database is locked" in content:
                        results["locked"] += 1
                else:
                    results["other"] += 1

        def writer(i):
            session = sessions[i]
            village = targets["villages"][i % len(targets["villages"])]
            task = targets["tasks"].get(str(village))
            n = 0
            while time.monotonic() < stop:
                with lock:
                    if count[0] >= args.max_requests:
                        return
                    count[0] += 1
                n += 1
                try:
                    if n % 2 or not task:
                        save(
                            session,
                            f"/villages/{village}/file/",
                            {
                                "rating": "good",
                                "assessed_on": "2021-09-01",
                                "risks": f"写入 {i}-{n}",
                            },
                        )
                    else:
                        save(
                            session,
                            f"/stages/tasks/{task}/",
                            {"status": "in_progress", "note": f"进展 {i}-{n}"},
                        )
                except Exception:  # noqa: BLE001 - a dropped connection is a failure
                    with lock:
                        results["other"] += 1

        threads = [
            threading.Thread(target=writer, args=(i,)) for i in range(args.writers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.duration + 120)
        worker_out, _ = worker.communicate(timeout=args.duration + 300)
        found = re.search(r"WORKER scans=(\d+) errors=(\d+)", worker_out or "")
        results["worker_scans"] = int(found.group(1)) if found else 0
        results["worker_errors"] = int(found.group(2)) if found else -1
        times.sort()
        results["p50"] = times[len(times) // 2] if times else 0
        results["p95"] = times[int(len(times) * 0.95)] if times else 0
        os.killpg(beat.pid, signal.SIGTERM)
        beat.wait(timeout=30)
        beat_log = (var_dir / "beat.log").read_text(errors="replace")
        results["beat_locked"] = beat_log.count("database is locked")
        results["beat_started"] = "beat: Starting" in beat_log
        return results
    finally:
        if beat is not None and beat.poll() is None:
            os.killpg(beat.pid, signal.SIGKILL)
        if worker is not None and worker.poll() is None:
            worker.kill()
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument(
        "--from-db", type=Path, help="a migrated demo SQLite file to copy"
    )
    parser.add_argument("--modes", default="DEFERRED,IMMEDIATE")
    args = parser.parse_args()
    template = args.from_db
    if template is None:
        var_dir = Path(tempfile.mkdtemp(prefix="hjt-bench-sqlite-build-"))
        template = var_dir / "db.sqlite3"
        print(f"building the demo database in {var_dir} …", flush=True)
        build(var_dir, template)
    for mode in args.modes.split(","):
        load = loadavg()
        r = run_mode(args, template, mode)
        writes = r["ok"] + r["refused"] + r["500"] + r["other"]
        failed = r["500"] + r["other"]
        print(
            f"{mode:<9} {args.writers} writers × {args.duration:.0f} s + worker: "
            f"{writes} saves, {r['ok']} saved, {r['refused']} refused (form), "
            f"{r['500']} HTTP 500 ({r['locked']} 'database is locked'), "
            f"{r['other']} other failures → error rate "
            f"{100 * failed / max(writes, 1):.1f} %; save p50 {r['p50'] * 1000:.0f} ms "
            f"p95 {r['p95'] * 1000:.0f} ms; worker {r['worker_scans']} scans, "
            f"{r['worker_errors']} errors; beat started "
            f"{'yes' if r['beat_started'] else 'NO'}, {r['beat_locked']} 'database is "
            f"locked' in its log; load {load}",
            flush=True,
        )


if __name__ == "__main__":
    main()

"""Hostile workbooks against the roster import: time and peak memory per file.

Builds each file of ``villages/tests/hostile.py`` (column bomb, zip bomb with
and without ``<dimension>``, shared-strings bomb, billion laughs) and runs the
import's check (dry run) on it in a child process under ``ulimit -v`` and a
time limit, so a file that would exhaust the machine only fails its child.
Prints per file: seconds, peak RSS of the child (``resource.getrusage``), and
the first error message (or how the child died).

Run: ``python bench/hostile_workbooks.py [--timeout 60] [--memory-mb 6000]``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHILD = r"""
import json, os, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "election_admin.settings.test")
import django
django.setup()
from django.conf import settings
from django.db import connection
connection.settings_dict["TEST"]["MIGRATE"] = False
settings.DATABASES["default"]["NAME"] = ":memory:"
connection.creation.create_test_db(verbosity=0, autoclobber=True)
from villages.importing import import_roster_file
from villages.models import Person
start = time.perf_counter()
report = import_roster_file({path!r}, dry_run=True)
elapsed = time.perf_counter() - start
print(json.dumps({{"seconds": elapsed,
    "message": report.errors[0].message if report.errors else "(no error)",
    "people": Person.objects.count()}}, ensure_ascii=False))
"""


def run_child(path: Path, timeout: int, memory_mb: int) -> dict:
    """Run the import's check on ``path`` in a child; return its figures.

    The child's own peak RSS comes from ``os.wait4`` (also for a child
    killed at the time limit).
    """
    code = CHILD.format(root=str(ROOT), path=str(path))

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))

    env = dict(os.environ, VAR_DIR=tempfile.mkdtemp(prefix="hjt-hostile-"))
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", code],
            stdout=out,
            stderr=err,
            preexec_fn=limit,
            env=env,
        )
        killed = False
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                child.kill()
                killed = True
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.perf_counter() - start
        returncode = os.waitstatus_to_exitcode(status)
        peak = usage.ru_maxrss // 1024
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode(errors="replace")
    if killed:
        return {
            "seconds": seconds,
            "peak_mb": peak,
            "outcome": f"killed after {timeout} s",
        }
    if returncode != 0 or not stdout.strip():
        last = (stderr.strip().splitlines() or ["?"])[-1]
        return {
            "seconds": seconds,
            "peak_mb": peak,
            "outcome": f"crashed (exit {returncode}): {last[:120]}",
        }
    result = json.loads(stdout.strip().splitlines()[-1])
    result["peak_mb"] = peak
    result["seconds_in_import"] = result.pop("seconds")
    result["seconds"] = seconds
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=int, default=60)
    parser.add_argument("--memory-mb", type=int, default=6000)
    parser.add_argument("--only", default="")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "election_admin.settings.test")
    from villages.tests.hostile import BUILDERS

    workdir = Path(tempfile.mkdtemp(prefix="hjt-hostile-files-"))
    print(
        f"limits per file: {args.timeout} s, address space {args.memory_mb} MB; "
        "peak RSS includes Django and an in-memory test database (about 100 MB)"
    )
    for name, build in BUILDERS.items():
        if args.only and args.only not in name:
            continue
        path = workdir / f"{name}.xlsx"
        build(path)
        result = run_child(path, args.timeout, args.memory_mb)
        size = path.stat().st_size // 1024
        if "message" in result:
            print(
                f"{name:28s} {size:6d} KiB  import {result['seconds_in_import']:6.2f} s  "
                f"peak RSS {result['peak_mb']:5d} MB  people written {result['people']}  "
                f"→ {result['message'][:100]}"
            )
        else:
            print(
                f"{name:28s} {size:6d} KiB  child  {result['seconds']:6.2f} s  "
                f"peak RSS {result['peak_mb']:5d} MB  → {result['outcome']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

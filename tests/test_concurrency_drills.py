"""Concurrency drills of issue 16, as automated tests against real processes.

A real web server (``manage.py runserver``, threaded, as ``scripts/run.sh`` runs it)
serves the test database — on SQLite a *file* (the in-memory test database copied
out, so SQLite's real locking between processes applies), on PostgreSQL the test
database itself — and many threads post forms to it at the same moment:

- two identical election set-ups at once make one election, and both users land
  on it (no duplicate, no 500);
- the first save of a village file twice at once is one file (no 500);
- ≥ 10 users saving village files and task progress while a real Celery worker
  delivers a batch of reminders into the same database: no error anywhere.
"""

from __future__ import annotations

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from core.roles import Role
from core.tests.processes import HttpUser, WebServer, session_cookie
from elections.choices import Body, Post
from elections.models import Election
from elections.tests.support import formal, make_round
from notifications.choices import OutboxStatus
from notifications.models import Notification
from notifications.tests import stagedata
from notifications.tests.test_worker_integration import (
    BROKER,
    Worker,
    _flush_redis,
    barrier,
    producer_broker,
    shared_database,
    wait_for,
)
from villages.models import VillageFile
from villages.tests.factories import VillageFactory, VillageFileFactory

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT = 180


@pytest.fixture
def queued():
    """Publishing goes to the real broker in these drills (see notifications tests)."""
    return


def _all_at_once(calls):
    """Run the callables in threads released together; return their results."""
    gate = threading.Barrier(len(calls), timeout=60)

    def run(call):
        gate.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls, timeout=TIMEOUT))


def test_two_identical_election_setups_at_once_make_one_election(
    tmp_path, township, villages, users
):
    round_ = make_round(township)
    village = villages[0]
    nominations = [
        formal(village, round_, post=Post.DIRECTOR, name="王甲"),
        formal(village, round_, post=Post.DIRECTOR, name="王丙"),
        formal(village, round_, post=Post.MEMBER, name="王乙"),
        formal(village, round_, post=Post.MEMBER, name="王丁"),
        formal(village, round_, post=Post.MEMBER, name="王戊"),
    ]
    with shared_database(tmp_path) as database_url:
        key = session_cookie(users[Role.OFFICE])
        server = WebServer(database_url=database_url, var_dir=tmp_path)
        try:
            path = reverse(
                "elections:election_create",
                args=[village.pk, Body.VILLAGERS_COMMITTEE],
            )
            clicks = []
            for _ in range(2):
                user = HttpUser(server, key)
                data = {
                    **user.load_form(path),
                    "held_on": "2021-12-12",
                    "seats_head": "1",
                    "seats_deputy": "0",
                    "seats_member": "2",
                    "registered": "1000",
                    "nominations": [n.pk for n in nominations],
                }
                clicks.append(lambda u=user, d=data: u.request("POST", path, d))
            # when the same set-up is posted twice at the same moment
            answers = _all_at_once(clicks)
        finally:
            server.stop()
        # then one election exists and both answers lead to it
        elections = list(Election.objects.filter(village=village))
        assert [status for status, _c, _l in answers] == [302, 302], server.output()
        assert len(elections) == 1
        assert {location for _s, _c, location in answers} == {
            elections[0].get_absolute_url()
        }
        assert elections[0].candidates.count() == 5


def test_first_save_of_a_village_file_twice_at_once_is_one_file(
    tmp_path, township, villages, users
):
    village = villages[1]
    VillageFile.objects.filter(village=village).delete()
    with shared_database(tmp_path) as database_url:
        key = session_cookie(users[Role.OFFICE])
        server = WebServer(database_url=database_url, var_dir=tmp_path)
        try:
            path = reverse("villages:village_file_edit", args=[village.pk])
            clicks = []
            for _ in range(2):
                user = HttpUser(server, key)
                data = {
                    **user.load_form(path),
                    "rating": "good",
                    "assessed_on": "2021-09-01",
                    "risks": "无",
                }
                clicks.append(lambda u=user, d=data: u.request("POST", path, d))
            answers = _all_at_once(clicks)
        finally:
            server.stop()
        assert [status for status, _c, _l in answers] == [302, 302], server.output()
        assert VillageFile.objects.filter(village=village).count() == 1


def test_the_same_nomination_posted_twice_at_once_is_one_nomination(
    tmp_path, township, villages, users
):
    from candidates.models import Nomination
    from villages.tests.factories import PersonFactory

    make_round(township)
    village = villages[0]
    person = PersonFactory(village=village, name="孙八")
    with shared_database(tmp_path) as database_url:
        key = session_cookie(users[Role.OFFICE])
        server = WebServer(database_url=database_url, var_dir=tmp_path)
        try:
            path = reverse("candidates:nomination_create", args=[village.pk])
            clicks = []
            for _ in range(2):
                user = HttpUser(server, key)
                data = {
                    **user.load_form(path),
                    "person": person.pk,
                    "body": "villagers_committee",
                    "post": "director",
                    "route": "villagers",
                }
                clicks.append(lambda u=user, d=data: u.request("POST", path, d))
            answers = _all_at_once(clicks)
        finally:
            server.stop()
        # one nomination; the other answer is the form with the Chinese reason
        statuses = sorted(status for status, _c, _l in answers)
        assert statuses == [200, 302], server.output()[-3000:]
        refused = next(content for status, content, _l in answers if status == 200)
        assert "孙八已被提名为本轮村民委员会人选" in refused.decode()
        assert Nomination.objects.filter(person=person).count() == 1


@pytest.mark.redis
@pytest.mark.celery_worker
def test_many_users_write_through_views_while_a_worker_writes_without_an_error(
    tmp_path, township, villages, users, make_user
):
    writers = 12
    saves_each = 6
    reminders = 300
    _flush_redis()
    # given a village (with its file) for each writer and a task in each
    extra = [
        VillageFactory(township=township, code=f"1{i:02d}", name=f"第{i}村")
        for i in range(writers - len(villages))
    ]
    for village in extra:
        VillageFileFactory(village=village)
    all_villages = [*villages, *extra]
    round_ = stagedata.election_round(township)
    tasks = [
        stagedata.task(
            round_,
            village,
            due=datetime.date(2021, 11, 20),
            owner=users[Role.OFFICE],
            title=f"任务{i}",
        )
        for i, village in enumerate(all_villages)
    ]
    # and a backlog of reminders waiting for delivery
    recipient = make_user(
        "guide", township=township, username="drill", email="drill@example.invalid"
    )
    from notifications.tests.factories import NotificationFactory

    NotificationFactory.create_batch(reminders, recipient=recipient)
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    with shared_database(tmp_path) as database_url:
        key = session_cookie(users[Role.OFFICE])
        server = WebServer(database_url=database_url, var_dir=var_dir)
        worker = Worker(database_url=database_url, var_dir=var_dir)
        failures: list[str] = []
        try:
            with producer_broker(BROKER):
                barrier(worker)

                def write(i):
                    user = HttpUser(server, key)
                    village, task = all_villages[i], tasks[i]
                    done = 0
                    for n in range(saves_each):
                        if n % 2 == 0:
                            path = reverse(
                                "villages:village_file_edit", args=[village.pk]
                            )
                            data = {
                                "rating": "good",
                                "assessed_on": "2021-09-01",
                                "risks": f"第{n}次",
                            }
                        else:
                            path = reverse("stages:task_detail", args=[task.pk])
                            data = {"status": "in_progress", "note": f"进展{n}"}
                        status, content, _l = user.request(
                            "POST", path, {**user.load_form(path), **data}
                        )
                        if status != 302:
                            failures.append(f"{path}: {status} {content[:300]!r}")
                        else:
                            done += 1
                    return done

                # when the worker delivers the backlog in batches …
                from notifications.tasks import outbox_flush

                flushed = outbox_flush(grace_seconds=0)
                # … and the users save at the same time
                saved = _all_at_once([lambda i=i: write(i) for i in range(writers)])
                wait_for(
                    lambda: (
                        not Notification.objects.exclude(
                            status=OutboxStatus.DELIVERED
                        ).exists()
                    ),
                    what="the backlog to be delivered",
                    worker=worker,
                    timeout=TIMEOUT,
                )
        finally:
            worker.stop()
            server.stop()
            _flush_redis()
        # then every save went through and every reminder was delivered once
        assert failures == [], server.output()[-3000:]
        assert saved == [saves_each] * writers
        assert flushed["queued"] == reminders
        assert Notification.objects.filter(attempts=1).count() == reminders
        assert "database is locked" not in worker.output()
        assert "database is locked" not in server.output()
        assert VillageFile.objects.filter(risks=f"第{saves_each - 2}次").count() == (
            writers
        )

"""An installation upgraded from before the split keeps every election row and its history.

The database is migrated back to the last migration before the elections app
existed (``candidates.0006``), where meetings and elections were candidates
models on ``candidates_*`` tables. Rows are written there through the
migration state's models — as the old code wrote them, with their simple-history
rows, content types and a group permission — then the database is migrated
forward, and every row is found through the elections app's models.
"""

import datetime

import pytest
from django.apps import apps as live_apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from candidates.tests.factories import ElectionRoundFactory, NominationFactory
from core.models import User
from villages.tests.factories import PersonFactory, VillageFactory

PRE_SPLIT = [
    ("candidates", "0006_nomination_history_without_change_time"),
    ("elections", None),
]
MOVED = (
    "RecommendationMeeting",
    "MeetingVote",
    "Election",
    "ElectionCandidate",
    "ElectionStaff",
)


def _migrate(targets):
    """Migrate the test database to ``targets``; return the state's apps there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def _leaves():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _tables():
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def _seed_old_layout(old, *, village, person, other, nomination, user):
    """Write one row of every moved model, and a history row of each, the old way."""
    now = timezone.now()
    Meeting = old.get_model("candidates", "RecommendationMeeting")
    Vote = old.get_model("candidates", "MeetingVote")
    Election = old.get_model("candidates", "Election")
    Candidate = old.get_model("candidates", "ElectionCandidate")
    Staff = old.get_model("candidates", "ElectionStaff")
    round_id = nomination.round_id
    meeting = Meeting.objects.create(
        round_id=round_id,
        village_id=village.pk,
        kind="party_members",
        body="party_committee",
        held_on=datetime.date(2021, 10, 8),
        seats=5,
        shortlist=6,
        entitled=60,
        present=52,
        valid=True,
        findings=[{"rule": "P5", "ok": True}],
        status="counted",
        recorded_by_id=user.pk,
    )
    vote = Vote.objects.create(
        meeting=meeting,
        person_id=person.pk,
        post="member",
        votes=40,
        result="elected",
        rule="P5",
        nomination_id=nomination.pk,
    )
    election = Election.objects.create(
        round_id=round_id,
        village_id=village.pk,
        body="villagers_committee",
        kind="regular",
        held_on=datetime.date(2021, 11, 20),
        seats_member=1,
        entitled=1000,
        present=800,
        ballots_issued=800,
        ballots_returned=790,
        status="counted",
        valid=True,
        findings=[{"rule": "V5", "ok": True}],
        recorded_by_id=user.pk,
        counted_by_id=user.pk,
        counted_at=now,
    )
    runoff = Election.objects.create(
        round_id=round_id,
        village_id=village.pk,
        body="villagers_committee",
        kind="runoff",
        parent=election,
        held_on=datetime.date(2021, 11, 27),
        seats_member=1,
        recorded_by_id=user.pk,
    )
    candidate = Candidate.objects.create(
        election=election,
        person_id=person.pk,
        nomination_id=nomination.pk,
        post="member",
        votes=501,
        result="elected",
        rule="V6",
        void=True,
        void_reason="贿选",
        voided_by_id=user.pk,
        voided_at=now,
    )
    staff = Staff.objects.create(election=election, person_id=other.pk, role="teller")
    rows = {
        "RecommendationMeeting": meeting,
        "MeetingVote": vote,
        "Election": election,
        "ElectionCandidate": candidate,
        "ElectionStaff": staff,
    }
    for name, obj in rows.items():
        History = old.get_model("candidates", f"Historical{name}")
        kept = {f.attname for f in History._meta.concrete_fields}
        values = {  # the derived fields (findings, shortfall) are not in the history
            f.attname: getattr(obj, f.attname)
            for f in obj._meta.concrete_fields
            if f.attname in kept
        }
        History.objects.create(
            **values,
            history_date=now,
            history_type="+",
            history_user_id=user.pk,
            history_change_reason=f"旧版本录入 {name}",
        )
    return rows, runoff


@pytest.mark.django_db(transaction=True)
def test_upgrade_from_before_the_split_keeps_every_row_and_its_history():
    leaves = _leaves()
    # rows of apps the split does not touch, written with today's code
    village = VillageFactory(name="立仓村")
    round_ = ElectionRoundFactory(township=village.township)
    person = PersonFactory(village=village, name="张建国")
    other = PersonFactory(village=village, name="李秀英")
    nomination = NominationFactory(village=village, round=round_, person=person)
    user = User.objects.create_user(username="clerk", password="pw-test-123")
    try:
        # given a database on the layout from before the split
        old = _migrate(PRE_SPLIT)
        tables = _tables()
        assert "candidates_election" in tables
        assert "elections_election" not in tables
        assert old.get_model("candidates", "Election")
        ct_old = ContentType.objects.get_or_create(
            app_label="candidates", model="election"
        )[0]
        perm = ct_old.permission_set.get_or_create(
            codename="view_election", defaults={"name": "Can view election"}
        )[0]
        group = Group.objects.create(name="old-office")
        group.permissions.add(perm)
        rows, runoff = _seed_old_layout(
            old,
            village=village,
            person=person,
            other=other,
            nomination=nomination,
            user=user,
        )

    finally:
        # when the database is migrated forward (also if a step above failed,
        # so that the next tests find today's schema)
        _migrate(leaves)

    # then the tables carry the elections app's names …
    tables = _tables()
    for name in MOVED:
        assert f"elections_{name.lower()}" in tables
        assert f"elections_historical{name.lower()}" in tables
        assert f"candidates_{name.lower()}" not in tables
        assert f"candidates_historical{name.lower()}" not in tables
    # … every row is found through the elections models, with its values …
    for name, old_row in rows.items():
        model = live_apps.get_model("elections", name)
        new_row = model._default_manager.get(pk=old_row.pk)
        # fields added after the split (e.g. women_missing) are not on the old row
        old_fields = {field.attname for field in old_row._meta.concrete_fields}
        for field in model._meta.concrete_fields:
            if field.attname not in old_fields:
                continue
            assert getattr(new_row, field.attname) == getattr(old_row, field.attname), (
                name,
                field.name,
            )
        # … and its history
        record = new_row.history.get()
        assert record.history_change_reason == f"旧版本录入 {name}"
        assert record.history_user_id == user.pk
    Election = live_apps.get_model("elections", "Election")
    assert Election.objects.get(pk=runoff.pk).parent_id == rows["Election"].pk
    candidate = live_apps.get_model("elections", "ElectionCandidate").objects.get()
    assert candidate.void
    assert candidate.void_reason == "贿选"
    assert candidate.nomination_id == nomination.pk
    # the content type moved, so the group keeps its permission
    ct_old.refresh_from_db()
    assert ct_old.app_label == "elections"
    assert not ContentType.objects.filter(
        app_label="candidates", model="election"
    ).exists()
    group_perms = {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
    }
    assert group_perms == {"elections.view_election"}
    # and the pages find the moved election
    assert rows["Election"].pk in set(Election.objects.values_list("pk", flat=True))

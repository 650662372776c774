"""Meetings and elections, moved here from the candidates app with their tables.

State only: the models enter this app's state on the tables the candidates app
created (``candidates_*``, named by ``db_table`` here, with their constraints'
old names), so an upgraded installation keeps every row and its history.
``0002`` then renames the tables and constraints to this app's names, and the
content types (with their permissions and admin log entries) follow in
``move_content_types`` below.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MOVED = (
    "election",
    "electioncandidate",
    "electionstaff",
    "meetingvote",
    "recommendationmeeting",
    "historicalelection",
    "historicalelectioncandidate",
    "historicalelectionstaff",
    "historicalmeetingvote",
    "historicalrecommendationmeeting",
)


def move_content_types(apps, schema_editor):
    """Give the moved models' content types to this app (permissions follow them).

    A database that already has an ``elections`` row for a model (created by a
    ``post_migrate`` run before this migration) keeps the old row, whose id the
    permissions, admin log and groups point to; the empty new row is removed.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MOVED:
        old = ContentType.objects.using(db).filter(app_label="candidates", model=model)
        if not old.exists():
            continue
        ContentType.objects.using(db).filter(
            app_label="elections", model=model
        ).delete()
        old.update(app_label="elections")


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="elections", model__in=MOVED).update(
        app_label="candidates"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("candidates", "0007_elections_move_to_elections_app"),
        ("stages", "0001_initial"),
        ("villages", "0002_historicalimportjob_importjob"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Election",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "body",
                            models.CharField(
                                choices=[
                                    (
                                        "party_committee",
                                        "village Party organisation committee",
                                    ),
                                    ("villagers_committee", "villagers' committee"),
                                    (
                                        "supervision_committee",
                                        "village affairs supervision committee",
                                    ),
                                ],
                                max_length=24,
                                verbose_name="committee",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("regular", "regular election"),
                                    ("runoff", "separate election for unfilled seats"),
                                    ("revote", "re-vote among tied candidates"),
                                    (
                                        "posts",
                                        "committee elects its secretary and deputy",
                                    ),
                                ],
                                default="regular",
                                max_length=10,
                                verbose_name="kind",
                            ),
                        ),
                        ("held_on", models.DateField(verbose_name="held on")),
                        (
                            "seats_head",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="seats: secretary / director"
                            ),
                        ),
                        (
                            "seats_deputy",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="seats: deputy"
                            ),
                        ),
                        (
                            "seats_member",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="seats: members"
                            ),
                        ),
                        (
                            "entitled",
                            models.PositiveIntegerField(
                                blank=True,
                                help_text="Party committee: 应到会有选举权人数 from the roster; villagers' and supervision committees: registered voters.",
                                null=True,
                                verbose_name="entitled to vote",
                            ),
                        ),
                        (
                            "present",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                verbose_name="voting members present",
                            ),
                        ),
                        (
                            "ballots_issued",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="ballots issued"
                            ),
                        ),
                        (
                            "ballots_returned",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                verbose_name="ballots returned / cast",
                            ),
                        ),
                        (
                            "full_members",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="full Party members"
                            ),
                        ),
                        (
                            "excluded_members",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                verbose_name="approved exclusions from 应到会",
                            ),
                        ),
                        (
                            "members_without_vote",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                verbose_name="members without a vote (留党察看, 留置/逮捕)",
                            ),
                        ),
                        (
                            "probationary_members",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                verbose_name="probationary members",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("planned", "set up, not counted"),
                                    ("counted", "counted"),
                                    ("applied", "result applied"),
                                ],
                                default="planned",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "valid",
                            models.BooleanField(
                                blank=True, null=True, verbose_name="valid"
                            ),
                        ),
                        (
                            "findings",
                            models.JSONField(
                                blank=True, default=list, verbose_name="rules applied"
                            ),
                        ),
                        (
                            "shortfall",
                            models.JSONField(
                                blank=True, default=dict, verbose_name="seats unfilled"
                            ),
                        ),
                        (
                            "shortfall_decision",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("", "not decided"),
                                    ("runoff", "hold a separate election"),
                                    ("reduce", "reduce the seats"),
                                ],
                                default="",
                                max_length=10,
                                verbose_name="decision on unfilled seats",
                            ),
                        ),
                        (
                            "decision_consent",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                verbose_name="electors agreeing to reduce the seats",
                            ),
                        ),
                        (
                            "decision_note",
                            models.TextField(
                                blank=True, verbose_name="decision recorded"
                            ),
                        ),
                        ("notes", models.TextField(blank=True, verbose_name="notes")),
                        (
                            "counted_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="counted at"
                            ),
                        ),
                        (
                            "applied_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="applied at"
                            ),
                        ),
                        (
                            "applied_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="applied by",
                            ),
                        ),
                        (
                            "counted_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="counted by",
                            ),
                        ),
                        (
                            "parent",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="followups",
                                to="elections.election",
                                verbose_name="follows the election",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="set up by",
                            ),
                        ),
                        (
                            "round",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="elections",
                                to="stages.electionround",
                                verbose_name="election round",
                            ),
                        ),
                        (
                            "village",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="committee_elections",
                                to="villages.village",
                                verbose_name="village",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "candidates_election",
                        "verbose_name": "election",
                        "verbose_name_plural": "elections",
                        "ordering": ["-held_on", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ElectionCandidate",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "post",
                            models.CharField(
                                choices=[
                                    ("secretary", "secretary"),
                                    ("deputy_secretary", "deputy secretary"),
                                    ("director", "director"),
                                    ("deputy_director", "deputy director"),
                                    ("member", "committee member"),
                                ],
                                max_length=20,
                                verbose_name="post",
                            ),
                        ),
                        (
                            "votes",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="votes"
                            ),
                        ),
                        (
                            "result",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("", "not counted"),
                                    ("elected", "elected"),
                                    ("not_elected", "not elected"),
                                    ("tie", "tied: vote again"),
                                    ("higher_post", "elected to a higher post"),
                                ],
                                default="",
                                max_length=12,
                                verbose_name="result",
                            ),
                        ),
                        (
                            "rule",
                            models.CharField(
                                blank=True, max_length=8, verbose_name="rule"
                            ),
                        ),
                        (
                            "explanation",
                            models.TextField(blank=True, verbose_name="why"),
                        ),
                        (
                            "void",
                            models.BooleanField(
                                default=False, verbose_name="election void"
                            ),
                        ),
                        (
                            "void_reason",
                            models.TextField(
                                blank=True, verbose_name="why the election is void"
                            ),
                        ),
                        (
                            "voided_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="voided at"
                            ),
                        ),
                        (
                            "election",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="candidates",
                                to="elections.election",
                                verbose_name="election",
                            ),
                        ),
                        (
                            "nomination",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="election_candidacies",
                                to="candidates.nomination",
                                verbose_name="nomination",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="election_candidacies",
                                to="villages.person",
                                verbose_name="person",
                            ),
                        ),
                        (
                            "voided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="voided by",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "candidates_electioncandidate",
                        "verbose_name": "election candidate",
                        "verbose_name_plural": "election candidates",
                        "ordering": ["election", "post", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ElectionStaff",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    (
                                        "committee",
                                        "villagers' election committee member",
                                    ),
                                    ("scrutineer", "scrutineer"),
                                    ("teller", "teller"),
                                ],
                                max_length=12,
                                verbose_name="role",
                            ),
                        ),
                        (
                            "election",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="staff",
                                to="elections.election",
                                verbose_name="election",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="election_duties",
                                to="villages.person",
                                verbose_name="person",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "candidates_electionstaff",
                        "verbose_name": "election staff member",
                        "verbose_name_plural": "election staff",
                        "ordering": ["election", "role", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalElection",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True,
                                blank=True,
                                db_index=True,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "body",
                            models.CharField(
                                choices=[
                                    (
                                        "party_committee",
                                        "village Party organisation committee",
                                    ),
                                    ("villagers_committee", "villagers' committee"),
                                    (
                                        "supervision_committee",
                                        "village affairs supervision committee",
                                    ),
                                ],
                                max_length=24,
                                verbose_name="committee",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("regular", "regular election"),
                                    ("runoff", "separate election for unfilled seats"),
                                    ("revote", "re-vote among tied candidates"),
                                    (
                                        "posts",
                                        "committee elects its secretary and deputy",
                                    ),
                                ],
                                default="regular",
                                max_length=10,
                                verbose_name="kind",
                            ),
                        ),
                        ("held_on", models.DateField(verbose_name="held on")),
                        (
                            "seats_head",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="seats: secretary / director"
                            ),
                        ),
                        (
                            "seats_deputy",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="seats: deputy"
                            ),
                        ),
                        (
                            "seats_member",
                            models.PositiveSmallIntegerField(
                                default=0, verbose_name="seats: members"
                            ),
                        ),
                        (
                            "entitled",
                            models.PositiveIntegerField(
                                blank=True,
                                help_text="Party committee: 应到会有选举权人数 from the roster; villagers' and supervision committees: registered voters.",
                                null=True,
                                verbose_name="entitled to vote",
                            ),
                        ),
                        (
                            "present",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                verbose_name="voting members present",
                            ),
                        ),
                        (
                            "ballots_issued",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="ballots issued"
                            ),
                        ),
                        (
                            "ballots_returned",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                verbose_name="ballots returned / cast",
                            ),
                        ),
                        (
                            "full_members",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="full Party members"
                            ),
                        ),
                        (
                            "excluded_members",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                verbose_name="approved exclusions from 应到会",
                            ),
                        ),
                        (
                            "members_without_vote",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                verbose_name="members without a vote (留党察看, 留置/逮捕)",
                            ),
                        ),
                        (
                            "probationary_members",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                verbose_name="probationary members",
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("planned", "set up, not counted"),
                                    ("counted", "counted"),
                                    ("applied", "result applied"),
                                ],
                                default="planned",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "valid",
                            models.BooleanField(
                                blank=True, null=True, verbose_name="valid"
                            ),
                        ),
                        (
                            "shortfall_decision",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("", "not decided"),
                                    ("runoff", "hold a separate election"),
                                    ("reduce", "reduce the seats"),
                                ],
                                default="",
                                max_length=10,
                                verbose_name="decision on unfilled seats",
                            ),
                        ),
                        (
                            "decision_consent",
                            models.PositiveIntegerField(
                                blank=True,
                                null=True,
                                verbose_name="electors agreeing to reduce the seats",
                            ),
                        ),
                        (
                            "decision_note",
                            models.TextField(
                                blank=True, verbose_name="decision recorded"
                            ),
                        ),
                        ("notes", models.TextField(blank=True, verbose_name="notes")),
                        (
                            "counted_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="counted at"
                            ),
                        ),
                        (
                            "applied_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="applied at"
                            ),
                        ),
                        (
                            "history_id",
                            models.AutoField(primary_key=True, serialize=False),
                        ),
                        ("history_date", models.DateTimeField(db_index=True)),
                        (
                            "history_change_reason",
                            models.CharField(max_length=100, null=True),
                        ),
                        (
                            "history_type",
                            models.CharField(
                                choices=[
                                    ("+", "Created"),
                                    ("~", "Changed"),
                                    ("-", "Deleted"),
                                ],
                                max_length=1,
                            ),
                        ),
                        (
                            "applied_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="applied by",
                            ),
                        ),
                        (
                            "counted_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="counted by",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "parent",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="elections.election",
                                verbose_name="follows the election",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="set up by",
                            ),
                        ),
                        (
                            "round",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="stages.electionround",
                                verbose_name="election round",
                            ),
                        ),
                        (
                            "village",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="villages.village",
                                verbose_name="village",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "candidates_historicalelection",
                        "verbose_name": "historical election",
                        "verbose_name_plural": "historical elections",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalElectionCandidate",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True,
                                blank=True,
                                db_index=True,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "post",
                            models.CharField(
                                choices=[
                                    ("secretary", "secretary"),
                                    ("deputy_secretary", "deputy secretary"),
                                    ("director", "director"),
                                    ("deputy_director", "deputy director"),
                                    ("member", "committee member"),
                                ],
                                max_length=20,
                                verbose_name="post",
                            ),
                        ),
                        (
                            "votes",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="votes"
                            ),
                        ),
                        (
                            "result",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("", "not counted"),
                                    ("elected", "elected"),
                                    ("not_elected", "not elected"),
                                    ("tie", "tied: vote again"),
                                    ("higher_post", "elected to a higher post"),
                                ],
                                default="",
                                max_length=12,
                                verbose_name="result",
                            ),
                        ),
                        (
                            "rule",
                            models.CharField(
                                blank=True, max_length=8, verbose_name="rule"
                            ),
                        ),
                        (
                            "explanation",
                            models.TextField(blank=True, verbose_name="why"),
                        ),
                        (
                            "void",
                            models.BooleanField(
                                default=False, verbose_name="election void"
                            ),
                        ),
                        (
                            "void_reason",
                            models.TextField(
                                blank=True, verbose_name="why the election is void"
                            ),
                        ),
                        (
                            "voided_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="voided at"
                            ),
                        ),
                        (
                            "history_id",
                            models.AutoField(primary_key=True, serialize=False),
                        ),
                        ("history_date", models.DateTimeField(db_index=True)),
                        (
                            "history_change_reason",
                            models.CharField(max_length=100, null=True),
                        ),
                        (
                            "history_type",
                            models.CharField(
                                choices=[
                                    ("+", "Created"),
                                    ("~", "Changed"),
                                    ("-", "Deleted"),
                                ],
                                max_length=1,
                            ),
                        ),
                        (
                            "election",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="elections.election",
                                verbose_name="election",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "nomination",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="candidates.nomination",
                                verbose_name="nomination",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="villages.person",
                                verbose_name="person",
                            ),
                        ),
                        (
                            "voided_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="voided by",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "candidates_historicalelectioncandidate",
                        "verbose_name": "historical election candidate",
                        "verbose_name_plural": "historical election candidates",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalElectionStaff",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True,
                                blank=True,
                                db_index=True,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    (
                                        "committee",
                                        "villagers' election committee member",
                                    ),
                                    ("scrutineer", "scrutineer"),
                                    ("teller", "teller"),
                                ],
                                max_length=12,
                                verbose_name="role",
                            ),
                        ),
                        (
                            "history_id",
                            models.AutoField(primary_key=True, serialize=False),
                        ),
                        ("history_date", models.DateTimeField(db_index=True)),
                        (
                            "history_change_reason",
                            models.CharField(max_length=100, null=True),
                        ),
                        (
                            "history_type",
                            models.CharField(
                                choices=[
                                    ("+", "Created"),
                                    ("~", "Changed"),
                                    ("-", "Deleted"),
                                ],
                                max_length=1,
                            ),
                        ),
                        (
                            "election",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="elections.election",
                                verbose_name="election",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="villages.person",
                                verbose_name="person",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "candidates_historicalelectionstaff",
                        "verbose_name": "historical election staff member",
                        "verbose_name_plural": "historical election staff",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalRecommendationMeeting",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True,
                                blank=True,
                                db_index=True,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    (
                                        "party_members",
                                        "Party members' recommendation meeting",
                                    ),
                                    (
                                        "representatives",
                                        "villager representatives' recommendation meeting",
                                    ),
                                ],
                                max_length=16,
                                verbose_name="meeting",
                            ),
                        ),
                        (
                            "body",
                            models.CharField(
                                choices=[
                                    (
                                        "party_committee",
                                        "village Party organisation committee",
                                    ),
                                    ("villagers_committee", "villagers' committee"),
                                    (
                                        "supervision_committee",
                                        "village affairs supervision committee",
                                    ),
                                ],
                                default="party_committee",
                                max_length=24,
                                verbose_name="recommending for",
                            ),
                        ),
                        ("held_on", models.DateField(verbose_name="held on")),
                        (
                            "seats",
                            models.PositiveSmallIntegerField(
                                help_text="Members of the committee to be elected (职数).",
                                verbose_name="seats",
                            ),
                        ),
                        (
                            "shortlist",
                            models.PositiveSmallIntegerField(
                                help_text="How many preliminary nominees the meeting recommends (差额).",
                                verbose_name="people to recommend",
                            ),
                        ),
                        (
                            "entitled",
                            models.PositiveIntegerField(
                                help_text="Party members of the village, or villager representatives.",
                                verbose_name="entitled to attend",
                            ),
                        ),
                        (
                            "present",
                            models.PositiveIntegerField(verbose_name="present"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("planned", "set up, not counted"),
                                    ("counted", "counted"),
                                    ("applied", "result applied"),
                                ],
                                default="counted",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "valid",
                            models.BooleanField(default=False, verbose_name="valid"),
                        ),
                        ("notes", models.TextField(blank=True, verbose_name="notes")),
                        (
                            "confirmed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="confirmed at"
                            ),
                        ),
                        (
                            "history_id",
                            models.AutoField(primary_key=True, serialize=False),
                        ),
                        ("history_date", models.DateTimeField(db_index=True)),
                        (
                            "history_change_reason",
                            models.CharField(max_length=100, null=True),
                        ),
                        (
                            "history_type",
                            models.CharField(
                                choices=[
                                    ("+", "Created"),
                                    ("~", "Changed"),
                                    ("-", "Deleted"),
                                ],
                                max_length=1,
                            ),
                        ),
                        (
                            "confirmed_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="confirmed by",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="recorded by",
                            ),
                        ),
                        (
                            "round",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="stages.electionround",
                                verbose_name="election round",
                            ),
                        ),
                        (
                            "village",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="villages.village",
                                verbose_name="village",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "candidates_historicalrecommendationmeeting",
                        "verbose_name": "historical recommendation meeting",
                        "verbose_name_plural": "historical recommendation meetings",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="RecommendationMeeting",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    (
                                        "party_members",
                                        "Party members' recommendation meeting",
                                    ),
                                    (
                                        "representatives",
                                        "villager representatives' recommendation meeting",
                                    ),
                                ],
                                max_length=16,
                                verbose_name="meeting",
                            ),
                        ),
                        (
                            "body",
                            models.CharField(
                                choices=[
                                    (
                                        "party_committee",
                                        "village Party organisation committee",
                                    ),
                                    ("villagers_committee", "villagers' committee"),
                                    (
                                        "supervision_committee",
                                        "village affairs supervision committee",
                                    ),
                                ],
                                default="party_committee",
                                max_length=24,
                                verbose_name="recommending for",
                            ),
                        ),
                        ("held_on", models.DateField(verbose_name="held on")),
                        (
                            "seats",
                            models.PositiveSmallIntegerField(
                                help_text="Members of the committee to be elected (职数).",
                                verbose_name="seats",
                            ),
                        ),
                        (
                            "shortlist",
                            models.PositiveSmallIntegerField(
                                help_text="How many preliminary nominees the meeting recommends (差额).",
                                verbose_name="people to recommend",
                            ),
                        ),
                        (
                            "entitled",
                            models.PositiveIntegerField(
                                help_text="Party members of the village, or villager representatives.",
                                verbose_name="entitled to attend",
                            ),
                        ),
                        (
                            "present",
                            models.PositiveIntegerField(verbose_name="present"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("planned", "set up, not counted"),
                                    ("counted", "counted"),
                                    ("applied", "result applied"),
                                ],
                                default="counted",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "valid",
                            models.BooleanField(default=False, verbose_name="valid"),
                        ),
                        (
                            "findings",
                            models.JSONField(
                                blank=True, default=list, verbose_name="rules applied"
                            ),
                        ),
                        ("notes", models.TextField(blank=True, verbose_name="notes")),
                        (
                            "confirmed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="confirmed at"
                            ),
                        ),
                        (
                            "confirmed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="confirmed by",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="recorded by",
                            ),
                        ),
                        (
                            "round",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="recommendation_meetings",
                                to="stages.electionround",
                                verbose_name="election round",
                            ),
                        ),
                        (
                            "village",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="recommendation_meetings",
                                to="villages.village",
                                verbose_name="village",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "candidates_recommendationmeeting",
                        "verbose_name": "recommendation meeting",
                        "verbose_name_plural": "recommendation meetings",
                        "ordering": ["-held_on", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="MeetingVote",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "post",
                            models.CharField(
                                choices=[
                                    ("secretary", "secretary"),
                                    ("deputy_secretary", "deputy secretary"),
                                    ("director", "director"),
                                    ("deputy_director", "deputy director"),
                                    ("member", "committee member"),
                                ],
                                default="member",
                                max_length=20,
                                verbose_name="recommended for",
                            ),
                        ),
                        ("votes", models.PositiveIntegerField(verbose_name="votes")),
                        (
                            "result",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("", "not counted"),
                                    ("elected", "elected"),
                                    ("not_elected", "not elected"),
                                    ("tie", "tied: vote again"),
                                    ("higher_post", "elected to a higher post"),
                                ],
                                default="",
                                max_length=12,
                                verbose_name="result",
                            ),
                        ),
                        (
                            "rule",
                            models.CharField(
                                blank=True, max_length=8, verbose_name="rule"
                            ),
                        ),
                        (
                            "explanation",
                            models.TextField(blank=True, verbose_name="why"),
                        ),
                        (
                            "nomination",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="meeting_votes",
                                to="candidates.nomination",
                                verbose_name="nomination",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="meeting_votes",
                                to="villages.person",
                                verbose_name="person",
                            ),
                        ),
                        (
                            "meeting",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="votes",
                                to="elections.recommendationmeeting",
                                verbose_name="meeting",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "candidates_meetingvote",
                        "verbose_name": "meeting vote",
                        "verbose_name_plural": "meeting votes",
                        "ordering": ["meeting", "-votes", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalMeetingVote",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True,
                                blank=True,
                                db_index=True,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "post",
                            models.CharField(
                                choices=[
                                    ("secretary", "secretary"),
                                    ("deputy_secretary", "deputy secretary"),
                                    ("director", "director"),
                                    ("deputy_director", "deputy director"),
                                    ("member", "committee member"),
                                ],
                                default="member",
                                max_length=20,
                                verbose_name="recommended for",
                            ),
                        ),
                        ("votes", models.PositiveIntegerField(verbose_name="votes")),
                        (
                            "result",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("", "not counted"),
                                    ("elected", "elected"),
                                    ("not_elected", "not elected"),
                                    ("tie", "tied: vote again"),
                                    ("higher_post", "elected to a higher post"),
                                ],
                                default="",
                                max_length=12,
                                verbose_name="result",
                            ),
                        ),
                        (
                            "rule",
                            models.CharField(
                                blank=True, max_length=8, verbose_name="rule"
                            ),
                        ),
                        (
                            "explanation",
                            models.TextField(blank=True, verbose_name="why"),
                        ),
                        (
                            "history_id",
                            models.AutoField(primary_key=True, serialize=False),
                        ),
                        ("history_date", models.DateTimeField(db_index=True)),
                        (
                            "history_change_reason",
                            models.CharField(max_length=100, null=True),
                        ),
                        (
                            "history_type",
                            models.CharField(
                                choices=[
                                    ("+", "Created"),
                                    ("~", "Changed"),
                                    ("-", "Deleted"),
                                ],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "nomination",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="candidates.nomination",
                                verbose_name="nomination",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="villages.person",
                                verbose_name="person",
                            ),
                        ),
                        (
                            "meeting",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="elections.recommendationmeeting",
                                verbose_name="meeting",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "candidates_historicalmeetingvote",
                        "verbose_name": "historical meeting vote",
                        "verbose_name_plural": "historical meeting votes",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddIndex(
                    model_name="election",
                    index=models.Index(
                        fields=["village", "body", "status"],
                        name="candidates_elec_vil_body",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="election",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("present__isnull", True),
                            ("entitled__isnull", True),
                            ("present__lte", models.F("entitled")),
                            _connector="OR",
                        ),
                        name="candidates_election_present_within_entitled",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="election",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("kind", "regular"),
                            ("parent__isnull", False),
                            _connector="OR",
                        ),
                        name="candidates_election_followup_has_parent",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="election",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("seats_head__gt", 0),
                            ("seats_deputy__gt", 0),
                            ("seats_member__gt", 0),
                            _connector="OR",
                        ),
                        name="candidates_election_has_seats",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="electioncandidate",
                    constraint=models.UniqueConstraint(
                        fields=("election", "person", "post"),
                        name="candidates_electioncandidate_unique_person_post",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="electioncandidate",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("void", False),
                            models.Q(("void_reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="candidates_electioncandidate_void_has_reason",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="electionstaff",
                    constraint=models.UniqueConstraint(
                        fields=("election", "person", "role"),
                        name="candidates_electionstaff_unique_person_role",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="recommendationmeeting",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("present__lte", models.F("entitled"))),
                        name="candidates_recommendationmeeting_present_within_entitled",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="recommendationmeeting",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("seats__gt", 0), ("shortlist__gt", 0)),
                        name="candidates_recommendationmeeting_seats_positive",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="meetingvote",
                    constraint=models.UniqueConstraint(
                        fields=("meeting", "person"),
                        name="candidates_meetingvote_unique_person",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]

"""The moved tables, their constraints and index take this app's names (real renames, rows kept)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0007_elections_move_to_elections_app"),
        ("elections", "0001_initial"),
        ("stages", "0003_rule_set_default_and_holiday_notices"),
        ("villages", "0002_historicalimportjob_importjob"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="election",
            name="candidates_election_present_within_entitled",
        ),
        migrations.RemoveConstraint(
            model_name="election",
            name="candidates_election_followup_has_parent",
        ),
        migrations.RemoveConstraint(
            model_name="election",
            name="candidates_election_has_seats",
        ),
        migrations.RemoveConstraint(
            model_name="electioncandidate",
            name="candidates_electioncandidate_unique_person_post",
        ),
        migrations.RemoveConstraint(
            model_name="electioncandidate",
            name="candidates_electioncandidate_void_has_reason",
        ),
        migrations.RemoveConstraint(
            model_name="electionstaff",
            name="candidates_electionstaff_unique_person_role",
        ),
        migrations.RemoveConstraint(
            model_name="meetingvote",
            name="candidates_meetingvote_unique_person",
        ),
        migrations.RemoveConstraint(
            model_name="recommendationmeeting",
            name="candidates_recommendationmeeting_present_within_entitled",
        ),
        migrations.RemoveConstraint(
            model_name="recommendationmeeting",
            name="candidates_recommendationmeeting_seats_positive",
        ),
        migrations.RenameIndex(
            model_name="election",
            new_name="elections_elec_vil_body",
            old_name="candidates_elec_vil_body",
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
                name="elections_election_present_within_entitled",
            ),
        ),
        migrations.AddConstraint(
            model_name="election",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("kind", "regular"), ("parent__isnull", False), _connector="OR"
                ),
                name="elections_election_followup_has_parent",
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
                name="elections_election_has_seats",
            ),
        ),
        migrations.AddConstraint(
            model_name="electioncandidate",
            constraint=models.UniqueConstraint(
                fields=("election", "person", "post"),
                name="elections_electioncandidate_unique_person_post",
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
                name="elections_electioncandidate_void_has_reason",
            ),
        ),
        migrations.AddConstraint(
            model_name="electionstaff",
            constraint=models.UniqueConstraint(
                fields=("election", "person", "role"),
                name="elections_electionstaff_unique_person_role",
            ),
        ),
        migrations.AddConstraint(
            model_name="meetingvote",
            constraint=models.UniqueConstraint(
                fields=("meeting", "person"), name="elections_meetingvote_unique_person"
            ),
        ),
        migrations.AddConstraint(
            model_name="recommendationmeeting",
            constraint=models.CheckConstraint(
                condition=models.Q(("present__lte", models.F("entitled"))),
                name="elections_recommendationmeeting_present_within_entitled",
            ),
        ),
        migrations.AddConstraint(
            model_name="recommendationmeeting",
            constraint=models.CheckConstraint(
                condition=models.Q(("seats__gt", 0), ("shortlist__gt", 0)),
                name="elections_recommendationmeeting_seats_positive",
            ),
        ),
        migrations.AlterModelTable(
            name="election",
            table=None,
        ),
        migrations.AlterModelTable(
            name="electioncandidate",
            table=None,
        ),
        migrations.AlterModelTable(
            name="electionstaff",
            table=None,
        ),
        migrations.AlterModelTable(
            name="historicalelection",
            table=None,
        ),
        migrations.AlterModelTable(
            name="historicalelectioncandidate",
            table=None,
        ),
        migrations.AlterModelTable(
            name="historicalelectionstaff",
            table=None,
        ),
        migrations.AlterModelTable(
            name="historicalmeetingvote",
            table=None,
        ),
        migrations.AlterModelTable(
            name="historicalrecommendationmeeting",
            table=None,
        ),
        migrations.AlterModelTable(
            name="meetingvote",
            table=None,
        ),
        migrations.AlterModelTable(
            name="recommendationmeeting",
            table=None,
        ),
    ]

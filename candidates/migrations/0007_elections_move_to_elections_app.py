"""Meetings and elections move to the elections app, keeping their tables and rows.

State only: the ten models (five and their simple-history tables) leave the
candidates app's migration state here and enter the elections app's state in
``elections.0001_initial`` on the same tables; ``elections.0002`` then renames
the tables. No row is copied or lost.
"""

from django.db import migrations

MOVED = (
    "HistoricalMeetingVote",
    "MeetingVote",
    "HistoricalElectionCandidate",
    "ElectionCandidate",
    "HistoricalElectionStaff",
    "ElectionStaff",
    "HistoricalElection",
    "Election",
    "HistoricalRecommendationMeeting",
    "RecommendationMeeting",
)


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0006_nomination_history_without_change_time"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name=name) for name in MOVED],
            database_operations=[],
        ),
    ]

"""At most one planned regular election per round, village and committee (issue 16).

Duplicates made by a double submit before this constraint are set-ups nobody has
counted yet (status planned): the oldest is kept, the later copies (with their
ballot and staff rows) are removed; the change history keeps them.
"""

from django.db import migrations, models
from django.db.models import Count, Min


def drop_duplicate_setups(apps, schema_editor):
    Election = apps.get_model("elections", "Election")
    planned = Election.objects.filter(kind="regular", status="planned")
    groups = (
        planned.values("round_id", "village_id", "body")
        .annotate(n=Count("pk"), first=Min("pk"))
        .filter(n__gt=1)
    )
    for group in groups:
        duplicates = planned.filter(
            round_id=group["round_id"],
            village_id=group["village_id"],
            body=group["body"],
        ).exclude(pk=group["first"])
        # A planned election has no follow-ups (they need a counted parent).
        duplicates.filter(followups__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("elections", "0002_tables_and_constraints_renamed"),
    ]

    operations = [
        migrations.RunPython(drop_duplicate_setups, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="election",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "regular"), ("status", "planned")),
                fields=("round", "village", "body"),
                name="elections_election_one_planned_regular",
            ),
        ),
    ]

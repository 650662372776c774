"""Flag the villagers' committees counted before the women's seat was recordable.

A counted, valid regular VC election whose chain of votes elected no woman
(not voided) gets ``women_missing`` as a new count would set it
(``elections.services.women.refresh_women_flag``).
"""

from django.db import migrations


def flag(apps, schema_editor):
    Election = apps.get_model("elections", "Election")
    ElectionCandidate = apps.get_model("elections", "ElectionCandidate")
    roots = Election.objects.filter(
        body="villagers_committee",
        kind="regular",
        valid=True,
        status__in=["counted", "applied"],
    )
    for root in roots:
        women = ElectionCandidate.objects.filter(
            election__round_id=root.round_id,
            election__village_id=root.village_id,
            election__body=root.body,
            election__valid=True,
            election__status__in=["counted", "applied"],
            result="elected",
            void=False,
            person__gender="female",
        ).exists()
        if not women:
            Election.objects.filter(pk=root.pk).update(women_missing=True)


class Migration(migrations.Migration):
    dependencies = [
        ("elections", "0007_proxy_votes_and_polling_stations"),
    ]

    operations = [migrations.RunPython(flag, migrations.RunPython.noop)]

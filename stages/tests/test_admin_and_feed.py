"""Admin pages of the stages models, the iCalendar writer, the scale generator."""

import datetime

import pytest
from django.urls import reverse

from core.tests.factories import UserFactory
from stages.ical import _fold, tasks_calendar
from stages.models import (
    CalendarOverride,
    ElectionRound,
    Rule,
    RuleSet,
    Stage,
    TaskEvidence,
    TaskTemplate,
    VillageElection,
    VillageTask,
)
from stages.scale import generate_county

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [
        CalendarOverride,
        RuleSet,
        Rule,
        Stage,
        TaskTemplate,
        ElectionRound,
        VillageElection,
        VillageTask,
        TaskEvidence,
    ],
)
def test_admin_changelist_and_change_page_open(
    model, election_round, client_for, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    if model is TaskEvidence:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from stages import services

        services.evidence_add(
            task=VillageTask.objects.first(),
            uploaded=SimpleUploadedFile("a.pdf", b"%PDF-1.4"),
            by=admin,
        )
    client = client_for(admin)
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert client.get(url).status_code == 200
    obj = model.objects.first()
    if obj is not None:
        change = reverse(
            f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]
        )
        assert client.get(change).status_code == 200


def test_admin_round_list_is_scoped_for_office_staff(
    election_round, other_township, users, client_for
):
    office = users["office"]
    office.is_staff = True
    office.save()
    from django.contrib.auth.models import Permission

    office.user_permissions.add(Permission.objects.get(codename="view_electionround"))
    other = ElectionRound.objects.create(
        township=other_township,
        name="外镇换届",
        start_date=datetime.date(2021, 8, 1),
        target_end_date=datetime.date(2021, 12, 1),
        rule_set=election_round.rule_set,
    )
    response = client_for(office).get(reverse("admin:stages_electionround_changelist"))
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert election_round in shown
    assert other not in shown


def test_ical_lines_fold_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "立仓社区：公布选民名单、颁发选民证" * 4
    folded = _fold(line)
    parts = folded.split("\r\n ")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert "".join(parts) == line


def test_ical_escapes_text(election_round, village):
    task = (
        VillageTask.objects.select_related("village", "stage", "round")
        .filter(village=village)
        .first()
    )
    task.title = "a,b;c"
    body = tasks_calendar([task], name="x", base_url="http://h", host="h")
    assert "a\\,b\\;c" in body
    assert body.endswith("END:VCALENDAR\r\n")


def test_generate_county_builds_full_task_sets(defaults):
    data = generate_county(townships=2, villages=3)
    assert data.villages == 6
    assert data.tasks == 6 * TaskTemplate.objects.filter(is_active=True).count()
    assert (
        VillageTask.objects.filter(round__in=data.rounds, owner__isnull=True).count()
        == 0
    )
    assert all(r.status == "active" for r in data.rounds)

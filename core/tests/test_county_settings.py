"""County-wide settings belong to the county administrator; beat to superusers (issue 15 item 3)."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from core.roles import COUNTY_ADMIN, Role
from core.services import ensure_role_groups

pytestmark = pytest.mark.django_db

SETTINGS_MODELS = [
    "candidates.criterion",
    "candidates.department",
    "stages.ruleset",
    "stages.rule",
    "stages.stage",
    "stages.tasktemplate",
    "stages.calendaroverride",
    "discipline.referencetext",
    "discipline.lettertemplate",
    "discipline.commitmentrequirement",
]
BEAT_MODELS = [
    "django_celery_beat.periodictask",
    "django_celery_beat.intervalschedule",
    "django_celery_beat.crontabschedule",
    "django_celery_beat.solarschedule",
    "django_celery_beat.clockedschedule",
]


@pytest.fixture
def defaults(db):
    call_command("load_defaults", stdout=io.StringIO())
    from stages.tests.factories import CalendarOverrideFactory

    CalendarOverrideFactory()


@pytest.fixture
def office(users, defaults):
    ensure_role_groups()
    user = users[Role.OFFICE]
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def county_admin(make_user, defaults):
    ensure_role_groups()
    user = make_user(Role.COUNTY, username="county-admin", is_staff=True)
    user.groups.add(Group.objects.get(name=COUNTY_ADMIN))
    return user


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _first(label):
    from django.apps import apps

    return apps.get_model(label).objects.order_by("pk").first()


@pytest.mark.parametrize("label", SETTINGS_MODELS)
def test_office_reads_but_cannot_change_county_settings(office, label):
    # given a county-wide settings row
    obj = _first(label)
    assert obj is not None, label
    app, model = label.split(".")
    client = _client(office)
    change = reverse(f"admin:{app}_{model}_change", args=[obj.pk])
    # when the office opens it, then it is shown read-only
    page = client.get(change)
    assert page.status_code == 200
    if model != "department":
        assert page.context["has_change_permission"] is False
        # and a crafted POST is refused, the row unchanged
        before = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
        assert client.post(change, {"name": "改掉"}).status_code == 403
        obj.refresh_from_db()
        assert {
            f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields
        } == before
    # and adding or deleting is refused
    assert client.get(reverse(f"admin:{app}_{model}_add")).status_code == 403
    delete = reverse(f"admin:{app}_{model}_delete", args=[obj.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("label", SETTINGS_MODELS)
def test_county_administrator_changes_county_settings(county_admin, label):
    obj = _first(label)
    app, model = label.split(".")
    page = _client(county_admin).get(
        reverse(f"admin:{app}_{model}_change", args=[obj.pk])
    )
    assert page.status_code == 200
    assert page.context["has_change_permission"] is True


def test_office_assigns_only_its_own_reviewers_to_a_department(
    office, users, make_user, other_township
):
    # given a department and a reviewer of another township
    from candidates.models import Department

    department = Department.objects.order_by("pk").first()
    outsider = make_user(Role.REVIEWER, township=other_township, username="外镇审查")
    client = _client(office)
    url = reverse("admin:candidates_department_change", args=[department.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    # then only the reviewers field is editable, limited to the office's township
    assert list(form.fields) == ["reviewers"]
    assert users[Role.REVIEWER] in form.fields["reviewers"].queryset
    assert outsider not in form.fields["reviewers"].queryset
    # when the office assigns its reviewer and tries to rename the department
    old_name = department.name
    response = client.post(
        url, {"reviewers": [users[Role.REVIEWER].pk], "name": "改名"}
    )
    # then the reviewer is assigned and the name is untouched
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.name == old_name
    assert users[Role.REVIEWER] in department.reviewers.all()
    # and another township's reviewer is refused
    response = client.post(url, {"reviewers": [outsider.pk]})
    assert response.status_code == 200
    assert "reviewers" in response.context["adminform"].form.errors
    assert outsider not in department.reviewers.all()


@pytest.mark.parametrize("label", BEAT_MODELS)
def test_beat_schedule_is_for_superusers_only(office, county_admin, label):
    from core.models import User

    app, model = label.split(".")
    changelist = reverse(f"admin:{app}_{model}_changelist")
    add = reverse(f"admin:{app}_{model}_add")
    for user in (office, county_admin):
        client = _client(user)
        assert client.get(changelist).status_code == 403
        assert client.get(add).status_code == 403
    root = User.objects.create_superuser("root-beat", "", "pw-test-123")
    assert _client(root).get(changelist).status_code == 200


def test_office_cannot_disable_the_reminder_scan(office):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.order_by("pk").first()
    assert task is not None
    assert task.enabled
    url = reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])
    response = _client(office).post(url, {"name": task.name, "enabled": ""})
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.enabled


def test_office_no_longer_holds_beat_permissions(office):
    assert not office.has_perm("django_celery_beat.change_periodictask")
    assert office.has_perm("villages.change_village")


def test_reference_text_items_are_edited_by_the_county_administrator(
    office, county_admin
):
    from discipline.models import ReferenceText

    text = ReferenceText.objects.order_by("pk").first()
    add = reverse("discipline:item_add", args=[text.pk])
    assert _client(office).get(add).status_code == 403
    assert _client(county_admin).get(add).status_code == 200

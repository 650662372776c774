"""The vetting admin: catalogue editable, workflow rows read-only, reviewers kept per township."""

import pytest
from django.urls import reverse

from candidates.models import Department
from core.roles import Role
from core.services import ensure_role_groups

pytestmark = pytest.mark.django_db

MODELS = (
    "department",
    "criterion",
    "roundcriterion",
    "nomination",
    "reviewitem",
    "reviewbatch",
    "reviewdecision",
    "publicnotice",
    "formallist",
)


@pytest.fixture
def staff_office(vetting):
    ensure_role_groups()
    office = vetting.office
    office.is_staff = True
    office.save()
    return office


@pytest.mark.parametrize("model", MODELS)
def test_changelists_open(vetting, staff_office, client_for, model):
    vetting.send(vetting.nominate())
    response = client_for(staff_office).get(
        reverse(f"admin:candidates_{model}_changelist")
    )
    assert response.status_code == 200


def test_nominations_are_read_only_in_the_admin(vetting, staff_office, client_for):
    nomination = vetting.nominate()
    client = client_for(staff_office)
    url = reverse("admin:candidates_nomination_change", args=[nomination.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"notes": "改了"})
    nomination.refresh_from_db()
    assert nomination.notes == ""
    assert client.get(reverse("admin:candidates_nomination_add")).status_code == 403


def test_office_editing_a_department_keeps_another_townships_reviewers(
    vetting, staff_office, client_for, other_township, make_user
):
    # given: 公安 has a reviewer from another township too
    stranger = make_user(Role.REVIEWER, township=other_township, username="stranger")
    gongan = vetting.departments["gongan"]
    gongan.reviewers.add(stranger)
    # when: our office saves 公安 with only our reviewer selected
    client_for(staff_office).post(
        reverse("admin:candidates_department_change", args=[gongan.pk]),
        {
            "code": "gongan",
            "name": "县公安局",
            "short_name": "公安",
            "order": 40,
            "active": "on",
            "reviewers": [vetting.reviewers["gongan"].pk],
            "notes": "",
        },
    )
    # then
    assert set(
        Department.objects.get(pk=gongan.pk).reviewers.values_list(
            "username", flat=True
        )
    ) == {
        "reviewer",
        "stranger",
    }

"""Stale edits of shared village records are refused, not silently overwritten (issue 16)."""

import pytest
from django.urls import reverse

from core.roles import Role
from core.tests.stale import loaded_version
from villages.choices import Rating
from villages.models import Village, VillageFile

pytestmark = pytest.mark.django_db


def _file_data(version, **values):
    data = {"rating": Rating.GOOD, "assessed_on": "2021-09-01", "_version": version}
    data.update(values)
    return data


def test_second_save_of_a_village_file_opened_at_the_same_time_is_refused(
    users, villages, client_for
):
    # given the office and the guide open the same village file
    url = reverse("villages:village_file_edit", args=[villages[0].pk])
    office, guide = client_for(users[Role.OFFICE]), client_for(users[Role.GUIDE])
    office_version = loaded_version(office.get(url))
    guide_version = loaded_version(guide.get(url))
    assert office_version == guide_version != ""
    # when the office saves first, then the guide
    first = office.post(url, _file_data(office_version, risks="宗族势力干扰"))
    second = guide.post(
        url,
        _file_data(guide_version, rating=Rating.COMPLEX, public_demands="修路"),
    )
    # then the first is saved and the second refused in Chinese
    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "未保存" in page
    assert "修改了此记录" in page
    assert users[Role.OFFICE].display_name in page
    assert "风险隐患" in page  # the field the office changed
    assert "当前保存的值：宗族势力干扰" in page
    # the guide's input is kept in the form
    assert "修路" in page
    assert 'value="complex" selected' in page or "complex" in page
    # nothing overwritten
    stored = VillageFile.objects.get(village=villages[0])
    assert stored.risks == "宗族势力干扰"
    assert stored.rating == Rating.GOOD
    assert stored.public_demands == ""
    assert stored.assessed_by == users[Role.OFFICE]


def test_a_refused_save_can_be_sent_again_on_purpose(users, villages, client_for):
    # given a refused save
    url = reverse("villages:village_file_edit", args=[villages[0].pk])
    office, guide = client_for(users[Role.OFFICE]), client_for(users[Role.GUIDE])
    version = loaded_version(office.get(url))
    office.post(url, _file_data(version, risks="甲"))
    refused = guide.post(url, _file_data(version, risks="乙"))
    assert refused.status_code == 200
    # when the guide saves the re-shown form again (it now carries the new version)
    again = guide.post(url, _file_data(loaded_version(refused), risks="乙"))
    # then the guide's value replaces the office's, knowingly
    assert again.status_code == 302
    assert VillageFile.objects.get(village=villages[0]).risks == "乙"


def test_changes_to_other_fields_or_the_same_value_are_not_conflicts(
    users, villages, client_for
):
    url = reverse("villages:village_file_edit", args=[villages[0].pk])
    office, guide = client_for(users[Role.OFFICE]), client_for(users[Role.GUIDE])
    version = loaded_version(office.get(url))
    # the office saves risks; the guide independently typed the same risks
    assert office.post(url, _file_data(version, risks="同样")).status_code == 302
    response = guide.post(url, _file_data(version, risks="同样"))
    assert response.status_code == 302
    assert VillageFile.objects.get(village=villages[0]).risks == "同样"


def test_first_save_of_a_village_file_twice_is_one_file(users, villages, client_for):
    # given a village without a file and two people opening the empty form
    village = villages[1]
    VillageFile.objects.filter(village=village).delete()
    url = reverse("villages:village_file_edit", args=[village.pk])
    office, guide = client_for(users[Role.OFFICE]), client_for(users[Role.GUIDE])
    v1, v2 = loaded_version(office.get(url)), loaded_version(guide.get(url))
    assert v1 == v2 == "0"
    # when both submit the same values (a double click) and then different ones
    assert office.post(url, _file_data(v1, risks="一")).status_code == 302
    assert guide.post(url, _file_data(v2, risks="一")).status_code == 302
    third = client_for(users[Role.OFFICE]).post(url, _file_data("0", risks="二"))
    # then there is one file, and the different first-save is refused, not a 500
    assert VillageFile.objects.filter(village=village).count() == 1
    assert third.status_code == 200
    assert "未保存" in third.content.decode()
    assert VillageFile.objects.get(village=village).risks == "一"


def test_stale_edit_of_village_data_is_refused(users, villages, client_for):
    village = villages[0]
    url = reverse("villages:village_edit", args=[village.pk])
    a, b = client_for(users[Role.OFFICE]), client_for(users[Role.OFFICE])
    version = loaded_version(a.get(url))
    assert loaded_version(b.get(url)) == version
    base = {
        "name": village.name,
        "kind": village.kind,
        "population": 1200,
        "households": 300,
        "party_member_count": 40,
        "natural_villages": 3,
        "report_hotline": "0558-1234567",
        "_version": version,
    }
    assert a.post(url, base).status_code == 302
    second = b.post(url, {**base, "population": 999, "report_hotline": "0558-7654321"})
    assert second.status_code == 200
    assert "未保存" in second.content.decode()
    village.refresh_from_db()
    assert (village.population, village.report_hotline) == (1200, "0558-1234567")
    assert Village.objects.filter(pk=village.pk).count() == 1

import pytest
from django.urls import reverse

from core.roles import Role

pytestmark = pytest.mark.django_db


def test_office_sees_village_list_in_chinese(users, villages, client_for):
    # given
    client = client_for(users[Role.OFFICE])
    # when
    response = client.get(reverse("villages:village_list"))
    # then
    assert response.status_code == 200
    content = response.content.decode()
    assert "立仓社区" in content
    assert 'lang="zh-hans"' in content

"""Role × page matrix: every foundation page answers each role as SPEC §1 says.

200 = allowed, 403 = visible but not allowed for the role, 404 = outside the
user's scope (a guessed URL never shows another village's or township's data),
302 = anonymous, sent to the login page.
"""

import pytest
from django.urls import reverse

from core.roles import Role
from villages.choices import GroupKind, PlanKind
from villages.models import PlanItem, WorkingGroup

pytestmark = pytest.mark.django_db

ROLES = [
    "office",
    "leader",
    "guide",
    "inspector",
    "reviewer",
    "discipline",
    "county",
    "anonymous",
]

# page key -> expected status per role (in ROLES order)
MATRIX = {
    "home": [200, 200, 200, 200, 200, 200, 200, 302],
    "village_list": [200, 200, 200, 200, 200, 200, 200, 302],
    "village_own": [200, 200, 200, 200, 404, 200, 200, 302],
    "village_unguided": [200, 200, 404, 200, 404, 200, 200, 302],
    "village_other_town": [404, 404, 404, 404, 404, 404, 404, 302],
    "file_edit_own": [200, 403, 200, 403, 404, 403, 403, 302],
    "file_edit_unguided": [200, 403, 404, 403, 404, 403, 403, 302],
    "file_edit_other_town": [404, 404, 404, 404, 404, 404, 404, 302],
    "village_edit_own": [200, 403, 403, 403, 404, 403, 403, 302],
    "plan_create_own": [200, 403, 200, 403, 404, 403, 403, 302],
    "plan_edit_own": [200, 403, 200, 403, 404, 403, 403, 302],
    "plan_delete_own": [200, 403, 200, 403, 404, 403, 403, 302],
    "plan_edit_other_town": [404, 404, 404, 404, 404, 404, 404, 302],
    # a guide lists and opens only their own guidance groups (issue 14 item 5)
    "group_list": [200, 200, 200, 200, 403, 200, 200, 302],
    "group_own": [200, 200, 404, 200, 403, 200, 200, 302],
    "group_other_town": [404, 404, 404, 404, 403, 404, 404, 302],
    "township_own": [200, 200, 403, 200, 403, 200, 200, 302],
    "township_other": [404, 404, 403, 404, 403, 404, 404, 302],
    "password_change": [200, 200, 200, 200, 200, 200, 200, 302],
}


@pytest.fixture
def pages(township, villages, other_township):
    other_village = other_township.villages.get()
    own_item = PlanItem.objects.create(
        village=villages[0], kind=PlanKind.TEAM, content="配强班子"
    )
    other_item = PlanItem.objects.create(
        village=other_village, kind=PlanKind.TEAM, content="外镇"
    )
    own_group = WorkingGroup.objects.create(
        township=township, kind=GroupKind.LEADING, name="领导组"
    )
    other_group = WorkingGroup.objects.create(
        township=other_township, kind=GroupKind.LEADING, name="外镇领导组"
    )
    return {
        "home": reverse("home"),
        "village_list": reverse("villages:village_list"),
        "village_own": villages[0].get_absolute_url(),
        "village_unguided": villages[2].get_absolute_url(),
        "village_other_town": other_village.get_absolute_url(),
        "file_edit_own": reverse("villages:village_file_edit", args=[villages[0].pk]),
        "file_edit_unguided": reverse(
            "villages:village_file_edit", args=[villages[2].pk]
        ),
        "file_edit_other_town": reverse(
            "villages:village_file_edit", args=[other_village.pk]
        ),
        "village_edit_own": reverse("villages:village_edit", args=[villages[0].pk]),
        "plan_create_own": reverse("villages:planitem_create", args=[villages[0].pk]),
        "plan_edit_own": reverse("villages:planitem_edit", args=[own_item.pk]),
        "plan_delete_own": reverse("villages:planitem_delete", args=[own_item.pk]),
        "plan_edit_other_town": reverse("villages:planitem_edit", args=[other_item.pk]),
        "group_list": reverse("villages:group_list"),
        "group_own": own_group.get_absolute_url(),
        "group_other_town": other_group.get_absolute_url(),
        "township_own": township.get_absolute_url(),
        "township_other": other_township.get_absolute_url(),
        "password_change": reverse("password_change"),
    }


CASES = [
    (page, role, expected[i])
    for page, expected in MATRIX.items()
    for i, role in enumerate(ROLES)
]


@pytest.mark.parametrize(
    ("page", "role", "expected"), CASES, ids=[f"{p}-{r}" for p, r, _ in CASES]
)
def test_role_page_matrix(page, role, expected, pages, users, client, client_for):
    # given
    http = client if role == "anonymous" else client_for(users[Role(role)])
    # when
    response = http.get(pages[page])
    # then
    assert response.status_code == expected


def test_matrix_covers_every_foundation_url_name():
    from villages.urls import urlpatterns

    covered = {
        "village_list",
        "village_detail",
        "village_edit",
        "village_file_edit",
        "planitem_create",
        "planitem_edit",
        "planitem_delete",
        "group_list",
        "group_detail",
        "township_detail",
    }
    organisation = {
        p.name for p in urlpatterns if p.callback.__module__.endswith("organisation")
    }
    assert organisation <= covered


def test_admin_changelist_is_scoped_to_the_township(
    township, villages, other_township, make_user, client_for
):
    # given: an office user with admin access
    from core.services import ensure_role_groups

    ensure_role_groups()
    office = make_user(Role.OFFICE, township=township, is_staff=True)
    client = client_for(office)
    other_village = other_township.villages.get()
    # when
    changelist = client.get(reverse("admin:villages_village_changelist"))
    other = client.get(
        reverse("admin:villages_village_change", args=[other_village.pk])
    )
    # then
    assert changelist.status_code == 200
    content = changelist.content.decode()
    assert all(v.name in content for v in villages)
    assert other_village.name not in content
    assert other.status_code == 302  # admin answers "does not exist" and redirects


def test_admin_history_of_another_townships_village_answers_404(
    township, villages, other_township, make_user, client_for
):
    # given
    from core.services import ensure_role_groups

    ensure_role_groups()
    office = make_user(Role.OFFICE, township=township, is_staff=True)
    client = client_for(office)
    other_village = other_township.villages.get()
    # when
    own = client.get(reverse("admin:villages_village_history", args=[villages[0].pk]))
    other = client.get(
        reverse("admin:villages_village_history", args=[other_village.pk])
    )
    # then
    assert own.status_code == 200
    assert other.status_code == 404

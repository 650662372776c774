"""Education events, materials, the publicity log and the reference texts."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.roles import Role
from discipline import services
from discipline.defaults import load_defaults
from discipline.models import (
    EducationEvent,
    EventAttachment,
    MaterialDistribution,
    PublicityEntry,
    ReferenceItem,
    ReferenceText,
)

from .factories import EducationEventFactory, MaterialFactory, PublicityFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 10, 8)


def _event_data(**overrides):
    data = {
        "kind": "warning_film",
        "title": "观看警示教育片",
        "held_on": DAY,
        "attendance": 40,
    }
    data.update(overrides)
    return data


# --- events -------------------------------------------------------------------------------


def test_guide_records_an_event_in_their_village(users, villages):
    # given the guide of the first two villages
    # when they record a screening in their village
    event = services.event_save(
        by=users[Role.GUIDE], data=_event_data(), villages=[villages[0]]
    )
    # then it belongs to the township and the village
    assert event.township_id == villages[0].township_id
    assert list(event.villages.all()) == [villages[0]]
    assert event.history.count() >= 1


@pytest.mark.parametrize(
    ("role", "villages_index", "message"),
    [
        (Role.GUIDE, [3], "您只能为所包保的村（社区）登记"),
        (Role.GUIDE, [], "镇级记录只能由组织办和纪检人员登记"),
    ],
)
def test_guide_cannot_record_for_other_villages_or_the_township(
    users, villages, role, villages_index, message
):
    # given the guide
    # when they record an event elsewhere or township-wide
    with pytest.raises(ValidationError) as caught:
        services.event_save(
            by=users[role],
            data=_event_data(),
            villages=[villages[i] for i in villages_index],
        )
    # then it is refused in Chinese and nothing is written
    assert message in " ".join(caught.value.messages)
    assert EducationEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_event_data(held_on=datetime.date(2099, 1, 1)), "活动举办后再登记"),
        (_event_data(attendance=0), "请填写参加人数"),
    ],
)
def test_bad_events_are_refused(users, villages, data, message):
    # given an event in the future or without attendance
    # when the office records it
    with pytest.raises(ValidationError) as caught:
        services.event_save(by=users[Role.OFFICE], data=data, villages=[])
    # then nothing is written
    assert message in " ".join(caught.value.messages)
    assert EducationEvent.objects.count() == 0


def test_event_form_and_uploads_through_the_pages(users, villages, client_for):
    # given the office
    client = client_for(users[Role.OFFICE])
    # when it adds a township-level study and uploads a photo and a sign-in sheet
    response = client.post(
        reverse("discipline:event_add"),
        {
            "kind": "party_study",
            "title": "党工委集中学习",
            "held_on": "2021-10-08",
            "attendance": "30",
        },
    )
    event = EducationEvent.objects.get()
    assert response["Location"] == event.get_absolute_url()
    client.post(
        reverse("discipline:event_attach", args=[event.pk]),
        {
            "kind": "photo",
            "files": [
                SimpleUploadedFile(
                    "学习.jpg", b"\xff\xd8\xff", content_type="image/jpeg"
                ),
                SimpleUploadedFile(
                    "签到表.pdf", b"%PDF-1.4", content_type="application/pdf"
                ),
            ],
        },
    )
    # then both files are stored and served to the office
    files = list(EventAttachment.objects.filter(event=event).order_by("pk"))
    assert [f.original_name for f in files] == ["学习.jpg", "签到表.pdf"]
    assert (
        client.get(reverse("discipline:event_file", args=[files[0].pk])).status_code
        == 200
    )


def test_bad_upload_type_is_refused_with_a_message(users, villages, client_for):
    # given an event
    event = EducationEventFactory(township=villages[0].township, villages=[villages[0]])
    client = client_for(users[Role.OFFICE])
    # when an executable is uploaded
    response = client.post(
        reverse("discipline:event_attach", args=[event.pk]),
        {"kind": "photo", "files": [SimpleUploadedFile("x.exe", b"MZ")]},
        follow=True,
    )
    # then nothing is stored and the page says which types are accepted
    assert EventAttachment.objects.count() == 0
    assert ".exe" in response.content.decode()


def test_files_and_events_of_other_villages_are_404_for_a_guide(
    users, villages, client_for
):
    # given an event with a photo in a village the guide does not guide
    event = EducationEventFactory(township=villages[0].township, villages=[villages[3]])
    services.event_attach(
        event=event,
        by=users[Role.OFFICE],
        files=[SimpleUploadedFile("p.jpg", b"\xff\xd8\xff")],
        kind="photo",
    )
    attachment = EventAttachment.objects.get()
    township_event = EducationEventFactory(township=villages[0].township)
    client = client_for(users[Role.GUIDE])
    # when the guide guesses the addresses
    # then the village's event and file do not exist for them; township-level ones do
    assert client.get(event.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("discipline:event_file", args=[attachment.pk])).status_code
        == 404
    )
    assert client.get(township_event.get_absolute_url()).status_code == 200


def test_event_of_another_township_is_404(users, other_village, client_for):
    # given an event of another township
    event = EducationEventFactory(
        township=other_village.township, villages=[other_village]
    )
    # when the office and discipline look
    for role in (Role.OFFICE, Role.DISCIPLINE, Role.LEADER):
        # then it is not there
        assert client_for(users[role]).get(event.get_absolute_url()).status_code == 404


def test_leader_reads_events_but_cannot_edit(users, villages, client_for):
    # given an event
    event = EducationEventFactory(township=villages[0].township, villages=[villages[0]])
    client = client_for(users[Role.LEADER])
    # when the leader opens it and tries to edit
    # then reading works and editing is forbidden
    assert client.get(event.get_absolute_url()).status_code == 200
    assert (
        client.get(reverse("discipline:event_edit", args=[event.pk])).status_code == 403
    )
    assert (
        client.post(reverse("discipline:event_delete", args=[event.pk])).status_code
        == 403
    )
    assert EducationEvent.objects.filter(pk=event.pk).exists()


def test_event_list_budget_and_search(
    users, township, villages, client_for, django_assert_max_num_queries
):
    # given many events across villages
    for index in range(40):
        EducationEventFactory(
            township=township, villages=[villages[index % 4]], title=f"宣讲{index:02d}"
        )
    client = client_for(users[Role.OFFICE])
    # when the list is opened
    with django_assert_max_num_queries(15):
        response = client.get(reverse("discipline:event_list"))
    # then it is paginated and searchable
    assert response.status_code == 200
    assert response.context["is_paginated"]
    found = client.get(
        reverse("discipline:event_list"), {"q": "宣讲07"}
    ).content.decode()
    assert "宣讲07" in found
    assert "宣讲08" not in found


def test_event_list_of_a_guide_shows_township_and_own_village_events(
    users, township, villages, client_for
):
    # given a township-level study, one in the guide's village, one elsewhere
    EducationEventFactory(township=township, title="镇级学习")
    EducationEventFactory(township=township, villages=[villages[0]], title="本村宣讲")
    EducationEventFactory(township=township, villages=[villages[3]], title="外村宣讲")
    EducationEventFactory(
        township=township, villages=[villages[0], villages[3]], title="联合宣讲"
    )
    # when the guide opens the list
    content = (
        client_for(users[Role.GUIDE])
        .get(reverse("discipline:event_list"))
        .content.decode()
    )
    # then they see what concerns their villages and the township, once each
    assert "镇级学习" in content
    assert "本村宣讲" in content
    assert "外村宣讲" not in content
    assert content.count("联合宣讲") == 1


# --- materials and publicity -------------------------------------------------------------------


def test_publicity_entry_through_the_form(users, villages, client_for):
    # given the guide
    client = client_for(users[Role.GUIDE])
    # when they record 6 banners in their village
    response = client.post(
        reverse("discipline:publicity_add"),
        {
            "village": villages[1].pk,
            "channel": "banner",
            "count": "6",
            "happened_on": "2021-10-08",
        },
    )
    # then the entry exists
    assert response.status_code == 302
    entry = PublicityEntry.objects.get()
    assert (entry.village, entry.count, entry.recorded_by) == (
        villages[1],
        6,
        users[Role.GUIDE],
    )


def test_publicity_form_refuses_a_zero_count_and_future_date(
    users, villages, client_for
):
    # given the office
    client = client_for(users[Role.OFFICE])
    # when it records a zero count in the future
    response = client.post(
        reverse("discipline:publicity_add"),
        {
            "village": villages[1].pk,
            "channel": "sms",
            "count": "0",
            "happened_on": "2099-01-01",
        },
    )
    # then the form is shown again with the errors and nothing is written
    assert response.status_code == 200
    assert PublicityEntry.objects.count() == 0


def test_guide_cannot_choose_a_village_they_do_not_guide(users, villages, client_for):
    # given the guide
    client = client_for(users[Role.GUIDE])
    # when they post materials for another village
    response = client.post(
        reverse("discipline:material_add"),
        {
            "village": villages[3].pk,
            "kind": "reminder_card",
            "quantity": "20",
            "distributed_on": "2021-10-08",
        },
    )
    # then the choice is invalid and nothing is written
    assert response.status_code == 200
    assert MaterialDistribution.objects.count() == 0


def test_materials_readers_see_a_readonly_form_and_cannot_post(
    users, villages, client_for
):
    # given a materials row
    row = MaterialFactory(village=villages[0])
    client = client_for(users[Role.INSPECTOR])
    # when the inspector opens it and posts a change
    page = client.get(row.get_absolute_url())
    post = client.post(
        row.get_absolute_url(),
        {
            "village": villages[0].pk,
            "kind": "banner",
            "quantity": "1",
            "distributed_on": "2021-10-08",
        },
    )
    # then the page is read-only and the change is refused
    assert page.status_code == 200
    assert "disabled" in page.content.decode()
    assert post.status_code == 403
    row.refresh_from_db()
    assert row.kind == "reminder_card"


def test_delete_publicity_after_confirmation(users, villages, client_for):
    # given an entry
    entry = PublicityFactory(village=villages[0])
    client = client_for(users[Role.OFFICE])
    # when the office asks to delete, then confirms
    confirm = client.get(reverse("discipline:publicity_delete", args=[entry.pk]))
    assert confirm.status_code == 200
    assert PublicityEntry.objects.filter(pk=entry.pk).exists()
    client.post(reverse("discipline:publicity_delete", args=[entry.pk]))
    # then it is gone, and the history keeps the deletion
    assert not PublicityEntry.objects.filter(pk=entry.pk).exists()
    assert PublicityEntry.history.filter(id=entry.pk, history_type="-").exists()


def test_record_lists_stay_within_budget(
    users, township, villages, client_for, django_assert_max_num_queries
):
    # given many rows
    for index in range(60):
        PublicityFactory(village=villages[index % 4])
        MaterialFactory(village=villages[index % 4])
    client = client_for(users[Role.OFFICE])
    # when both lists are opened
    for name in ("discipline:publicity_list", "discipline:material_list"):
        with django_assert_max_num_queries(12):
            response = client.get(reverse(name))
        # then they are paginated
        assert response.context["is_paginated"]


# --- reference texts ------------------------------------------------------------------------------


def test_defaults_seed_the_texts_once_and_keep_local_edits():
    # given the defaults loaded
    load_defaults()
    ten = ReferenceText.objects.get(code="ten-prohibitions")
    nine = ReferenceText.objects.get(code="nine-forbidden")
    # when an item is edited and the defaults are loaded again
    item = ten.items.get(number=1)
    item.content = "本县修订后的第一条"
    item.save()
    load_defaults()
    # then the texts have 10 and 9 items, the edit stays, and unchecked items are flagged
    assert ten.items.count() == 10
    assert nine.items.count() == 9
    assert ReferenceItem.objects.get(pk=item.pk).content == "本县修订后的第一条"
    assert nine.items.filter(verified=False).count() == 6
    assert nine.items.get(number=1).content.startswith("不准向选举人赠送现金")


def test_board_prints_with_the_village_hotline(users, villages, defaults, client_for):
    # given a village with a hotline and mailbox
    village = villages[1]
    village.report_hotline = "0558-7602345"
    village.report_mailbox = "村部门口"
    village.save()
    ten = ReferenceText.objects.get(code="ten-prohibitions")
    client = client_for(users[Role.GUIDE])
    # when the board and the cards are printed for it
    board = client.get(
        reverse("discipline:text_print", args=[ten.pk]), {"village": village.pk}
    )
    cards = client.get(
        reverse("discipline:text_print", args=[ten.pk]),
        {"village": village.pk, "layout": "card"},
    )
    # then each shows the ten items and the hotline; cards come two to a page
    for response in (board, cards):
        content = response.content.decode()
        assert "严禁换届结束后不交工作" in content
        assert "0558-7602345" in content
        assert "村部门口" in content
    assert 'id="print-board"' in board.content.decode()
    assert cards.content.decode().count('class="card-print"') == 2
    # and another village's hotline is not printable for the guide
    assert (
        client.get(
            reverse("discipline:text_print", args=[ten.pk]), {"village": villages[3].pk}
        ).status_code
        == 404
    )


@pytest.fixture
def county_admin(make_user):
    """A county administrator: the texts are county-wide settings (issue 15)."""
    from django.contrib.auth.models import Group

    from core.roles import COUNTY_ADMIN

    user = make_user(Role.COUNTY, username="county-admin")
    user.groups.add(Group.objects.get_or_create(name=COUNTY_ADMIN)[0])
    return user


def test_only_the_county_administrator_edits_items(
    users, defaults, client_for, county_admin
):
    # given the nine forbidden acts
    nine = ReferenceText.objects.get(code="nine-forbidden")
    item = nine.items.get(number=4)
    url = reverse("discipline:item_edit", args=[nine.pk, item.pk])
    data = {
        "number": 4,
        "content": "不准以交保证金形式拉票（已核对）",
        "verified": "on",
        "source_note": "省委组织部文件",
    }
    # when the leader, the office, discipline and then the county administrator
    # edit item 4
    for role in (Role.LEADER, Role.OFFICE, Role.DISCIPLINE):
        assert client_for(users[role]).post(url, data).status_code == 403
    response = client_for(county_admin).post(url, data)
    # then only the county administrator's change is saved
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.verified
    assert item.content == "不准以交保证金形式拉票（已核对）"


def test_item_number_must_be_unique_in_its_text(users, defaults, county_admin):
    # given the ten prohibitions
    ten = ReferenceText.objects.get(code="ten-prohibitions")
    item = ReferenceItem(text=ten)
    # when an item is added with an existing number
    with pytest.raises(ValidationError):
        services.reference_item_save(
            by=county_admin, item=item, data={"number": 3, "content": "重复"}
        )
    # then nothing is added
    assert ten.items.count() == 10
    with pytest.raises(PermissionDenied):
        services.reference_item_save(
            by=users[Role.GUIDE], item=item, data={"number": 11, "content": "新增"}
        )

"""Commitment letters: recording, the not-yet-signed list, the vetting flag, printing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.roles import Role
from discipline import services
from discipline.models import CommitmentLetter
from discipline.selectors import commitment_status, unsigned_commitment_person_ids
from villages.choices import Category, Post
from villages.tests.factories import PersonFactory, RosterMembershipFactory

from .factories import LetterFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 10, 8)


def _letter(users, role=Role.OFFICE, **data):
    values = {"by": users[role], "kind": "discipline", "signed_on": DAY}
    values.update(data)
    return services.letter_save(**values)


@pytest.fixture
def committee_member(villages):
    person = PersonFactory(village=villages[0], name="刘长江")
    RosterMembershipFactory(
        person=person, category=Category.VILLAGERS_COMMITTEE, post=Post.DIRECTOR
    )
    return person


def test_letter_for_a_roster_person_takes_their_name_and_village(
    users, committee_member
):
    # given a committee member on the roster
    # when the office records their letter
    letter = _letter(users, person=committee_member)
    # then the letter carries the person's name and village
    assert letter.signer_name == "刘长江"
    assert letter.village == committee_member.village
    assert letter.township_id == committee_member.village.township_id


def test_same_letter_twice_is_refused(users, committee_member):
    # given a recorded letter
    _letter(users, person=committee_member)
    # when the same kind is recorded again for the same person
    with pytest.raises(ValidationError) as caught:
        _letter(
            users, person=committee_member, signed_on=DAY + datetime.timedelta(days=1)
        )
    # then the message says when it was signed and nothing is written
    assert "已于2021-10-08签订严守换届纪律承诺书" in " ".join(caught.value.messages)
    assert CommitmentLetter.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "请从花名册选择承诺人，或填写承诺人姓名"),
        (
            {"signer_name": "赵小燕", "signed_on": datetime.date(2099, 1, 1)},
            "是将来的日期",
        ),
    ],
)
def test_bad_letters_are_refused_in_chinese(users, villages, data, message):
    # given a letter with something wrong
    # when it is recorded
    with pytest.raises(ValidationError) as caught:
        _letter(users, village=villages[0], **data)
    # then nothing is written
    assert message in " ".join(caught.value.messages)
    assert CommitmentLetter.objects.count() == 0


def test_scan_must_be_a_pdf_or_image(users, villages):
    # given a scan that is a Word file
    scan = SimpleUploadedFile("承诺书.docx", b"word", content_type="application/msword")
    # when the letter is recorded with it
    with pytest.raises(ValidationError) as caught:
        _letter(users, village=villages[0], signer_name="赵小燕", scan=scan)
    # then the file type is refused with the accepted types
    assert ".pdf" in " ".join(caught.value.messages)
    assert CommitmentLetter.objects.count() == 0


def test_guide_records_letters_only_for_their_villages(users, villages):
    # given the guide of the first two villages
    # when they record a letter in their village and in another one
    letter = _letter(users, Role.GUIDE, village=villages[1], signer_name="周海军")
    with pytest.raises(PermissionDenied):
        _letter(users, Role.GUIDE, village=villages[3], signer_name="吴玉兰")
    with pytest.raises(PermissionDenied):
        _letter(users, Role.LEADER, village=villages[1], signer_name="吴玉兰")
    # then only their own village's letter exists
    assert list(CommitmentLetter.objects.all()) == [letter]


def test_unsigned_list_shows_roster_people_and_nominees_missing_letters(
    users, villages, defaults, committee_member, nominee
):
    # given a committee member who signed and a nominee who signed only the 竞职 letter
    _letter(users, person=committee_member)
    _letter(users, person=nominee.person, kind="campaign")
    unsigned_member = PersonFactory(village=villages[0], name="孙德胜")
    RosterMembershipFactory(person=unsigned_member, category=Category.RESERVE_CADRE)
    party_member = PersonFactory(village=villages[0], name="郑国庆")
    RosterMembershipFactory(person=party_member, category=Category.PARTY_MEMBER)
    # when the village's status is asked
    status = commitment_status(villages[0])
    # then the nominee misses three letters, the reserve cadre one, plain Party members none
    missing = {row.person.name: row.missing for row in status.unsigned}
    assert missing == {
        "张德胜": ["resignation", "entrepreneurship", "discipline"],
        "孙德胜": ["discipline"],
    }
    assert status.required_people == 3
    assert status.complete_people == 1
    # and nominees come first
    assert status.unsigned[0].person.name == "张德胜"


def test_letters_signed_before_the_round_do_not_count(
    users, villages, defaults, nominee
):
    # given a round starting 1 September 2021 and letters signed before and after it
    for kind in ("campaign", "resignation", "entrepreneurship"):
        _letter(
            users,
            person=nominee.person,
            kind=kind,
            signed_on=datetime.date(2021, 9, 20),
        )
    _letter(
        users,
        person=nominee.person,
        kind="discipline",
        signed_on=datetime.date(2016, 9, 1),
    )
    # when vetting asks who has not signed
    flagged = unsigned_commitment_person_ids([nominee.person_id])
    # then the 2016 letter does not count
    assert flagged == {nominee.person_id}
    _letter(
        users,
        person=nominee.person,
        kind="discipline",
        signed_on=datetime.date(2021, 9, 21),
    )
    assert unsigned_commitment_person_ids([nominee.person_id]) == set()


def test_unsigned_ids_contract_takes_constant_queries(
    users, villages, defaults, django_assert_max_num_queries
):
    # given many people, half of them with every nominee letter
    people = [PersonFactory(village=villages[i % 4]) for i in range(40)]
    for person in people[::2]:
        for kind in ("campaign", "resignation", "entrepreneurship", "discipline"):
            LetterFactory(
                person=person,
                village=person.village,
                kind=kind,
                signer_name=person.name,
            )
    # when the vetting code asks about all of them
    with django_assert_max_num_queries(5):
        flagged = unsigned_commitment_person_ids([p.pk for p in people])
    # then the other half is flagged
    assert flagged == {p.pk for p in people[1::2]}


def test_no_requirements_means_nobody_is_flagged(users, villages, nominee):
    # given no requirement rows (defaults not loaded)
    # when vetting asks
    # then nobody is flagged
    assert unsigned_commitment_person_ids([nominee.person_id]) == set()


def test_unsigned_page_lists_and_links_to_recording(
    users, villages, defaults, nominee, client_for, django_assert_max_num_queries
):
    # given the office and a nominee without letters
    client = client_for(users[Role.OFFICE])
    # when the office opens the village's list
    url = reverse("discipline:letter_unsigned") + f"?village={villages[0].pk}"
    with django_assert_max_num_queries(25):
        response = client.get(url)
    # then the nominee is listed with the letters to print and record
    content = response.content.decode()
    assert response.status_code == 200
    assert "张德胜" in content
    assert "竞职承诺书" in content
    assert f"person={nominee.person_id}&amp;kind=campaign" in content


def test_unsigned_page_of_another_village_is_404_for_a_guide(
    users, villages, defaults, client_for
):
    # given the guide of the first two villages
    client = client_for(users[Role.GUIDE])
    # when they ask for a village they do not guide
    response = client.get(
        reverse("discipline:letter_unsigned") + f"?village={villages[3].pk}"
    )
    # then it does not exist for them
    assert response.status_code == 404


def test_record_from_the_unsigned_list_returns_to_it(
    users, villages, defaults, nominee, client_for
):
    # given the office following the “record as signed” link
    client = client_for(users[Role.OFFICE])
    url = (
        reverse("discipline:letter_add")
        + f"?person={nominee.person_id}&kind=campaign&next=unsigned"
    )
    page = client.get(url).content.decode()
    assert "张德胜" in page
    # when they save the prefilled form with a scan
    response = client.post(
        url,
        {
            "village": villages[0].pk,
            "person": nominee.person_id,
            "kind": "campaign",
            "signed_on": "2021-10-08",
            "next": "unsigned",
            "scan": SimpleUploadedFile(
                "scan.pdf", b"%PDF-1.4", content_type="application/pdf"
            ),
        },
    )
    # then the letter is recorded and they are back on the list
    letter = CommitmentLetter.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"?village={villages[0].pk}")
    assert letter.scan_name == "scan.pdf"
    # and the scan downloads for the office but not for another township's office
    assert (
        client.get(reverse("discipline:letter_scan", args=[letter.pk])).status_code
        == 200
    )


def test_printed_letter_has_the_name_village_and_hotline(
    users, villages, defaults, nominee, client_for
):
    # given a village with a report hotline
    village = villages[0]
    village.report_hotline = "0558-7601234"
    village.save()
    # when the letter of the nominee is printed
    response = client_for(users[Role.OFFICE]).get(
        reverse("discipline:letter_print")
        + f"?person={nominee.person_id}&kind=discipline"
    )
    # then it carries the person, the village, the hotline and a masked ID number
    content = response.content.decode()
    assert "严守换届纪律承诺书" in content
    assert "本人张德胜" in content
    assert "0558-7601234" in content
    assert nominee.person.id_number not in content
    assert nominee.person.id_number[-4:] in content


def test_letter_list_searches_filters_and_exports(
    users, villages, client_for, django_assert_max_num_queries
):
    # given letters in several villages
    for index in range(30):
        LetterFactory(village=villages[index % 4], signer_name=f"签名人{index:02d}")
    client = client_for(users[Role.OFFICE])
    # when the list is opened (budget independent of the number of rows) and searched
    with django_assert_max_num_queries(15):
        response = client.get(reverse("discipline:letter_list"))
    assert response.status_code == 200
    searched = client.get(
        reverse("discipline:letter_list"), {"q": "签名人07"}
    ).content.decode()
    export = client.get(
        reverse("discipline:letter_list"), {"export": "xlsx", "village": villages[1].pk}
    )
    # then the search finds one, and the export holds that village's rows
    assert "签名人07" in searched
    assert "签名人08" not in searched
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_guide_sees_only_their_villages_letters(users, villages, client_for):
    # given letters in a guided and an unguided village
    mine = LetterFactory(village=villages[0], signer_name="本村签名人")
    other = LetterFactory(village=villages[3], signer_name="外村签名人")
    client = client_for(users[Role.GUIDE])
    # when the guide looks
    content = client.get(reverse("discipline:letter_list")).content.decode()
    # then only their village's letter is listed, and the other's page is 404
    assert "本村签名人" in content
    assert "外村签名人" not in content
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404

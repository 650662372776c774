"""Sign-off fingerprints: a change to the reviewed personal data reopens the sign-offs
and says why; data that was not reviewed does not."""

import pytest

from candidates import selectors, services
from candidates.choices import NominationStatus, ReviewItemStatus
from candidates.vetting_rules import (
    OutcomeState,
    person_fingerprint,
    person_review_data,
)

pytestmark = pytest.mark.django_db

S = NominationStatus


@pytest.fixture
def cleared(vetting):
    nomination = vetting.nominate(name="张三")
    vetting.send(nomination)
    return vetting.clear_all(nomination)


def test_sign_off_stores_the_fingerprint_and_data_reviewed(vetting, cleared):
    # when
    item = vetting.item(cleared, "gongan")
    # then
    assert item.fingerprint == person_fingerprint(cleared.person)
    assert item.reviewed_data["name"] == "张三"
    assert item.reviewed_data["id_number"] == cleared.person.id_number


def test_name_change_reopens_every_sign_off_and_says_why(vetting, cleared):
    # given
    person = cleared.person
    person.name = "张山"
    person.save()
    # when: computed on read, nothing written yet
    outcome = selectors.nomination_outcome(cleared)
    # then
    assert outcome.state == OutcomeState.INCOMPLETE
    assert {s.item.department.code for s in outcome.reopened} == {
        "gongan",
        "fayuan",
        "zuzhi",
    }
    reason = outcome.reopened[0].reason
    assert "姓名：张三 → 张山" in reason
    assert "请重新审查并签署" in reason


def test_sync_makes_the_reopening_permanent_with_reason_and_new_deadline(
    vetting, cleared
):
    # given
    services.nomination_start_inspection(nomination=cleared, by=vetting.office)
    person = cleared.person
    person.birth_date = person.birth_date.replace(day=1)
    person.save()
    # when
    reopened = services.review_sync_person(person=person, by=vetting.office)
    # then
    assert len(reopened) == 3
    item = vetting.item(cleared, "gongan")
    assert item.status == ReviewItemStatus.PENDING
    assert "出生日期" in item.reopened_reason
    assert item.reopened_at is not None
    cleared.refresh_from_db()
    assert cleared.status == S.IN_REVIEW
    assert "个人信息有变化" in cleared.history.first().history_change_reason


def test_sync_twice_reopens_once(vetting, cleared):
    person = cleared.person
    person.name = "张山"
    person.save()
    assert len(services.review_sync_person(person=person, by=vetting.office)) == 3
    assert services.review_sync_person(person=person, by=vetting.office) == []


def test_id_number_change_is_explained_with_masked_numbers(vetting, cleared):
    # given
    from villages.idnumbers import make_id_number

    person = cleared.person
    old = person.id_number
    person.id_number = make_id_number(person.birth_date, person.gender, 999)
    person.save()
    # when
    reason = selectors.nomination_outcome(cleared).reopened[0].reason
    # then
    assert old not in reason
    assert f"{old[:4]}**********{old[-4:]}" in reason


def test_phone_or_notes_change_does_not_reopen(vetting, cleared):
    # given
    person = cleared.person
    person.phone = "13800001234"
    person.notes = "新的备注"
    person.save()
    # then
    assert selectors.nomination_outcome(cleared).state == OutcomeState.CLEAR
    assert services.review_sync_person(person=person, by=vetting.office) == []


def test_signing_again_after_reopening_clears_it(vetting, cleared):
    # given
    person = cleared.person
    person.political_status = "member"
    person.save()
    services.review_sync_person(person=person, by=vetting.office)
    # when
    for code in ("gongan", "fayuan", "zuzhi"):
        item = vetting.item(cleared, code)
        services.review_item_sign(
            item=item, conclusion="重新审查，无问题", by=vetting.reviewers[code]
        )
    # then
    assert selectors.nomination_outcome(cleared).state == OutcomeState.CLEAR
    assert vetting.item(cleared, "gongan").reopened_reason == ""


def test_a_reviewer_editing_a_stale_sign_off_reopens_it_first(vetting, cleared):
    # given
    person = cleared.person
    person.name = "张山"
    person.save()
    item = vetting.item(cleared, "gongan")
    # when: the reviewer changes an answer without any sync having run
    from candidates.choices import FindingResult

    services.review_finding_record(
        item=item,
        criterion=vetting.round_criterion(2),
        result=FindingResult.ISSUE,
        finding="改名前有前科",
        by=vetting.reviewers["gongan"],
    )
    # then
    item.refresh_from_db()
    assert item.status == ReviewItemStatus.PENDING
    assert "张三 → 张山" in item.reopened_reason


def test_reopening_makes_an_open_formal_list_proposal_stale(vetting, cleared):
    # given: on notice and proposed
    import datetime

    services.nomination_start_inspection(nomination=cleared, by=vetting.office)
    services.notice_publish(
        village=cleared.village,
        body=cleared.body,
        nominations=[cleared],
        start_date=datetime.date(2021, 9, 20),
        by=vetting.office,
    )
    proposal = services.formal_list_propose(
        village=cleared.village, body=cleared.body, by=vetting.office
    )
    person = cleared.person
    person.name = "张山"
    person.save()
    # when
    services.review_sync_person(person=person, by=vetting.office)
    # then
    proposal.refresh_from_db()
    assert proposal.status == "stale"
    assert "张三 → 张山" in proposal.closed_reason


def test_village_name_is_display_only_in_the_fingerprint(vetting, cleared):
    # given: renaming the village does not change what was reviewed about the person
    village = cleared.person.village
    before = person_fingerprint(cleared.person)
    village.name = "新名称社区"
    village.save()
    cleared.person.refresh_from_db()
    # then
    assert person_fingerprint(cleared.person) == before
    assert person_review_data(cleared.person)["_village"] == "新名称社区"


def test_review_sync_stale_sweeps_a_township(vetting, cleared):
    person = cleared.person
    person.name = "张山"
    person.save()
    assert services.review_sync_stale(township=vetting.township) == 3
    assert services.review_sync_stale(township=vetting.township) == 0

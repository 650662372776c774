"""The nomination status machine: every legal step through its service, every illegal one refused."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from candidates import services
from candidates.choices import Body, NominationStatus
from candidates.models import Nomination, ReviewItem
from candidates.services.vetting.common import _set_status
from candidates.tests.vetting_support import SENT_ON
from candidates.vetting_rules import TRANSITIONS

pytestmark = pytest.mark.django_db

S = NominationStatus
PAST = datetime.date(2021, 9, 20)


def _to_inspection(vetting, **kwargs):
    nomination = vetting.nominate(**kwargs)
    vetting.send(nomination)
    vetting.clear_all(nomination)
    return services.nomination_start_inspection(
        nomination=nomination, by=vetting.office
    )


def _to_notice(vetting, **kwargs):
    nomination = _to_inspection(vetting, **kwargs)
    services.notice_publish(
        village=nomination.village,
        body=nomination.body,
        nominations=[nomination],
        start_date=PAST,
        by=vetting.office,
    )
    nomination.refresh_from_db()
    return nomination


def _to_formal(vetting, **kwargs):
    nomination = _to_notice(vetting, **kwargs)
    proposal = services.formal_list_propose(
        village=nomination.village, body=nomination.body, by=vetting.office
    )
    services.formal_list_confirm(formal_list=proposal, by=vetting.leader)
    nomination.refresh_from_db()
    return nomination


# --- legal transitions ------------------------------------------------------------------


def test_nomination_starts_as_preliminary_nominee(vetting):
    # when
    nomination = vetting.nominate()
    # then
    assert nomination.status == S.PRELIMINARY
    assert nomination.history.count() == 1


def test_sending_to_review_moves_preliminary_to_in_review_with_one_item_per_department(
    vetting,
):
    # given
    nomination = vetting.nominate()
    # when
    batch = vetting.send(nomination)
    # then
    assert nomination.status == S.IN_REVIEW
    assert set(
        ReviewItem.objects.filter(nomination=nomination).values_list(
            "department__code", flat=True
        )
    ) == {
        "gongan",
        "fayuan",
        "zuzhi",
    }
    # 5 working days after Monday 2021-09-06 is Monday 2021-09-13.
    assert batch.due_date == datetime.date(2021, 9, 13)
    record = nomination.history.first()
    assert record.history_user == vetting.office
    assert "联审" in record.history_change_reason


def test_review_deadline_skips_the_national_day_holiday(vetting):
    # given: sent on 2021-09-30, the day before the 国庆 holiday (10-01…10-07; 10-09 is a 调休 Saturday)
    nomination = vetting.nominate()
    # when
    batch = vetting.send(nomination, sent_on=datetime.date(2021, 9, 30))
    # then: 10-08 (Fri), 10-09 (Sat, make-up workday), 10-11, 10-12, 10-13
    assert batch.due_date == datetime.date(2021, 10, 13)


def test_clear_review_moves_in_review_to_inspection(vetting):
    # when
    nomination = _to_inspection(vetting)
    # then
    assert nomination.status == S.INSPECTION


def test_public_notice_moves_inspection_to_public_notice(vetting):
    # when
    nomination = _to_notice(vetting)
    # then
    assert nomination.status == S.PUBLIC_NOTICE


def test_confirmed_formal_list_moves_public_notice_to_formal(vetting):
    # when
    nomination = _to_formal(vetting)
    # then
    assert nomination.status == S.FORMAL


@pytest.mark.parametrize(
    ("elected", "expected"), [(True, S.ELECTED), (False, S.NOT_ELECTED)]
)
def test_result_moves_formal_candidate_to_elected_or_not_elected(
    vetting, elected, expected
):
    # given
    nomination = _to_formal(vetting)
    # when
    services.nomination_record_result(
        nomination=nomination, elected=elected, by=vetting.office
    )
    # then
    nomination.refresh_from_db()
    assert nomination.status == expected


@pytest.mark.parametrize(
    "stage", ["preliminary", "in_review", "inspection", "public_notice", "formal"]
)
def test_any_open_stage_can_be_disqualified_with_a_reason(vetting, stage):
    # given
    builders = {
        "preliminary": lambda: vetting.nominate(),
        "in_review": lambda: _sent(vetting),
        "inspection": lambda: _to_inspection(vetting),
        "public_notice": lambda: _to_notice(vetting),
        "formal": lambda: _to_formal(vetting),
    }
    nomination = builders[stage]()
    assert nomination.status == stage
    # when
    services.nomination_disqualify(
        nomination=nomination, reason="经查存在拉票行为", by=vetting.office
    )
    # then
    nomination.refresh_from_db()
    assert nomination.status == S.DISQUALIFIED
    assert nomination.disqualified_reason == "经查存在拉票行为"
    assert "经查存在拉票行为" in nomination.history.first().history_change_reason


def _sent(vetting):
    nomination = vetting.nominate()
    vetting.send(nomination)
    return nomination


@pytest.mark.parametrize("stage", ["inspection", "public_notice", "formal"])
def test_changed_personal_data_returns_a_later_stage_to_in_review(vetting, stage):
    # given
    builders = {
        "inspection": _to_inspection,
        "public_notice": _to_notice,
        "formal": _to_formal,
    }
    nomination = builders[stage](vetting)
    person = nomination.person
    person.name = "改名后"
    person.save()
    # when
    services.review_sync_person(person=person, by=vetting.office)
    # then
    nomination.refresh_from_db()
    assert nomination.status == S.IN_REVIEW


# --- illegal transitions ------------------------------------------------------------------

ILLEGAL = [
    (current, target)
    for current, target in itertools.product(S.values, S.values)
    if current != target and target not in TRANSITIONS[current]
]


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_every_illegal_transition_is_refused_in_chinese_and_writes_nothing(
    vetting, current, target
):
    # given
    nomination = vetting.nominate()
    Nomination.objects.filter(pk=nomination.pk).update(
        status=current, disqualified_reason="原因"
    )
    nomination.refresh_from_db()
    before = nomination.history.count()
    # when
    with pytest.raises(ValidationError) as excinfo:
        _set_status(nomination, target, by=vetting.office, reason="test")
    # then
    message = excinfo.value.messages[0]
    assert f"不能从“{S(current).label}”变为“{S(target).label}”" in message
    nomination.refresh_from_db()
    assert nomination.status == current
    assert nomination.history.count() == before


def test_elected_candidate_cannot_be_disqualified_and_is_told_about_election_void(
    vetting,
):
    # given
    nomination = _to_formal(vetting)
    services.nomination_record_result(
        nomination=nomination, elected=True, by=vetting.office
    )
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.nomination_disqualify(
            nomination=nomination, reason="事后发现", by=vetting.office
        )
    # then
    assert "当选无效" in excinfo.value.messages[0]
    nomination.refresh_from_db()
    assert nomination.status == S.ELECTED


def test_result_for_a_candidate_on_notice_is_refused(vetting):
    # given
    nomination = _to_notice(vetting)
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.nomination_record_result(
            nomination=nomination, elected=True, by=vetting.office
        )
    # then
    assert "只有正式候选人才能当选或落选" in excinfo.value.messages[0]


def test_preliminary_nominee_cannot_skip_review_to_inspection(vetting):
    # given
    nomination = vetting.nominate()
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.nomination_start_inspection(nomination=nomination, by=vetting.office)
    # then
    assert "不能从“初步人选”变为“考察”" in excinfo.value.messages[0]
    nomination.refresh_from_db()
    assert nomination.status == S.PRELIMINARY


def test_inspection_refused_while_departments_have_not_signed(vetting):
    # given
    nomination = _sent(vetting)
    vetting.answer(nomination, "gongan")
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.nomination_start_inspection(nomination=nomination, by=vetting.office)
    # then
    message = excinfo.value.messages[0]
    assert "联审尚未通过" in message
    assert "法院" in message
    assert "组织部" in message
    nomination.refresh_from_db()
    assert nomination.status == S.IN_REVIEW


def test_disqualification_without_reason_is_refused(vetting):
    # given
    nomination = vetting.nominate()
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.nomination_disqualify(
            nomination=nomination, reason="  ", by=vetting.office
        )
    # then
    assert "请填写取消资格的理由" in excinfo.value.messages[0]
    nomination.refresh_from_db()
    assert nomination.status == S.PRELIMINARY


def test_a_sent_nominee_cannot_be_sent_again_once_every_department_has_an_item(vetting):
    # given
    nomination = _sent(vetting)
    # when
    with pytest.raises(ValidationError) as excinfo:
        vetting.send(nomination)
    # then
    assert "没有需要报送的" in excinfo.value.messages[0]


def test_nominee_under_inspection_cannot_be_sent_to_review(vetting):
    # given
    nomination = _to_inspection(vetting)
    # when
    with pytest.raises(ValidationError) as excinfo:
        vetting.send(nomination)
    # then
    assert "只有初步人选" in excinfo.value.messages[0]


def test_a_person_is_nominated_once_per_committee_and_round(vetting):
    # given
    nomination = vetting.nominate()
    # when
    with pytest.raises(ValidationError) as excinfo:
        vetting.nominate(person=nomination.person)
    # then
    assert "已被提名" in str(excinfo.value)
    assert Nomination.objects.count() == 1


def test_the_same_person_may_be_nominated_for_both_committees(vetting):
    # given
    nomination = vetting.nominate(body=Body.PARTY_COMMITTEE, post="secretary")
    # when
    other = vetting.nominate(
        person=nomination.person, body=Body.VILLAGERS_COMMITTEE, post="director"
    )
    # then
    assert other.pk != nomination.pk


def test_post_must_belong_to_the_committee(vetting):
    # when
    with pytest.raises(ValidationError) as excinfo:
        vetting.nominate(body=Body.SUPERVISION_COMMITTEE, post="secretary")
    # then
    assert "不是村务监督委员会的职务" in str(excinfo.value)
    assert not Nomination.objects.exists()


def test_nominee_from_another_township_is_refused(vetting, other_village):
    # given
    outsider = vetting.person(other_village)
    # when
    with pytest.raises(ValidationError) as excinfo:
        vetting.nominate(person=outsider)
    # then
    assert "其他乡镇" in str(excinfo.value)


def test_nominating_without_a_round_is_refused(township, villages, users):
    # given: no round in the township
    from candidates.choices import Route
    from villages.tests.factories import PersonFactory

    person = PersonFactory(village=villages[0])
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.nomination_create(
            village=villages[0],
            person=person,
            body=Body.VILLAGERS_COMMITTEE,
            post="member",
            route=Route.SELF,
            by=users["office"],
        )
    # then
    assert "尚未建立换届轮次" in excinfo.value.messages[0]


def test_sent_on_is_kept_on_the_batch(vetting):
    nomination = vetting.nominate()
    batch = vetting.send(nomination)
    assert batch.sent_on == SENT_ON
    assert batch.sent_by == vetting.office


def test_only_a_leader_may_record_a_decision(vetting):
    # given
    nomination = _sent(vetting)
    vetting.answer(nomination, "zuzhi", issues={7: "近3年内曾被评为不合格党员"})
    # when / then
    with pytest.raises(PermissionDenied):
        services.review_decide(
            nomination=nomination,
            decision="proceed",
            reason="已整改",
            by=vetting.office,
        )

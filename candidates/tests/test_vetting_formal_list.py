"""公示 (display period, objections) and the maker-checker formal list."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from candidates import services
from candidates.choices import NominationStatus, ObjectionStatus, ProposalStatus
from candidates.models import FormalList, Objection, PublicNotice
from core.roles import Role

pytestmark = pytest.mark.django_db

S = NominationStatus
START = datetime.date(2021, 9, 20)  # a Monday


def _inspected(vetting, **kwargs):
    nomination = vetting.nominate(**kwargs)
    vetting.send(nomination)
    vetting.clear_all(nomination)
    return services.nomination_start_inspection(
        nomination=nomination, by=vetting.office
    )


def _on_notice(vetting, *nominations, start=START):
    notice = services.notice_publish(
        village=nominations[0].village,
        body=nominations[0].body,
        nominations=list(nominations),
        start_date=start,
        by=vetting.office,
    )
    for n in nominations:
        n.refresh_from_db()
    return notice


# --- public notice ------------------------------------------------------------------------


def test_notice_period_defaults_to_five_working_days(vetting):
    # given
    nomination = _inspected(vetting)
    # when
    notice = _on_notice(vetting, nomination)
    # then: five working days after Monday 2021-09-20, skipping 中秋 (09-20, 09-21 holiday; 09-18 make-up)
    assert notice.end_date > START
    assert nomination.status == S.PUBLIC_NOTICE
    assert notice.issuer == "中共立仓镇委员会"


def test_notice_shorter_than_the_rule_is_refused_and_writes_nothing(vetting):
    # given
    nomination = _inspected(vetting)
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.notice_publish(
            village=nomination.village,
            body=nomination.body,
            nominations=[nomination],
            start_date=START,
            end_date=START + datetime.timedelta(days=2),
            by=vetting.office,
        )
    # then
    assert "公示期不少于5个工作日" in str(excinfo.value)
    assert not PublicNotice.objects.exists()
    nomination.refresh_from_db()
    assert nomination.status == S.INSPECTION


def test_only_nominees_under_inspection_go_on_notice(vetting):
    # given
    nomination = vetting.nominate()
    # when
    with pytest.raises(ValidationError) as excinfo:
        _on_notice(vetting, nomination)
    # then
    assert "只有考察中的人选才能公示" in excinfo.value.messages[0]
    assert not PublicNotice.objects.exists()


def test_a_notice_covers_one_village_and_committee(vetting):
    # given
    first = _inspected(vetting)
    second = _inspected(vetting, village=vetting.villages[1])
    # when
    with pytest.raises(ValidationError) as excinfo:
        _on_notice(vetting, first, second)
    # then
    assert "一份公示只能针对一个村的一个委员会" in excinfo.value.messages[0]


def test_objection_is_recorded_and_dated_within_the_notice(vetting):
    # given
    nomination = _inspected(vetting)
    notice = _on_notice(vetting, nomination)
    # when: a date before the notice
    with pytest.raises(ValidationError) as excinfo:
        services.objection_record(
            notice=notice,
            nomination=nomination,
            received_on=START - datetime.timedelta(days=1),
            content="反映其长期在外",
            by=vetting.office,
        )
    # then
    assert "反映日期早于公示开始日期" in str(excinfo.value)
    assert not Objection.objects.exists()


def test_upheld_objection_disqualifies_with_the_resolution(vetting):
    # given
    nomination = _inspected(vetting)
    notice = _on_notice(vetting, nomination)
    objection = services.objection_record(
        notice=notice,
        nomination=nomination,
        received_on=START,
        content="反映其侵占集体土地",
        by=vetting.office,
    )
    # when
    services.objection_resolve(
        objection=objection,
        status=ObjectionStatus.UPHELD,
        resolution="经核实，侵占集体土地3亩未退还",
        by=vetting.office,
    )
    # then
    nomination.refresh_from_db()
    assert nomination.status == S.DISQUALIFIED
    assert "侵占集体土地3亩" in nomination.disqualified_reason


def test_resolution_needs_words(vetting):
    nomination = _inspected(vetting)
    notice = _on_notice(vetting, nomination)
    objection = services.objection_record(
        notice=notice,
        nomination=nomination,
        received_on=START,
        content="有意见",
        by=vetting.office,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.objection_resolve(
            objection=objection,
            status=ObjectionStatus.DISMISSED,
            resolution="",
            by=vetting.office,
        )
    assert "请填写核实情况和处理结果" in str(excinfo.value)
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.OPEN


# --- the formal list ------------------------------------------------------------------------


def test_office_proposes_and_a_leader_confirms_the_formal_list(vetting):
    # given
    first = _inspected(vetting)
    second = _inspected(vetting)
    _on_notice(vetting, first, second)
    # when
    proposal = services.formal_list_propose(
        village=first.village, body=first.body, by=vetting.office
    )
    services.formal_list_confirm(formal_list=proposal, by=vetting.leader)
    # then
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONFIRMED
    assert proposal.confirmed_by == vetting.leader
    assert set(proposal.nominations.values_list("status", flat=True)) == {S.FORMAL}


def test_the_proposer_cannot_confirm_their_own_list(vetting, make_user):
    # given: a user who is both office and leader
    from django.contrib.auth.models import Group

    both = make_user(Role.OFFICE, township=vetting.township, username="both")
    both.groups.add(Group.objects.get_or_create(name=Role.LEADER)[0])
    nomination = _inspected(vetting)
    _on_notice(vetting, nomination)
    proposal = services.formal_list_propose(
        village=nomination.village, body=nomination.body, by=both
    )
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.formal_list_confirm(formal_list=proposal, by=both)
    # then
    assert "名单由您提交，您不能再确认" in excinfo.value.messages[0]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED
    nomination.refresh_from_db()
    assert nomination.status == S.PUBLIC_NOTICE


def test_database_refuses_the_same_person_as_maker_and_checker(vetting):
    from django.db import IntegrityError, transaction

    nomination = _inspected(vetting)
    _on_notice(vetting, nomination)
    proposal = services.formal_list_propose(
        village=nomination.village, body=nomination.body, by=vetting.office
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        FormalList.objects.filter(pk=proposal.pk).update(confirmed_by=vetting.office)


def test_proposal_goes_stale_when_a_candidates_data_changes(vetting):
    # given
    nomination = _inspected(vetting)
    _on_notice(vetting, nomination)
    proposal = services.formal_list_propose(
        village=nomination.village, body=nomination.body, by=vetting.office
    )
    person = nomination.person
    person.name = "改了名字"
    person.save()
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.formal_list_confirm(formal_list=proposal, by=vetting.leader)
    # then
    assert "已失效" in excinfo.value.messages[0]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.STALE
    nomination.refresh_from_db()
    assert nomination.status == S.IN_REVIEW


def test_proposal_goes_stale_when_another_candidate_joins_the_notice(vetting):
    # given
    first = _inspected(vetting)
    _on_notice(vetting, first)
    proposal = services.formal_list_propose(
        village=first.village, body=first.body, by=vetting.office
    )
    second = _inspected(vetting)
    _on_notice(vetting, second)
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.formal_list_confirm(formal_list=proposal, by=vetting.leader)
    # then
    assert "名单提交后发生了变化" in excinfo.value.messages[0]
    assert FormalList.objects.get(pk=proposal.pk).status == ProposalStatus.STALE


def test_disqualifying_a_listed_candidate_makes_the_proposal_stale(vetting):
    nomination = _inspected(vetting)
    other = _inspected(vetting)
    _on_notice(vetting, nomination, other)
    proposal = services.formal_list_propose(
        village=nomination.village, body=nomination.body, by=vetting.office
    )
    services.nomination_disqualify(
        nomination=other, reason="本人书面退出", by=vetting.office
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.STALE
    with pytest.raises(ValidationError) as excinfo:
        services.formal_list_confirm(formal_list=proposal, by=vetting.leader)
    assert "只有待确认的名单才能确认或撤回" in excinfo.value.messages[0]


def test_list_refused_while_the_notice_is_still_displayed(vetting):
    # given: a notice that runs into the future
    nomination = _inspected(vetting)
    _on_notice(vetting, nomination, start=datetime.date.today())
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.formal_list_propose(
            village=nomination.village, body=nomination.body, by=vetting.office
        )
    # then
    assert "尚未期满" in excinfo.value.messages[0]
    assert not FormalList.objects.exists()


def test_unresolved_objection_blocks_the_formal_list(vetting):
    # given
    nomination = _inspected(vetting)
    notice = _on_notice(vetting, nomination)
    services.objection_record(
        notice=notice,
        nomination=nomination,
        received_on=START,
        content="反映其拉票",
        by=vetting.office,
    )
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.formal_list_propose(
            village=nomination.village, body=nomination.body, by=vetting.office
        )
    # then
    assert "有1件反映的问题尚未处理" in excinfo.value.messages[0]
    assert not FormalList.objects.exists()


def test_objection_dismissed_lets_the_list_go_ahead(vetting):
    nomination = _inspected(vetting)
    notice = _on_notice(vetting, nomination)
    objection = services.objection_record(
        notice=notice,
        nomination=nomination,
        received_on=START,
        content="反映其拉票",
        by=vetting.office,
    )
    services.objection_resolve(
        objection=objection,
        status=ObjectionStatus.DISMISSED,
        resolution="经核实不属实",
        by=vetting.office,
    )
    proposal = services.formal_list_propose(
        village=nomination.village, body=nomination.body, by=vetting.office
    )
    assert proposal.status == ProposalStatus.PROPOSED


def test_objection_recorded_after_proposal_blocks_confirmation(vetting):
    nomination = _inspected(vetting)
    notice = _on_notice(vetting, nomination)
    proposal = services.formal_list_propose(
        village=nomination.village, body=nomination.body, by=vetting.office
    )
    services.objection_record(
        notice=notice,
        nomination=nomination,
        received_on=START,
        content="新反映",
        by=vetting.office,
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.STALE


def test_open_report_blocks_the_formal_list(vetting):
    # given: an open 拉票贿选 report against the candidate (discipline app)
    from discipline.tests.factories import ReportFactory

    nomination = _inspected(vetting)
    _on_notice(vetting, nomination)
    ReportFactory(village=nomination.village, person=nomination.person)
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.formal_list_propose(
            village=nomination.village, body=nomination.body, by=vetting.office
        )
    # then
    from discipline.selectors import block_message_for

    assert nomination.person.name in excinfo.value.messages[0]
    assert block_message_for(vetting.office) in excinfo.value.messages[0]
    assert not FormalList.objects.exists()


def test_report_opened_after_the_proposal_blocks_confirmation(vetting):
    from discipline.tests.factories import ReportFactory

    nomination = _inspected(vetting)
    _on_notice(vetting, nomination)
    proposal = services.formal_list_propose(
        village=nomination.village, body=nomination.body, by=vetting.office
    )
    ReportFactory(village=nomination.village, person=nomination.person)
    with pytest.raises(ValidationError):
        services.formal_list_confirm(formal_list=proposal, by=vetting.leader)
    nomination.refresh_from_db()
    assert nomination.status == S.PUBLIC_NOTICE


def test_missing_commitment_letter_is_flagged_not_refused(vetting, monkeypatch):
    # given: the discipline app says the candidate has not signed
    import discipline.selectors

    nomination = _inspected(vetting)
    _on_notice(vetting, nomination)
    monkeypatch.setattr(
        discipline.selectors,
        "unsigned_commitment_person_ids",
        lambda ids: {nomination.person_id},
    )
    # when
    proposal = services.formal_list_propose(
        village=nomination.village, body=nomination.body, by=vetting.office
    )
    # then
    assert "尚未签订承诺书" in proposal.flags
    services.formal_list_confirm(formal_list=proposal, by=vetting.leader)
    nomination.refresh_from_db()
    assert nomination.status == S.FORMAL


def test_only_office_proposes_and_only_a_leader_confirms(vetting):
    nomination = _inspected(vetting)
    _on_notice(vetting, nomination)
    with pytest.raises(PermissionDenied):
        services.formal_list_propose(
            village=nomination.village, body=nomination.body, by=vetting.leader
        )
    proposal = services.formal_list_propose(
        village=nomination.village, body=nomination.body, by=vetting.office
    )
    with pytest.raises(PermissionDenied):
        services.formal_list_confirm(
            formal_list=proposal, by=vetting.users[Role.INSPECTOR]
        )


def test_a_new_proposal_withdraws_the_open_one(vetting):
    nomination = _inspected(vetting)
    _on_notice(vetting, nomination)
    first = services.formal_list_propose(
        village=nomination.village, body=nomination.body, by=vetting.office
    )
    second = services.formal_list_propose(
        village=nomination.village, body=nomination.body, by=vetting.office
    )
    first.refresh_from_db()
    assert first.status == ProposalStatus.WITHDRAWN
    assert second.status == ProposalStatus.PROPOSED

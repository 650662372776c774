"""Outcome rules of the joint review: all clear, a block, a warn with and without a
leader decision, a department missing, overdue departments."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from candidates import selectors, services
from candidates.choices import DecisionKind, FindingResult, NominationStatus
from candidates.models import ReviewFinding, ReviewItem
from candidates.tests.factories import DepartmentFactory
from candidates.vetting_rules import OutcomeState

pytestmark = pytest.mark.django_db

S = NominationStatus


@pytest.fixture
def sent(vetting):
    nomination = vetting.nominate(name="张三")
    vetting.send(nomination)
    return nomination


def test_all_departments_signing_with_no_problem_is_clear(vetting, sent):
    # when
    vetting.clear_all(sent)
    # then
    outcome = selectors.nomination_outcome(sent)
    assert outcome.state == OutcomeState.CLEAR
    assert "各联审单位均已签署，未发现问题" in outcome.explanation()
    services.nomination_start_inspection(nomination=sent, by=vetting.office)
    sent.refresh_from_db()
    assert sent.status == S.INSPECTION


def test_one_block_finding_disqualifies_with_the_finding_as_reason(vetting, sent):
    # when: 公安 finds a criminal record (item 2, 不得) and signs
    vetting.answer(sent, "gongan", issues={2: "2015年因寻衅滋事罪被判处有期徒刑一年"})
    # then: disqualified at once, although 法院 and 组织部 have not answered
    assert sent.status == S.DISQUALIFIED
    assert "公安" in sent.disqualified_reason
    assert "十不选之2" in sent.disqualified_reason
    assert "寻衅滋事罪" in sent.disqualified_reason
    outcome = selectors.nomination_outcome(sent)
    assert outcome.state == OutcomeState.BLOCKED
    assert [f.criterion.number for f in outcome.block_findings] == [2]


def test_a_block_finding_not_yet_signed_does_not_disqualify(vetting, sent):
    # when: recorded but not signed off
    vetting.answer(sent, "gongan", issues={2: "有前科"}, sign=False)
    # then
    assert sent.status == S.IN_REVIEW
    assert selectors.nomination_outcome(sent).state == OutcomeState.INCOMPLETE


def test_warn_finding_without_decision_needs_a_leader(vetting, sent):
    # given
    vetting.answer(sent, "gongan")
    vetting.answer(sent, "fayuan")
    vetting.answer(sent, "zuzhi", issues={7: "2019年民主评议被评为不合格党员"})
    # when
    outcome = selectors.nomination_outcome(sent)
    # then
    assert outcome.state == OutcomeState.NEEDS_DECISION
    assert "须领导组书面决定" in outcome.explanation()
    with pytest.raises(ValidationError) as excinfo:
        services.nomination_start_inspection(nomination=sent, by=vetting.office)
    assert "联审尚未通过" in excinfo.value.messages[0]
    sent.refresh_from_db()
    assert sent.status == S.IN_REVIEW


def test_warn_finding_with_decision_to_proceed_is_clear(vetting, sent):
    # given
    vetting.answer(sent, "gongan")
    vetting.answer(sent, "fayuan")
    vetting.answer(sent, "zuzhi", issues={7: "2019年被评为不合格党员，已整改"})
    # when
    services.review_decide(
        nomination=sent,
        decision=DecisionKind.PROCEED,
        reason="已整改到位，群众认可度高",
        by=vetting.leader,
    )
    # then
    outcome = selectors.nomination_outcome(sent)
    assert outcome.state == OutcomeState.CLEAR
    assert "已整改到位" in outcome.explanation()
    services.nomination_start_inspection(nomination=sent, by=vetting.office)
    sent.refresh_from_db()
    assert sent.status == S.INSPECTION


def test_warn_finding_with_decision_to_disqualify_disqualifies(vetting, sent):
    # given
    vetting.answer(sent, "zuzhi", issues={7: "长期外出务工，不能正常履职"})
    # when
    services.review_decide(
        nomination=sent,
        decision=DecisionKind.DISQUALIFY,
        reason="长期在外，无法履职",
        by=vetting.leader,
    )
    # then
    sent.refresh_from_db()
    assert sent.status == S.DISQUALIFIED
    assert "领导组" in sent.disqualified_reason
    assert "无法履职" in sent.disqualified_reason


def test_decision_covers_only_the_findings_it_was_taken_on(vetting, sent):
    # given: a decision on one 不宜 finding …
    vetting.answer(sent, "gongan")
    vetting.answer(sent, "fayuan")
    vetting.answer(sent, "zuzhi", issues={7: "曾被评为不合格党员"})
    services.review_decide(
        nomination=sent,
        decision=DecisionKind.PROCEED,
        reason="已整改",
        by=vetting.leader,
    )
    assert selectors.nomination_outcome(sent).state == OutcomeState.CLEAR
    # when: the finding text changes after a reopening and new sign-off
    finding = ReviewFinding.objects.get(item__nomination=sent, criterion__number=7)
    ReviewFinding.objects.filter(pk=finding.pk).update(finding="另有长期外出情形")
    # then: the old decision no longer covers it
    assert selectors.nomination_outcome(sent).state == OutcomeState.NEEDS_DECISION


def test_decision_needs_a_written_reason(vetting, sent):
    # given
    vetting.answer(sent, "zuzhi", issues={7: "不合格党员"})
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.review_decide(
            nomination=sent,
            decision=DecisionKind.PROCEED,
            reason=" ",
            by=vetting.leader,
        )
    # then
    assert "请填写决定理由" in str(excinfo.value)
    assert not sent.review_decisions.exists()


def test_decision_without_warn_finding_is_refused(vetting, sent):
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.review_decide(
            nomination=sent,
            decision=DecisionKind.PROCEED,
            reason="无",
            by=vetting.leader,
        )
    # then
    assert "没有需要决定的“不宜”情形" in excinfo.value.messages[0]


def test_office_cannot_decide_on_warn_findings(vetting, sent):
    vetting.answer(sent, "zuzhi", issues={7: "不合格党员"})
    with pytest.raises(PermissionDenied):
        services.review_decide(
            nomination=sent,
            decision=DecisionKind.PROCEED,
            reason="可以",
            by=vetting.office,
        )


def test_a_department_missing_leaves_the_review_incomplete(vetting, sent):
    # given: every item signed, then a department joins the round's criteria
    vetting.clear_all(sent)
    xinfang = DepartmentFactory(code="xinfang", short_name="信访", order=80)
    vetting.round_criterion(2).departments.add(xinfang)
    # when
    outcome = selectors.nomination_outcome(sent)
    # then
    assert outcome.state == OutcomeState.INCOMPLETE
    assert [d.code for d in outcome.missing] == ["xinfang"]
    assert "信访" in outcome.explanation()
    with pytest.raises(ValidationError):
        services.nomination_start_inspection(nomination=sent, by=vetting.office)


def test_sending_again_adds_the_missing_department_only(vetting, sent):
    # given
    xinfang = DepartmentFactory(code="xinfang", short_name="信访", order=80)
    vetting.round_criterion(2).departments.add(xinfang)
    # when
    vetting.send(sent)
    # then
    assert set(
        ReviewItem.objects.filter(nomination=sent).values_list(
            "department__code", flat=True
        )
    ) == {
        "gongan",
        "fayuan",
        "zuzhi",
        "xinfang",
    }
    assert sent.status == S.IN_REVIEW


def test_pending_departments_past_the_deadline_are_overdue(vetting, sent):
    # given: due 2021-09-13; 公安 signed
    vetting.answer(sent, "gongan")
    # when
    outcome = selectors.nomination_outcome(sent, today=datetime.date(2021, 9, 14))
    # then
    assert {d.code for d in outcome.pending} == {"fayuan", "zuzhi"}
    assert {d.code for d in outcome.overdue} == {"fayuan", "zuzhi"}
    on_time = selectors.nomination_outcome(sent, today=datetime.date(2021, 9, 13))
    assert on_time.overdue == []


def test_signing_needs_every_criterion_answered(vetting, sent):
    # given: 公安 answers item 2 only
    item = vetting.item(sent, "gongan")
    services.review_finding_record(
        item=item,
        criterion=vetting.round_criterion(2),
        result=FindingResult.CLEAR,
        by=vetting.reviewers["gongan"],
    )
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.review_item_sign(
            item=item, conclusion="经查无问题", by=vetting.reviewers["gongan"]
        )
    # then
    assert "十不选之4尚未填写" in excinfo.value.messages[0]
    item.refresh_from_db()
    assert item.status == "pending"


def test_signing_needs_a_written_conclusion(vetting, sent):
    item = vetting.answer(sent, "gongan", sign=False)
    with pytest.raises(ValidationError) as excinfo:
        services.review_item_sign(
            item=item, conclusion="", by=vetting.reviewers["gongan"]
        )
    assert "签署前请填写本单位结论意见" in str(excinfo.value)


def test_problem_without_finding_text_is_refused(vetting, sent):
    item = vetting.item(sent, "gongan")
    with pytest.raises(ValidationError) as excinfo:
        services.review_finding_record(
            item=item,
            criterion=vetting.round_criterion(2),
            result=FindingResult.ISSUE,
            finding="",
            by=vetting.reviewers["gongan"],
        )
    assert "请写明十不选之2发现的问题" in str(excinfo.value)
    assert not ReviewFinding.objects.exists()


def test_signed_review_cannot_be_edited(vetting, sent):
    item = vetting.answer(sent, "gongan")
    with pytest.raises(ValidationError) as excinfo:
        services.review_finding_record(
            item=item,
            criterion=vetting.round_criterion(2),
            result=FindingResult.ISSUE,
            finding="补充",
            by=vetting.reviewers["gongan"],
        )
    assert "签署后不能再修改" in excinfo.value.messages[0]


def test_another_departments_reviewer_cannot_record_findings(vetting, sent):
    item = vetting.item(sent, "gongan")
    with pytest.raises(PermissionDenied):
        services.review_finding_record(
            item=item,
            criterion=vetting.round_criterion(2),
            result=FindingResult.CLEAR,
            by=vetting.reviewers["fayuan"],
        )


def test_department_cannot_answer_a_criterion_it_does_not_check(vetting, sent):
    # given: item 9 is checked by 法院 only
    item = vetting.item(sent, "gongan")
    # when
    with pytest.raises(ValidationError) as excinfo:
        services.review_finding_record(
            item=item,
            criterion=vetting.round_criterion(9),
            result=FindingResult.CLEAR,
            by=vetting.reviewers["gongan"],
        )
    # then
    assert "不是公安本轮负责审查的条目" in excinfo.value.messages[0]


def test_evidence_of_a_wrong_type_is_refused(vetting, sent):
    from django.core.files.uploadedfile import SimpleUploadedFile

    item = vetting.item(sent, "gongan")
    with pytest.raises(ValidationError) as excinfo:
        services.review_finding_record(
            item=item,
            criterion=vetting.round_criterion(2),
            result=FindingResult.ISSUE,
            finding="有前科",
            evidence=SimpleUploadedFile("run.exe", b"MZ"),
            by=vetting.reviewers["gongan"],
        )
    assert ".exe" in str(excinfo.value)
    assert not ReviewFinding.objects.exists()


def test_findings_of_a_disqualified_nominee_are_closed(vetting, sent):
    vetting.answer(sent, "gongan", issues={2: "有前科"})
    with pytest.raises(ValidationError) as excinfo:
        vetting.answer(sent, "fayuan")
    assert "提名已经结束" in excinfo.value.messages[0]

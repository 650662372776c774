"""The report lifecycle: 登记 → 受理 → 核查 → 结论 → 处置 → 反馈 → 办结, its deadlines
in working days, extensions with a leader's approval, actions on nominations."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.roles import Role
from discipline import services
from discipline.choices import ExtensionStatus, ReportStatus
from discipline.models import Report, ReportAction, ReportExtension, ReportSource
from discipline.selectors import blocking_report_person_ids
from discipline.services import reports as report_services

from .conftest import REPORTER_NAME, REPORTER_PHONE

pytestmark = pytest.mark.django_db

# 2024 National Day: 1–7 October off, Sunday 29 September and Saturday 12 October worked.
MONDAY_BEFORE_NATIONAL_DAY = datetime.date(2024, 9, 30)


def _register(users, village, **overrides):
    data = {
        "by": users[Role.DISCIPLINE],
        "village": village,
        "channel": "mailbox",
        "category": "discipline",
        "summary": "反映村干部借换届之机突击发放补贴",
        "received_on": datetime.date(2021, 10, 8),
        "original_content": "举报信原文",
    }
    data.update(overrides)
    return services.report_register(**data)


def _message(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- intake ---------------------------------------------------------------------------------


def test_register_writes_the_report_and_its_confidential_source(users, villages):
    # given a named report from the hotline
    # when discipline registers it
    report = _register(
        users,
        villages[1],
        anonymous=False,
        reporter_name=REPORTER_NAME,
        reporter_phone=REPORTER_PHONE,
    )
    # then the report is numbered, registered, and the reporter lives only in the source
    assert report.number == "JB2021-001"
    assert report.status == ReportStatus.REGISTERED
    assert report.township_id == villages[1].township_id
    source = ReportSource.objects.get(report=report)
    assert (source.anonymous, source.reporter_name) == (False, REPORTER_NAME)
    assert REPORTER_NAME not in report.summary
    # and the next report gets the next number
    assert _register(users, villages[2]).number == "JB2021-002"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"anonymous": False, "reporter_name": ""}, "实名举报须填写举报人姓名"),
        ({"anonymous": True, "reporter_name": "秦守义"}, "匿名举报不能填写姓名"),
        ({"received_on": datetime.date(2099, 1, 1)}, "是将来的日期"),
        (
            {
                "anonymous": False,
                "reporter_name": "秦守义",
                "summary": "秦守义反映有人拉票",
            },
            "提到了举报人",
        ),
        (
            {
                "anonymous": True,
                "reporter_phone": "139-1234-5678",
                "summary": "电话13912345678来电反映拉票",
            },
            "提到了举报人",
        ),
    ],
)
def test_register_refuses_bad_input_and_writes_nothing(
    users, villages, overrides, message
):
    # given a report with one thing wrong
    # when discipline registers it
    with pytest.raises(ValidationError) as caught:
        _register(users, villages[1], **overrides)
    # then a Chinese message says what is wrong and nothing is written
    assert message in _message(caught.value)
    assert Report.objects.count() == 0
    assert ReportSource.objects.count() == 0


def test_register_refuses_a_person_of_another_village(users, villages, nominee):
    # given the nominee of the first village
    # when discipline registers a report about them under the second village
    with pytest.raises(ValidationError) as caught:
        _register(users, villages[1], person=nominee.person)
    # then the message names both villages and nothing is written
    assert "张德胜" in _message(caught.value)
    assert "王楼村" in _message(caught.value)
    assert Report.objects.count() == 0


@pytest.mark.parametrize("role", [Role.OFFICE, Role.LEADER, Role.INSPECTOR, Role.GUIDE])
def test_only_discipline_registers_reports(users, villages, role):
    # given a user of another role
    # when they try to register a report
    with pytest.raises(PermissionDenied):
        _register(users, villages[2], by=users[role])
    # then nothing is written
    assert Report.objects.count() == 0


def test_register_form_in_two_steps_then_saves(users, villages, nominee, client_for):
    # given discipline on the registration page
    client = client_for(users[Role.DISCIPLINE])
    url = reverse("discipline:report_add")
    # when they choose the village and load its roster
    response = client.post(
        url, {"village": villages[0].pk, "load": "1", "summary": "草稿"}
    )
    # then the nominee can be chosen and what was typed is kept
    assert response.status_code == 200
    content = response.content.decode()
    assert "张德胜" in content
    assert "草稿" in content
    # when they submit the whole form
    response = client.post(
        url,
        {
            "village": villages[0].pk,
            "person": nominee.person.pk,
            "channel": "hotline",
            "category": "vote_buying",
            "received_on": "2021-10-08",
            "summary": "反映参选人请党员吃饭",
            "reporter_name": "",
            "anonymous": "on",
            "original_content": "电话内容",
        },
    )
    # then the report exists and the user lands on it
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    assert report.person == nominee.person


def test_register_form_shows_the_error_and_writes_nothing(users, villages, client_for):
    # given discipline on the registration page
    client = client_for(users[Role.DISCIPLINE])
    # when a named report comes without the name
    response = client.post(
        reverse("discipline:report_add"),
        {
            "village": villages[2].pk,
            "channel": "hotline",
            "category": "other",
            "received_on": "2021-10-08",
            "summary": "反映问题",
            "original_content": "原文",
        },
    )
    # then the form says so in Chinese and nothing is written
    assert response.status_code == 200
    assert "实名举报须填写举报人姓名" in response.content.decode()
    assert Report.objects.count() == 0


# --- deadlines --------------------------------------------------------------------------------


def test_verification_deadline_counts_working_days_across_national_day(users, villages):
    # given a report received on the Monday before the 2024 National Day holiday
    report = _register(users, villages[2], received_on=MONDAY_BEFORE_NATIONAL_DAY)
    # when it is accepted the same day (default: 5 working days, no round)
    report = services.report_accept(
        report=report, by=users[Role.DISCIPLINE], accepted_on=MONDAY_BEFORE_NATIONAL_DAY
    )
    # then 1–7 October do not count and Saturday 12 October (调休) does
    assert report.verify_days == 5
    assert report.verify_due == datetime.date(2024, 10, 12)
    assert report.status == ReportStatus.ACCEPTED


def test_verification_days_come_from_the_rounds_rules(users, villages, township):
    # given a round whose rule set allows 3 working days for verification
    from stages.models import Rule
    from stages.tests.factories import ElectionRoundFactory

    election_round = ElectionRoundFactory(township=township)
    rule = Rule.objects.get(rule_set=election_round.rule_set, key="report_verify_days")
    rule.numerator = 3
    rule.save()
    report = _register(users, villages[2], received_on=datetime.date(2021, 10, 8))
    # when the report is accepted on Friday 8 October 2021
    report = services.report_accept(
        report=report, by=users[Role.DISCIPLINE], accepted_on=datetime.date(2021, 10, 8)
    )
    # then the deadline is three working days later: Saturday 9 October (调休, worked),
    # Monday 11 and Tuesday 12 October
    assert report.verify_days == 3
    assert report.verify_due == datetime.date(2021, 10, 12)


def test_acceptance_is_due_the_day_received(users, villages):
    # given a report received on 8 October and still registered
    report = _register(users, villages[2], received_on=datetime.date(2021, 10, 8))
    # when it is looked at that day and the next
    # then it is due that day, and overdue the day after
    assert report.deadline() == datetime.date(2021, 10, 8)
    assert not report.is_overdue(datetime.date(2021, 10, 8))
    assert report.is_overdue(datetime.date(2021, 10, 9))
    assert list(Report.objects.overdue(datetime.date(2021, 10, 9))) == [report]


def test_accepting_before_receipt_is_refused(users, villages):
    # given a report received on 8 October
    report = _register(users, villages[2])
    # when someone accepts it "on 7 October"
    with pytest.raises(ValidationError) as caught:
        services.report_accept(
            report=report,
            by=users[Role.DISCIPLINE],
            accepted_on=datetime.date(2021, 10, 7),
        )
    # then the message says the date is before receipt and the report stays registered
    assert "早于收到举报的日期" in _message(caught.value)
    report.refresh_from_db()
    assert report.status == ReportStatus.REGISTERED


# --- illegal transitions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (
            lambda r, u: services.report_conclude(
                report=r, by=u, conclusion="true", findings="查实"
            ),
            "记录结论",
        ),
        (lambda r, u: services.report_close(report=r, by=u), "办结"),
        (
            lambda r, u: services.report_feedback(
                report=r, by=u, feedback_note="已反馈"
            ),
            "记录反馈",
        ),
        (
            lambda r, u: services.report_mark_handled(
                report=r, by=u, handling_note="x"
            ),
            "完成处置",
        ),
        (
            lambda r, u: services.extension_request(
                report=r, by=u, days=2, reason="需要赴外地调查取证"
            ),
            "申请延期",
        ),
    ],
)
def test_steps_out_of_order_are_refused_in_chinese(users, villages, step, message):
    # given a report that is only registered
    report = _register(users, villages[2])
    # when a later step is attempted
    with pytest.raises(ValidationError) as caught:
        step(report, users[Role.DISCIPLINE])
    # then the message names the current status and the step, and nothing changes
    text = _message(caught.value)
    assert "已登记" in text
    assert message in text
    report.refresh_from_db()
    assert report.status == ReportStatus.REGISTERED
    assert ReportExtension.objects.count() == 0


def test_accepting_twice_is_refused(users, villages):
    # given an accepted report
    report = _register(users, villages[2])
    services.report_accept(
        report=report, by=users[Role.DISCIPLINE], accepted_on=report.received_on
    )
    # when it is accepted again
    with pytest.raises(ValidationError) as caught:
        services.report_accept(report=report, by=users[Role.DISCIPLINE])
    # then the message says it is already under verification
    assert "已受理，核查中" in _message(caught.value)


def _accepted(users, village, **kwargs):
    report = _register(users, village, **kwargs)
    return services.report_accept(
        report=report, by=users[Role.DISCIPLINE], accepted_on=report.received_on
    )


def test_conclusion_needs_findings(users, villages):
    # given a report under verification
    report = _accepted(users, villages[2])
    # when the conclusion comes without findings
    with pytest.raises(ValidationError) as caught:
        services.report_conclude(
            report=report, by=users[Role.DISCIPLINE], conclusion="true", findings=" "
        )
    # then it is refused
    assert "请先填写核查情况" in _message(caught.value)


def test_full_lifecycle_of_a_substantiated_report(users, villages):
    # given a named report under verification
    discipline = users[Role.DISCIPLINE]
    report = _accepted(
        users,
        villages[2],
        anonymous=False,
        reporter_name=REPORTER_NAME,
        reporter_phone=REPORTER_PHONE,
    )
    day = report.received_on
    # when it is found substantiated, criticised, handled, fed back and closed
    services.report_conclude(
        report=report,
        by=discipline,
        conclusion="true",
        findings="经核查属实",
        concluded_on=day,
    )
    with pytest.raises(ValidationError) as caught:
        services.report_mark_handled(report=report, by=discipline, handled_on=day)
    assert "请先记录至少一项处置" in _message(caught.value)
    services.report_action_add(
        report=report,
        by=discipline,
        kind="criticise",
        description="批评教育",
        taken_on=day,
    )
    services.report_mark_handled(report=report, by=discipline, handled_on=day)
    with pytest.raises(ValidationError) as caught:
        services.report_feedback(
            report=report,
            by=discipline,
            feedback_note="已向村党组织反馈",
            feedback_on=day,
        )
    assert "请记录何时、以何种方式告知举报人" in _message(caught.value)
    services.report_feedback(
        report=report,
        by=discipline,
        feedback_note="已向村党组织反馈",
        reporter_feedback="电话告知",
        feedback_on=day,
    )
    report = services.report_close(report=report, by=discipline, closed_on=day)
    # then it is closed with its action, and the reporter was told
    assert report.status == ReportStatus.CLOSED
    assert report.actions.get().kind == "criticise"
    assert ReportSource.objects.get(report=report).reporter_feedback == "电话告知"


def test_unsubstantiated_report_needs_a_handling_note_and_no_action(users, villages):
    # given a report found unsubstantiated
    discipline = users[Role.DISCIPLINE]
    report = _accepted(users, villages[2])
    services.report_conclude(
        report=report, by=discipline, conclusion="false", findings="经走访未发现"
    )
    # when an action is attempted, or it is marked handled without a note
    with pytest.raises(ValidationError) as caught:
        services.report_action_add(
            report=report, by=discipline, kind="criticise", description="批评"
        )
    assert "只对属实或部分属实的举报采取处置措施" in _message(caught.value)
    with pytest.raises(ValidationError) as caught:
        services.report_mark_handled(report=report, by=discipline)
    # then the note is asked for; with it the report is handled
    assert "举报不属实" in _message(caught.value)
    report = services.report_mark_handled(
        report=report, by=discipline, handling_note="予以澄清"
    )
    assert report.status == ReportStatus.HANDLED
    assert ReportAction.objects.count() == 0


def test_referral_needs_a_target(users, villages):
    # given a substantiated report
    discipline = users[Role.DISCIPLINE]
    report = _accepted(users, villages[2])
    services.report_conclude(
        report=report, by=discipline, conclusion="partly_true", findings="部分属实"
    )
    # when it is referred without saying to whom
    with pytest.raises(ValidationError) as caught:
        services.report_action_add(
            report=report, by=discipline, kind="refer", description="移送"
        )
    # then it is refused; with a target the action is recorded with its effect
    assert "请写明移送给谁" in _message(caught.value)
    action = services.report_action_add(
        report=report,
        by=discipline,
        kind="refer",
        description="移送",
        referred_to="县纪委监委",
    )
    assert action.effect == "已移送县纪委监委。"


# --- extensions -------------------------------------------------------------------------------


def test_extension_moves_the_deadline_only_with_the_leaders_approval(users, villages):
    # given a report accepted before National Day 2024, due 12 October
    discipline, leader = users[Role.DISCIPLINE], users[Role.LEADER]
    report = _accepted(users, villages[2], received_on=MONDAY_BEFORE_NATIONAL_DAY)
    # when discipline asks for 2 more working days
    extension = services.extension_request(
        report=report, by=discipline, days=2, reason="当事人外出，需赴外地调查取证"
    )
    report.refresh_from_db()
    # then nothing moves until the leader decides
    assert report.verify_due == datetime.date(2024, 10, 12)
    with pytest.raises(PermissionDenied):
        services.extension_decide(extension=extension, by=discipline, approve=True)
    with pytest.raises(PermissionDenied):
        services.extension_decide(
            extension=extension, by=users[Role.OFFICE], approve=True
        )
    # when the leader approves
    extension = services.extension_decide(
        extension=extension, by=leader, approve=True, note="同意"
    )
    report.refresh_from_db()
    # then the deadline moves by two working days (Sunday 13 October does not count)
    assert extension.status == ExtensionStatus.APPROVED
    assert report.verify_due == datetime.date(2024, 10, 15)
    assert (extension.previous_due, extension.new_due) == (
        datetime.date(2024, 10, 12),
        datetime.date(2024, 10, 15),
    )
    # and a decided request cannot be decided again
    with pytest.raises(ValidationError) as caught:
        services.extension_decide(
            extension=extension, by=leader, approve=False, note="不同意"
        )
    assert "已经作出决定" in _message(caught.value)


@pytest.mark.parametrize(
    ("days", "reason", "message"),
    [
        (0, "当事人外出，需赴外地调查取证", "1 至 10 个工作日"),
        (11, "当事人外出，需赴外地调查取证", "1 至 10 个工作日"),
        (2, "太忙", "请说明延期理由"),
    ],
)
def test_extension_request_refuses_bad_input(users, villages, days, reason, message):
    # given a report under verification
    report = _accepted(users, villages[2])
    # when the request is out of range or without a real reason
    with pytest.raises(ValidationError) as caught:
        services.extension_request(
            report=report, by=users[Role.DISCIPLINE], days=days, reason=reason
        )
    # then it is refused and nothing is written
    assert message in _message(caught.value)
    assert ReportExtension.objects.count() == 0


def test_rejection_needs_a_reason_and_keeps_the_deadline(users, villages):
    # given a pending extension
    report = _accepted(users, villages[2], received_on=MONDAY_BEFORE_NATIONAL_DAY)
    extension = services.extension_request(
        report=report, by=users[Role.DISCIPLINE], days=3, reason="需要补充调查取证材料"
    )
    # when the leader rejects without a reason
    with pytest.raises(ValidationError) as caught:
        services.extension_decide(
            extension=extension, by=users[Role.LEADER], approve=False
        )
    assert "请说明不同意延期的理由" in _message(caught.value)
    # then with a reason it is rejected and the deadline stays
    services.extension_decide(
        extension=extension, by=users[Role.LEADER], approve=False, note="按期办结"
    )
    report.refresh_from_db()
    assert report.verify_due == datetime.date(2024, 10, 12)
    # and a second request may follow
    services.extension_request(
        report=report, by=users[Role.DISCIPLINE], days=1, reason="再次申请补充取证时间"
    )
    with pytest.raises(ValidationError) as caught:
        services.extension_request(
            report=report,
            by=users[Role.DISCIPLINE],
            days=1,
            reason="重复申请补充取证时间",
        )
    assert "等待领导组决定" in _message(caught.value)


def test_concluding_withdraws_a_pending_extension(users, villages):
    # given a pending extension
    report = _accepted(users, villages[2])
    extension = services.extension_request(
        report=report, by=users[Role.DISCIPLINE], days=3, reason="需要补充调查取证材料"
    )
    # when the verification is concluded anyway
    services.report_conclude(
        report=report,
        by=users[Role.DISCIPLINE],
        conclusion="false",
        findings="未发现问题",
    )
    # then the request is withdrawn, not left for the leader
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.WITHDRAWN


def test_leader_decides_from_the_report_page(users, villages, client_for):
    # given a pending extension
    report = _accepted(users, villages[2], received_on=MONDAY_BEFORE_NATIONAL_DAY)
    extension = services.extension_request(
        report=report, by=users[Role.DISCIPLINE], days=1, reason="需要补充调查取证材料"
    )
    leader = client_for(users[Role.LEADER])
    # when the leader opens the report and approves
    page = leader.get(report.get_absolute_url()).content.decode()
    assert 'id="decision-form"' in page
    response = leader.post(
        reverse("discipline:extension_decide", args=[extension.pk]),
        {"decision": "approve", "note": "同意"},
    )
    # then the deadline has moved
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.verify_due == datetime.date(2024, 10, 14)
    # and the office cannot decide (403)
    other = services.extension_request(
        report=report, by=users[Role.DISCIPLINE], days=1, reason="需要补充调查取证材料"
    )
    response = client_for(users[Role.OFFICE]).post(
        reverse("discipline:extension_decide", args=[other.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403


def test_lifecycle_step_from_the_page_shows_the_chinese_error(
    users, villages, client_for
):
    # given a registered report
    report = _register(users, villages[2])
    client = client_for(users[Role.DISCIPLINE])
    # when someone posts a conclusion to it directly
    response = client.post(
        reverse("discipline:report_conclude", args=[report.pk]),
        {"conclusion": "true", "findings": "查实", "day": "2021-10-09"},
        follow=True,
    )
    # then the page says why, and the office may not post steps at all
    assert "只有处于“已受理，核查中”时才能记录结论" in response.content.decode()
    response = client_for(users[Role.OFFICE]).post(
        reverse("discipline:report_accept", args=[report.pk]), {"day": "2021-10-08"}
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.REGISTERED


# --- the nomination block ------------------------------------------------------------------


def test_open_vote_buying_report_blocks_the_nominee_until_closed(
    users, villages, nominee
):
    # given an open 拉票贿选 report against the nominee and one of 违反换届纪律 against another
    discipline = users[Role.DISCIPLINE]
    report = _register(
        users, villages[0], person=nominee.person, category="vote_buying"
    )
    from villages.tests.factories import PersonFactory

    other = PersonFactory(village=villages[0])
    _register(users, villages[0], person=other, category="discipline")
    # when the vetting code asks
    blocked = blocking_report_person_ids([nominee.person_id, other.pk])
    # then only the nominee is blocked
    assert blocked == {nominee.person_id}
    # when the report runs its course and is closed
    day = report.received_on
    services.report_accept(report=report, by=discipline, accepted_on=day)
    services.report_conclude(
        report=report,
        by=discipline,
        conclusion="false",
        findings="未查实",
        concluded_on=day,
    )
    services.report_mark_handled(
        report=report, by=discipline, handling_note="澄清", handled_on=day
    )
    services.report_feedback(
        report=report, by=discipline, feedback_note="已反馈", feedback_on=day
    )
    assert blocking_report_person_ids([nominee.person_id]) == {nominee.person_id}
    services.report_close(report=report, by=discipline, closed_on=day)
    # then the block is lifted
    assert blocking_report_person_ids([nominee.person_id]) == set()


def test_blocking_ids_take_one_query(
    users, villages, nominee, django_assert_num_queries
):
    # given an open eligibility report
    _register(users, villages[0], person=nominee.person, category="eligibility")
    # when the vetting code asks about many people
    with django_assert_num_queries(1):
        blocked = blocking_report_person_ids(
            [nominee.person_id, *range(10_000, 10_300)]
        )
    # then one query answers
    assert blocked == {nominee.person_id}


def test_vetting_refuses_a_formal_list_with_a_blocked_nominee(users, villages, nominee):
    # given the vetting code's formal-list check and an open 拉票贿选 report
    vetting = pytest.importorskip("candidates.services.vetting")
    if not hasattr(vetting, "formal_list_check"):
        pytest.skip("candidates has no formal-list check yet")
    _register(users, villages[0], person=nominee.person, category="vote_buying")
    # when the formal list of the nominee's village is checked
    _candidates, problems, _flags = vetting.formal_list_check(
        round=nominee.round,
        village=villages[0],
        body=nominee.body,
        today=timezone.localdate(),
    )
    # then the report is one of the problems (if the nominee is on the list at all)
    names = " ".join(str(p) for p in problems)
    if nominee in _candidates:
        assert "张德胜" in names


def test_disqualification_acts_on_the_nomination_with_an_audit_trail(
    users, villages, nominee
):
    # given a substantiated 拉票贿选 report against the nominee
    discipline = users[Role.DISCIPLINE]
    report = _accepted(
        users, villages[0], person=nominee.person, category="vote_buying"
    )
    services.report_conclude(
        report=report, by=discipline, conclusion="true", findings="经核查属实"
    )
    # when discipline disqualifies the nominee through the report
    action = services.report_action_add(
        report=report,
        by=discipline,
        kind="disqualify",
        description="经核查存在拉票贿选行为，取消候选人资格",
        nomination=nominee,
    )
    # then the nomination is disqualified with that reason, and the action is recorded
    nominee.refresh_from_db()
    assert nominee.status == "disqualified"
    assert "拉票贿选" in nominee.disqualified_reason
    assert report.number not in nominee.disqualified_reason
    assert action.nomination_id == nominee.pk
    assert action.history.count() == 1
    assert "已取消资格" in action.effect


def test_disqualification_of_someone_elses_nomination_is_refused(
    users, villages, nominee
):
    # given a substantiated report about another person of the village
    from candidates.tests.factories import NominationFactory
    from villages.tests.factories import PersonFactory

    discipline = users[Role.DISCIPLINE]
    other = NominationFactory(
        village=villages[0], person=PersonFactory(village=villages[0])
    )
    report = _accepted(users, villages[0], person=other.person, category="vote_buying")
    services.report_conclude(
        report=report, by=discipline, conclusion="true", findings="属实"
    )
    # when the nominee's nomination is picked by mistake
    with pytest.raises(ValidationError) as caught:
        services.report_action_add(
            report=report,
            by=discipline,
            kind="disqualify",
            description="取消资格",
            nomination=nominee,
        )
    # then it is refused and the nominee is untouched
    assert "不是" in _message(caught.value)
    nominee.refresh_from_db()
    assert nominee.status == "preliminary"
    assert ReportAction.objects.count() == 0


def test_void_election_needs_a_person(users, villages):
    # given a substantiated report about someone not on the roster
    discipline = users[Role.DISCIPLINE]
    report = _accepted(users, villages[2], subject_name="某参选人")
    services.report_conclude(
        report=report, by=discipline, conclusion="true", findings="属实"
    )
    # when 当选无效 is attempted
    with pytest.raises(ValidationError) as caught:
        services.report_action_add(
            report=report, by=discipline, kind="void_election", description="当选无效"
        )
    # then it is refused: there is no roster person to act on
    assert "没有指向花名册中的人员" in _message(caught.value)


def test_messages_are_constants_in_the_catalogue():
    # given the service messages
    # when they are translated
    from django.utils import translation

    with translation.override("zh-hans"):
        text = str(report_services.ONLY_LEADER)
    # then they read in Chinese
    assert "领导组" in text


def test_report_files_are_checked_and_kept_for_discipline_only(
    users, villages, client_for
):
    # given a registered report
    from django.core.files.uploadedfile import SimpleUploadedFile

    from discipline.models import ReportAttachment

    report = _register(users, villages[2])
    client = client_for(users[Role.DISCIPLINE])
    url = reverse("discipline:report_attach", args=[report.pk])
    # when discipline posts no file, then an executable, then a scan
    empty = client.post(url, {}, follow=True).content.decode()
    bad = client.post(
        url, {"files": [SimpleUploadedFile("x.exe", b"MZ")]}, follow=True
    ).content.decode()
    client.post(url, {"files": [SimpleUploadedFile("信.pdf", b"%PDF-1.4")]})
    # then the first two are refused in Chinese and only the scan is kept
    assert "这个字段是必填项" in empty
    assert ".exe" in bad
    assert list(ReportAttachment.objects.values_list("original_name", flat=True)) == [
        "信.pdf"
    ]
    # and the office may not add files
    response = client_for(users[Role.OFFICE]).post(
        url, {"files": [SimpleUploadedFile("a.pdf", b"%PDF")]}
    )
    assert response.status_code == 403

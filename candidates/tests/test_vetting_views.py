"""Vetting pages end to end through the test client: forms, actions, exports, panels,
and query budgets that do not grow with the number of villages or nominees."""

import datetime
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from candidates import services
from candidates.choices import NominationStatus
from candidates.models import Nomination, ReviewFinding
from core.models import AccessLog
from core.roles import Role
from villages.tests.factories import PersonFactory, VillageFactory

pytestmark = pytest.mark.django_db

S = NominationStatus


def _sent(vetting, **kwargs):
    nomination = vetting.nominate(**kwargs)
    vetting.send(nomination)
    return nomination


# --- nominating and sending -------------------------------------------------------------------


def test_office_nominates_a_person_of_the_village(vetting, client_for):
    # given
    client = client_for(vetting.office)
    village = vetting.villages[0]
    person = PersonFactory(village=village, name="王五")
    # when
    response = client.post(
        reverse("candidates:nomination_create", args=[village.pk]),
        {
            "person": person.pk,
            "body": "villagers_committee",
            "post": "director",
            "route": "villagers",
        },
    )
    # then
    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert response.url == nomination.get_absolute_url()
    assert nomination.status == S.PRELIMINARY
    assert nomination.nominated_by == vetting.office
    page = client.get(response.url).content.decode()
    assert "已将王五提名为村民委员会初步人选" in page


def test_nominating_with_a_wrong_post_shows_the_error_and_writes_nothing(
    vetting, client_for
):
    client = client_for(vetting.office)
    village = vetting.villages[0]
    person = PersonFactory(village=village)
    response = client.post(
        reverse("candidates:nomination_create", args=[village.pk]),
        {
            "person": person.pk,
            "body": "supervision_committee",
            "post": "secretary",
            "route": "self",
        },
    )
    assert response.status_code == 200
    assert "不是村务监督委员会的职务" in response.content.decode()
    assert not Nomination.objects.exists()


def test_nominating_a_person_of_another_village_is_refused_by_the_form(
    vetting, client_for
):
    client = client_for(vetting.office)
    other = PersonFactory(village=vetting.villages[1])
    response = client.post(
        reverse("candidates:nomination_create", args=[vetting.villages[0].pk]),
        {
            "person": other.pk,
            "body": "villagers_committee",
            "post": "member",
            "route": "self",
        },
    )
    assert response.status_code == 200
    assert not Nomination.objects.exists()


def test_send_page_shows_prechecks_and_sends_the_selected(vetting, client_for):
    # given: one eligible nominee and one 17-year-old
    client = client_for(vetting.office)
    ok = vetting.nominate(name="合格")
    young = vetting.nominate(name="年轻", birth_date=datetime.date(2005, 1, 1))
    # when
    page = client.get(reverse("candidates:review_send")).content.decode()
    response = client.post(
        reverse("candidates:review_send"),
        {"nominations": [ok.pk], "sent_on": "2021-09-06"},
    )
    # then
    assert "没有被选举权" in page
    assert f'id="send-{young.pk}" aria-label="年轻" disabled' in page
    assert response.status_code == 302
    ok.refresh_from_db()
    young.refresh_from_db()
    assert ok.status == S.IN_REVIEW
    assert young.status == S.PRELIMINARY


def test_sending_a_nominee_failing_the_prechecks_is_refused(vetting, client_for):
    client = client_for(vetting.office)
    young = vetting.nominate(name="年轻", birth_date=datetime.date(2005, 1, 1))
    response = client.post(
        reverse("candidates:review_send"),
        {"nominations": [young.pk], "sent_on": "2021-09-06"},
    )
    assert response.status_code == 200
    assert "未通过预审" in response.content.decode()
    young.refresh_from_db()
    assert young.status == S.PRELIMINARY


# --- the reviewer's page ----------------------------------------------------------------------


def test_reviewer_records_a_block_finding_with_evidence_and_signs(vetting, client_for):
    # given
    nomination = _sent(vetting, name="李四")
    item = vetting.item(nomination, "gongan")
    client = client_for(vetting.reviewers["gongan"])
    criterion = vetting.round_criterion(2)
    # when
    client.post(
        reverse("candidates:review_finding", args=[item.pk, criterion.pk]),
        {
            f"c{criterion.pk}-result": "issue",
            f"c{criterion.pk}-finding": "2016年因故意伤害罪被判处有期徒刑",
            f"c{criterion.pk}-evidence": SimpleUploadedFile(
                "判决书.pdf", b"%PDF-1.4 test", content_type="application/pdf"
            ),
        },
    )
    client.post(reverse("candidates:review_rest_clear", args=[item.pk]))
    confirm_page = client.post(
        reverse("candidates:review_sign", args=[item.pk]),
        {"conclusion": "存在十不选之二情形"},
    )
    assert 'id="confirm-disqualify"' in confirm_page.content.decode()
    response = client.post(
        reverse("candidates:review_sign", args=[item.pk]),
        {"conclusion": "存在十不选之二情形", "confirm": "disqualify"},
        follow=True,
    )
    # then
    nomination.refresh_from_db()
    assert nomination.status == S.DISQUALIFIED
    assert "故意伤害罪" in nomination.disqualified_reason
    assert "已取消李四的资格" in response.content.decode()
    finding = ReviewFinding.objects.get(item=item, criterion=criterion)
    assert finding.evidence.name.endswith(".pdf")
    office_page = (
        client_for(vetting.office).get(nomination.get_absolute_url()).content.decode()
    )
    assert 'id="disqualified-reason"' in office_page
    assert "故意伤害罪" in office_page


def test_evidence_is_served_to_the_department_and_office_only(vetting, client_for):
    nomination = _sent(vetting)
    item = vetting.item(nomination, "gongan")
    finding = services.review_finding_record(
        item=item,
        criterion=vetting.round_criterion(2),
        result="issue",
        finding="有前科",
        evidence=SimpleUploadedFile("材料.pdf", b"%PDF-1.4"),
        by=vetting.reviewers["gongan"],
    )
    url = reverse("candidates:finding_evidence", args=[finding.pk])
    assert client_for(vetting.reviewers["gongan"]).get(url).status_code == 200
    assert client_for(vetting.office).get(url).status_code == 200
    assert client_for(vetting.reviewers["fayuan"]).get(url).status_code == 404
    assert client_for(vetting.users[Role.GUIDE]).get(url).status_code == 403
    assert client_for(vetting.users[Role.INSPECTOR]).get(url).status_code == 403


def test_sign_without_answers_shows_the_chinese_message(vetting, client_for):
    nomination = _sent(vetting)
    item = vetting.item(nomination, "gongan")
    client = client_for(vetting.reviewers["gongan"])
    response = client.post(
        reverse("candidates:review_sign", args=[item.pk]),
        {"conclusion": "无问题"},
        follow=True,
    )
    assert "签署前须逐项填写审查结果" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "pending"


# --- leader decisions, notice and formal list pages ------------------------------------------


def test_leader_records_a_decision_from_the_nomination_page(vetting, client_for):
    nomination = _sent(vetting)
    vetting.answer(nomination, "gongan")
    vetting.answer(nomination, "fayuan")
    vetting.answer(nomination, "zuzhi", issues={7: "不合格党员"})
    client = client_for(vetting.leader)
    page = client.get(nomination.get_absolute_url()).content.decode()
    assert 'id="decision-form"' in page
    client.post(
        reverse("candidates:review_decide", args=[nomination.pk]),
        {"decision": "proceed", "reason": "已整改"},
    )
    assert nomination.review_decisions.get().reason == "已整改"


def test_notice_print_has_village_posts_period_and_hotline(vetting, client_for):
    # given
    village = vetting.villages[0]
    village.report_hotline = "0558-7612345"
    village.save()
    nomination = _sent(vetting, name="赵六")
    vetting.clear_all(nomination)
    services.nomination_start_inspection(nomination=nomination, by=vetting.office)
    notice = services.notice_publish(
        village=village,
        body=nomination.body,
        nominations=[nomination],
        start_date=datetime.date(2021, 9, 22),
        by=vetting.office,
    )
    # when
    page = (
        client_for(vetting.users[Role.GUIDE])
        .get(reverse("candidates:notice_print", args=[notice.pk]))
        .content.decode()
    )
    # then
    assert "关于立仓社区村民委员会候选人的公示" in page
    assert "赵六" in page
    assert "委员" in page
    assert "2021年9月22日" in page
    assert "0558-7612345" in page
    assert "中共立仓镇委员会" in page


def test_formal_list_page_walks_maker_and_checker(vetting, client_for):
    nomination = _sent(vetting)
    vetting.clear_all(nomination)
    services.nomination_start_inspection(nomination=nomination, by=vetting.office)
    services.notice_publish(
        village=nomination.village,
        body=nomination.body,
        nominations=[nomination],
        start_date=datetime.date(2021, 9, 22),
        by=vetting.office,
    )
    url = reverse(
        "candidates:formal_list", args=[nomination.village_id, nomination.body]
    )
    office = client_for(vetting.office)
    office.post(
        reverse(
            "candidates:formal_list_propose",
            args=[nomination.village_id, nomination.body],
        )
    )
    proposal = nomination.formal_lists.get()
    # the proposer (office) has no confirm button and a POST is refused
    assert 'id="confirm"' not in office.get(url).content.decode()
    assert (
        office.post(
            reverse("candidates:formal_list_confirm", args=[proposal.pk])
        ).status_code
        == 403
    )
    leader = client_for(vetting.leader)
    assert 'id="confirm"' in leader.get(url).content.decode()
    leader.post(reverse("candidates:formal_list_confirm", args=[proposal.pk]))
    nomination.refresh_from_db()
    assert nomination.status == S.FORMAL


# --- exports and the 联审表 ---------------------------------------------------------------------


def test_review_table_prints_every_department_with_its_criteria(vetting, client_for):
    nomination = _sent(vetting, name="钱七")
    vetting.answer(nomination, "gongan")
    page = (
        client_for(vetting.office)
        .get(reverse("candidates:review_table", args=[nomination.pk]))
        .content.decode()
    )
    assert "村（社区）“两委”换届候选人资格联审表" in page
    assert nomination.person.id_number in page
    for name in ("公安", "法院", "组织部"):
        assert name in page
    assert "负责人签字（盖章）" in page
    assert "未签署" in page


def test_review_table_xlsx_has_candidate_and_findings_and_is_logged(
    vetting, client_for
):
    nomination = _sent(vetting, name="钱七")
    vetting.answer(nomination, "gongan", issues={4: "参与赌博被行政拘留"}, sign=False)
    response = client_for(vetting.leader).get(
        reverse("candidates:review_table_xlsx", args=[nomination.pk])
    )
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    basics = {
        row[0]: row[1]
        for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)
    }
    assert basics["姓名"] == "钱七"
    assert "*" in basics["身份证号码"]
    findings = list(book.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert any(
        row[0] == "公安" and row[1] == 4 and row[5] == "参与赌博被行政拘留"
        for row in findings
    )
    assert AccessLog.objects.filter(
        user=vetting.leader, action="export", what="联审表"
    ).exists()


def test_ledger_export_lists_status_and_pending_departments(vetting, client_for):
    nomination = _sent(vetting, name="孙八")
    vetting.answer(nomination, "gongan")
    response = client_for(vetting.office).get(
        reverse("candidates:nomination_list") + "?export=xlsx"
    )
    rows = list(
        load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows[0][0] == "村（社区）"
    row = next(r for r in rows if r[1] == "孙八")
    assert row[7] == "联审中"
    assert row[9] == "组织部、法院"  # in department order
    assert AccessLog.objects.filter(action="export", what="资格审查台账").exists()


def test_ledger_filters_by_status_and_searches_by_name(vetting, client_for):
    first = _sent(vetting, name="周九")
    vetting.nominate(name="吴十")
    client = client_for(vetting.office)
    page = client.get(
        reverse("candidates:nomination_list") + "?status=in_review"
    ).content.decode()
    assert "周九" in page
    assert "吴十" not in page
    page = client.get(reverse("candidates:nomination_list") + "?q=吴").content.decode()
    assert "吴十" in page
    assert f'data-nomination="{first.pk}"' not in page


# --- panels -------------------------------------------------------------------------------------


def test_village_page_shows_the_vetting_panel(vetting, client_for):
    _sent(vetting)
    page = (
        client_for(vetting.office)
        .get(vetting.villages[0].get_absolute_url())
        .content.decode()
    )
    assert 'id="vetting-panel"' in page
    assert "联审中" in page


def test_person_page_lists_the_persons_nominations(vetting, client_for):
    nomination = _sent(vetting)
    page = (
        client_for(vetting.office)
        .get(nomination.person.get_absolute_url())
        .content.decode()
    )
    assert 'id="person-nominations"' in page
    assert nomination.get_absolute_url() in page


# --- query budgets ------------------------------------------------------------------------------


def _fill(vetting, villages, per_village):
    nominations = []
    for village in villages:
        for _ in range(per_village):
            nominations.append(vetting.nominate(village=village))
    vetting.send(*nominations)
    for n in nominations[::2]:
        vetting.answer(n, "gongan")
    return nominations


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_ledger_queries_do_not_grow_with_villages_or_nominees(
    vetting, client_for, django_assert_max_num_queries
):
    # given
    client = client_for(vetting.office)
    url = reverse("candidates:nomination_list")
    _fill(vetting, vetting.villages[:2], 2)
    small = _count_queries(client, url)
    small_export = _count_queries(client, url + "?export=xlsx")
    more = [
        VillageFactory(township=vetting.township, code=f"9{i:02d}") for i in range(6)
    ]
    _fill(vetting, more, 3)
    # when / then
    with django_assert_max_num_queries(small):
        client.get(url)
    with django_assert_max_num_queries(small_export):
        client.get(url + "?export=xlsx")
    assert small <= 15


def test_inbox_queries_do_not_grow_with_items(
    vetting, client_for, django_assert_max_num_queries
):
    client = client_for(vetting.reviewers["gongan"])
    url = reverse("candidates:review_inbox")
    _fill(vetting, vetting.villages[:2], 1)
    small = _count_queries(client, url)
    _fill(vetting, vetting.villages, 4)
    with django_assert_max_num_queries(small):
        client.get(url)
    assert small <= 12


def test_village_ledger_queries_do_not_grow(
    vetting, client_for, django_assert_max_num_queries
):
    client = client_for(vetting.users[Role.GUIDE])
    village = vetting.villages[0]
    url = reverse("candidates:village_ledger", args=[village.pk])
    _fill(vetting, [village], 1)
    small = _count_queries(client, url)
    _fill(vetting, [village], 6)
    with django_assert_max_num_queries(small):
        client.get(url)

"""离任经济责任审计 (组织法第三十五条) and 工作移交 (第二十条, V10): records, deadlines,
十不选 item 8 in the pre-checks, scoping, query budgets."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from core.roles import Role
from elections import selectors, services
from elections.choices import AuditFinding, CountStatus, Rectification
from elections.models import Handover, HandoverItem, OutgoingAudit
from stages.choices import TaskStatus
from stages.defaults import load_stages, load_templates
from stages.models import TaskTemplate, VillageElection, VillageTask
from villages.tests.factories import PersonFactory

from .register_support import vc_election
from .support import make_round

pytestmark = pytest.mark.django_db

DAY = datetime.date(2021, 12, 12)  # VC election day
TODAY = datetime.date(2021, 12, 30)


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def world(township, villages, users):
    round = make_round(township)
    for village in villages:
        VillageElection.objects.update_or_create(
            round=round,
            village=village,
            defaults={
                "party_election_date": DAY - datetime.timedelta(days=30),
                "vc_election_date": DAY,
            },
        )
    return {
        "round": round,
        "village": villages[0],
        "office": users[Role.OFFICE],
        "users": users,
    }


def audit_values(**extra):
    values = {
        "post": "director",
        "auditor": "立仓镇农经站",
        "period_start": datetime.date(2018, 1, 1),
        "period_end": datetime.date(2021, 9, 30),
        "audited_on": datetime.date(2021, 10, 20),
        "finding": AuditFinding.CLEAN,
        "problems": "",
        "amount": None,
        "rectification": "",
        "rectification_note": "",
        "published_on": None,
        "published_place": "",
        "notes": "",
    }
    values.update(extra)
    return values


def record(world, person=None, *, today=TODAY, village=None, by=None, **extra):
    village = village or world["village"]
    person = person or PersonFactory(village=village, name="王大海")
    return services.audit_save(
        round=world["round"],
        village=village,
        person=person,
        by=by or world["office"],
        today=today,
        **audit_values(**extra),
    )


# --- audits: publication before the election (vc_audit_publish_days, default 10) ----------


def test_rule_row_is_in_the_rule_set_with_default_ten(world):
    assert world["round"].rules.get("vc_audit_publish_days") == 10


@pytest.mark.parametrize(
    ("published", "state"),
    [
        (datetime.date(2021, 12, 2), "on_time"),  # D−10
        (datetime.date(2021, 12, 3), "late"),  # D−9
    ],
)
def test_publication_boundary(world, published, state):
    audit = record(world, published_on=published, published_place="村务公开栏")
    publication = selectors.audit_publication(audit, election_day=DAY, today=TODAY)
    assert publication.deadline == datetime.date(2021, 12, 2)
    assert publication.state == state


def test_unpublished_audit_is_overdue_after_the_deadline(world):
    audit = record(world, today=datetime.date(2021, 11, 1))
    day = datetime.date(2021, 12, 2)
    assert selectors.audit_publication(audit, election_day=DAY, today=day).state == (
        "open"
    )
    after = day + datetime.timedelta(days=1)
    assert selectors.audit_publication(audit, election_day=DAY, today=after).state == (
        "overdue"
    )


def test_publication_days_come_from_the_rule_set(world):
    world["round"].rule_set.rules.filter(key="vc_audit_publish_days").update(
        numerator=5
    )
    from stages.models import ElectionRound

    round = ElectionRound.objects.get(pk=world["round"].pk)
    audit = record(world, published_on=datetime.date(2021, 12, 7), published_place="栏")
    audit = OutgoingAudit.objects.select_related("round").get(pk=audit.pk)
    audit.round = round
    assert selectors.audit_publication(audit, election_day=DAY).state == "on_time"


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"finding": AuditFinding.PROBLEMS}, "problems", "描述"),
        (
            {"finding": AuditFinding.PROBLEMS, "problems": "白条入账"},
            "rectification",
            "整改",
        ),
        ({"problems": "白条入账"}, "problems", "未发现问题"),
        ({"period_end": datetime.date(2017, 1, 1)}, "period_end", "早于"),
        ({"audited_on": datetime.date(2022, 1, 1)}, "audited_on", "将来"),
        (
            {"published_on": datetime.date(2021, 10, 1), "published_place": "栏"},
            "published_on",
            "审计",
        ),
        ({"published_on": datetime.date(2021, 11, 1)}, "published_place", "公布"),
        (
            {
                "finding": AuditFinding.PROBLEMS,
                "problems": "x",
                "rectification": Rectification.OPEN,
                "amount": Decimal("-1"),
            },
            "amount",
            "负",
        ),
    ],
)
def test_bad_audit_input_is_refused_in_chinese_and_nothing_written(
    world, extra, field, words
):
    with pytest.raises(ValidationError) as caught:
        record(world, **extra)
    messages = " ".join(caught.value.message_dict[field])
    assert words in messages, messages
    assert OutgoingAudit.objects.count() == 0


def test_second_audit_of_the_same_cadre_is_refused(world):
    person = PersonFactory(village=world["village"])
    record(world, person)
    with pytest.raises(ValidationError) as caught:
        record(world, person)
    assert "已有" in " ".join(caught.value.messages)
    assert OutgoingAudit.objects.count() == 1


def test_cadre_of_another_village_is_refused(world, villages):
    person = PersonFactory(village=villages[1])
    with pytest.raises(ValidationError) as caught:
        record(world, person)
    assert "花名册" in " ".join(caught.value.message_dict["person"])
    assert OutgoingAudit.objects.count() == 0


def test_guide_of_another_group_may_not_record(world, villages):
    guide = world["users"][Role.GUIDE]  # guides villages 0 and 1
    with pytest.raises(PermissionDenied):
        record(world, village=villages[2], by=guide)
    assert OutgoingAudit.objects.count() == 0


# --- 十不选 item 8 in the vetting pre-checks --------------------------------------------


def test_problems_show_as_an_item_8_warning_with_a_link(world, client_for):
    from candidates.selectors import prechecks_for
    from candidates.tests.factories import NominationFactory

    person = PersonFactory(village=world["village"], name="李有财")
    audit = record(
        world,
        person,
        finding=AuditFinding.PROBLEMS,
        problems="挪用惠民资金2万元",
        amount=Decimal("20000"),
        rectification=Rectification.OPEN,
    )
    clean = PersonFactory(village=world["village"])
    record(world, clean)
    nomination = NominationFactory(
        village=world["village"], round=world["round"], person=person
    )
    other = NominationFactory(
        village=world["village"], round=world["round"], person=clean
    )
    checks = prechecks_for([nomination, other])
    found = [c for c in checks[nomination.pk] if c.code == "audit"]
    assert len(found) == 1
    assert found[0].level == "warn"  # a warning, never a refusal: the review decides
    assert "挪用惠民资金2万元" in found[0].message
    assert found[0].url == audit.get_absolute_url()
    assert not [c for c in checks[other.pk] if c.code == "audit"]
    page = client_for(world["office"]).get(
        reverse("candidates:nomination_detail", args=[nomination.pk])
    )
    assert audit.get_absolute_url() in page.content.decode()


def test_rectified_problems_are_information(world):
    from candidates.selectors import prechecks_for
    from candidates.tests.factories import NominationFactory

    person = PersonFactory(village=world["village"])
    record(
        world,
        person,
        finding=AuditFinding.PROBLEMS,
        problems="白条入账",
        rectification=Rectification.DONE,
    )
    nomination = NominationFactory(
        village=world["village"], round=world["round"], person=person
    )
    (check,) = [
        c for c in prechecks_for([nomination])[nomination.pk] if c.code == "audit"
    ]
    assert check.level == "info"


# --- handover (V10) --------------------------------------------------------------------


def counted(world, village=None, held_on=DAY):
    election = vc_election(
        village or world["village"], world["round"], world["office"], held_on=held_on
    )
    election.status = CountStatus.APPLIED
    election.valid = True
    election.save()
    return election


def test_handover_needs_a_new_committee(world):
    with pytest.raises(ValidationError) as caught:
        services.handover_setup(
            round=world["round"], village=world["village"], by=world["office"]
        )
    assert "村民委员会" in " ".join(caught.value.messages)
    assert Handover.objects.count() == 0


def test_handover_due_ten_days_after_the_election_with_default_items(world):
    counted(world)
    handover = services.handover_setup(
        round=world["round"], village=world["village"], by=world["office"]
    )
    assert handover.due_on == DAY + datetime.timedelta(days=10)
    names = list(handover.items.values_list("name", flat=True))
    assert names[:3] == ["公章", "财务账目", "档案资料"]
    # day 10 open, day 11 overdue
    assert (
        selectors.handover_state(handover, today=datetime.date(2021, 12, 22)) == "open"
    )
    assert (
        selectors.handover_state(handover, today=datetime.date(2021, 12, 23))
        == "overdue"
    )


def items_of(handover, *, done=True):
    return [
        {
            "pk": i.pk,
            "name": i.name,
            "detail": "",
            "handed_over": done,
            "received": done,
            "note": "",
        }
        for i in handover.items.all()
    ]


SIGNERS = {"handed_over_by": "王大海", "received_by": "李新", "supervised_by": "张镇"}


@pytest.mark.parametrize(
    ("signed", "state", "late"),
    [
        (datetime.date(2021, 12, 22), "done_in_time", False),
        (datetime.date(2021, 12, 23), "done_late", True),
    ],
)
def test_signing_completes_the_task_day_10_in_time_day_11_late(
    world, signed, state, late
):
    load_templates(load_stages())
    template = TaskTemplate.objects.get(code="vc-handover")
    task = VillageTask.objects.create(
        round=world["round"],
        village=world["village"],
        stage=template.stage,
        template=template,
        title=template.title,
        due_date=DAY + datetime.timedelta(days=10),
    )
    counted(world)
    handover = services.handover_setup(
        round=world["round"], village=world["village"], by=world["office"]
    )
    saved, notes = services.handover_save(
        handover=handover,
        by=world["office"],
        items=items_of(handover),
        produced_on=DAY,
        signed_on=signed,
        notes="",
        today=TODAY,
        **SIGNERS,
    )
    assert selectors.handover_state(saved, today=TODAY) == state
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE, notes
    assert task.completed_on == signed
    assert saved.get_absolute_url() in task.note or saved.get_absolute_url() in str(
        task.__dict__
    )


@pytest.mark.parametrize(
    ("values", "items_done", "words"),
    [
        ({**SIGNERS, "signed_on": datetime.date(2021, 12, 20)}, False, "公章"),
        (
            {"handed_over_by": "王", "signed_on": datetime.date(2021, 12, 20)},
            True,
            "监交",
        ),
        ({**SIGNERS, "signed_on": datetime.date(2021, 12, 1)}, True, "产生"),
        ({**SIGNERS, "signed_on": datetime.date(2022, 1, 20)}, True, "将来"),
    ],
)
def test_bad_handover_is_refused_and_nothing_written(world, values, items_done, words):
    counted(world)
    handover = services.handover_setup(
        round=world["round"], village=world["village"], by=world["office"]
    )
    rows = items_of(handover, done=items_done)
    rows[0]["detail"] = "公章1枚"
    with pytest.raises(ValidationError) as caught:
        services.handover_save(
            handover=handover,
            by=world["office"],
            items=rows,
            produced_on=DAY,
            notes="",
            today=TODAY,
            **values,
        )
    assert words in " ".join(caught.value.messages), caught.value.messages
    handover.refresh_from_db()
    assert handover.signed_on is None
    assert not HandoverItem.objects.filter(detail="公章1枚").exists()


# --- pages: scoping, edits, query budgets -----------------------------------------------


def test_pages_render_and_scope(world, villages, client_for, other_village):
    counted(world)
    handover = services.handover_setup(
        round=world["round"], village=world["village"], by=world["office"]
    )
    audit = record(world)
    own = record(world, village=villages[2], person=PersonFactory(village=villages[2]))
    office = client_for(world["office"])
    for url in (
        reverse("elections:audit_list"),
        audit.get_absolute_url(),
        reverse("elections:audit_edit", args=[audit.pk]),
        reverse("elections:audit_new", args=[world["village"].pk]),
        reverse("elections:handover_list"),
        handover.get_absolute_url(),
        reverse("elections:handover_edit", args=[handover.pk]),
        reverse("elections:handover_print", args=[handover.pk]),
    ):
        assert office.get(url).status_code == 200, url
    guide = client_for(world["users"][Role.GUIDE])
    assert guide.get(own.get_absolute_url()).status_code == 404
    assert guide.get(reverse("elections:audit_edit", args=[own.pk])).status_code == 404
    assert guide.get(audit.get_absolute_url()).status_code == 200
    county = client_for(world["users"][Role.COUNTY])
    assert county.get(audit.get_absolute_url()).status_code == 200
    assert (
        county.get(reverse("elections:audit_edit", args=[audit.pk])).status_code == 403
    )
    assert (
        county.get(reverse("elections:handover_edit", args=[handover.pk])).status_code
        == 403
    )
    reviewer = client_for(world["users"][Role.REVIEWER])
    assert reviewer.get(reverse("elections:handover_list")).status_code == 403


def test_handover_edit_form_signs_and_refuses_a_stale_save(world, client_for):
    counted(world)
    handover = services.handover_setup(
        round=world["round"], village=world["village"], by=world["office"]
    )
    office = client_for(world["office"])
    url = reverse("elections:handover_edit", args=[handover.pk])
    page = office.get(url)
    version = page.context["form"].fields["_version"].initial
    items = list(handover.items.all())
    data = {
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "30",
        "_version": str(version),
        "produced_on": "2021-12-12",
        "handed_over_by": "王大海",
        "received_by": "李新",
        "supervised_by": "张镇",
        "signed_on": "2021-12-20",
        "notes": "",
    }
    for n, item in enumerate(items):
        data.update(
            {
                f"items-{n}-pk": str(item.pk),
                f"items-{n}-name": item.name,
                f"items-{n}-handed_over": "on",
                f"items-{n}-received": "on",
            }
        )
    # someone else saves first
    Handover.objects.get(pk=handover.pk).save()
    stale = office.post(url, data)
    assert stale.status_code == 200
    handover.refresh_from_db()
    assert handover.signed_on is None
    data["_version"] = str(stale.context["form"]["_version"].value())
    done = office.post(url, data)
    assert done.status_code == 302
    handover.refresh_from_db()
    assert handover.signed_on == datetime.date(2021, 12, 20)


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the session and the scope
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_audit_list_query_budget_does_not_grow_with_rows(
    world, villages, client_for, django_assert_max_num_queries
):
    office = client_for(world["office"])
    url = reverse("elections:audit_list")
    for i in range(3):
        record(world, village=villages[i], person=PersonFactory(village=villages[i]))
    few = _queries(office, url)
    for i in range(40):
        village = villages[i % 4]
        record(world, village=village, person=PersonFactory(village=village))
    many = _queries(office, url)
    assert few == many
    with django_assert_max_num_queries(14):
        office.get(url + "?finding=clean&q=村")


def test_handover_list_query_budget_does_not_grow_with_rows(
    world, villages, client_for, django_assert_max_num_queries
):
    office = client_for(world["office"])
    url = reverse("elections:handover_list")
    counted(world, villages[0])
    services.handover_setup(
        round=world["round"], village=villages[0], by=world["office"]
    )
    few = _queries(office, url)
    for village in villages[1:]:
        counted(world, village)
        services.handover_setup(
            round=world["round"], village=village, by=world["office"]
        )
    many = _queries(office, url)
    assert few == many
    with django_assert_max_num_queries(12):
        office.get(url + "?state=overdue")


def test_audit_form_refuses_bad_input_in_chinese_and_records_good_input(
    world, client_for
):
    person = PersonFactory(village=world["village"], name="赵会计")
    guide = client_for(world["users"][Role.GUIDE])
    url = reverse("elections:audit_new", args=[world["village"].pk])
    data = {
        "_version": "0",
        "person": str(person.pk),
        "post": "member",
        "auditor": "立仓镇农经站",
        "period_start": "2018-01-01",
        "period_end": "2021-09-30",
        "audited_on": "2021-10-20",
        "finding": "problems",
        "problems": "",
        "amount": "",
        "rectification": "",
        "published_on": "",
        "published_place": "",
    }
    refused = guide.post(url, data)
    assert refused.status_code == 200
    assert "请描述审计发现的问题" in refused.content.decode()
    assert OutgoingAudit.objects.count() == 0
    data.update(problems="白条入账3笔", rectification="open", amount="1200.50")
    done = guide.post(url, data)
    assert done.status_code == 302
    audit = OutgoingAudit.objects.get()
    assert audit.amount == Decimal("1200.50")
    assert audit.recorded_by == world["users"][Role.GUIDE]
    assert audit.history.count() == 1


def test_handover_set_up_from_the_list(world, villages, client_for):
    counted(world)
    office = client_for(world["office"])
    response = office.post(
        reverse("elections:handover_pick"), {"village": world["village"].pk}
    )
    handover = Handover.objects.get()
    assert response.url == reverse("elections:handover_edit", args=[handover.pk])
    # a second click opens the same handover
    again = office.post(
        reverse("elections:handover_pick"), {"village": world["village"].pk}
    )
    assert again.url == handover.get_absolute_url()
    assert Handover.objects.count() == 1
    # a village without a new committee: refused with the reason, nothing written
    refused = office.post(
        reverse("elections:handover_pick"), {"village": villages[1].pk}, follow=True
    )
    assert "尚无已计票的有效村民委员会选举" in refused.content.decode()
    assert Handover.objects.count() == 1
    # a guide of other villages may not set one up
    guide = client_for(world["users"][Role.GUIDE])
    counted(world, villages[3])
    assert (
        guide.post(reverse("elections:handover_new", args=[villages[3].pk])).status_code
        == 404
    )


def test_audit_edit_refuses_a_stale_save(world, client_for):
    audit = record(world)
    office = client_for(world["office"])
    url = reverse("elections:audit_edit", args=[audit.pk])
    form = office.get(url).context["form"]
    data = {
        "_version": str(form.fields["_version"].initial),
        "post": "director",
        "auditor": "县审计局",
        "period_start": "2018-01-01",
        "period_end": "2021-09-30",
        "audited_on": "2021-10-20",
        "finding": "clean",
        "published_on": "2021-11-20",
        "published_place": "村务公开栏",
    }
    # a colleague changes the auditor meanwhile
    other = OutgoingAudit.objects.get(pk=audit.pk)
    other.auditor = "镇纪委"
    other.save()
    stale = office.post(url, data)
    assert stale.status_code == 200
    assert "镇纪委" in stale.content.decode()
    audit.refresh_from_db()
    assert audit.auditor == "镇纪委"
    assert audit.published_on is None


def test_publishing_every_outgoing_cadres_audit_completes_the_audit_task(world):
    from villages.choices import Category
    from villages.tests.factories import RosterMembershipFactory

    load_templates(load_stages())
    template = TaskTemplate.objects.get(code="prep-audit")
    task = VillageTask.objects.create(
        round=world["round"],
        village=world["village"],
        stage=template.stage,
        template=template,
        title=template.title,
        due_date=DAY - datetime.timedelta(days=10),
    )
    since = world["round"].start_date - datetime.timedelta(days=1500)
    cadres = []
    for post in ("director", "member"):
        person = PersonFactory(village=world["village"])
        RosterMembershipFactory(
            person=person,
            village=world["village"],
            category=Category.VILLAGERS_COMMITTEE,
            post=post,
            start_date=since,
        )
        cadres.append(person)
    published = {"published_on": datetime.date(2021, 11, 30), "published_place": "栏"}
    first = record(world, cadres[0], **published)
    task.refresh_from_db()
    assert task.status != TaskStatus.DONE  # the other cadre's audit is missing
    assert first.task_notes == []
    record(world, cadres[1], **published)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.completed_on == datetime.date(2021, 11, 30)
    assert "2名离任干部" in task.note

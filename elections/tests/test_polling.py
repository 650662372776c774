"""Proxy votes (委托投票, V9) and polling stations (投票站, 流动票箱, V7): rules, pages, scope."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from core.roles import Role
from elections import services
from elections.choices import (
    ProxyRelation,
    StationKind,
    VoterCategory,
    VoterRemoveReason,
)
from elections.models import (
    ElectionCandidate,
    PollingStation,
    ProxyVote,
    Voter,
)
from elections.services import polling
from stages.models import Rule
from villages.tests.factories import PersonFactory

from .register_support import id_number, vc_election
from .support import make_round

pytestmark = pytest.mark.django_db

DAY = datetime.date(
    2021, 12, 12
)  # election day; proxies dated 2021-12-09 at the latest
TODAY = datetime.date(2021, 12, 10)
LAST_DAY = datetime.date(2021, 12, 9)


@pytest.fixture(autouse=True)
def chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def world(township, villages, users):
    round = make_round(township)
    office = users[Role.OFFICE]
    election = vc_election(villages[0], round, office, held_on=DAY)
    world = {
        "round": round,
        "village": villages[0],
        "office": office,
        "users": users,
        "election": election,
    }
    world["voters"] = [add_voter(world, n) for n in range(8)]
    return world


def add_voter(world, n, *, election=None, **extra):
    values = {
        "election": election or world["election"],
        "by": world["office"],
        "name": f"选民{n}",
        "id_number": id_number(datetime.date(1970, 1, 1 + n % 28), n),
        "category": VoterCategory.RESIDENT,
        "group": "第一村民小组",
        "added_on": datetime.date(2021, 11, 1),
        "today": TODAY,
    }
    values.update(extra)
    return services.voter_add(**values)


def record(world, voter, proxy, **extra):
    values = {
        "election": world["election"],
        "by": world["office"],
        "voter": voter.id_number if isinstance(voter, Voter) else voter,
        "proxy": proxy.id_number if isinstance(proxy, Voter) else proxy,
        "relation": ProxyRelation.SPOUSE,
        "authorised_on": LAST_DAY,
        "today": TODAY,
    }
    values.update(extra)
    return polling.proxy_record(**values)


def refused(world, *args, field=None, **extra) -> str:
    before = ProxyVote.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        record(world, *args, **extra)
    assert ProxyVote.objects.count() == before  # nothing written
    if field:
        return " ".join(excinfo.value.message_dict[field])
    return " ".join(excinfo.value.messages)


def set_rule(world, key, value):
    Rule.objects.filter(key=key).update(numerator=value, denominator=1)
    # a fresh election reads the rule set again (the round caches its rule book)
    world["election"] = type(world["election"]).objects.get(pk=world["election"].pk)


# --- V9: proxy votes ----------------------------------------------------------------------


def test_three_voters_per_proxy_accepted_the_fourth_refused(world):
    v = world["voters"]
    # given a proxy voting for three voters (the rule set's maximum)
    for voter in v[1:4]:
        record(world, voter, v[0], relation=ProxyRelation.SIBLING)
    assert ProxyVote.objects.filter(proxy=v[0]).count() == 3
    # when a fourth voter authorises the same proxy
    message = refused(world, v[4], v[0], field="proxy")
    # then it is refused naming the three and the maximum
    assert "3" in message
    assert "选民1" in message
    assert "选民0" in message
    assert "最多" in message


def test_maximum_comes_from_the_rule_set(world):
    v = world["voters"]
    set_rule(world, "vc_proxy_max", 1)
    record(world, v[1], v[0])
    assert "最多" in refused(world, v[2], v[0], field="proxy")


def test_near_relative_required_by_default_and_switchable(world):
    v = world["voters"]
    message = refused(world, v[1], v[0], relation=ProxyRelation.OTHER, field="relation")
    assert "近亲属" in message
    # when the rule set allows any voter of the village
    set_rule(world, "vc_proxy_near_relative", 0)
    vote = record(world, v[1], v[0], relation=ProxyRelation.OTHER)
    assert vote.relation == ProxyRelation.OTHER
    # a relation is still required
    assert refused(world, v[2], v[0], relation="", field="relation")


def test_candidate_cannot_be_proxy_by_person_or_id_number(world):
    v = world["voters"]
    person = PersonFactory(village=world["village"], id_number=v[0].id_number)
    ElectionCandidate.objects.create(
        election=world["election"], person=person, post="member"
    )
    assert "候选人" in refused(world, v[1], v[0], field="proxy")
    # a candidate may still authorise a proxy (not required to be refused)
    assert record(world, v[0], v[2]).voter == v[0]


def test_removed_voter_can_neither_give_nor_receive_a_proxy(world):
    v = world["voters"]
    services.voter_remove(
        voter=v[5],
        by=world["office"],
        removed_on=datetime.date(2021, 12, 1),
        reason=VoterRemoveReason.MOVED_AWAY,
        today=TODAY,
    )
    assert "除名" in refused(world, v[5], v[0], field="voter")
    assert "除名" in refused(world, v[1], v[5], field="proxy")


def test_voter_of_another_register_is_not_found(world, villages):
    other = vc_election(villages[1], world["round"], world["office"], held_on=DAY)
    outsider = add_voter(world, 30, election=other)
    assert "选民名单" in refused(world, world["voters"][1], outsider, field="proxy")


def test_self_second_proxy_and_chains_refused(world):
    v = world["voters"]
    assert "本人" in refused(world, v[1], v[1], field="proxy")
    record(world, v[1], v[0])
    # a voter gives one proxy only
    assert "已委托" in refused(world, v[1], v[2], field="voter")
    # one who votes for others cannot authorise a proxy in turn, nor the away one receive
    assert refused(world, v[0], v[3], field="voter")
    assert refused(world, v[4], v[1], field="proxy")


def test_database_refuses_a_second_proxy_for_the_same_voter(world):
    v = world["voters"]
    first = record(world, v[1], v[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        ProxyVote.objects.create(
            register=first.register,
            voter=v[1],
            proxy=v[2],
            relation=ProxyRelation.SPOUSE,
            authorised_on=LAST_DAY,
            recorded_by=world["office"],
        )


def test_authorisation_deadline_from_the_rule_set(world):
    v = world["voters"]
    # 3 days before 12 December: the 9th is the last day, the 10th too late
    record(world, v[1], v[0], authorised_on=LAST_DAY)
    message = refused(
        world,
        v[2],
        v[0],
        authorised_on=datetime.date(2021, 12, 10),
        field="authorised_on",
    )
    assert "2021年12月9日" in message
    set_rule(world, "vc_proxy_days_before", 5)
    assert refused(world, v[3], v[0], authorised_on=LAST_DAY, field="authorised_on")
    record(world, v[3], v[0], authorised_on=datetime.date(2021, 12, 7))


def test_voter_found_by_unique_name_ambiguous_name_asks_for_id(world):
    v = world["voters"]
    vote = record(world, "选民1", "选民0")
    assert (vote.voter, vote.proxy) == (v[1], v[0])
    add_voter(world, 40, name="选民2")
    assert "身份证号" in refused(world, "选民2", "选民0", field="voter")


def test_only_the_village_editors_record(world, villages):
    leader = world["users"][Role.LEADER]
    with pytest.raises(PermissionDenied):
        record(world, world["voters"][1], world["voters"][0], by=leader)
    assert not ProxyVote.objects.exists()


def test_counted_election_refuses_new_proxies(world):
    world["election"].status = "counted"
    world["election"].save()
    assert "计票" in refused(world, world["voters"][1], world["voters"][0])


def test_publication_before_election_day(world):
    v = world["voters"]
    election = world["election"]
    with pytest.raises(ValidationError):
        polling.proxy_publish(
            election=election, by=world["office"], published_on=TODAY, today=TODAY
        )
    record(world, v[1], v[0])
    with pytest.raises(ValidationError) as excinfo:
        polling.proxy_publish(
            election=election, by=world["office"], published_on=DAY, today=DAY
        )
    assert "published_on" in excinfo.value.message_dict
    register = polling.proxy_publish(
        election=election,
        by=world["office"],
        published_on=datetime.date(2021, 12, 11),
        place="村务公开栏",
        today=DAY,
    )
    assert register.proxies_published_on == datetime.date(2021, 12, 11)


def test_revoke_keeps_history_and_frees_the_proxy(world):
    v = world["voters"]
    for voter in v[1:4]:
        record(world, voter, v[0])
    vote = ProxyVote.objects.get(voter=v[1])
    polling.proxy_revoke(vote=vote, by=world["office"])
    assert ProxyVote.history.filter(id=vote.pk, history_type="-").exists()
    record(world, v[4], v[0])


# --- V7: polling stations ---------------------------------------------------------------


def station(world, name="第一投票站", **extra):
    values = {
        "election": world["election"],
        "by": world["office"],
        "name": name,
        "kind": StationKind.STATION,
        "supervisors": 2,
        "ballots_issued": 100,
        "ballots_returned": 100,
    }
    values.update(extra)
    return polling.station_save(**values)


def test_station_returned_equal_to_issued_accepted_one_more_refused(world):
    assert station(world).ballots_returned == 100
    with pytest.raises(ValidationError) as excinfo:
        station(world, "第二投票站", ballots_issued=100, ballots_returned=101)
    message = excinfo.value.message_dict["ballots_returned"][0]
    assert "第二投票站" in message
    assert "101" in message
    assert "V7" in message
    assert PollingStation.objects.count() == 1


def test_station_needs_both_numbers_or_neither_and_a_unique_name(world):
    assert station(world, ballots_issued=None, ballots_returned=None).counted is False
    with pytest.raises(ValidationError) as excinfo:
        station(world, "二站", ballots_issued=5, ballots_returned=None)
    assert "ballots_returned" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        station(world)
    assert "name" in excinfo.value.message_dict


def test_mobile_box_needs_three_scrutineers(world):
    with pytest.raises(ValidationError) as excinfo:
        station(world, "流动票箱", kind=StationKind.MOBILE, supervisors=2)
    assert "3" in excinfo.value.message_dict["supervisors"][0]
    assert station(world, "流动票箱", kind=StationKind.MOBILE, supervisors=3).pk
    with pytest.raises(IntegrityError), transaction.atomic():
        PollingStation.objects.create(
            election=world["election"],
            name="流动票箱二",
            kind=StationKind.MOBILE,
            supervisors=2,
        )


def test_count_takes_the_station_sums_not_the_typed_numbers(world):
    station(
        world, "会场", kind=StationKind.MEETING, ballots_issued=5, ballots_returned=4
    )
    station(
        world,
        "流动票箱",
        kind=StationKind.MOBILE,
        supervisors=3,
        ballots_issued=2,
        ballots_returned=2,
    )
    counted = services.election_count(
        election=world["election"],
        by=world["office"],
        ballots_issued=999,
        ballots_returned=1,
        votes={},
    )
    assert (counted.ballots_issued, counted.ballots_returned) == (7, 6)
    assert counted.entitled == 8  # the register
    assert counted.valid is True  # 6 of 8 is more than half


def test_count_refused_while_a_station_has_no_numbers(world):
    station(world, "会场")
    station(world, "三组投票站", ballots_issued=None, ballots_returned=None)
    with pytest.raises(ValidationError) as excinfo:
        services.election_count(
            election=world["election"],
            by=world["office"],
            ballots_issued=7,
            ballots_returned=6,
            votes={},
        )
    assert "三组投票站" in excinfo.value.message_dict["ballots_issued"][0]
    world["election"].refresh_from_db()
    assert world["election"].status == "planned"


def test_count_form_shows_the_sums_read_only(world, client_for):
    station(world, "会场", ballots_issued=5, ballots_returned=4)
    client = client_for(world["office"])
    url = reverse("elections:election_count", args=[world["election"].pk])
    form = client.get(url).context["form"]
    assert form.fields["ballots_issued"].disabled
    assert form["ballots_issued"].value() == 5
    # a crafted POST cannot override the sums
    response = client.post(url, {"ballots_issued": 50, "ballots_returned": 50})
    assert response.status_code == 302, response.context["form"].errors
    world["election"].refresh_from_db()
    assert (world["election"].ballots_issued, world["election"].ballots_returned) == (
        5,
        4,
    )


# --- pages and scope ------------------------------------------------------------------------


def test_pages_scoped_guide_other_village_404_leader_403_county_reads(
    world, villages, client_for
):
    other = vc_election(villages[2], world["round"], world["office"], held_on=DAY)
    users = world["users"]
    guide = client_for(users[Role.GUIDE])
    for name in ("proxies", "proxy_add", "proxy_print", "stations", "station_add"):
        assert (
            guide.get(reverse(f"elections:{name}", args=[other.pk])).status_code == 404
        )
        assert (
            guide.get(
                reverse(f"elections:{name}", args=[world["election"].pk])
            ).status_code
            == 200
        )
    leader = client_for(users[Role.LEADER])
    county = client_for(users[Role.COUNTY])
    for client in (leader, county):
        for name in ("proxy_add", "proxy_publish", "station_add"):
            response = client.get(
                reverse(f"elections:{name}", args=[world["election"].pk])
            )
            assert response.status_code == 403
        page = client.get(reverse("elections:proxies", args=[world["election"].pk]))
        assert page.status_code == 200
        assert 'id="proxy-add"' not in page.content.decode()
    # a proxy vote of another village answers 404 through this election's URL
    vote = record(world, world["voters"][1], world["voters"][0])
    assert (
        guide.get(reverse("elections:proxy_edit", args=[other.pk, vote.pk])).status_code
        == 404
    )


def test_detail_and_register_pages_link_the_new_pages(world, client_for):
    client = client_for(world["office"])
    detail = client.get(world["election"].get_absolute_url()).content.decode()
    assert 'id="proxy-votes"' in detail
    assert 'id="polling-stations"' in detail
    register = client.get(reverse("elections:register", args=[world["election"].pk]))
    assert 'id="register-proxies"' in register.content.decode()


def test_proxy_form_refusal_shown_in_chinese_nothing_written(world, client_for):
    client = client_for(world["office"])
    url = reverse("elections:proxy_add", args=[world["election"].pk])
    response = client.post(
        url,
        {
            "voter": "选民1",
            "proxy": "选民1",
            "relation": ProxyRelation.SPOUSE,
            "authorised_on": "2021-12-01",
        },
    )
    assert response.status_code == 200
    assert "本人" in response.content.decode()
    assert not ProxyVote.objects.exists()


def test_proxy_list_and_print_mask_id_numbers(world, client_for):
    v = world["voters"]
    record(world, v[1], v[0], relation=ProxyRelation.PARENT)
    client = client_for(world["office"])
    for name in ("proxies", "proxy_print"):
        html = client.get(reverse(f"elections:{name}", args=[world["election"].pk]))
        text = html.content.decode()
        assert v[1].masked_id in text
        assert v[0].masked_id in text
        assert v[1].id_number not in text
        assert "父母" in text


def test_proxy_edit_refuses_a_stale_form(world, client_for):
    vote = record(world, world["voters"][1], world["voters"][0])
    client = client_for(world["office"])
    url = reverse("elections:proxy_edit", args=[world["election"].pk, vote.pk])
    version = client.get(url).context["form"]["_version"].value()
    # someone else corrects the note meanwhile
    polling.proxy_change(
        vote=vote,
        by=world["users"][Role.GUIDE],
        relation=ProxyRelation.CHILD,
        authorised_on=LAST_DAY,
        note="已核对委托书",
        today=TODAY,
    )
    response = client.post(
        url,
        {
            "relation": ProxyRelation.SPOUSE,
            "authorised_on": "2021-12-08",
            "note": "",
            "_version": version,
        },
    )
    assert response.status_code == 200
    vote.refresh_from_db()
    assert vote.relation == ProxyRelation.CHILD
    assert vote.note == "已核对委托书"


def test_station_edit_refuses_a_stale_form(world, client_for):
    saved = station(world, ballots_issued=None, ballots_returned=None)
    client = client_for(world["office"])
    url = reverse("elections:station_edit", args=[world["election"].pk, saved.pk])
    version = client.get(url).context["form"]["_version"].value()
    station(world, station=saved, ballots_issued=10, ballots_returned=9)
    response = client.post(
        url,
        {
            "name": "第一投票站",
            "kind": StationKind.STATION,
            "supervisors": 2,
            "ballots_issued": 12,
            "ballots_returned": 12,
            "_version": version,
        },
    )
    assert response.status_code == 200
    saved.refresh_from_db()
    assert saved.ballots_issued == 10


def test_stations_page_shows_totals(world, client_for):
    station(world, "会场", ballots_issued=5, ballots_returned=4)
    station(world, "二站", ballots_issued=3, ballots_returned=3)
    page = client_for(world["office"]).get(
        reverse("elections:stations", args=[world["election"].pk])
    )
    assert (page.context["totals"].issued, page.context["totals"].returned) == (8, 7)


def test_proxy_list_queries_are_equal_at_200_and_5000_voters(
    world, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    register = world["voters"][0].register
    client = client_for(world["office"])
    url = reverse("elections:proxies", args=[world["election"].pk])

    def fill(start, stop):
        voters = Voter.objects.bulk_create(
            Voter(
                register=register,
                name=f"村民{n}",
                id_number=f"34162219{n:010d}",
                category=VoterCategory.RESIDENT,
                group=f"第{n % 9 + 1}组",
                added_on=datetime.date(2021, 11, 1),
            )
            for n in range(start, stop)
        )
        # every fourth voter is a proxy for the next three
        ProxyVote.objects.bulk_create(
            ProxyVote(
                register=register,
                voter=voter,
                proxy=voters[i - i % 4],
                relation=ProxyRelation.SIBLING,
                authorised_on=LAST_DAY,
                recorded_by=world["office"],
            )
            for i, voter in enumerate(voters)
            if i % 4
        )

    counts = {}
    for total, (start, stop) in ((200, (0, 192)), (5000, (192, 4992))):
        fill(start, stop)
        assert Voter.objects.filter(register=register).count() == total
        with (
            django_assert_max_num_queries(18),
            CaptureQueriesContext(connection) as queries,
        ):
            response = client.get(url, {"page": 2, "q": ""})
        assert len(response.context["rows"]) == 50
        counts[total] = len(queries)
    assert counts[200] == counts[5000]


def test_statistics_report_counts_proxy_votes_of_counted_elections(world, users):
    from elections.statistics import statistics_report

    v = world["voters"]
    for voter in v[1:4]:
        record(world, voter, v[0])
    record(world, v[5], v[4])
    county = users[Role.COUNTY]
    line = statistics_report(user=county).lines[0]
    assert line.proxies == 0  # the election is not counted yet
    services.election_count(
        election=world["election"],
        by=world["office"],
        ballots_issued=8,
        ballots_returned=8,
        votes={},
    )
    # counted independently: proxy votes whose election is counted, both on the register
    expected = sum(
        1
        for p in ProxyVote.objects.select_related(
            "register__election", "voter", "proxy"
        )
        if p.register.election.status in ("counted", "applied")
        and p.voter.removed_on is None
        and p.proxy.removed_on is None
    )
    report = statistics_report(user=county)
    assert report.lines[0].proxies == expected == 4
    assert report.total.proxies == 4
    assert report.proxies_recorded


def test_station_form_refusal_shown_in_chinese_nothing_written(world, client_for):
    client = client_for(world["office"])
    url = reverse("elections:station_add", args=[world["election"].pk])
    data = {
        "name": "会场",
        "kind": StationKind.MEETING,
        "supervisors": 5,
        "ballots_issued": 6,
        "ballots_returned": 7,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "V7" in response.content.decode()
    assert not PollingStation.objects.exists()
    data["ballots_returned"] = 6
    assert client.post(url, data).status_code == 302
    assert PollingStation.objects.get().ballots_returned == 6


def test_proxy_edit_saves_a_current_form(world, client_for):
    vote = record(world, world["voters"][1], world["voters"][0])
    client = client_for(world["office"])
    url = reverse("elections:proxy_edit", args=[world["election"].pk, vote.pk])
    version = client.get(url).context["form"]["_version"].value()
    response = client.post(
        url,
        {
            "relation": ProxyRelation.CHILD,
            "authorised_on": "2021-12-08",
            "note": "委托书已存档",
            "_version": version,
        },
    )
    assert response.status_code == 302
    vote.refresh_from_db()
    assert vote.relation == ProxyRelation.CHILD
    assert vote.authorised_on == datetime.date(2021, 12, 8)

"""Factories of the stages app."""

import datetime

import factory

from stages.defaults import DEFAULT_RULE_SET_CODE, load_rules
from stages.models import CalendarOverride, ElectionRound, VillageElection
from villages.tests.factories import TownshipFactory, VillageFactory


def default_rule_set():
    """Return the default rule set (created from DOMAIN.md on first use)."""
    return load_rules()


class ElectionRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ElectionRound
        django_get_or_create = ("township", "name")

    township = factory.SubFactory(TownshipFactory)
    name = "2021年村（社区）“两委”换届"
    start_date = datetime.date(2021, 8, 16)
    target_end_date = datetime.date(2021, 12, 31)
    rule_set = factory.LazyFunction(default_rule_set)


class VillageElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VillageElection
        django_get_or_create = ("round", "village")

    round = factory.SubFactory(ElectionRoundFactory)
    village = factory.SubFactory(VillageFactory)
    party_election_date = datetime.date(2021, 10, 15)
    vc_election_date = datetime.date(2021, 11, 20)


class CalendarOverrideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarOverride
        django_get_or_create = ("date",)

    date = datetime.date(2027, 1, 1)
    is_working_day = False
    note = "元旦"


assert DEFAULT_RULE_SET_CODE

"""The age pre-check reads as one Chinese sentence (issue 14 item 9: no stray " ）.")."""

import datetime

import pytest
from django.utils import translation

from candidates import selectors
from stages.models import VillageElection

pytestmark = pytest.mark.django_db


def _age_check(nomination):
    checks = selectors.prechecks_for([nomination], user=None)[nomination.pk]
    return next(c for c in checks if c.code == "age")


def test_age_within_the_limits_ends_with_a_chinese_full_stop(vetting):
    # given a nominee aged 45 on the village's VC election day
    VillageElection.objects.create(
        round=vetting.round,
        village=vetting.villages[0],
        party_election_date=datetime.date(2021, 10, 20),
        vc_election_date=datetime.date(2021, 11, 30),
    )
    nomination = vetting.nominate(birth_date=datetime.date(1976, 5, 1))
    # when the pre-check is read in Chinese
    with translation.override("zh-hans"):
        message = str(_age_check(nomination).message)
    # then it is one sentence: no space before the bracket, no ASCII full stop
    assert message == "45岁（选举日2021年11月30日）。"


def test_age_without_an_election_day_says_which_day_counts(vetting):
    nomination = vetting.nominate(birth_date=datetime.date(1976, 5, 1))
    with translation.override("zh-hans"):
        message = str(_age_check(nomination).message)
    assert " （" not in message
    assert "）." not in message
    assert message.startswith("45岁（按")
    assert message.endswith("）。")

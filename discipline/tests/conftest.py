"""Fixtures of the discipline tests: defaults, a nominee, a named report."""

import datetime

import pytest

from discipline.defaults import load_defaults
from stages import workdays


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    workdays.clear_cache()
    yield
    workdays.clear_cache()


@pytest.fixture
def defaults(db):
    load_defaults()


@pytest.fixture
def nominee(villages):
    """A preliminary nominee of the first village (the guide's village)."""
    from candidates.tests.factories import NominationFactory
    from villages.tests.factories import PersonFactory

    person = PersonFactory(village=villages[0], name="张德胜")
    return NominationFactory(village=villages[0], person=person)


REPORTER_NAME = "秦守义"
REPORTER_PHONE = "13912345678"
ORIGINAL = "我亲眼看见他在饭店请了十几个党员吃饭"
SUMMARY = "反映参选人张德胜请党员吃饭拉票"


@pytest.fixture
def named_report(users, villages, nominee):
    """A named 拉票贿选 report against the nominee of the guide's village, with a file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from discipline import services

    return services.report_register(
        by=users["discipline"],
        village=villages[0],
        person=nominee.person,
        channel="hotline",
        category="vote_buying",
        summary=SUMMARY,
        received_on=datetime.date(2021, 10, 8),
        anonymous=False,
        reporter_name=REPORTER_NAME,
        reporter_phone=REPORTER_PHONE,
        original_content=ORIGINAL,
        files=[
            SimpleUploadedFile(
                "举报信.pdf", b"%PDF-1.4 letter", content_type="application/pdf"
            )
        ],
    )

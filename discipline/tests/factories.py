"""Factories of the discipline app."""

import datetime

import factory

from core.tests.factories import UserFactory
from discipline.choices import (
    Channel,
    EventKind,
    LetterKind,
    MaterialKind,
    OpinionSource,
    ReportCategory,
    ReportChannel,
    ReportStatus,
    RiskLevel,
)
from discipline.models import (
    CommitmentLetter,
    EducationEvent,
    MaterialDistribution,
    PublicityEntry,
    PublicOpinion,
    Report,
    ReportSource,
)
from villages.tests.factories import VillageFactory

DAY = datetime.date(2021, 10, 8)


class EducationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EducationEvent
        skip_postgeneration_save = True

    township = factory.SubFactory("villages.tests.factories.TownshipFactory")
    kind = EventKind.WARNING_FILM
    title = factory.Sequence(lambda n: f"警示教育片放映{n}")
    held_on = DAY
    attendance = 30

    @factory.post_generation
    def villages(self, create, extracted, **kwargs):
        if create and extracted:
            self.villages.set(extracted)


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MaterialDistribution

    village = factory.SubFactory(VillageFactory)
    township = factory.LazyAttribute(lambda o: o.village.township)
    kind = MaterialKind.REMINDER_CARD
    quantity = 20
    distributed_on = DAY


class PublicityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicityEntry

    village = factory.SubFactory(VillageFactory)
    township = factory.LazyAttribute(lambda o: o.village.township)
    channel = Channel.BANNER
    count = 5
    happened_on = DAY


class LetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitmentLetter

    village = factory.SubFactory(VillageFactory)
    township = factory.LazyAttribute(lambda o: o.village.township)
    signer_name = factory.Sequence(lambda n: f"签名人{n}")
    kind = LetterKind.DISCIPLINE
    signed_on = DAY


class OpinionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicOpinion

    village = factory.SubFactory(VillageFactory)
    township = factory.LazyAttribute(lambda o: o.village.township)
    source = OpinionSource.ONLINE
    platform = "村民微信群"
    summary = factory.Sequence(lambda n: f"群内传言某参选人请客拉票{n}")
    discovered_on = DAY
    risk_level = RiskLevel.HIGH
    due_on = DAY + datetime.timedelta(days=1)


class ReportFactory(factory.django.DjangoModelFactory):
    """A registered report; ``source__reporter_name=…`` makes it a named one."""

    class Meta:
        model = Report
        skip_postgeneration_save = True

    village = factory.SubFactory(VillageFactory)
    township = factory.LazyAttribute(lambda o: o.village.township)
    number = factory.Sequence(lambda n: f"JB2021-{n + 1:03d}")
    channel = ReportChannel.HOTLINE
    category = ReportCategory.VOTE_BUYING
    summary = factory.Sequence(lambda n: f"反映参选人请党员吃饭拉票（线索{n}）")
    received_on = DAY
    registered_by = factory.SubFactory(UserFactory)
    status = ReportStatus.REGISTERED
    source = factory.RelatedFactory(
        "discipline.tests.factories.ReportSourceFactory", factory_related_name="report"
    )


class ReportSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportSource

    report = factory.SubFactory(ReportFactory, source=None)
    anonymous = True
    original_content = "原始举报内容"

"""Factories of the candidates app (vetting), keyed by natural keys where there are any."""

import datetime

import factory

from candidates.choices import Body, NominationStatus, Route, Severity, WindowKind
from candidates.models import Criterion, Department, Nomination
from core.tests.factories import UserFactory
from villages.choices import Post
from villages.tests.factories import PersonFactory, VillageFactory


class ElectionRoundFactory(factory.django.DjangoModelFactory):
    """A round of a township under the default rule set (stages defaults)."""

    class Meta:
        model = "stages.ElectionRound"
        django_get_or_create = ("township", "name")

    township = factory.SubFactory("villages.tests.factories.TownshipFactory")
    name = "2021年村“两委”换届"
    start_date = datetime.date(2021, 9, 1)
    target_end_date = datetime.date(2021, 12, 31)
    status = "active"

    @factory.lazy_attribute
    def rule_set(self):
        from stages.defaults import load_rules

        return load_rules()


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"dept{n}")
    name = factory.LazyAttribute(lambda o: f"县{o.short_name}")
    short_name = factory.Sequence(lambda n: f"部门{n}")
    order = factory.Sequence(lambda n: n * 10)

    @factory.post_generation
    def reviewers(self, create, extracted, **kwargs):
        if create and extracted:
            self.reviewers.add(*extracted)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion
        django_get_or_create = ("number",)
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"十不选之{o.number}")
    text = factory.LazyAttribute(lambda o: f"十不选之{o.number}的全文。")
    severity = Severity.BLOCK
    window_kind = WindowKind.ALWAYS
    window_years = None

    @factory.post_generation
    def departments(self, create, extracted, **kwargs):
        if create and extracted:
            self.departments.set(extracted)


class NominationFactory(factory.django.DjangoModelFactory):
    """A preliminary nominee for the villagers' committee (use services to move it on)."""

    class Meta:
        model = Nomination

    village = factory.SubFactory(VillageFactory)
    round = factory.SubFactory(
        ElectionRoundFactory, township=factory.SelfAttribute("..village.township")
    )
    person = factory.SubFactory(
        PersonFactory, village=factory.SelfAttribute("..village")
    )
    body = Body.VILLAGERS_COMMITTEE
    post = Post.MEMBER
    route = Route.VILLAGERS
    status = NominationStatus.PRELIMINARY
    nominated_by = factory.SubFactory(UserFactory)

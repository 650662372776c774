"""Factories of the villages app, keyed by natural keys (codes, ID numbers)."""

import datetime

import factory

from villages.choices import (
    Category,
    Education,
    Gender,
    GroupKind,
    GroupPosition,
    PoliticalStatus,
    Rating,
)
from villages.idnumbers import make_id_number
from villages.models import (
    County,
    GroupMembership,
    Person,
    RosterMembership,
    Township,
    Village,
    VillageFile,
    WorkingGroup,
)


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"34{n:04d}")
    name = factory.Sequence(lambda n: f"测试县{n}")


class TownshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Township
        django_get_or_create = ("code",)

    county = factory.SubFactory(CountyFactory)
    code = factory.Sequence(lambda n: f"T{n:05d}")
    name = factory.Sequence(lambda n: f"测试镇{n}")


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Village
        django_get_or_create = ("township", "code")

    township = factory.SubFactory(TownshipFactory)
    code = factory.Sequence(lambda n: f"{n:03d}")
    name = factory.Sequence(lambda n: f"测试{n}村")
    population = 3000
    households = 1000
    party_member_count = 60


class VillageFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VillageFile
        django_get_or_create = ("village",)

    village = factory.SubFactory(VillageFactory)
    rating = Rating.GOOD


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    township = factory.SubFactory(TownshipFactory)
    kind = GroupKind.GUIDANCE
    name = factory.Sequence(lambda n: f"第{n}指导组")


class GroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupMembership

    group = factory.SubFactory(WorkingGroupFactory)
    user = factory.SubFactory("core.tests.factories.UserFactory")
    position = GroupPosition.MEMBER


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        django_get_or_create = ("id_number",)

    name = factory.Sequence(lambda n: f"村民{n}")
    gender = Gender.MALE
    birth_date = datetime.date(1980, 5, 17)
    id_number = factory.LazyAttributeSequence(
        lambda o, n: make_id_number(o.birth_date, o.gender, n)
    )
    education = Education.SENIOR
    political_status = PoliticalStatus.MASSES
    village = factory.SubFactory(VillageFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from core.text import pinyin_keys

        kwargs.setdefault("name_pinyin", pinyin_keys(kwargs["name"])[0])
        kwargs.setdefault("name_initials", pinyin_keys(kwargs["name"])[1])
        return super()._create(model_class, *args, **kwargs)


class RosterMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RosterMembership

    person = factory.SubFactory(PersonFactory)
    village = factory.LazyAttribute(lambda o: o.person.village)
    category = Category.PARTY_MEMBER
    start_date = datetime.date(2018, 1, 1)


def person_with(
    village,
    *,
    name,
    born=datetime.date(1980, 5, 17),
    gender=Gender.MALE,
    seq=None,
    **fields,
):
    """Create a person with a valid fictional ID number for their birth date and gender."""
    seq = seq if seq is not None else Person.objects.count() + 1
    return PersonFactory(
        village=village,
        name=name,
        birth_date=born,
        gender=gender,
        id_number=make_id_number(born, gender, seq),
        **fields,
    )

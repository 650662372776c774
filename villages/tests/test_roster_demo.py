import pytest

from villages.choices import Category, Gender, PartyMemberKind, Post
from villages.demo import seed
from villages.idnumbers import parse_id_number
from villages.models import Person, RosterMembership, Village
from villages.selectors import build_ledgers

pytestmark = pytest.mark.django_db


def test_demo_roster_is_realistic_valid_and_idempotent():
    # given / when
    township = seed()
    people = Person.objects.count()
    entries = RosterMembership.objects.count()
    seed()
    # then: idempotent
    assert Person.objects.count() == people
    assert RosterMembership.objects.count() == entries
    # every ID number is valid and agrees with gender and birth date
    for person in Person.objects.all():
        info = parse_id_number(person.id_number)
        assert (info.gender, info.birth_date) == (person.gender, person.birth_date)
    villages = list(Village.objects.filter(township=township))
    assert len(villages) == 22
    ledgers = build_ledgers(villages, __import__("datetime").date(2026, 10, 1))
    one_shoulder = 0
    for ledger in ledgers.values():
        assert 40 <= ledger.party.total <= 100
        assert (
            ledger.committees[Category.PARTY_COMMITTEE][0].membership.post
            == Post.SECRETARY
        )
        vc = ledger.committees[Category.VILLAGERS_COMMITTEE]
        assert any(m.person.gender == Gender.FEMALE for m in vc)
        assert len(ledger.committees[Category.SUPERVISION_COMMITTEE]) == 3
        assert ledger.reserves
        assert ledger.talents
        assert ledger.cross_count >= 1
        one_shoulder += ledger.one_shoulder
    assert 0 < one_shoulder < 22
    party = RosterMembership.objects.filter(category=Category.PARTY_MEMBER)
    assert party.filter(party_member_kind=PartyMemberKind.PROBATIONARY).count() >= 22
    assert party.filter(excluded_from_quorum=True).exclude(exclusion_reason="").exists()
    assert party.filter(voting_status="probation").exists()

"""A small joint-review world for the vetting tests, with helpers that use the services.

Departments: 公安 (criteria 2 and 4), 法院 (criteria 2 and 9), 组织部 (criterion 7,
不宜). Criterion 9 is checked only by 法院, so a 公安 reviewer must never see it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from candidates import services
from candidates.choices import Body, FindingResult, Route, Severity, WindowKind
from candidates.models import Nomination, ReviewItem, RoundCriterion
from candidates.tests.factories import (
    CriterionFactory,
    DepartmentFactory,
    ElectionRoundFactory,
)
from core.roles import Role
from villages.choices import PoliticalStatus, Post
from villages.tests.factories import PersonFactory

SENT_ON = datetime.date(2021, 9, 6)  # a Monday


@dataclass
class VettingWorld:
    township: object
    villages: list
    users: dict
    round: object
    departments: dict
    reviewers: dict
    criteria: dict
    extra: dict = field(default_factory=dict)

    @classmethod
    def build(cls, *, township, villages, users, make_user):
        round = ElectionRoundFactory(township=township)
        reviewers = {
            "gongan": users[Role.REVIEWER],
            "fayuan": make_user(
                Role.REVIEWER,
                township=township,
                username="fayuan",
                full_name="法院审查员",
            ),
            "zuzhi": make_user(
                Role.REVIEWER,
                township=township,
                username="zuzhi",
                full_name="组织部审查员",
            ),
        }
        departments = {
            "gongan": DepartmentFactory(
                code="gongan",
                short_name="公安",
                name="县公安局",
                order=40,
                reviewers=[reviewers["gongan"]],
            ),
            "fayuan": DepartmentFactory(
                code="fayuan",
                short_name="法院",
                name="县人民法院",
                order=50,
                reviewers=[reviewers["fayuan"]],
            ),
            "zuzhi": DepartmentFactory(
                code="zuzhi",
                short_name="组织部",
                name="县委组织部",
                order=20,
                reviewers=[reviewers["zuzhi"]],
            ),
        }
        criteria = {
            2: CriterionFactory(
                number=2,
                title="受过刑事处罚，存在“村霸”和涉黑涉恶问题",
                departments=[departments["gongan"], departments["fayuan"]],
            ),
            4: CriterionFactory(
                number=4,
                title="非法宗教邪教、黄赌毒",
                departments=[departments["gongan"]],
            ),
            7: CriterionFactory(
                number=7,
                title="近3年不合格党员、长期外出",
                severity=Severity.WARN,
                window_kind=WindowKind.YEARS,
                window_years=3,
                departments=[departments["zuzhi"]],
            ),
            9: CriterionFactory(
                number=9,
                title="失信被执行人至今未撤销",
                window_kind=WindowKind.UNTIL_REVOKED,
                departments=[departments["fayuan"]],
            ),
        }
        return cls(
            township=township,
            villages=villages,
            users=users,
            round=round,
            departments=departments,
            reviewers=reviewers,
            criteria=criteria,
        )

    @property
    def office(self):
        return self.users[Role.OFFICE]

    @property
    def leader(self):
        return self.users[Role.LEADER]

    def person(self, village=None, **kwargs):
        return PersonFactory(village=village or self.villages[0], **kwargs)

    def nominate(
        self,
        *,
        village=None,
        person=None,
        body=Body.VILLAGERS_COMMITTEE,
        post=Post.MEMBER,
        **person_kwargs,
    ) -> Nomination:
        village = village or self.villages[0]
        if person is None:
            if body == Body.PARTY_COMMITTEE:
                person_kwargs.setdefault("political_status", PoliticalStatus.MEMBER)
            person = self.person(village, **person_kwargs)
        return services.nomination_create(
            village=village,
            person=person,
            body=body,
            post=post,
            route=Route.VILLAGERS,
            by=self.office,
        )

    def send(self, *nominations, sent_on=SENT_ON):
        batch = services.review_send(
            nominations=list(nominations), by=self.office, sent_on=sent_on
        )
        for n in nominations:
            n.refresh_from_db()
        return batch

    def item(self, nomination, code) -> ReviewItem:
        return ReviewItem.objects.get(
            nomination=nomination, department=self.departments[code]
        )

    def round_criterion(self, number, round=None) -> RoundCriterion:
        return RoundCriterion.objects.get(round=round or self.round, number=number)

    def answer(
        self,
        nomination,
        code,
        *,
        issues=None,
        sign=True,
        conclusion="经查，未发现该同志存在所列情形。",
    ):
        """Answer every criterion of a department (problems for numbers in ``issues``), then sign."""
        issues = issues or {}
        item = self.item(nomination, code)
        reviewer = self.reviewers[code]
        for number, text in issues.items():
            services.review_finding_record(
                item=item,
                criterion=self.round_criterion(number, nomination.round),
                result=FindingResult.ISSUE,
                finding=text,
                by=reviewer,
            )
        services.review_mark_rest_clear(item=item, by=reviewer)
        if sign:
            services.review_item_sign(item=item, conclusion=conclusion, by=reviewer)
        nomination.refresh_from_db()
        item.refresh_from_db()
        return item

    def clear_all(self, nomination):
        for code in self.departments:
            self.answer(nomination, code)
        nomination.refresh_from_db()
        return nomination

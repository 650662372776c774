"""django-import-export resources of the cadre roster (natural key: 身份证号码).

``PersonResource`` declares the roster's columns with their Chinese headers and
is used for every roster export; ID and phone numbers are masked unless the
resource is built with ``full_personal_data=True`` (organisation office).

Imports go through :meth:`PersonResource.import_file`, which runs
``villages.importing``: the same columns and aliases, but read with openpyxl
in read-only mode and written in bulk, all rows or none. The stock
row-by-row ``import_data`` path (one lookup, one save and one history row per
row) is what ``bench/roster_import.py`` measures against.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from import_export import fields, resources, widgets

from core.text import mask_id_number, mask_phone

from .importing import import_roster_file
from .importing.values import CATEGORY_LABELS, POST_LABELS, TALENT_KIND
from .models import Person


def membership_label(membership) -> str:
    """Return a short Chinese label such as 村党组织书记 or 人才（退役军人）."""
    label = CATEGORY_LABELS.get(membership.category, membership.category)
    if membership.post:
        label += POST_LABELS.get(membership.post, membership.post)
    if membership.talent_kind:
        label += "（" + TALENT_KIND.word_of.get(membership.talent_kind, "") + "）"
    return label


class PersonResource(resources.ModelResource):
    """The roster as a spreadsheet: one row per person, current roles in one column."""

    name = fields.Field(attribute="name", column_name="姓名")
    id_number = fields.Field(attribute="id_number", column_name="身份证号码")
    gender = fields.Field(column_name="性别")
    birth_date = fields.Field(
        attribute="birth_date",
        column_name="出生日期",
        widget=widgets.DateWidget("%Y-%m-%d"),
    )
    age = fields.Field(column_name="年龄")
    ethnicity = fields.Field(attribute="ethnicity", column_name="民族")
    education = fields.Field(column_name="文化程度")
    political_status = fields.Field(column_name="政治面貌")
    party_joined_on = fields.Field(
        attribute="party_joined_on",
        column_name="入党时间",
        widget=widgets.DateWidget("%Y-%m-%d"),
    )
    phone = fields.Field(attribute="phone", column_name="联系电话")
    village = fields.Field(
        attribute="village",
        column_name="所在村",
        widget=widgets.ForeignKeyWidget("villages.Village", "name"),
    )
    roles = fields.Field(column_name="现任职务及类别")
    notes = fields.Field(attribute="notes", column_name="备注")

    class Meta:
        model = Person
        import_id_fields = ("id_number",)
        fields = (
            "name",
            "id_number",
            "gender",
            "birth_date",
            "age",
            "ethnicity",
            "education",
            "political_status",
            "party_joined_on",
            "phone",
            "village",
            "roles",
            "notes",
        )
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        use_bulk = True

    def __init__(
        self,
        *,
        full_personal_data: bool = False,
        on: datetime.date | None = None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.full_personal_data = full_personal_data
        self.on = on or timezone.localdate()

    def dehydrate_id_number(self, person) -> str:
        return (
            person.id_number
            if self.full_personal_data
            else mask_id_number(person.id_number)
        )

    def dehydrate_phone(self, person) -> str:
        return person.phone if self.full_personal_data else mask_phone(person.phone)

    def dehydrate_gender(self, person) -> str:
        return person.get_gender_display()

    def dehydrate_age(self, person) -> int:
        return person.age_on(self.on)

    def dehydrate_education(self, person) -> str:
        return person.get_education_display()

    def dehydrate_political_status(self, person) -> str:
        return person.get_political_status_display()

    def dehydrate_roles(self, person) -> str:
        memberships = getattr(person, "current_memberships", None)
        if memberships is None:
            memberships = [m for m in person.memberships.all() if m.is_current(self.on)]
        return "、".join(membership_label(m) for m in memberships)

    def import_file(self, path, *, township=None, user=None, dry_run=True, name=None):
        """Import a roster spreadsheet with the bulk, all-or-nothing roster import."""
        return import_roster_file(
            path, name=name, township=township, user=user, dry_run=dry_run
        )

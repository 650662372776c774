"""Admin forms offer and accept only rows inside the user's scope (issue 15 item 1).

Built generically: every registered admin model, its add and change form and
every inline, and every relation field in them. An office user of the demo
township posts another township's row into each field; the form must refuse
it with an error on that field, and nothing is written.
"""

import pytest
from django import forms
from django.contrib import admin
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from core.admin_scoping import choice_queryset
from core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(users, villages):
    """The office (staff, with its admin permissions) and one row of each kind it edits."""
    from core.services import ensure_role_groups
    from discipline.tests.factories import (
        EducationEventFactory,
        LetterFactory,
        MaterialFactory,
        OpinionFactory,
        PublicityFactory,
    )
    from notifications.tests.factories import NotificationPreferenceFactory
    from stages.tests.factories import ElectionRoundFactory, VillageElectionFactory
    from villages.tests.factories import GroupMembershipFactory, WorkingGroupFactory

    ensure_role_groups()
    office = users[Role.OFFICE]
    office.is_staff = True
    office.save()
    township = villages[0].township
    group = WorkingGroupFactory(township=township, name="第一指导组")
    group.villages.set(villages[:2])
    GroupMembershipFactory(group=group, user=users[Role.GUIDE])
    round_ = ElectionRoundFactory(township=township)
    VillageElectionFactory(round=round_, village=villages[0])
    EducationEventFactory(township=township, villages=[villages[0]])
    MaterialFactory(village=villages[0])
    PublicityFactory(village=villages[0])
    LetterFactory(village=villages[0])
    OpinionFactory(village=villages[0])
    NotificationPreferenceFactory(user=office)
    return office


def _outside_rows() -> dict:
    """One row of another township (and county) for each model a form may point at."""
    from core.tests.factories import UserFactory
    from stages.tests.factories import ElectionRoundFactory
    from villages.tests.factories import (
        CountyFactory,
        PersonFactory,
        TownshipFactory,
        VillageFactory,
        WorkingGroupFactory,
    )

    county = CountyFactory(code="349999", name="外县")
    township = TownshipFactory(code="349999001", name="外镇", county=county)
    village = VillageFactory(township=township, code="001", name="外镇一村")
    rows = [
        county,
        township,
        village,
        UserFactory(username="outsider", township=township, roles=["office"]),
        PersonFactory(village=village, name="外镇村民"),
        ElectionRoundFactory(township=township),
        WorkingGroupFactory(township=township, name="外镇第一指导组"),
    ]
    return {type(row): row for row in rows}


def _form_data(data: dict, form) -> None:
    """Add a rendered (unbound) form's current values to POST data."""
    for name, field in form.fields.items():
        bound = form[name]
        value = bound.value()
        key = bound.html_name
        if isinstance(field.widget, forms.MultiWidget):
            parts = value if isinstance(value, list | tuple) else None
            parts = parts or field.widget.decompress(value)
            for index, part in enumerate(parts):
                data[f"{key}_{index}"] = "" if part is None else str(part)
        elif isinstance(field, forms.BooleanField):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        else:
            data[key] = "" if value is None else str(value)


def _post_data(response) -> dict:
    data = {}
    _form_data(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _form_data(data, formset.management_form)
        for form in formset.forms:
            _form_data(data, form)
    return data


def _targets(response):
    """Yield (form getter, html name, related model, many) for each relation field."""
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField):
            yield (
                ("main", None),
                form[name].html_name,
                name,
                field.queryset.model,
                isinstance(field, forms.ModelMultipleChoiceField),
            )
    for i, inline in enumerate(response.context["inline_admin_formsets"]):
        formset = inline.formset
        for j, inline_form in enumerate(formset.forms):
            for name, field in inline_form.fields.items():
                if name in (formset.fk.name, formset.model._meta.pk.name):
                    continue  # the parent link and the row's own id
                if isinstance(field, forms.ModelChoiceField):
                    yield (
                        ("inline", (i, j)),
                        inline_form[name].html_name,
                        name,
                        field.queryset.model,
                        isinstance(field, forms.ModelMultipleChoiceField),
                    )


def _errors(response, where, name):
    kind, index = where
    if kind == "main":
        return response.context["adminform"].form.errors.get(name)
    i, j = index
    return (
        response.context["inline_admin_formsets"][i].formset.forms[j].errors.get(name)
    )


def _snapshot(model_admin, obj):
    models = [model_admin.model] + [inline.model for inline in model_admin.inlines]
    counts = {m._meta.label: m._default_manager.count() for m in models}
    if obj is not None:
        obj.refresh_from_db()
        return counts, model_to_dict(obj)
    return counts, None


def test_no_admin_form_accepts_another_townships_row(own):
    # given the township's office and one row of another township per model
    office = own
    outside = _outside_rows()
    client = Client(raise_request_exception=False)
    client.force_login(office)
    tried, failures, missing = [], [], set()
    request = type("Request", (), {"user": office})()
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        obj = model_admin.get_queryset(request).order_by("pk").first()
        pages = [(reverse(f"{info}_add"), None)]
        if obj is not None:
            pages.append((reverse(f"{info}_change", args=[obj.pk]), obj))
        for url, instance in pages:
            page = client.get(url)
            if page.status_code != 200 or "adminform" not in page.context:
                continue
            if not page.context.get(
                "has_add_permission" if instance is None else "has_change_permission"
            ):
                continue
            for where, key, name, related, many in list(_targets(page)):
                allowed = choice_queryset(related, office)
                if allowed is None or allowed.count() == related.objects.count():
                    continue  # county-wide rows (rule sets, stages …) are offered to all
                row = outside.get(related)
                if row is None:
                    missing.add(related._meta.label)
                    continue
                # the form does not even offer the other township's row
                field_qs = _field_queryset(page, where, name)
                if field_qs.filter(pk=row.pk).exists():
                    failures.append((url, key, "offered"))
                # when a crafted POST names it
                data = _post_data(page)
                data[key] = [str(row.pk)] if many else str(row.pk)
                if "_save" not in data:
                    data["_save"] = "1"
                before = _snapshot(model_admin, instance)
                response = client.post(url, data)
                tried.append((url, key))
                # then the form is redisplayed with an error on that field
                if response.status_code == 200:
                    if not _errors(response, where, name):
                        failures.append((url, key, "no error"))
                elif response.status_code != 403:
                    failures.append((url, key, response.status_code))
                # and nothing was written
                if _snapshot(model_admin, instance) != before:
                    failures.append((url, key, "written"))
    assert not missing, f"add an outside row for: {sorted(missing)}"
    assert not failures, failures
    # the test really covered the forms the issue names
    names = {key for _, key in tried}
    assert {"township", "village", "villages", "person", "owner", "round"} <= names
    assert any("groupmembership" in key or key.endswith("-user") for key in names)
    assert len(tried) >= 25


def _field_queryset(page, where, name):
    kind, index = where
    if kind == "main":
        return page.context["adminform"].form.fields[name].queryset
    i, j = index
    return (
        page.context["inline_admin_formsets"][i].formset.forms[j].fields[name].queryset
    )


def test_change_form_moving_a_village_to_another_township_is_refused(own, township):
    # given the office of the township and a village of its own
    from villages.models import Village

    office = own
    outside = _outside_rows()
    village = Village.objects.visible_to(office).order_by("pk").first()
    client = Client()
    client.force_login(office)
    url = reverse("admin:villages_village_change", args=[village.pk])
    data = _post_data(client.get(url))
    # when the crafted POST names the other township
    data["township"] = str(outside[type(village.township)].pk)
    response = client.post(url, data)
    # then the township field is in error and the village stays where it was
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["township"]
    assert "选择一个有效的选项" in errors[0] or "valid choice" in errors[0]
    village.refresh_from_db()
    assert village.township == township

"""The admin reads in Chinese: Django's own words, the two-box picker, the person's name."""

from pathlib import Path

import django
import polib
import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db

ADMIN_PO = (
    Path(django.__file__).parent / "contrib/admin/locale/zh_Hans/LC_MESSAGES/django.po"
)
# Project wording deliberately different from Django's, and still right in the admin.
SYNONYMS = {
    "Action": {"操作"},
    "Add": {"添加"},
    "Filter": {"筛选"},
    "Log out": {"退出登录"},
    "Summary": {"摘要", "概述"},
    "Your password was changed.": {"您的密码已修改。"},
}


def test_no_app_catalogue_changes_the_meaning_of_django_admin_words():
    """A project msgid equal to an admin msgid must not give it another meaning.

    "Change" once read 增减 (a structure-analysis column) on every admin change
    link, and "Add" read 登记; such words take a context in the app instead.
    """
    # given: every plain msgid of Django's admin catalogue
    admin_entries = [
        e for e in polib.pofile(str(ADMIN_PO)) if e.msgstr and not e.msgctxt
    ]
    # when: translated with every catalogue of the project merged in
    with translation.override("zh-hans"):
        wrong = {
            e.msgid: translation.gettext(e.msgid)
            for e in admin_entries
            if translation.gettext(e.msgid) != e.msgstr
            and translation.gettext(e.msgid) not in SYNONYMS.get(e.msgid, ())
        }
    # then
    assert not wrong
    with translation.override("zh-hans"):
        assert translation.gettext("Change") == "修改"
        assert translation.gettext("Add") in {"增加", "添加"}
        assert translation.pgettext("structure analysis", "Change") == "增减"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_picker_and_greeting_are_chinese(users, township, login_page):
    # given: the office, a staff user with a full name, opens a working group
    from villages.models import WorkingGroup

    office = users["office"]
    office.is_staff = office.is_superuser = True
    office.full_name = "何建国"
    office.save()
    group = WorkingGroup.objects.filter(township=township).first()
    page = login_page("office")
    # when
    page.goto(page.base_url + f"/admin/villages/workinggroup/{group.pk}/change/")
    page.wait_for_selector(".selector-available")
    text = page.locator("body").inner_text()
    # then: the filter-horizontal widget and the header are Chinese
    assert "选中左侧" in text
    assert "全部选择" in text
    assert "Choose" not in text
    assert "by selecting them" not in text
    assert "何建国" in page.locator("#user-tools").inner_text()
    assert "OFFICE" not in page.locator("#user-tools").inner_text().upper()

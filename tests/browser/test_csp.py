"""In Chromium: key pages run under the Content-Security-Policy without a violation."""

import pytest

from core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber);
});
"""


def test_key_pages_produce_no_csp_violation(users, villages, login_page, tmp_path):
    # given the office signed in, with violations and console errors recorded
    office = users[Role.OFFICE]
    office.is_staff = True
    office.save()
    from core.services import ensure_role_groups

    ensure_role_groups()
    page = login_page("office")
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    village = villages[1]
    paths = [
        "/",
        "/villages/",
        f"/villages/{village.pk}/",
        "/discipline/letters/add/",
        "/discipline/reports/add/",
        "/elections/structure/",
        "/admin/",
        f"/admin/villages/village/{village.pk}/change/",
    ]
    violations = {}
    for path in paths:
        # when each page is opened
        response = page.goto(page.base_url + path)
        assert response is not None, path
        assert response.status < 500, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        found = page.evaluate("window.__csp")
        if found:
            violations[path] = found
    page.screenshot(path=str(tmp_path / "last.png"))
    # then nothing was blocked
    assert not violations
    assert not console


def test_language_switch_and_village_reload_work_without_inline_handlers(
    users, villages, login_page
):
    # given the discipline officer on the commitment-letter form
    page = login_page(users[Role.DISCIPLINE].username)
    page.goto(page.base_url + "/discipline/letters/add/")
    select = page.locator("#letter-form select[name=village]")
    if select.count():
        # when a village is chosen, the form reloads with it (app.js, no inline script)
        with page.expect_navigation():
            select.select_option(str(villages[1].pk))
        assert page.locator("#letter-form select[name=village]").input_value() == str(
            villages[1].pk
        )
    # when English is chosen in the user menu (select[data-autosubmit])
    page.goto(page.base_url + "/")
    page.evaluate(
        "document.querySelector('select[name=language]').value = 'en';"
        "document.querySelector('select[name=language]')"
        ".dispatchEvent(new Event('change', {bubbles: true}));"
    )
    page.wait_for_load_state("load")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.locator("html").get_attribute("lang") == "en"

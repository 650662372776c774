"""The navigation bar, by role. Entries whose URL does not exist yet are skipped.

Menus only mirror the scoping of querysets (core.scope); they enforce nothing.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .roles import Role

ALL = tuple(Role.values)
TOWNSHIP_READERS = (
    Role.OFFICE,
    Role.LEADER,
    Role.INSPECTOR,
    Role.DISCIPLINE,
    Role.COUNTY,
)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]
    icon: str = ""
    section: str = ""


NAV_ITEMS = [
    NavItem(_("Home"), "home", ALL, "house"),
    # villages (issue: foundation, roster)
    NavItem(
        _("Villages"),
        "villages:village_list",
        (*TOWNSHIP_READERS, Role.GUIDE),
        "houses",
    ),
    NavItem(_("Working groups"), "villages:group_list", TOWNSHIP_READERS, "people"),
    NavItem(
        _("Cadre roster"),
        "villages:roster",
        (*TOWNSHIP_READERS, Role.GUIDE),
        "person-vcard",
    ),
    NavItem(
        _("Import roster"),
        "villages:import_start",
        (Role.OFFICE,),
        "file-earmark-arrow-up",
    ),
    # stages (timetable)
    NavItem(
        _("Battle map"),
        "stages:battle_map",
        (*TOWNSHIP_READERS, Role.GUIDE),
        "grid-3x3",
    ),
    NavItem(_("My tasks"), "stages:my_tasks", (Role.GUIDE, Role.OFFICE), "list-check"),
    # candidates (vetting)
    NavItem(
        _("Candidates"),
        "candidates:nomination_list",
        (Role.OFFICE, Role.LEADER, Role.INSPECTOR, Role.GUIDE, Role.COUNTY),
        "person-check",
    ),
    NavItem(
        _("Joint review"),
        "candidates:review_inbox",
        (Role.REVIEWER,),
        "clipboard-check",
    ),
    # elections
    NavItem(
        _("Elections"),
        "elections:election_list",
        (*TOWNSHIP_READERS, Role.GUIDE),
        "box2",
    ),
    NavItem(
        _("Trial calculation"),
        "elections:trial",
        (*TOWNSHIP_READERS, Role.GUIDE),
        "calculator",
    ),
    NavItem(
        _("Exit audits"),
        "elections:audit_list",
        (*TOWNSHIP_READERS, Role.GUIDE),
        "journal-check",
    ),
    NavItem(
        _("Handovers"),
        "elections:handover_list",
        (*TOWNSHIP_READERS, Role.GUIDE),
        "arrow-left-right",
    ),
    NavItem(
        _("Structure analysis"),
        "elections:structure",
        (*TOWNSHIP_READERS, Role.GUIDE),
        "bar-chart",
    ),
    NavItem(
        _("Election statistics"),
        "elections:statistics",
        TOWNSHIP_READERS,
        "table",
    ),
    NavItem(
        _("Progress bulletin"),
        "bulletins:bulletin",
        TOWNSHIP_READERS,
        "file-earmark-text",
    ),
    # supervision (inspection notes; others reach them from home and village pages)
    NavItem(
        _("Inspection notes"),
        "supervision:note_list",
        (Role.INSPECTOR,),
        "clipboard2-pulse",
    ),
    # discipline
    NavItem(
        _("Discipline & publicity"), "discipline:totals", TOWNSHIP_READERS, "megaphone"
    ),
    NavItem(
        _("Reports"),
        "discipline:report_list",
        (Role.DISCIPLINE, Role.OFFICE, Role.LEADER),
        "shield-exclamation",
    ),
    # operations
    NavItem(_("System status"), "notifications:health", (Role.OFFICE,), "activity"),
]


def nav_for(scope) -> list[dict]:
    """Return the navigation entries a scope may use, with resolved URLs."""
    items = []
    for item in NAV_ITEMS:
        if not scope.has(*item.roles):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append(
            {"label": item.label, "url": url, "icon": item.icon, "name": item.url_name}
        )
    return items


# Menus that gather related entries, so the bar fits one line on a 1,400 px screen
# (an office user has seventeen entries). A menu with one visible entry is shown
# as that entry's link.
MENUS = {
    "organisation": (
        pgettext_lazy("menu", "Villages and roster"),
        (
            "villages:village_list",
            "villages:group_list",
            "villages:roster",
            "villages:import_start",
        ),
    ),
    "elections": (
        pgettext_lazy("menu", "Elections"),
        (
            "elections:election_list",
            "elections:trial",
            "elections:audit_list",
            "elections:handover_list",
        ),
    ),
    "reports": (
        pgettext_lazy("menu", "Statistics"),
        ("elections:structure", "elections:statistics", "bulletins:bulletin"),
    ),
    "discipline": (
        pgettext_lazy("menu", "Discipline"),
        ("discipline:totals", "discipline:report_list"),
    ),
}
_MENU_OF = {name: key for key, (_label, names) in MENUS.items() for name in names}


def nav_menus(items: list[dict], current: str = "") -> list[dict]:
    """Group ``nav_for`` entries into the bar's links and drop-down menus, in order.

    Each result is a link (``label``, ``url``, ``name``, ``icon``) or a menu
    (``label``, ``children``, ``active``) placed where its first entry was.
    """
    result: list[dict] = []
    menus: dict[str, dict] = {}
    for item in items:
        key = _MENU_OF.get(item["name"])
        if key is None:
            result.append(item)
            continue
        if key not in menus:
            menus[key] = {"label": MENUS[key][0], "children": [], "key": key}
            result.append(menus[key])
        menus[key]["children"].append(item)
    flat = []
    for entry in result:
        children = entry.get("children")
        if children is not None and len(children) == 1:
            flat.append(children[0])
        elif children is not None:
            entry["active"] = any(child["name"] == current for child in children)
            flat.append(entry)
        else:
            flat.append(entry)
    return flat

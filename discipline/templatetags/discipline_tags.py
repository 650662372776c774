"""Template tags of the discipline app: the section menu and the shared-page panels.

Panels compute their data here with the signed-in user, through the same
access rules as the pages: a user scoped to a village never gets report data.
"""

from __future__ import annotations

from django import template
from django.db.models import Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.scope import get_scope

from .. import access, selectors
from ..choices import BLOCKING_CATEGORIES, Channel, MaterialKind, TextCode
from ..models import (
    CommitmentLetter,
    EducationEvent,
    MaterialDistribution,
    PublicityEntry,
    PublicOpinion,
    ReferenceText,
    Report,
)

register = template.Library()

# (url name, label, icon, who sees it, view-name prefixes that mark it active)
SECTIONS = [
    (
        "discipline:totals",
        _("Totals"),
        "bar-chart-line",
        "township",
        ("discipline:totals",),
    ),
    (
        "discipline:event_list",
        _("Education events"),
        "easel",
        "all",
        ("discipline:event",),
    ),
    (
        "discipline:material_list",
        _("Materials"),
        "box-seam",
        "all",
        ("discipline:material",),
    ),
    (
        "discipline:publicity_list",
        _("Publicity log"),
        "megaphone",
        "all",
        ("discipline:publicity",),
    ),
    (
        "discipline:letter_list",
        _("Commitment letters"),
        "pen",
        "all",
        (
            "discipline:letter_list",
            "discipline:letter_add",
            "discipline:letter_detail",
            "discipline:letter_edit",
            "discipline:letter_delete",
            "discipline:letter_print",
        ),
    ),
    (
        "discipline:letter_unsigned",
        _("Not yet signed"),
        "exclamation-diamond",
        "all",
        ("discipline:letter_unsigned",),
    ),
    (
        "discipline:text_list",
        _("Ten prohibitions and nine forbidden acts"),
        "card-text",
        "all",
        ("discipline:text", "discipline:item"),
    ),
    (
        "discipline:opinion_list",
        _("Public opinion"),
        "broadcast",
        "all",
        ("discipline:opinion",),
    ),
    (
        "discipline:report_list",
        _("Reports"),
        "shield-exclamation",
        "reports",
        ("discipline:report", "discipline:extension"),
    ),
]


@register.inclusion_tag("discipline/includes/subnav.html", takes_context=True)
def discipline_subnav(context):
    """Render the section menu of the discipline pages for the user's role."""
    request = context["request"]
    scope = get_scope(request.user)
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = []
    for url_name, label, icon, who, prefixes in SECTIONS:
        if who == "township" and (
            not scope.has(*access.TOWNSHIP_READERS) or scope.village_ids is not None
        ):
            continue
        if who == "reports" and not access.reads_reports(scope):
            continue
        items.append(
            {
                "url": reverse(url_name),
                "label": label,
                "icon": icon,
                "active": current.startswith(prefixes),
            }
        )
    return {"items": items}


@register.simple_tag(takes_context=True)
def discipline_village_panel(context, village):
    """Return the data of the village page's discipline panel (few queries, scoped)."""
    request = context["request"]
    user = request.user
    scope = get_scope(user)
    publicity = dict(
        PublicityEntry.objects.visible_to(user)
        .filter(village=village)
        .values_list("channel")
        .annotate(n=Sum("count"))
        .values_list("channel", "n")
    )
    materials = dict(
        MaterialDistribution.objects.visible_to(user)
        .filter(village=village)
        .values_list("kind")
        .annotate(n=Sum("quantity"))
        .values_list("kind", "n")
    )
    data = {
        "banners": publicity.get(Channel.BANNER, 0)
        + materials.get(MaterialKind.BANNER, 0),
        "publicity_total": sum(publicity.values()),
        "cards": materials.get(MaterialKind.REMINDER_CARD, 0),
        "boards": materials.get(MaterialKind.PROHIBITION_BOARD, 0),
        "events": EducationEvent.objects.visible_to(user)
        .filter(villages=village)
        .count(),
        "letters": CommitmentLetter.objects.visible_to(user)
        .filter(village=village)
        .count(),
        "opinions_open": PublicOpinion.objects.visible_to(user)
        .filter(village=village, closed=False)
        .count(),
        "commitments": selectors.commitment_status(village),
        "can_edit": access.can_edit_record(scope, village),
        "reports": None,
        "card_text": ReferenceText.objects.filter(kind=TextCode.TEN_PROHIBITIONS)
        .values_list("pk", flat=True)
        .first(),
    }
    # Report data only for report readers who are not the village's staff; the
    # queryset itself returns nothing for everyone else.
    if access.reads_reports(scope) and village.pk not in access.recused_village_ids(
        user
    ):
        data["reports"] = selectors.report_counts(user=user, village=village)
    return data


@register.simple_tag(takes_context=True)
def discipline_home_panel(context):
    """Return the data of the home page panel: headline totals and report counts."""
    request = context["request"]
    user = request.user
    scope = get_scope(user)
    data = {
        "totals": None,
        "reports": None,
        "pending_extensions": 0,
        "opinions_overdue": 0,
    }
    today = timezone.localdate()
    if (
        scope.has(*access.TOWNSHIP_READERS)
        and scope.village_ids is None
        and len(scope.township_ids or ()) == 1
    ):
        data["totals"] = selectors.discipline_totals(user=user)
    if access.counts_reports(scope):
        data["reports"] = selectors.report_counts(user=user, today=today)
    if access.decides_extensions(scope):
        data["pending_extensions"] = selectors.pending_extensions(user=user).count()
    data["opinions_overdue"] = (
        PublicOpinion.objects.visible_to(user).overdue(today).count()
    )
    data["reads_reports"] = access.reads_reports(scope)
    return data


@register.simple_tag(takes_context=True)
def discipline_person_panel(context, person):
    """Return the letters of a person and, for report readers, their open reports."""
    request = context["request"]
    user = request.user
    scope = get_scope(user)
    letters = list(
        CommitmentLetter.objects.visible_to(user)
        .filter(person=person)
        .order_by("kind", "signed_on")
    )
    reports = None
    if access.reads_reports(scope):
        reports = list(
            Report.objects.visible_to(user)
            .filter(person=person)
            .open()
            .order_by("-received_on")
            .values("pk", "number", "category", "status")
        )
        reports = [
            {
                **row,
                "blocking": row["category"] in BLOCKING_CATEGORIES,
                "url": reverse("discipline:report_detail", args=[row["pk"]]),
            }
            for row in reports
        ]
    return {
        "letters": letters,
        "reports": reports,
        "can_edit": access.can_edit_record(scope, person.village),
    }


@register.filter
def url_or_empty(obj) -> str:
    """Return the object's page address, or "" while that page does not exist yet."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return ""


@register.filter
def count_by(values, key):
    """Return ``values[key]`` or 0 (for dicts of counts in templates)."""
    if not values:
        return 0
    return values.get(key, 0)

"""The 十不选 catalogue and the review departments, as a reference page.

A department reviewer sees only the criteria their department checks; the
township's staff see all of them.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from core.roles import Role
from core.scope import get_scope
from stages.models import ElectionRound

from ...models import Criterion, Department, RoundCriterion


def criteria(request):
    """List the criteria (the catalogue, or a round's copy with ``?round=``) and departments."""
    scope = get_scope(request.user)
    reviewer_only = not scope.has(
        Role.OFFICE,
        Role.LEADER,
        Role.INSPECTOR,
        Role.GUIDE,
        Role.DISCIPLINE,
        Role.COUNTY,
    )
    round = None
    if request.GET.get("round", "").isdigit():
        round = get_object_or_404(
            ElectionRound.objects.visible_to(request.user), pk=int(request.GET["round"])
        )
        queryset = RoundCriterion.objects.filter(round=round)
    else:
        queryset = Criterion.objects.visible_to(request.user).filter(active=True)
    departments = Department.objects.visible_to(request.user).filter(active=True)
    if reviewer_only:
        own = request.user.review_departments.all()
        queryset = queryset.filter(departments__in=own).distinct()
        departments = departments.filter(pk__in=own)
    return render(
        request,
        "candidates/vetting/criteria.html",
        {
            "criteria": queryset.prefetch_related("departments").order_by("number"),
            "departments": departments.prefetch_related("criteria").order_by(
                "order", "code"
            ),
            "round": round,
            "reviewer_only": reviewer_only,
        },
    )

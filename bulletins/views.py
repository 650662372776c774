"""The progress bulletin page, its A4 print view and its .docx download."""

from __future__ import annotations

from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.roles import Role
from core.scope import get_scope
from villages.models import Township

from . import texts
from .documents import bulletin_docx
from .forms import BulletinForm, default_period
from .selectors import progress_bulletin

READERS = (Role.OFFICE, Role.LEADER, Role.INSPECTOR, Role.DISCIPLINE, Role.COUNTY)
DOCX_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)


def _prepare(request):
    """Check the role, validate the choice and return (form, bulletin or None)."""
    scope = get_scope(request.user)
    if not scope.has(*READERS) or scope.village_ids is not None:
        raise PermissionDenied
    townships = list(
        Township.objects.visible_to(request.user)
        .order_by("code")
        .values_list("pk", "name")
    )
    wanted = request.GET.get("township", "")
    if wanted and wanted not in {str(pk) for pk, _name in townships}:
        raise Http404  # another county's township, or no such township
    today = timezone.localdate()
    data = request.GET.copy()
    if not {"date_from", "date_to"} & set(data):
        start, end = default_period(today)
        data.update({"date_from": start.isoformat(), "date_to": end.isoformat()})
        if townships and "township" not in data:
            data["township"] = str(townships[0][0])
    form = BulletinForm(data, townships=townships, today=today)
    if not townships or not form.is_valid():
        return form, None
    township_id = form.cleaned_data["township"]
    township = Township.objects.visible_to(request.user).filter(pk=township_id).first()
    if township is None:
        raise Http404
    bulletin = progress_bulletin(
        user=request.user,
        township=township,
        date_from=form.cleaned_data["date_from"],
        date_to=form.cleaned_data["date_to"],
    )
    return form, bulletin


def bulletin(request):
    """Show the bulletin for the chosen township and period (default: the last 7 days)."""
    form, result = _prepare(request)
    return render(
        request,
        "bulletins/bulletin.html",
        {
            "form": form,
            "bulletin": result,
            "sections": texts.sections(result) if result else [],
            "title": texts.title(result) if result else "",
            "period": texts.period(result) if result else "",
            "query": form.data.urlencode() if result else "",
        },
        status=200 if result or not form.is_bound else 400,
    )


def bulletin_print(request):
    """Show the bulletin alone on A4 pages, ready to print."""
    form, result = _prepare(request)
    if result is None:
        return bulletin(request)
    return render(
        request,
        "bulletins/bulletin_print.html",
        {
            "bulletin": result,
            "sections": texts.sections(result),
            "title": texts.title(result),
            "period": texts.period(result),
            "query": form.data.urlencode(),
        },
    )


def bulletin_download(request):
    """Return the bulletin as an editable .docx."""
    form, result = _prepare(request)
    if result is None:
        return bulletin(request)
    start, end = result.date_from.isoformat(), result.date_to.isoformat()
    filename = f"{texts.title(result)}（{start}—{end}）.docx"
    response = HttpResponse(bulletin_docx(result), content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response

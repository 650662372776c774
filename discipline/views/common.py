"""Helpers shared by the discipline views: service errors onto forms, access logging."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404

from core.models import AccessLog
from core.scope import get_scope
from core.services import access_log_record

from .. import access


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: by field where the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def log_view(
    request, *, what: str, object_repr: str = "", rows: int = 0, export: bool = False
):
    """Record that the user viewed or exported report data (core.AccessLog)."""
    access_log_record(
        user=request.user,
        action=AccessLog.Action.EXPORT if export else AccessLog.Action.VIEW,
        what=what,
        object_repr=object_repr,
        path=request.get_full_path(),
        rows=rows,
    )


def require_reader(request) -> None:
    """Refuse users who may not read reports: 404 so the feature itself is not revealed
    to village staff, 403 to township users of another role."""
    scope = get_scope(request.user)
    if access.reads_reports(scope):
        return
    if scope.village_ids is not None:
        from django.http import Http404

        raise Http404
    raise PermissionDenied


def scoped_get(model, request, pk, **related):
    """Return a row visible to the user or 404."""
    queryset = model.objects.visible_to(request.user)
    if related.get("select"):
        queryset = queryset.select_related(*related["select"])
    return get_object_or_404(queryset, pk=pk)

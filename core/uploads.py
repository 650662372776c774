"""Upload checks (size, type) with Chinese messages, and scoped file serving."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

EVIDENCE_EXTENSIONS = (
    ".pdf",
    ".jpg",
    ".jpeg",
    ".png",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
)


def validate_upload(
    uploaded, *, extensions=EVIDENCE_EXTENSIONS, max_bytes=None
) -> None:
    """Raise ValidationError (Chinese message) when a file is too large or of a wrong type."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    name = getattr(uploaded, "name", "") or ""
    suffix = Path(name).suffix.lower()
    if suffix not in extensions:
        raise ValidationError(
            _("File type “%(suffix)s” is not accepted. Upload one of: %(allowed)s.")
            % {"suffix": suffix or _("(none)"), "allowed": " ".join(extensions)},
            code="file_type",
        )
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s. Compress it or split it.")
            % {
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(max_bytes),
            },
            code="file_size",
        )


def serve_file(field_file, *, download_name: str | None = None) -> FileResponse:
    """Serve a stored file; the caller has already checked the user's scope."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = download_name or Path(field_file.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(
        handle, as_attachment=True, filename=name, content_type=content_type
    )

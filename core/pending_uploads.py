"""Keep a chosen file across a form error, so the clerk does not pick it again.

A browser never re-sends a file after the page re-renders with an error. When a
form with a valid upload fails for another reason, the view stores the file
under ``MEDIA_ROOT/pending/`` and puts a signed token in a hidden field; the
next submission without a new file uses the stored one. The token is signed
with the user's id and expires, so nobody can point it at another user's file
or an arbitrary path. Stored files older than a day are swept on each stash.
"""

from __future__ import annotations

import time
import uuid
from pathlib import PurePosixPath

from django.core import signing
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage

PENDING_DIR = "pending"
MAX_AGE_SECONDS = 24 * 3600
SALT = "core.pending_uploads"


def stash(uploaded, *, user) -> str:
    """Store an uploaded file for later use by ``user``; return its token."""
    _sweep()
    name = PurePosixPath(getattr(uploaded, "name", "") or "file").name[:200]
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    path = default_storage.save(
        f"{PENDING_DIR}/{uuid.uuid4().hex}/{name}", ContentFile(uploaded.read())
    )
    return signing.dumps({"path": path, "name": name, "user": user.pk}, salt=SALT)


def _payload(token: str, *, user) -> dict | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    path = str(data.get("path", ""))
    if (
        data.get("user") != user.pk
        or not path.startswith(PENDING_DIR + "/")
        or ".." in path
        or not default_storage.exists(path)
    ):
        return None
    return data


def name_of(token: str, *, user) -> str:
    """Return the original file name a token stands for ("" when invalid)."""
    data = _payload(token or "", user=user) if token else None
    return data["name"] if data else ""


def claim(token: str, *, user) -> File | None:
    """Return the stashed file as an upload-like ``File`` named as chosen, or None."""
    data = _payload(token or "", user=user) if token else None
    if data is None:
        return None
    with default_storage.open(data["path"], "rb") as stored:
        content = ContentFile(stored.read(), name=data["name"])
    content.pending_path = data["path"]
    return content


def discard(uploaded) -> None:
    """Delete the stored copy behind a claimed file (after it was saved for good)."""
    path = getattr(uploaded, "pending_path", "")
    if path and default_storage.exists(path):
        default_storage.delete(path)


def _sweep() -> None:
    """Delete pending files older than ``MAX_AGE_SECONDS`` (best effort)."""
    try:
        folders, _files = default_storage.listdir(PENDING_DIR)
    except (FileNotFoundError, NotImplementedError, OSError):
        return
    cutoff = time.time() - MAX_AGE_SECONDS
    for folder in folders:
        for file_name in default_storage.listdir(f"{PENDING_DIR}/{folder}")[1]:
            path = f"{PENDING_DIR}/{folder}/{file_name}"
            try:
                if default_storage.get_modified_time(path).timestamp() < cutoff:
                    default_storage.delete(path)
            except (FileNotFoundError, OSError):
                continue

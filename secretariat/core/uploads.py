"""Files stored by content hash: uploads kept between a preview and its commit, and the
names every stored file goes by."""

import hashlib
import re
import tempfile
import time
from pathlib import Path

from flask import current_app, request

_TOKEN = re.compile(r"^[0-9a-f]{64}\.(csv|tsv|txt|xlsx)$")
_STORED_NAME = re.compile(r"[0-9a-f]{64}")
#: `info` of a column that names a file stored under its SHA-256 (backups check them)
STORED_FILE = {"stored_file": True}


def is_stored_name(name) -> bool:
    """Is this the name of a file kept by its content (a SHA-256 in hex), and nothing that
    could point anywhere else?"""
    return isinstance(name, str) and _STORED_NAME.fullmatch(name) is not None


ALLOWED = ("csv", "tsv", "txt", "xlsx")


def larger_uploads(config_key: str):
    """View decorator: this view takes uploads up to `app.config[config_key]` bytes, not the
    app-wide MAX_CONTENT_LENGTH. Applied before any body is read (see `apply_upload_limit`)."""

    def decorator(view):
        view.upload_limit_key = config_key
        return view

    return decorator


def apply_upload_limit() -> None:
    """A before-request hook, registered ahead of CSRF checks (which read the body)."""
    view = current_app.view_functions.get(request.endpoint or "")
    if key := getattr(view, "upload_limit_key", None):
        request.max_content_length = current_app.config[key]


def _folder() -> Path:
    folder = Path(current_app.config["INSTANCE_DIR"]) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def extension(filename: str) -> str | None:
    suffix = Path(filename or "").suffix.lower().lstrip(".")
    return suffix if suffix in ALLOWED else None


def keep(stream, filename: str) -> str:
    """Store the upload (streamed, whatever its size) and return its token. Uploads left
    behind (previewed, never imported) go first."""
    ext = extension(filename)
    if ext is None:
        raise ValueError(filename)
    sweep()
    digest = hashlib.sha256()
    with tempfile.NamedTemporaryFile(dir=_folder(), prefix="incoming-", delete=False) as out:
        try:
            while chunk := stream.read(1024 * 1024):
                digest.update(chunk)
                out.write(chunk)
        except BaseException:  # a broken upload or a full disk: no half file stays behind
            out.close()
            Path(out.name).unlink(missing_ok=True)
            raise
    token = f"{digest.hexdigest()}.{ext}"
    Path(out.name).replace(_folder() / token)
    return token


def is_token(token: str | None) -> bool:
    return _TOKEN.match(token or "") is not None


def path_of(token: str) -> Path | None:
    """The stored file for a token from a form, or None if the token is not one of ours
    (or its file is gone: imported already, or swept)."""
    if not is_token(token):
        return None
    path = _folder() / token
    return path if path.exists() else None


def discard(token: str | None) -> None:
    """The upload was imported, or cannot be: its file goes."""
    if is_token(token):
        (_folder() / token).unlink(missing_ok=True)


def sweep(now: float | None = None) -> int:
    """Remove uploads (and half-written ones) older than UPLOAD_MAX_AGE: files someone
    previewed and never imported. Returns how many went."""
    oldest = (now or time.time()) - current_app.config["UPLOAD_MAX_AGE"].total_seconds()
    removed = 0
    for path in _folder().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < oldest:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another worker swept it first
            continue
    return removed

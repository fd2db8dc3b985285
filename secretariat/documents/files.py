"""Attached files on disk: checked before they are kept, stored once under their SHA-256,
never executed, always served as downloads.

A file is accepted when its extension is on the list and its first bytes are what
that extension promises (a PDF starts with %PDF-, a .docx is a ZIP holding word/…).
"""

import hashlib
import io
import os
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ..core.uploads import is_stored_name
from ..core.web import filesize

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (.doc, .xls, .ppt)
_SNIFF_BYTES = 64 * 1024


def _starts(prefix: bytes):
    return lambda head, path: head.startswith(prefix)


def _zip_holding(folder: str):
    def check(head, path):
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError):
            return False
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)

    return check


def _open_document(mimetype: str):
    def check(head, path):
        # ODF puts an uncompressed "mimetype" entry first: its name ends at byte 38
        return (
            head.startswith(b"PK\x03\x04")
            and head[30:38] == b"mimetype"
            and (mimetype.encode() in head[38 : 38 + 80])
        )

    return check


def _text(head, path):
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # a multi-byte letter cut at the end of the sniffed part is still UTF-8
        return error.start >= len(head) - 3 and len(head) == _SNIFF_BYTES
    return True


@dataclass(frozen=True)
class FileType:
    mimetype: str
    looks_right: object


FILE_TYPES = {
    "pdf": FileType("application/pdf", _starts(b"%PDF-")),
    "docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _zip_holding("word/"),
    ),
    "xlsx": FileType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _zip_holding("xl/")
    ),
    "pptx": FileType(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _zip_holding("ppt/"),
    ),
    "odt": FileType(
        "application/vnd.oasis.opendocument.text",
        _open_document("application/vnd.oasis.opendocument.text"),
    ),
    "ods": FileType(
        "application/vnd.oasis.opendocument.spreadsheet",
        _open_document("application/vnd.oasis.opendocument.spreadsheet"),
    ),
    "odp": FileType(
        "application/vnd.oasis.opendocument.presentation",
        _open_document("application/vnd.oasis.opendocument.presentation"),
    ),
    "doc": FileType("application/msword", _starts(_OLE)),
    "xls": FileType("application/vnd.ms-excel", _starts(_OLE)),
    "ppt": FileType("application/vnd.ms-powerpoint", _starts(_OLE)),
    "png": FileType("image/png", _starts(b"\x89PNG\r\n\x1a\n")),
    "jpg": FileType("image/jpeg", _starts(b"\xff\xd8\xff")),
    "jpeg": FileType("image/jpeg", _starts(b"\xff\xd8\xff")),
    "txt": FileType("text/plain; charset=utf-8", _text),
    "csv": FileType("text/csv; charset=utf-8", _text),
}


class RefusedFile(ValueError):
    """The upload is not kept; the message says why, in the reader's language."""


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    filename: str
    content_type: str


def _locale() -> str:
    return str(get_locale() or "lv")


def max_bytes() -> int:
    return current_app.config["ATTACHMENT_MAX_BYTES"]


def clean_filename(raw: str | None) -> str:
    """The name as the person's computer gave it, NFC; refused when it names a path."""
    name = unicodedata.normalize("NFC", (raw or "").strip())
    if not name:
        raise RefusedFile(_l("Choose a file to upload."))
    if (
        "/" in name
        or "\\" in name
        or name.startswith(".")
        or ".." in name
        # control characters, and invisible ones (a right-to-left override can make
        # "rakstsfdp.exe" read as "rakstsexe.pdf")
        or any(unicodedata.category(ch) in ("Cc", "Cf") for ch in name)
        or len(name) > 200
    ):
        raise RefusedFile(
            _l(
                "The file name “%(name)s” is not accepted: use a plain name such as "
                "protokols.pdf, without folders, leading dots or control characters.",
                name=name[:80],
            )
        )
    return name


def file_type(filename: str) -> tuple[str, FileType]:
    extension = Path(filename).suffix.lower().lstrip(".")
    if extension not in FILE_TYPES:
        raise RefusedFile(
            _l(
                "Files of this type are not accepted. Accepted: %(types)s.",
                types=", ".join(sorted(FILE_TYPES)),
            )
        )
    return extension, FILE_TYPES[extension]


def folder() -> Path:
    path = Path(current_app.config["INSTANCE_DIR"]) / "attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_for(sha256: str) -> Path:
    """Where the file of this SHA-256 is kept; anything but a SHA-256 in hex is refused,
    so no stored name can point outside the folder."""
    if not is_stored_name(sha256):
        raise ValueError(f"not the name of a stored file: {sha256!r}")
    return folder() / sha256[:2] / sha256


def _digest_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def verified_path(sha256: str) -> Path | None:
    """The stored file, when its name is a SHA-256 and its content still matches it;
    None when it is missing, misnamed or changed on disk."""
    if not is_stored_name(sha256):
        return None
    path = path_for(sha256)
    return path if path.is_file() and _digest_of(path) == sha256 else None


def store(stream, raw_filename: str | None) -> StoredFile:
    """Check and keep an uploaded file; raises RefusedFile with the reason."""
    filename = clean_filename(raw_filename)
    extension, kind = file_type(filename)
    limit = max_bytes()
    digest = hashlib.sha256()
    size = 0
    with tempfile.NamedTemporaryFile(dir=folder(), prefix="incoming-", delete=False) as out:
        incoming = Path(out.name)
        try:
            while chunk := stream.read(1024 * 1024):
                size += len(chunk)
                if size > limit:
                    raise RefusedFile(
                        _l("The file is larger than %(size)s.", size=filesize(limit, _locale()))
                    )
                digest.update(chunk)
                out.write(chunk)
        except BaseException:  # refused, or the disk is full: no half file stays behind
            out.close()
            incoming.unlink(missing_ok=True)
            raise
    try:
        _check_content(incoming, size, extension, kind)
    except RefusedFile:
        incoming.unlink(missing_ok=True)
        raise
    sha256 = digest.hexdigest()
    target = path_for(sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(incoming, 0o640)  # data, never executable
    incoming.replace(target)
    return StoredFile(sha256, size, filename, kind.mimetype)


def _check_content(path: Path, size: int, extension: str, kind: FileType) -> None:
    if size == 0:
        raise RefusedFile(_l("The file is empty."))
    with open(path, "rb") as f:
        head = f.read(_SNIFF_BYTES)
    if not kind.looks_right(head, path):
        raise RefusedFile(
            _l(
                "The file's content does not match its extension .%(ext)s: it may be "
                "renamed or damaged.",
                ext=extension,
            )
        )


def store_bytes(data: bytes, filename: str) -> StoredFile:
    """Keep bytes the app made itself (an archived PDF), through the same checks."""
    return store(io.BytesIO(data), filename)


def read_verified(sha256: str) -> bytes | None:
    """The stored bytes, or None when the file is missing or no longer matches its hash."""
    if not is_stored_name(sha256):
        return None
    path = path_for(sha256)
    if not path.is_file():
        return None
    data = path.read_bytes()
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def remove_if_unused(sha256: str, still_used: bool) -> None:
    if not still_used and is_stored_name(sha256):
        path_for(sha256).unlink(missing_ok=True)

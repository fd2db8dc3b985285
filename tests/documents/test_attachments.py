"""Files on meetings, agenda items and decisions: checked on upload, stored by content hash,
downloaded only by those who may see them, never run."""

import hashlib
import io
import zipfile
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from secretariat.documents.models import Attachment
from secretariat.extensions import db

from ..conftest import sign_in, submit
from ..helpers import field_errors, lv, text_of

PDF = b"%PDF-1.7\n% Darba k\xc4\x81rt\xc4\xabba\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _upload(client, meeting, data: bytes, filename: str, **fields):
    url = f"/meetings/{meeting.id}/files"
    form = {"owner": "meeting", "visibility": "internal", "title": "", **fields}
    form["file"] = (io.BytesIO(data), filename)
    return submit(client, url, form, content_type="multipart/form-data")


def _stored(app):
    with app.app_context():
        return db.session.scalars(sa.select(Attachment).order_by(Attachment.id)).all()


@pytest.fixture
def meeting(make_meeting):
    return make_meeting(visibility="signatories")


def test_upload_list_and_download(app, client, login_as, meeting, make_agenda_item):
    item = make_agenda_item(meeting, "Finanšu darba grupas ziņojums")
    login_as("staff")
    response = _upload(
        client,
        meeting,
        PDF,
        "Ziņojums par budžetu.pdf",
        title="Budžeta ziņojums",
        owner=f"item-{item.id}",
        visibility="signatories",
    )
    assert response.status_code == 302
    (attachment,) = _stored(app)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.agenda_item_id == item.id and attachment.content_type == "application/pdf"
    page = text_of(client.get(f"/meetings/{meeting.id}"))
    assert "Budžeta ziņojums" in page

    download = client.get(f"/files/{attachment.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''" + quote("Ziņojums par budžetu.pdf") in disposition
    assert "sandbox" in download.headers["Content-Security-Policy"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    download.close()


def test_the_same_file_twice_is_stored_once(app, client, login_as, meeting):
    from secretariat.documents.files import path_for

    login_as("staff")
    document = _docx()
    _upload(client, meeting, document, "darba_plans.docx")
    _upload(client, meeting, document, "darba plāns (kopija).docx")
    first, second = _stored(app)
    assert first.sha256 == second.sha256
    with app.app_context():
        path = path_for(first.sha256)
        assert path.is_file() and not path.stat().st_mode & 0o111  # never executable
        submit(client, f"/files/{first.id}/delete", form_url=f"/meetings/{meeting.id}/files")
        assert path.is_file()  # still used by the other row
        submit(client, f"/files/{second.id}/delete", form_url=f"/meetings/{meeting.id}/files")
        assert not path.exists()


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (
            b"MZ\x90\x00" + b"\x00" * 100,
            "setup.exe",
            "Files of this type are not accepted. Accepted: %(types)s.",
        ),
        (
            b"MZ\x90\x00" + b"\x00" * 100,
            "protokols.pdf",
            "The file's content does not match its extension .%(ext)s: it may be renamed "
            "or damaged.",
        ),
        (
            b"#!/bin/sh\nrm -rf /\n",
            "tabula.xlsx",
            "The file's content does not match its extension .%(ext)s: it may be renamed "
            "or damaged.",
        ),
        (
            PDF,
            "../../etc/passwd.pdf",
            "The file name “%(name)s” is not accepted: use a plain name such as protokols.pdf, "
            "without folders, leading dots or control characters.",
        ),
        (
            PDF,
            ".htaccess.pdf",
            "The file name “%(name)s” is not accepted: use a plain name such as protokols.pdf, "
            "without folders, leading dots or control characters.",
        ),
        (b"", "tukss.pdf", "The file is empty."),
        (
            PDF,
            "raksts\u202efdp.exe",
            "The file name “%(name)s” is not accepted: use a plain name such as protokols.pdf, "
            "without folders, leading dots or control characters.",
        ),
        (b"\xff\xfe\x00t\x00e\x00k\x00s\x00t", "teksts.txt", None),
    ],
)
def test_bad_files_are_refused_at_the_field(
    app, client, login_as, meeting, data, filename, message
):
    from secretariat.documents.files import FILE_TYPES

    login_as("staff")
    response = _upload(client, meeting, data, filename)
    assert response.status_code == 400
    errors = field_errors(response, "file")
    assert len(errors) == 1
    if message:
        params = {
            "types": ", ".join(sorted(FILE_TYPES)),
            "ext": filename.rsplit(".", 1)[-1],
            "name": filename,
        }
        assert errors[0] == lv(message) % {k: v for k, v in params.items() if f"%({k})" in message}
    assert _stored(app) == []
    with app.app_context():
        from secretariat.documents.files import folder

        assert [p for p in folder().rglob("*") if p.is_file()] == []  # nothing half-written


def test_an_oversize_file_is_refused_at_the_field(app, client, login_as, meeting):
    # 100 KB stands in for the 20 MB default, so the test stays small
    app.config.update(ATTACHMENT_MAX_BYTES=100 * 1024, ATTACHMENT_UPLOAD_LIMIT=100 * 1024 + 9000)
    limit = app.config["ATTACHMENT_MAX_BYTES"]
    login_as("staff")
    response = _upload(client, meeting, b"%PDF-" + b"0" * limit, "liels.pdf")
    assert response.status_code == 400
    assert field_errors(response, "file") == [
        lv("The file is larger than %(size)s.") % {"size": "100 KB"}
    ]
    assert _stored(app) == []
    # far beyond the limit the request itself is refused, with a message
    huge = _upload(client, meeting, b"%PDF-" + b"0" * (limit + 10_000), "liels.pdf")
    assert huge.status_code == 413
    assert lv("The upload is too large.") in text_of(huge)


def test_who_downloads_what(app, client, login_as, make_user, make_meeting, make_decision):
    public_meeting = make_meeting(visibility="public")
    internal_meeting = make_meeting(visibility="internal")
    hidden_decision = make_decision(public_meeting, visibility="internal")
    login_as("staff")
    cases = {
        "public": (public_meeting, "public", {}),
        "signatories": (public_meeting, "signatories", {}),
        "members": (public_meeting, "members", {}),
        "internal": (public_meeting, "internal", {}),
        "public file, internal meeting": (internal_meeting, "public", {}),
        "public file, internal decision": (
            public_meeting,
            "public",
            {"owner": f"decision-{hidden_decision.id}"},
        ),
    }
    ids = {}
    for name, (meeting, visibility, extra) in cases.items():
        assert _upload(client, meeting, PDF, f"{len(ids)}.pdf", visibility=visibility, **extra)
        ids[name] = _stored(app)[-1].id
    expected = {
        "anonymous": {"public"},
        "signatory": {"public", "signatories"},
        "member": {"public", "signatories", "members"},
        "staff": set(cases),
    }
    for role, allowed in expected.items():
        reader = app.test_client()
        if role != "anonymous":
            sign_in(reader, make_user(role).email)
        got = set()
        for name, attachment_id in ids.items():
            with reader.get(f"/files/{attachment_id}") as response:
                if response.status_code == 200:
                    got.add(name)
        assert got == allowed, role
    with app.test_client().get(f"/files/{ids['public']}") as response:
        assert "no-store" not in response.headers.get("Cache-Control", "")
    staff_client = app.test_client()
    sign_in(staff_client, make_user("staff").email)
    with staff_client.get(f"/files/{ids['internal']}") as response:
        assert response.headers["Cache-Control"] == "private, no-store"


def test_staff_change_a_files_title_and_visibility(app, client, login_as, meeting):
    login_as("staff")
    _upload(client, meeting, PDF, "prezentacija.pdf")
    (attachment,) = _stored(app)
    bad = submit(client, f"/files/{attachment.id}/edit", {"title": "", "visibility": "everyone"})
    assert field_errors(bad, "visibility") == [lv("Not a valid choice.")]
    submit(
        client, f"/files/{attachment.id}/edit", {"title": "Prezentācija", "visibility": "public"}
    )
    (attachment,) = _stored(app)
    assert (attachment.title, attachment.visibility) == ("Prezentācija", "public")

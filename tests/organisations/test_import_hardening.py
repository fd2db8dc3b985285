"""Imports that a crafted file cannot turn against the server (bounded reading, a message
instead of a 500), whose uploads do not pile up, and which say what they did not read."""

import io
import os
import re
import time
import tracemalloc
import zipfile

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from secretariat.extensions import db
from secretariat.organisations.models import Organisation

from ..conftest import csrf_token, submit
from ..helpers import lv, text_of
from .test_import import _xlsx

MB = 1024 * 1024
#: what reading one upload may take at most (the issue's budget)
MEMORY_BUDGET = 200 * MB


def _with_part(xlsx: bytes, name: str, write) -> bytes:
    """The workbook with one part replaced by what `write(stream)` writes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename), zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with target.open(info, "w", force_zip64=True) as part:
            write(part)
    return out.getvalue()


def _preview(client, content: bytes, name: str):
    """Upload as a browser does; the body is encoded here in memory (the test client spools
    a large one to a temporary file it never closes)."""
    upload = FileStorage(io.BytesIO(content), filename=name)
    token = csrf_token(client, "/organisations/import")
    boundary, body = encode_multipart({"csrf_token": token, "file": upload})
    return client.post(
        "/organisations/import", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )


def _peak(call) -> tuple[object, int]:
    """What the call returned and the most memory Python held meanwhile."""
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _uploads(app) -> list[str]:
    folder = os.path.join(app.config["INSTANCE_DIR"], "uploads")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_an_xlsx_bomb_is_refused_before_it_is_unpacked(app, client, login_as):
    """A few hundred KB whose shared strings unpack to more than the limit."""
    from secretariat.organisations.tabular import MAX_UNPACKED

    def huge_strings(part):
        part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        part.write(b"<si><t>")
        for _ in range(MAX_UNPACKED // MB + 1):
            part.write(b"A" * MB)
        part.write(b"</t></si></sst>")

    bomb = _with_part(_xlsx(["Nosaukums"], ["Biedrība"]), "xl/sharedStrings.xml", huge_strings)
    assert len(bomb) < MB
    login_as("staff")
    response, peak = _peak(lambda: _preview(client, bomb, "bumba.xlsx"))
    assert response.status_code == 400
    assert lv(
        "The spreadsheet unpacks to more than %(mb)s MB; save a smaller one (or the table as CSV).",
        mb=MAX_UNPACKED // MB,
    ) in text_of(response)
    assert peak < MEMORY_BUDGET
    assert _uploads(app) == []  # nothing can come of it: not kept


def test_a_million_row_csv_is_refused_as_it_is_read(app, client, login_as):
    from secretariat.organisations.tabular import MAX_ROWS

    csv = b"Nosaukums;E-pasts\n" + b"Biedriba;a@b.lv\n" * 1_250_000
    login_as("staff")
    response, peak = _peak(lambda: _preview(client, csv, "rindas.csv"))
    assert response.status_code == 400
    assert lv(
        "The file has more than %(n)s rows; split it into smaller files.", n=f"{MAX_ROWS}"
    ) in text_of(response)
    assert peak < MEMORY_BUDGET


@pytest.mark.parametrize(
    "part, content",
    [
        ("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row r='1'><c r='A1' t="),
        ("xl/worksheets/sheet1.xml", b"\x00\xff not xml"),
        ("xl/workbook.xml", b"<workbook/>"),
        ("[Content_Types].xml", b"<Types><Override PartName="),
    ],
)
def test_a_malformed_xlsx_gets_the_files_message(part, content, client, login_as):
    broken = _with_part(_xlsx(["Nosaukums"], ["Biedrība"]), part, lambda p: p.write(content))
    login_as("staff")
    response = _preview(client, broken, "bojats.xlsx")
    assert response.status_code == 400
    assert lv("This is not a readable Excel (.xlsx) file.") in text_of(response)


def test_overlong_cells_and_rows_are_named_by_line(client, login_as):
    from secretariat.organisations.tabular import MAX_CELL, MAX_COLUMNS

    login_as("staff")
    long_cell = "Nosaukums;Kontakti\nBiedrība;" + "ā" * (MAX_CELL + 1) + "\n"
    response = _preview(client, long_cell.encode(), "gara.csv")
    assert response.status_code == 400
    message = "Line %(line)s has a cell longer than %(n)s characters: is this the right file?"
    assert lv(message, line=2, n=MAX_CELL) in text_of(response)
    wide = "Nosaukums;Kontakti\n" + ";".join(["x"] * (MAX_COLUMNS + 1)) + "\n"
    response = _preview(client, wide.encode(), "plata.csv")
    message = "Line %(line)s has more than %(n)s columns: is this the right file?"
    assert lv(message, line=2, n=MAX_COLUMNS) in text_of(response)


def test_control_characters_in_a_file_never_reach_the_register(app, runner, tmp_path):
    path = tmp_path / "nul.csv"
    # past the first 8 KB, which are looked at for NUL bytes
    padding = "".join(f"Biedrība {n};a{n}@pirma.lv\n" for n in range(400))
    path.write_bytes(f"Nosaukums;E-pasts\n{padding}Biedrība\x00Otrā\x01;b@otra.lv\n".encode())
    result = runner.invoke(args=["organisations", "import", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(
            sa.select(Organisation.name).where(Organisation.emails == "b@otra.lv")
        ) == ("Biedrība Otrā")


def test_an_upload_is_removed_once_imported(app, client, login_as):
    login_as("staff")
    preview = _preview(client, "Nosaukums;E-pasts\nBiedrība Ābele;a@abele.lv\n".encode(), "a.csv")
    token = re.search(r'name="token"[^>]*value="([^"]+)"', preview.text).group(1)
    assert _uploads(app) == [token]
    done = submit(
        client, "/organisations/import/commit", {"token": token}, form_url="/organisations/import"
    )
    assert done.status_code == 302
    assert _uploads(app) == []
    again = submit(
        client,
        "/organisations/import/commit",
        {"token": token},
        form_url="/organisations/import",
        follow_redirects=True,
    )
    assert lv(
        "The uploaded file is no longer kept (imported, or left too long): upload it again."
    ) in text_of(again)


def test_uploads_left_behind_are_swept_by_the_next(app, client, login_as):
    login_as("staff")
    _preview(client, "Nosaukums;E-pasts\nBiedrība Ābele;a@abele.lv\n".encode(), "a.csv")
    (left,) = _uploads(app)
    path = os.path.join(app.config["INSTANCE_DIR"], "uploads", left)
    day_and_more = time.time() - app.config["UPLOAD_MAX_AGE"].total_seconds() - 60
    os.utime(path, (day_and_more, day_and_more))
    _preview(client, "Nosaukums;E-pasts\nBiedrība Bērzs;b@berzs.lv\n".encode(), "b.csv")
    assert len(_uploads(app)) == 1 and _uploads(app) != [left]


@pytest.mark.parametrize(
    "header",
    ["registration_number", "Reg. Nr.", "REĢISTRĀCIJAS NUMURS", "reg-nr", "Registration No."],
)
def test_headers_match_without_case_diacritics_underscores_or_dots(header, app, runner, tmp_path):
    path = tmp_path / "tabula.csv"
    path.write_text(f"{header};organisation_name;E_pasts\n40008000001;Biedrība Ābele;a@abele.lv\n")
    result = runner.invoke(args=["organisations", "import", str(path)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        created = db.session.scalar(sa.select(Organisation))
        assert (created.registration_number, created.emails) == ("40008000001", "a@abele.lv")


def test_the_preview_names_what_it_does_not_read(app, client, login_as):
    login_as("staff")
    table = (
        "Nosaukums;Piezīmes;E-pasts;Tālrunis\n"
        "Biedrība Ābele;sazināties rudenī;info(at)abele.lv;+371 29999999 Jānis\n"
    )
    preview = _preview(client, table.encode(), "a.csv")
    page = text_of(preview)
    assert (
        lv("Column “%(name)s” was not recognised: its cells are not imported.", name="Piezīmes")
        in page
    )
    warning = "“%(text)s” is not a phone, e-mail or web address: kept under other contacts."
    assert lv(warning, text="info(at)abele.lv Jānis") in page
    token = re.search(r'name="token"[^>]*value="([^"]+)"', preview.text).group(1)
    submit(
        client, "/organisations/import/commit", {"token": token}, form_url="/organisations/import"
    )
    with app.app_context():
        created = db.session.scalar(sa.select(Organisation))
        assert created.phones == "+371 29999999"
        assert created.other_contacts == "info(at)abele.lv Jānis"  # not lost

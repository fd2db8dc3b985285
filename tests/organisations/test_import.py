"""Importing organisations: seed 004 as it is, crafted bad files, preview then all or nothing."""

import datetime as dt
import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

import secretariat
from secretariat.extensions import db
from secretariat.organisations.models import Organisation

from ..conftest import submit
from ..helpers import lv, text_of

#: the repository's own copy of seed 004 (the repository stands alone)
SEED_004 = str(
    Path(secretariat.__file__).parent / "demo" / "data" / "seed_004_contacts_and_ngos.txt"
)


def _organisations(app) -> dict[str, Organisation]:
    with app.app_context():
        rows = db.session.scalars(sa.select(Organisation)).all()
        for row in rows:
            db.session.expunge(row)
        return {o.name: o for o in rows}


def test_seed_004_imports_as_it_is(app, runner, make_organisation):
    make_organisation(name="Latvijas Pilsoniskā alianse", website="https://nvo.lv")
    dry = runner.invoke(args=["organisations", "import", SEED_004, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert (
        lv(
            "%(create)s new, %(update)s changed, %(same)s unchanged, %(error)s could not be read",
            create=19,
            update=1,
            same=0,
            error=0,
        )
        in dry.output
    )
    assert len(_organisations(app)) == 1  # a dry run writes nothing

    done = runner.invoke(args=["organisations", "import", SEED_004])
    assert done.exit_code == 0, done.output
    organisations = _organisations(app)
    assert len(organisations) == 20
    zemgale = organisations["Zemgales NVO centrs"]
    assert zemgale.phones.splitlines() == ["+371 29802373", "+371 26044412"]
    assert zemgale.emails == "info@zemgalei.lv" and zemgale.region == "Zemgale"
    assert zemgale.website.startswith("https://zemgalei.lv")
    # contact details that are not one website, e-mail or phone are kept, not dropped
    assert organisations["Samariešu apvienība"].other_contacts == "Diennakts tālrunis: 8898"
    russian = organisations["Latvijas Krievu kultūras biedrība"]
    assert (russian.website, russian.other_contacts) == (
        "https://www.russkije.lv/",
        "https://www.lork.lv/",
    )
    # the region follows from the territory (seed 004 counts these municipalities as Sēlija's)
    regions = {name: o.region for name, o in organisations.items()}
    assert regions["Vidusdaugavas NVO centrs"] == "Sēlija"  # Jēkabpils novada teritorija
    assert regions["Dienvidlatgales NVO atbalsta centrs"] == "Sēlija"  # Augšdaugava, Krāslava
    assert regions["Aizkraukles rajona partnerība"] == "Sēlija"
    assert regions["Krāslavas rajona partnerība"] == "Sēlija"
    assert regions["PROVIDUS"] == ""  # Visa Latvija
    # a row broken across two lines in the seed comes back whole
    joined = organisations["I.Kozakēvičas Latvijas nacionālo kultūras biedrību asociācija"]
    assert joined.phones == "+371 67613638" and joined.website == "https://lnkba.lv/"
    assert (
        joined.other_contacts == "Nacionālo kultūras biedrību kontakti: https://lnkba.lv/societies/"
    )
    # "10 Vidusdaugavas NVO centrs": number and name in one cell
    assert "Vidusdaugavas NVO centrs" in organisations
    # stray <p> tags never reach the register
    assert not any("<p>" in o.fields_of_activity for o in organisations.values())
    # the existing alliance was matched on its name, not duplicated
    assert organisations["Latvijas Pilsoniskā alianse"].emails == "alianse@nvo.lv"

    again = runner.invoke(args=["organisations", "import", SEED_004])
    assert again.exit_code == 0
    assert (
        lv(
            "%(create)s new, %(update)s changed, %(same)s unchanged, %(error)s could not be read",
            create=0,
            update=0,
            same=20,
            error=0,
        )
        in again.output
    )


def test_xlsx_with_english_header_below_a_preamble(app, client, login_as):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Signatories of the memorandum, exported 2025"])
    sheet.append([])
    sheet.append(["Registration number", "Name", "Region", "E-mail", "Phone", "Signed on"])
    sheet.append(
        [
            "40008000001",
            "Biedrība “Ābeļdārzs”",
            "Latgale",
            "info@ābeļdārzs.lv",
            "+371 20000001",
            "03.09.2025.",
        ]
    )
    sheet.append(["4000800000X", "Bad number", "", "", "", ""])
    sheet.append(["40008000001", "Duplicate", "", "", "", ""])
    data = io.BytesIO()
    workbook.save(data)
    login_as("staff")
    preview = submit(
        client,
        "/organisations/import",
        {"file": (io.BytesIO(data.getvalue()), "signatories.xlsx")},
        content_type="multipart/form-data",
    )
    page = text_of(preview)
    assert preview.status_code == 200
    assert "Biedrība “Ābeļdārzs”" in page
    assert lv("Registration number “%(regno)s” is not 11 digits.", regno="4000800000X") in page
    assert lv("Same organisation as line %(line)s.", line=4) in page
    assert _organisations(app) == {}  # the preview wrote nothing

    token = __import__("re").search(r'name="token"[^>]*value="([^"]+)"', preview.text).group(1)
    assert lv("Leave out the rows that cannot be read and import the others") in page
    refused = submit(
        client, "/organisations/import/commit", {"token": token}, form_url="/organisations/import"
    )
    assert refused.status_code == 400  # all or nothing: two rows cannot be read
    assert lv(
        "Nothing was imported, because some rows cannot be read (%(n)s; see the reasons "
        "below). Fix them and upload the file again, or tick “%(option)s”.",
        n=2,
        option=lv("Leave out the rows that cannot be read and import the others"),
    ) in text_of(refused)
    assert lv("Same organisation as line %(line)s.", line=4) in text_of(refused)
    assert 'action="/organisations/import"' in refused.text  # a fixed file goes to the preview
    assert _organisations(app) == {}
    done = submit(
        client,
        "/organisations/import/commit",
        {"token": token, "skip_unreadable": "y"},
        form_url="/organisations/import",
    )
    assert done.status_code == 302
    created = _organisations(app)["Biedrība “Ābeļdārzs”"]
    assert created.registration_number == "40008000001"
    assert created.emails == "info@ābeļdārzs.lv" and created.region == "Latgale"
    assert str(created.memorandum_signed_on) == "2025-09-03"


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"", "empty.csv", "The file is empty."),
        (
            "Nosaukums;Kontakti\nBiedrība Ūdele;info@udele.lv\n".encode("cp1257"),
            "win.csv",
            "The file is not in UTF-8 (line %(line)s): save it again as “CSV UTF-8” or TSV in "
            "UTF-8.",
        ),
        (
            b"\x00\x01\x02binary\x00",
            "data.csv",
            "This is not a text table: save it as CSV (UTF-8), TSV or XLSX.",
        ),
        (
            b"a;b;c\n1;2;3\n",
            "nohead.csv",
            "No header row found: the table needs a row naming its columns, e.g. “Organizācija” "
            "(or “Name”) and “Kontakti”, “Reģistrācijas numurs”…",
        ),
        (
            b"PK\x03\x04 not really a zip",
            "broken.xlsx",
            "This is not a readable Excel (.xlsx) file.",
        ),
    ],
)
def test_unreadable_files_get_a_clear_message(app, client, login_as, content, name, message):
    login_as("staff")
    response = submit(
        client,
        "/organisations/import",
        {"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    expected = lv(message) % {"line": 2} if "%(line)s" in message else lv(message)
    assert expected in text_of(response)
    assert _organisations(app) == {}


def test_only_table_files_are_accepted(client, login_as):
    login_as("staff")
    response = submit(
        client,
        "/organisations/import",
        {"file": (io.BytesIO(b"MZ\x90\x00"), "setup.exe")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert lv("Only .csv, .tsv, .txt or .xlsx files can be imported.") in text_of(response)


def test_an_oversized_upload_is_refused_with_a_message(app, client, login_as):
    app.config["MAX_CONTENT_LENGTH"] = 50_000  # stands in for the 200 MB case
    login_as("staff")
    response = submit(
        client,
        "/organisations/import",
        {"file": (io.BytesIO(b"x" * 60_000), "big.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 413
    assert lv("The upload is too large.") in text_of(response)


def test_a_failed_commit_leaves_the_register_as_it_was(app, client, login_as, monkeypatch):
    from secretariat.organisations import views

    login_as("staff")
    csv = "Nosaukums;E-pasts\nBiedrība Viens;a@viens.lv\nBiedrība Divi;b@divi.lv\n".encode()
    preview = submit(
        client,
        "/organisations/import",
        {"file": (io.BytesIO(csv), "a.csv")},
        content_type="multipart/form-data",
    )
    token = __import__("re").search(r'name="token"[^>]*value="([^"]+)"', preview.text).group(1)

    real_apply = views.IMPORTS["organisations"][1]

    def apply_then_fail(plan):
        real_apply(plan)  # both rows are written and flushed…
        raise RuntimeError("disk full")  # …then something breaks before the commit

    monkeypatch.setitem(
        views.IMPORTS, "organisations", (views.IMPORTS["organisations"][0], apply_then_fail)
    )
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = submit(
        client, "/organisations/import/commit", {"token": token}, form_url="/organisations/import"
    )
    assert response.status_code == 500
    assert _organisations(app) == {}


def test_forged_tokens_are_refused(client, login_as):
    login_as("staff")
    for token in ("../../etc/passwd", "a" * 64 + ".py", ""):
        response = submit(
            client,
            "/organisations/import/commit",
            {"token": token},
            form_url="/organisations/import",
        )
        assert response.status_code == 400


def test_seed_004_preview_shows_the_other_contacts(client, login_as):
    login_as("staff")
    with open(SEED_004, "rb") as seed:
        preview = submit(
            client,
            "/organisations/import",
            {"file": (io.BytesIO(seed.read()), "seed.txt")},
            content_type="multipart/form-data",
        )
    page = text_of(preview)
    assert lv("Other contacts") + " Diennakts tālrunis: 8898" in page
    assert "https://www.lork.lv/" in page
    assert "Nacionālo kultūras biedrību kontakti: https://lnkba.lv/societies/" in page


def _xlsx(*rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    data = io.BytesIO()
    workbook.save(data)
    return data.getvalue()


def test_excel_date_cells_are_dates_and_bad_rows_are_named(app, runner, tmp_path):
    path = tmp_path / "parakstitaji.xlsx"
    path.write_bytes(
        _xlsx(
            ["Nr.", "Reģistrācijas numurs", "Organizācija", "Parakstīšanas datums"],
            [1, "40008000001", "Biedrība Ābele", dt.datetime(2015, 3, 1)],  # as Excel stores it
            [2, "40008000002", "Biedrība Bērzs", dt.date(2016, 1, 2)],
            [3, "4000800000X", "Biedrība Ceriņš", dt.datetime(2017, 5, 6)],
        )
    )
    line = lv("line")
    refused = runner.invoke(args=["organisations", "import", str(path)])
    assert refused.exit_code != 0
    assert f"+ {line} 2: Biedrība Ābele" in refused.output
    bad = lv("Registration number “%(regno)s” is not 11 digits.", regno="4000800000X")
    assert f"! {line} 4: Biedrība Ceriņš — {bad}" in refused.output
    assert (
        lv(
            "Nothing was imported, because some rows cannot be read (%(n)s; see the "
            "reasons above). Fix them and import the file again, or pass "
            "--skip-unreadable to leave them out and import the others.",
            n=1,
        )
        in refused.output
    )
    assert _organisations(app) == {}

    done = runner.invoke(args=["organisations", "import", str(path), "--skip-unreadable"])
    assert done.exit_code == 0, done.output
    assert lv("Imported: %(n)s rows written.", n=2) in done.output
    organisations = _organisations(app)
    assert organisations["Biedrība Ābele"].memorandum_signed_on == dt.date(2015, 3, 1)
    assert organisations["Biedrība Bērzs"].memorandum_signed_on == dt.date(2016, 1, 2)
    assert "Biedrība Ceriņš" not in organisations


def test_a_record_spanning_lines_is_reported_at_its_first_line(runner, tmp_path):
    path = tmp_path / "multiline.csv"
    path.write_text(
        "Nosaukums;Reģistrācijas numurs;Darbības joma\n"
        'Biedrība Ābele;40008000001;"seniori,\njaunatne"\n'
        'Biedrība Bērzs;4000800000X;"kultūra,\nsports,\nvide"\n'
        "Biedrība Ceriņš;12;vide\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["organisations", "import", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    line = lv("line")
    assert f"+ {line} 2: Biedrība Ābele" in result.output
    assert f"! {line} 4: Biedrība Bērzs" in result.output  # lines 4–6
    assert f"! {line} 7: Biedrība Ceriņš" in result.output


def test_the_preview_says_when_no_row_could_be_read(app, client, login_as):
    login_as("staff")
    csv = "Nosaukums;Reģistrācijas numurs\nBiedrība Ābele;123\nBiedrība Bērzs;4000800000X\n"
    preview = submit(
        client,
        "/organisations/import",
        {"file": (io.BytesIO(csv.encode()), "bad.csv")},
        content_type="multipart/form-data",
    )
    page = text_of(preview)
    assert (
        lv(
            "Nothing can be imported: none of the rows could be read. The reasons are listed "
            "above, line by line."
        )
        in page
    )
    assert lv("Nothing to import: the register already has all of it.") not in page
    assert 'name="token"' not in preview.text  # nothing to commit

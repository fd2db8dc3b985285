"""Syncing with the Enterprise Register's register.csv, in its exact format."""

import csv
import datetime as dt
import io

import sqlalchemy as sa

from secretariat.extensions import db
from secretariat.organisations.models import Organisation, OrganisationStatusChange
from secretariat.organisations.register_sync import COLUMNS

from ..conftest import submit
from ..helpers import lv, text_of


def register_csv(rows: list[dict], bom=True) -> bytes:
    """A file shaped like the open-data register.csv: ;-separated, quoted, UTF-8 with BOM."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([row.get(column, "") for column in COLUMNS])
    return (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8")


def _entry(regcode, name, terminated="", closed=" ", **names):
    return {
        **names,
        "regcode": regcode,
        "name": name,
        "terminated": terminated,
        "closed": closed,
        "regtype": "B",
        "regtype_text": "Biedrību un nodibinājumu reģistrs",
        "registered": "2004-01-01",
        "address": "Rīga, Lāčplēša iela 1",
    }


def _signatory(make_organisation, regno, name):
    return make_organisation(
        name=name, registration_number=regno, memorandum_signed_on=dt.date(2015, 1, 1)
    )


def test_sync_marks_struck_off_and_reports(app, runner, tmp_path, make_organisation):
    _signatory(make_organisation, "40008000001", "Biedrība Ābele")
    _signatory(make_organisation, "40008000002", "Biedrība Bērzs")
    _signatory(make_organisation, "40008000003", "Biedrība Ceriņš")
    _signatory(make_organisation, "40008000004", "Biedrība Dzērvene")
    _signatory(make_organisation, "40008000005", "Biedrība Egle")
    _signatory(make_organisation, "40008000099", "Biedrība Nav Reģistrā")
    make_organisation(name="Nav parakstītāja", registration_number="40008000006")
    path = tmp_path / "register.csv"
    path.write_bytes(
        register_csv(
            [
                _entry("40008000001", 'Biedrība "Ābele"', terminated="2024-05-17"),
                _entry("40008000002", "Biedrība Bērzs", closed="L", terminated="2023-02-01"),
                _entry("40008000003", "Biedrība Ceriņš", closed="R"),
                _entry("40008000004", "Biedrība Dzērvene un draugi"),
                _entry("40008000005", "BIEDRĪBA EGLE"),
                _entry("40008000006", "Nav parakstītāja", terminated="2020-01-01"),
                *[_entry(f"5000{n:07d}", f"SIA Cits {n}") for n in range(200)],
            ]
        )
    )

    dry = runner.invoke(args=["register", "sync", str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    with app.app_context():
        assert (
            db.session.scalar(sa.select(sa.func.count()).where(Organisation.status == "struck_off"))
            == 0
        )

    result = runner.invoke(args=["register", "sync", str(path)])
    assert result.exit_code == 0, result.output
    assert (
        lv(
            "name differs: %(regno)s “%(ours)s” — register: “%(theirs)s”",
            regno="40008000004",
            ours="Biedrība Dzērvene",
            theirs="Biedrība Dzērvene un draugi",
        )
        in result.output
    )
    assert (
        lv(
            "not in the register: %(name)s (%(regno)s)",
            name="Biedrība Nav Reģistrā",
            regno="40008000099",
        )
        in result.output
    )
    assert (
        lv(
            "%(rows)s rows; %(struck)s struck off, %(renamed)s names differ, %(missing)s not found",
            rows=206,
            struck=3,
            renamed=1,  # only Dzērvene: `Biedrība "Ābele"` is our Biedrība Ābele
            missing=1,
        )
        in result.output
    )
    with app.app_context():
        struck = {
            o.name: o
            for o in db.session.scalars(
                sa.select(Organisation).where(Organisation.status == "struck_off")
            )
        }
        assert set(struck) == {"Biedrība Ābele", "Biedrība Bērzs", "Biedrība Ceriņš"}
        assert struck["Biedrība Ābele"].struck_off_on == dt.date(2024, 5, 17)
        assert struck["Biedrība Ceriņš"].struck_off_on is None
        history = db.session.scalars(sa.select(OrganisationStatusChange)).all()
        assert {(h.source, h.note) for h in history} == {
            ("register", "terminated"),
            ("register", "liquidated"),
            ("register", "reorganised"),
        }

    again = runner.invoke(args=["register", "sync", str(path)])
    assert (
        lv(
            "%(rows)s rows; %(struck)s struck off, %(renamed)s names differ, %(missing)s not found",
            rows=206,
            struck=0,
            renamed=1,
            missing=1,
        )
        in again.output
    )


def test_wrong_files_get_a_message(runner, tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    result = runner.invoke(args=["register", "sync", str(other)])
    assert result.exit_code != 0
    assert lv(
        "This is not the Register of Enterprises' register.csv: the columns "
        "%(columns)s are missing.",
        columns="regcode, name, terminated, closed",
    ) in (result.output)
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        register_csv([_entry("40008000001", "Ā")], bom=False).replace("Ā".encode(), b"\xc2")
    )
    broken = runner.invoke(args=["register", "sync", str(latin)])
    assert broken.exit_code != 0
    assert (
        lv("The file is not in UTF-8: download register.csv again from the open data portal.")
        in broken.output
    )


def test_sync_from_the_upload_page(app, client, login_as, make_organisation):
    _signatory(make_organisation, "40008000001", "Biedrība Ābele")
    login_as("staff")
    data = register_csv([_entry("40008000001", "Biedrība Ābele", terminated="2024-05-17")])
    preview = submit(
        client,
        "/register/sync",
        {"file": (io.BytesIO(data), "register.csv")},
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200
    assert "Biedrība Ābele (40008000001) 17.05.2024." in text_of(preview)
    with app.app_context():
        assert db.session.scalar(sa.select(Organisation.status)) == "active"
    token = __import__("re").search(r'name="token"[^>]*value="([^"]+)"', preview.text).group(1)
    done = submit(
        client,
        "/register/sync/commit",
        {"token": token},
        form_url="/register/sync",
        follow_redirects=True,
    )
    assert lv("%(n)s organisations marked struck off.", n=1) in text_of(done)
    with app.app_context():
        assert db.session.scalar(sa.select(Organisation.status)) == "struck_off"


def test_the_sync_page_takes_a_file_larger_than_other_uploads(
    app, client, login_as, make_organisation
):
    _signatory(make_organisation, "40008000001", "Biedrība Ābele")
    app.config["MAX_CONTENT_LENGTH"] = 10_000  # other pages refuse this much
    login_as("staff")
    rows = [_entry(f"5000{n:07d}", f"SIA Cits {n}") for n in range(300)]
    data = register_csv([_entry("40008000001", "Biedrība Ābele"), *rows])
    assert len(data) > 10_000
    too_big = submit(
        client,
        "/organisations/import",
        {"file": (io.BytesIO(data), "r.csv")},
        content_type="multipart/form-data",
    )
    assert too_big.status_code == 413
    ok = submit(
        client,
        "/register/sync",
        {"file": (io.BytesIO(data), "register.csv")},
        content_type="multipart/form-data",
    )
    assert ok.status_code == 200
    assert lv(
        "%(rows)s rows; %(struck)s struck off, %(renamed)s names differ, %(missing)s not found",
        rows=301,
        struck=0,
        renamed=0,
        missing=0,
    ) in text_of(ok)


def test_names_match_without_legal_form_or_quotes(app, runner, tmp_path, make_organisation):
    _signatory(make_organisation, "40008000001", "Ābele")  # we leave out the legal form
    _signatory(make_organisation, "40008000002", "Biedrība „Bērzs”")  # Latvian quotes
    _signatory(make_organisation, "40008000003", "Ceriņš")
    _signatory(make_organisation, "40008000004", "Dzērvene")
    path = tmp_path / "register.csv"
    path.write_bytes(
        register_csv(
            [
                _entry(
                    "40008000001",
                    'Biedrība "Ābele"',
                    name_before_quotes="Biedrība",
                    name_in_quotes="Ābele",
                    without_quotes="Biedrība Ābele",
                ),
                _entry("40008000002", 'Biedrība "Bērzs"', name_in_quotes="Bērzs"),
                _entry("40008000003", "Nodibinājums Ceriņš", without_quotes="CERIŅŠ"),
                _entry("40008000004", 'Biedrība "Dzērvene un draugi"', name_in_quotes=""),
            ]
        )
    )
    result = runner.invoke(args=["register", "sync", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    renamed = [line for line in result.output.splitlines() if "40008" in line]
    assert renamed == [
        lv(
            "name differs: %(regno)s “%(ours)s” — register: “%(theirs)s”",
            regno="40008000004",
            ours="Dzērvene",
            theirs='Biedrība "Dzērvene un draugi"',
        )
    ]

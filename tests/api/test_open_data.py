"""The open-data files and the page that lists them."""

import csv
import datetime as dt
import io

from secretariat.core.dates import today_in_riga
from tests.helpers import lv, text_of

DIACRITICS = "ā č ē ģ ī ķ ļ ņ š ū ž Ā Č Ē Ģ Ī Ķ Ļ Ņ Š Ū Ž"


def _rows(response) -> list[list[str]]:
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf"), "no BOM: Excel would not read it as UTF-8"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_signatories_file_holds_active_signatories_public_fields_only(client, make_organisation):
    make_organisation(
        f"Biedrība {DIACRITICS}",
        registration_number="40008123456",
        legal_form="biedrība",
        region="Latgale",
        territory="Daugavpils",
        fields_of_activity="Kultūra; sociālā aprūpe",
        website="https://ķekava.example.lv",
        emails="valde@biedriba.lv",
        phones="+371 29999999",
        status="active",
        memorandum_signed_on=dt.date(2014, 5, 20),
    )
    make_organisation(
        "Izslēgta biedrība", status="struck_off", memorandum_signed_on=dt.date(2014, 1, 1)
    )
    make_organisation(
        "Izstājusies biedrība", status="withdrawn", memorandum_signed_on=dt.date(2014, 1, 1)
    )
    make_organisation("Nav parakstījusi", status="active")
    make_organisation("Ministrija", kind="ministry", memorandum_signed_on=dt.date(2014, 1, 1))

    response = client.get("/open-data/signatories.csv")
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    stamp = today_in_riga().isoformat()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="signatories-{stamp}.csv"'
    )
    header, *rows = _rows(response)
    assert header == [
        lv("Registration number"),
        lv("Organisation"),
        lv("Legal form"),
        lv("Region"),
        lv("Territory"),
        lv("Field of activity"),
        lv("Website"),
        lv("Memorandum signed"),
    ]
    assert rows == [
        [
            "40008123456",
            f"Biedrība {DIACRITICS}",
            "biedrība",
            "Latgale",
            "Daugavpils",
            "Kultūra; sociālā aprūpe",
            "https://ķekava.example.lv",
            "2014-05-20",
        ]
    ]
    assert "valde@biedriba.lv" not in response.get_data(as_text=True)


def test_formulas_are_neutralised(client, make_organisation):
    for name in ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)"]:
        make_organisation(name, status="active", memorandum_signed_on=dt.date(2014, 1, 1))
    make_organisation(
        "Biedrība Ābele",
        website="=cmd|' /C calc'!A0",
        status="active",
        memorandum_signed_on=dt.date(2014, 1, 1),
    )
    cells = [cell for row in _rows(client.get("/open-data/signatories.csv"))[1:] for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert {"'+1+2", "'-3", "'@SUM(A1)", '\'=HYPERLINK("http://x")'} <= set(cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


def test_decisions_file_lists_public_decisions_with_vote_totals(client, world, app):
    from secretariat.decisions.models import Decision
    from secretariat.extensions import db

    with app.app_context():
        db.session.get(Decision, world["decisions"]["totals"].id).title = "=1+1 ārkārtas ņemšana"
        db.session.commit()
    response = client.get("/open-data/decisions.csv")
    stamp = today_in_riga().isoformat()
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="decisions-{stamp}.csv"'
    )
    header, *rows = _rows(response)
    assert header == [
        lv("Date"),
        lv("Body"),
        lv("Meeting"),
        lv("Protocol number"),
        lv("Decision number"),
        lv("Title"),
        lv("Adopted"),
        lv("For"),
        lv("Against"),
        lv("Abstain"),
    ]
    meeting = "Publiska padomes sēde Jēkabpilī"
    assert rows == [
        [
            "2025-09-03",
            "Memoranda padome",
            meeting,
            "7",
            "12",
            "Par ziņojumu ar vārdiskiem balsojumiem",
            lv("Adopted"),
            "2",
            "1",
            "1",
        ],
        [
            "2025-09-03",
            "Memoranda padome",
            meeting,
            "7",
            "",
            "'=1+1 ārkārtas ņemšana",
            lv("Adopted"),
            "14",
            "0",
            "1",
        ],
    ]


def test_the_files_and_the_api_count_votes_alike(client, world):
    api = {
        d["title"]: [c["value"] for c in d["vote_event"]["counts"]]
        for d in client.get("/api/v1/decisions").get_json()["items"]
    }
    _header, *rows = _rows(client.get("/open-data/decisions.csv"))
    assert {row[5]: [int(n) for n in row[7:]] for row in rows} == api


def test_the_open_data_page_lists_the_files_and_the_api(client):
    response = client.get("/open-data/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    text = text_of(response)
    assert lv("Open data and API") in text
    assert 'href="/open-data/signatories.csv"' in page
    assert 'href="/open-data/decisions.csv"' in page
    assert 'href="/api/v1/openapi.json"' in page
    assert lv("Register of signatory organisations (CSV)") in text


def test_every_page_links_to_open_data(client, login_as):
    assert 'href="/open-data/"' in client.get("/login").get_data(as_text=True)
    login_as("member")
    assert 'href="/open-data/"' in client.get("/").get_data(as_text=True)

"""The contacts directory of seed 004 and what a visiting session shows of it."""

import datetime as dt
from pathlib import Path

import sqlalchemy as sa

import secretariat
from secretariat.extensions import db
from secretariat.organisations.models import Contact, Organisation

from ..conftest import submit
from ..helpers import lv, text_of

#: the repository's own copy of seed 004 (the repository stands alone)
SEED_004 = str(
    Path(secretariat.__file__).parent / "demo" / "data" / "seed_004_contacts_and_ngos.txt"
)


def test_seed_004_directory_imports_once(app, runner):
    result = runner.invoke(args=["contacts", "import", SEED_004])
    assert result.exit_code == 0, result.output
    assert (
        lv("Lines %(first)s–%(last)s hold another table and were not read.", first=69, last=322)
        in result.output
    )
    with app.app_context():
        municipalities = db.session.scalars(
            sa.select(Organisation).where(Organisation.kind == "municipality")
        ).all()
        assert sorted(m.name for m in municipalities) == [
            "Aizkraukles novads",
            "Augšdaugavas novads",
            "Jēkabpils novads",
            "Krāslavas novads",
        ]
        assert {m.region for m in municipalities} == {"Sēlija"}
        chair = db.session.scalar(
            sa.select(Contact)
            .join(Contact.organisation)
            .where(
                Organisation.name == "Augšdaugavas novads", Contact.role == "Domes priekšsēdētājs"
            )
        )
        assert chair.emails == "arvids.kucins@augšdaugavasnovads.lv"
        assert chair.phones == "+371 65476811"
        deputies = db.session.scalars(
            sa.select(Contact)
            .join(Contact.organisation)
            .where(
                Organisation.name == "Augšdaugavas novads",
                Contact.role == "Priekšsēdētāja vietnieks",
            )
        ).all()
        assert len(deputies) == 2  # two deputies share a role name and are both kept
        culture = db.session.scalar(
            sa.select(Contact).where(
                Contact.role == "Kultūras pārvalde", Contact.emails == "jkp@jekabpils.lv"
            )
        )
        assert culture.phones.splitlines() == ["+371 65221152", "+371 65283783"]
        link = db.session.scalar(
            sa.select(Contact).where(
                Contact.role == "Novada NVO kontakti", Contact.website.contains("augš")
            )
        )
        assert link.website == "https://www.augšdaugavasnovads.lv/pasvaldiba/sabiedriba/biedribas/"
        total = db.session.scalar(sa.select(sa.func.count()).select_from(Contact))
    assert total == 48
    again = runner.invoke(args=["contacts", "import", SEED_004])
    assert (
        lv(
            "%(create)s new, %(update)s changed, %(same)s unchanged, %(error)s could not be read",
            create=0,
            update=0,
            same=48,
            error=0,
        )
        in again.output
    )


def test_a_file_without_municipality_headings_is_refused(runner, tmp_path):
    bad = tmp_path / "x.tsv"
    bad.write_text("Domes priekšsēdētājs\t+371 20000000\n", encoding="utf-8")
    result = runner.invoke(args=["contacts", "import", str(bad)])
    assert result.exit_code != 0
    assert lv(
        "No municipality heading found: the directory needs a heading line per "
        "municipality (e.g. “Jēkabpils novads”) followed by its contact lines."
    ) in (result.output)


def test_visiting_session_shows_its_regions_contacts_and_ngos(
    runner, client, login_as, make_meeting, make_organisation
):
    runner.invoke(args=["contacts", "import", SEED_004])
    make_organisation(name="Sēlijas biedrība", region="Sēlija")
    meeting = make_meeting(kind="visiting_session", region="Sēlija", day=dt.date(2025, 9, 3))
    login_as("staff")
    page = text_of(client.get(f"/meetings/{meeting.id}"))
    assert lv("Contacts in %(region)s", region="Sēlija") in page
    assert lv("Active NGOs of the region in the register: %(n)s", n=1) in page
    assert "raivis.ragainis@jekabpils.lv" in page


def _municipalities(app) -> dict[str, tuple[str, int]]:
    with app.app_context():
        return {
            o.name: (o.region, len(o.contacts))
            for o in db.session.scalars(
                sa.select(Organisation).where(Organisation.kind == "municipality")
            )
        }


def test_a_municipality_is_one_organisation_under_any_of_its_names(app, runner, make_organisation):
    make_organisation(name="Jēkabpils novada pašvaldība", kind="municipality", region="Sēlija")
    make_organisation(name="Rēzeknes valstspilsētas pašvaldība", kind="municipality")
    result = runner.invoke(args=["contacts", "import", SEED_004])
    assert result.exit_code == 0, result.output
    municipalities = _municipalities(app)
    assert "Jēkabpils novads" not in municipalities
    assert municipalities["Jēkabpils novada pašvaldība"] == ("Sēlija", 14)
    assert set(municipalities) == {
        "Jēkabpils novada pašvaldība",
        "Rēzeknes valstspilsētas pašvaldība",  # a state city is not the novads of its name
        "Aizkraukles novads",
        "Augšdaugavas novads",
        "Krāslavas novads",
    }
    again = runner.invoke(args=["contacts", "import", SEED_004])
    assert (
        lv(
            "%(create)s new, %(update)s changed, %(same)s unchanged, %(error)s could not be read",
            create=0,
            update=0,
            same=48,
            error=0,
        )
        in again.output
    )


def test_demo_data_and_the_directory_agree_in_either_order(app, runner):
    runner.invoke(args=["contacts", "import", SEED_004])
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    jekabpils = [name for name in _municipalities(app) if name.startswith("Jēkabpils")]
    assert jekabpils == ["Jēkabpils novads"]
    with app.app_context():
        municipality = db.session.scalar(
            sa.select(Organisation).where(Organisation.name == "Jēkabpils novads")
        )
        assert len(municipality.contacts) == 14


def test_the_demo_lists_each_municipality_once(app, runner):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    municipalities = _municipalities(app)
    assert [n for n in municipalities if n.startswith("Jēkabpils")] == [
        "Jēkabpils novada pašvaldība"
    ]
    assert municipalities["Jēkabpils novada pašvaldība"][1] == 14  # the directory's contacts


def test_a_directory_with_unreadable_lines_writes_nothing(app, runner, client, login_as, tmp_path):
    directory = tmp_path / "kontakti.tsv"
    directory.write_text(
        "Ogres novads\n\n"
        "Domes priekšsēdētājs\t+371 65000001 dome@ogre.lv\n"
        "Izpilddirektors\tzvanīt darba laikā\n",
        encoding="utf-8",
    )
    refused = runner.invoke(args=["contacts", "import", str(directory)])
    assert refused.exit_code != 0
    assert lv("No phone, e-mail or web link.") in refused.output
    assert (
        lv(
            "Nothing was imported, because some rows cannot be read (%(n)s; see the "
            "reasons above). Fix them and import the file again, or pass "
            "--skip-unreadable to leave them out and import the others.",
            n=1,
        )
        in refused.output
    )
    assert lv("Imported: %(n)s rows written.", n=1) not in refused.output
    assert _municipalities(app) == {}

    login_as("staff")
    preview = submit(
        client,
        "/contacts/import",
        {"file": (directory.open("rb"), "kontakti.tsv")},
        content_type="multipart/form-data",
    )
    assert lv("Leave out the rows that cannot be read and import the others") in text_of(preview)
    token = __import__("re").search(r'name="token"[^>]*value="([^"]+)"', preview.text).group(1)
    web_refused = submit(
        client, "/contacts/import/commit", {"token": token}, form_url="/contacts/import"
    )
    assert web_refused.status_code == 400
    assert _municipalities(app) == {}

    done = runner.invoke(args=["contacts", "import", str(directory), "--skip-unreadable"])
    assert done.exit_code == 0, done.output
    assert lv("Imported: %(n)s rows written.", n=1) in done.output
    # no title names the region: the municipality's own region is used
    assert _municipalities(app) == {"Ogres novads": ("Rīga", 1)}


def test_visiting_session_counts_the_regions_ngos_from_their_territory(
    runner, client, login_as, make_meeting
):
    runner.invoke(args=["contacts", "import", SEED_004])
    assert runner.invoke(args=["organisations", "import", SEED_004]).exit_code == 0
    meeting = make_meeting(kind="visiting_session", region="Sēlija", day=dt.date(2025, 9, 3))
    login_as("staff")
    page = text_of(client.get(f"/meetings/{meeting.id}"))
    # Vidusdaugavas NVO centrs, Dienvidlatgales NVO atbalsta centrs, the four partnerships
    # of Aizkraukle, Augšdaugava ("Kaimiņi"), Jēkabpils ("Vidusdaugava") and Krāslava, and
    # "Sēlijas salas"
    assert lv("Active NGOs of the region in the register: %(n)s", n=7) in page

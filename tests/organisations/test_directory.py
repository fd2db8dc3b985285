"""The contacts directory of seed 004 and what a visiting session shows of it."""

import datetime as dt
import glob
from pathlib import Path

import sqlalchemy as sa

from secretariat.extensions import db
from secretariat.organisations.models import Contact, Organisation

from ..helpers import lv, text_of

SEED_004 = glob.glob(str(Path(__file__).resolve().parents[3] / "shared" / "seeds" / "004_*"))[0]


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

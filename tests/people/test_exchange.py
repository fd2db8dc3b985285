"""People in and out of spreadsheets: preview with row-level errors, then all or nothing;
what is exported comes back in unchanged."""

import io

import sqlalchemy as sa

from secretariat.extensions import db
from secretariat.people.models import Person

from ..conftest import submit
from ..helpers import lv, text_of

TABLE = (
    "Vārds, uzvārds;Amats;Organizācija;E-pasti;Tālruņi\n"
    "Anna Bērziņa;Valdes priekšsēdētāja;Latvijas Pilsoniskā alianse;anna@example.lv;+371 29000000\n"
    "Jānis Kalniņš;Eksperts;Saeima;janis@example.lv, j.kalnins@example.lv;\n"
    "Dace Krūmiņa;;;nav-adrese;\n"
).encode()


def _upload(client, data: bytes, name="personas.csv"):
    return submit(
        client,
        "/people/import",
        {"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _token(response) -> str:
    import re

    return re.search(
        r'name="token" type="hidden" value="([^"]+)"', response.get_data(as_text=True)
    ).group(1)


def test_preview_names_each_unreadable_row_and_nothing_is_written_until_confirmed(
    app, client, login_as, make_organisation
):
    make_organisation(name="Latvijas Pilsoniskā alianse")
    login_as("staff")
    preview = _upload(client, TABLE)
    page = text_of(preview)
    assert (
        lv(
            "%(create)s new, %(update)s changed, %(same)s unchanged, %(error)s could not be read",
            create=2,
            update=0,
            same=0,
            error=1,
        )
        in page
    )
    assert lv("“%(value)s” is not an e-mail address.", value="nav-adrese") in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 0
    # all or nothing: with an unreadable row, nothing is written unless it is left out
    refused = submit(
        client, "/people/import/commit", {"token": _token(preview)}, form_url="/people/import"
    )
    assert refused.status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 0
    done = submit(
        client,
        "/people/import/commit",
        {"token": _token(preview), "skip_unreadable": "y"},
        form_url="/people/import",
    )
    assert done.status_code == 302
    with app.app_context():
        people = {p.name: p for p in db.session.scalars(sa.select(Person))}
        assert set(people) == {"Anna Bērziņa", "Jānis Kalniņš"}
        assert people["Anna Bērziņa"].organisation.name == "Latvijas Pilsoniskā alianse"
        assert people["Jānis Kalniņš"].institution == "Saeima"  # not in the register
        assert people["Jānis Kalniņš"].email_list == ["janis@example.lv", "j.kalnins@example.lv"]


def test_a_row_matches_the_person_with_its_email_and_adds_to_their_contacts(app, client, login_as):
    with app.app_context():
        db.session.add(Person(name="Anna Bērziņa", emails="anna@example.lv"))
        db.session.commit()
    login_as("staff")
    table = b"Name;E-mails;Phones\nAnna Berzina;ANNA@example.lv;+371 29000000\n"
    preview = _upload(client, table)
    assert lv(
        "%(create)s new, %(update)s changed, %(same)s unchanged, %(error)s could not be read",
        create=0,
        update=1,
        same=0,
        error=0,
    ) in text_of(preview)
    submit(client, "/people/import/commit", {"token": _token(preview)}, form_url="/people/import")
    with app.app_context():
        [person] = db.session.scalars(sa.select(Person))
        assert person.name == "Anna Bērziņa"  # the directory keeps its own spelling
        assert (person.emails, person.phones) == ("anna@example.lv", "+371 29000000")


def test_an_exported_file_comes_back_unchanged(app, client, login_as, make_organisation):
    org = make_organisation(name="Biedrība Ābele")
    with app.app_context():
        db.session.add_all(
            [
                Person(
                    name="Anna Bērziņa",
                    title="=1+1",
                    organisation_id=org.id,
                    emails="anna@example.lv",
                    kind="expert",
                ),
                Person(name="Jānis Kalniņš", institution="Saeima", phones="+371 29000000"),
            ]
        )
        db.session.commit()
    login_as("staff")
    for kind in ("csv", "xlsx"):
        exported = client.get(f"/people/export.{kind}")
        assert exported.status_code == 200
        if kind == "csv":
            text = exported.data.decode("utf-8-sig")
            assert "'=1+1" in text  # a formula in the data stays text
        preview = _upload(client, exported.data, f"personas.{kind}")
        assert lv(
            "%(create)s new, %(update)s changed, %(same)s unchanged, %(error)s could not be read",
            create=0,
            update=0,
            same=2,
            error=0,
        ) in text_of(preview), kind

"""Importing a plan's structure and a task's indicators: preview with row-level reasons,
then all or nothing."""

import io
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from openpyxl import Workbook

from secretariat.extensions import db

from ..conftest import csrf_token, submit
from ..helpers import lv, text_of

SEED_001 = (
    Path(__file__).resolve().parents[2] / "secretariat" / "demo" / "data" / "seed_001_plan.csv"
)


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


MESSY = [
    ["Kultūras ministrija — plāna pasākumi (melnraksts)"],  # 1: a title, not the header
    [],
    [  # 3: the header, in Latvian, one funding column per year and one out of the plan
        "Virziens",
        "Virziena nosaukums",
        "Mērķis",
        "Mērķa nosaukums",
        "Nr.",
        "Pasākums",
        "Atbildīgā institūcija",
        "Līdzizpildītāji",
        "Statuss",
        "Iemesls",
        "Finansējums 2019",
        "2020 EUR",
        "Finansējums 2031",
    ],
    [
        "1",
        "Pilsoniskā sabiedrība",
        "1.1",
        "Līdzdalība",
        "1.1.1",
        "NVO fonds",
        "Sabiedrības integrācijas fonds",
        "Kultūras ministrija; Jauna biedrība „Ķekava”",
        "Īstenots",
        "",
        "1 000,50",
        "0,10",
        "",
    ],
    [
        "",
        "",
        "",
        "",
        "1.1.2",
        "<p>Reģionu programma</p>",
        "Kultūras ministrija",
        "",
        "<p>nav finansējuma</p>",
        "Netika piešķirts finansējums",
        "",
        "",
        "",
    ],
    ["", "", "", "", "1.1.3", "Daļēji īstenots pasākums", "", "", "daļēji", "", "", "", ""],
    [
        "",
        "",
        "",
        "",
        "1.1.4",
        "Pasākums ar dīvainu summu",
        "",
        "",
        "plānots",
        "",
        "tūkstotis",
        "",
        "",
    ],
    ["", "", "", "", "1.1.1", "Tas pats numurs vēlreiz", "", "", "", "", "", "", ""],
    ["", "", "4.1", "", "4.1.1", "Mērķis bez nosaukuma", "", "", "", "", "", "", ""],
    [],
    ["", "", "", "", "1.1.5", "Pasākums tālā nākotnē", "", "", "plānots", "", "", "", "5"],
    [
        "2",
        "Nacionālā identitāte",
        "2.1",
        "Valoda",
        "2.1.1",
        "„Bērnu žūrija”",
        "Latvijas Nacionālā bibliotēka",
        "",
        "atcelts",
        "Covid-19",
        "1234.5",
        "",
        "",
    ],
]


def test_a_messy_spreadsheet_is_previewed_row_by_row_and_imported_all_or_nothing(
    app, client, login_as, make_plan
):
    from secretariat.organisations.models import Organisation
    from secretariat.programmes.models import Direction, Goal, Measure

    plan_id = make_plan(statuses=(), directions=0)
    login_as("staff")
    url = f"/programmes/plans/{plan_id}/import"
    data = _xlsx(MESSY)
    preview = client.post(
        url,
        data={"csrf_token": csrf_token(client, url), "file": (io.BytesIO(data), "plāns.xlsx")},
        content_type="multipart/form-data",
    )
    assert preview.status_code == 200
    page = text_of(preview)
    # every row that cannot be read names its line and why
    assert "Nezināms statuss “daļēji”." in page
    assert "“tūkstotis” nav summa (2019)." in page
    assert "Tas pats pasākums, kas 4. rindā." in page
    assert "Mērķis 4.1 nav nosaukuma." in page
    assert "Finansējums 2031. gadam ir ārpus plāna gadiem (2019.–2020.)." in page
    # and what can be read says what it will do
    assert "Jauna biedrība „Ķekava”" in page  # a new institution, named before it is made
    token = preview.get_data(as_text=True).split('name="token" type="hidden" value="')[1][:69]
    token = token.split('"')[0]
    refused = submit(
        client,
        f"/programmes/plans/{plan_id}/import/commit",
        {"token": token},
        form_url=url,
    )
    assert refused.status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Measure.id))) == 0
        assert db.session.scalar(sa.select(sa.func.count(Direction.id))) == 0
    done = submit(
        client,
        f"/programmes/plans/{plan_id}/import/commit",
        {"token": token, "skip_unreadable": "y"},
        form_url=url,
    )
    assert done.status_code == 302
    with app.app_context():
        measures = {m.number: m for m in db.session.scalars(sa.select(Measure))}
        assert sorted(measures) == ["1.1.1", "1.1.2", "2.1.1"]
        first = measures["1.1.1"]
        assert {f.year: f.amount for f in first.funding} == {
            2019: Decimal("1000.50"),
            2020: Decimal("0.10"),
        }
        assert first.responsible.name == "Sabiedrības integrācijas fonds"
        assert sorted(o.name for o in first.implementers) == [
            "Jauna biedrība „Ķekava”",
            "Kultūras ministrija",
        ]
        assert measures["1.1.2"].title == "Reģionu programma"  # the stray <p> is gone
        assert measures["1.1.2"].status == "not_funded"
        assert measures["2.1.1"].status == "cancelled"
        assert measures["2.1.1"].funding[0].amount == Decimal("1234.50")
        assert [g.number for g in db.session.scalars(sa.select(Goal).order_by(Goal.id))] == [
            "1.1",
            "2.1",
        ]
        assert (
            db.session.scalar(
                sa.select(Organisation.kind).where(Organisation.name == "Jauna biedrība „Ķekava”")
            )
            == "other"
        )


def test_seed_001_imports_from_one_spreadsheet(app, make_plan):
    from secretariat.programmes.imports import apply_structure, plan_structure
    from secretariat.programmes.models import Measure, Plan
    from secretariat.programmes.queries import status_counts_by_direction, total_counts

    plan_id = make_plan(statuses=(), directions=0)
    with app.app_context(), app.test_request_context():
        plan = db.session.get(Plan, plan_id)
        preview = plan_structure(plan, SEED_001.read_bytes(), SEED_001.name)
        assert preview.errors == []
        assert [r.kind for r in preview.rows].count("direction") == 3
        assert [r.kind for r in preview.rows].count("goal") == 9
        apply_structure(plan, preview)
        db.session.commit()
        db.session.expire_all()
        plan = db.session.get(Plan, plan_id)
        assert [d.title for d in plan.directions] == [
            "Pilsoniskā sabiedrība un integrācija",
            "Nacionālā identitāte: valoda un kultūrtelpa",
            "Jaunas pieejas integrācijas politikas plānošanā, pārraudzībā un ieviešanā",
        ]
        assert [g.number for d in plan.directions for g in d.goals] == [
            "1.1",
            "1.2",
            "1.3",
            "2.1",
            "2.2",
            "2.3",
            "2.4",
            "3.1",
            "3.2",
        ]
        counts = total_counts(status_counts_by_direction(plan_id))
        assert (counts["carried_out"], counts["not_funded"], counts["cancelled"]) == (38, 10, 1)
        cancelled = db.session.scalar(sa.select(Measure).where(Measure.status == "cancelled"))
        assert "Covid-19" in cancelled.status_reason
        # importing the same file again changes nothing
        again = plan_structure(plan, SEED_001.read_bytes(), SEED_001.name)
        assert again.changes == [] and again.errors == []


def test_a_tasks_indicators_import_matches_them_by_name(app, client, login_as, make_task):
    from secretariat.programmes.models import Indicator

    task_id = make_task()
    rows = (
        "Rādītājs;Mērvienība;Plānots;Sasniegts;Piezīmes\n"
        "individualas konsultacijas;konsultācijas;40;55;t. sk. 21 klātienē\n"
        "Jaunu mājas lapu maketi;maketi;2;2;\n"
        ";;;;\n"
        "Nodarbības;nodarbības;desmit;13;\n"
    ).encode()
    login_as("staff")
    url = f"/programmes/tasks/{task_id}/import"
    preview = client.post(
        url,
        data={"csrf_token": csrf_token(client, url), "file": (io.BytesIO(rows), "rādītāji.csv")},
        content_type="multipart/form-data",
    )
    page = text_of(preview)
    assert "“desmit” nav summa (Plānots)." in page
    assert lv("changes") in page and lv("new") in page
    token = preview.get_data(as_text=True).split('name="token" type="hidden" value="')[1]
    token = token.split('"')[0]
    done = submit(
        client,
        f"/programmes/tasks/{task_id}/import/commit",
        {"token": token, "skip_unreadable": "y"},
        form_url=url,
    )
    assert done.status_code == 302
    with app.app_context():
        found = {
            i.name: (i.target, i.achieved, i.note)
            for i in db.session.scalars(sa.select(Indicator).where(Indicator.task_id == task_id))
        }
    assert found["Individuālās konsultācijas"] == (Decimal(40), Decimal(55), "t. sk. 21 klātienē")
    assert found["Jaunu mājas lapu maketi"][1] == Decimal(2)
    assert "Nodarbības" not in found and len(found) == 3


def test_a_file_without_a_header_is_refused_whole(client, login_as, make_plan):
    plan_id = make_plan(statuses=())
    login_as("staff")
    url = f"/programmes/plans/{plan_id}/import"
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token(client, url),
            "file": (io.BytesIO(b"a;b\n1;2\n"), "x.csv"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Nav atrasta virsraksta rinda" in text_of(response)

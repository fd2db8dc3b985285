"""Open data for everyone, no sign-in: the page listing the downloads and the API, and
the CSV files themselves (public records only, whoever asks)."""

from flask import Blueprint, Response, render_template
from sqlalchemy.orm import joinedload, subqueryload

from ..core.dates import today_in_riga
from ..core.web import make_conditional
from ..extensions import db
from ..programmes.models import DelegatedTask
from . import open_data, queries

bp = Blueprint("open_data", __name__, url_prefix="/open-data")


def _download(body: bytes, name: str) -> Response:
    stamp = today_in_riga().isoformat()
    response = Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}-{stamp}.csv"'},
    )
    return make_conditional(response)


@bp.get("/")
def index():
    return render_template("api/open_data.html")


@bp.get("/signatories.csv")
def signatories_csv():
    organisations = db.session.scalars(queries.active_signatories())
    return _download(open_data.signatories_csv(organisations), "signatories")


@bp.get("/decisions.csv")
def decisions_csv():
    rows = db.session.execute(queries.public_decisions_counted())
    return _download(open_data.decisions_csv(rows), "decisions")


@bp.get("/measures.csv")
def measures_csv():
    measures = db.session.scalars(
        queries.measures(None, {}).options(*queries.measure_options(whole_file=True))
    ).unique()
    return _download(open_data.measures_csv(measures), "measures")


@bp.get("/delegated-tasks.csv")
def tasks_csv():
    tasks = db.session.scalars(
        queries.tasks(None).options(
            joinedload(DelegatedTask.delegating),
            joinedload(DelegatedTask.performer),
            subqueryload(DelegatedTask.budget_lines),
        )
    )
    return _download(open_data.tasks_csv(tasks), "delegated-tasks")

"""The plan page, its reports and a task's page run as many SQL statements with 5 measures
as with 500 (and their charts are drawn from those same statements)."""

import pytest

from ..test_statement_counts import BUDGET


def _count(client, url, count_statements) -> int:
    client.get(url)  # warm what is not per request (the chart cache among it)
    with count_statements() as counted:
        response = client.get(url)
    assert response.status_code == 200, url
    return counted.n


@pytest.mark.parametrize(
    "page",
    [
        "/programmes/plans/{plan}",
        "/programmes/plans/{plan}?q=ģimeņu&status=carried_out",
        "/programmes/reports/{report}",
        "/programmes/",
        "/api/v1/plans/{plan}",
        "/api/v1/measures?per_page=200",
        "/open-data/measures.csv",
    ],
)
def test_plan_pages_do_not_grow_with_the_measures(
    page, app, client, login_as, make_plan, present, count_statements
):
    login_as("staff")
    counts = []
    for n in (5, 500):
        with app.app_context():
            from secretariat.extensions import db

            db.session.remove()
        plan = make_plan(
            statuses=("carried_out", "not_funded", "cancelled", "planned", "in_progress")
            * (n // 5),
            title=f"Plāns ar {n} pasākumiem",
        )
        report, _ = present(plan, conclusions_text="Secinājums.")
        counts.append(_count(client, page.format(plan=plan, report=report), count_statements))
    assert counts[0] == counts[1], f"{page}: {counts[0]} statements with 5, {counts[1]} with 500"
    assert counts[1] <= BUDGET, f"{page}: {counts[1]} statements, budget {BUDGET}"


@pytest.mark.parametrize(
    "page", ["/programmes/tasks/{task}", "/api/v1/tasks/{task}", "/open-data/delegated-tasks.csv"]
)
def test_task_pages_do_not_grow_with_their_rows(
    page, app, client, login_as, make_task, count_statements
):
    from decimal import Decimal

    from secretariat.extensions import db
    from secretariat.programmes import services
    from secretariat.programmes.models import DelegatedTask

    login_as("staff")
    task = make_task()
    url = page.format(task=task)
    small = _count(client, url, count_statements)
    with app.app_context():
        found = db.session.get(DelegatedTask, task)
        for i in range(60):
            services.add_task_row(found, "indicators", name=f"Rādītājs {i}", achieved=Decimal(i))
            services.add_task_row(found, "beneficiaries", name=f"Biedrība {i}", received="Dators")
            services.add_task_row(found, "budget", year=2030 + i, planned=Decimal("0.01"))
        db.session.commit()
    large = _count(client, url, count_statements)
    assert small == large, f"{url}: {small} statements with little data, {large} with more"
    assert large <= BUDGET

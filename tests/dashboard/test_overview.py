"""The dashboard: its figures are the records' own counts, taken here straight from SQL on the
demo data; every chart comes with its table and text alternative; counters open their lists."""

import datetime as dt
import html
import re

import pytest
import sqlalchemy as sa

from secretariat.extensions import db

from ..conftest import sign_in
from ..helpers import lv, text_of

YEAR_2025 = "/dashboard/?start=2025-01-01&end=2025-12-31"


@pytest.fixture
def demo(app, runner, client):
    """The demo data, and the demo staff account signed in."""
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    password = result.output.split("password")[-1].split()[0]
    sign_in(client, "staff@example.org", password)  # setting up the second factor on the way
    assert client.get("/dashboard/").status_code == 200
    return client


def _sql(app, sqlite: str, postgresql: str | None = None, **params) -> list:
    with app.app_context():
        query = postgresql if db.engine.dialect.name == "postgresql" and postgresql else sqlite
        return db.session.execute(sa.text(query), params).all()


def figures(page: str) -> dict[str, list[tuple[str, ...]]]:
    """Every chart's table on the page, by its caption: rows of cell texts."""
    found = {}
    for caption, body in re.findall(
        r'<figure class="chart">\s*<figcaption>(.*?)</figcaption>(.*?)</figure>', page, re.S
    ):
        rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>")[1], re.S)
        found[html.unescape(caption)] = [
            tuple(
                html.unescape(cell).replace("\xa0", " ")
                for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            )
            for row in rows
        ]
    return found


def counter(page: str, url_part: str) -> int:
    match = re.search(rf'<a href="[^"]*{re.escape(url_part)}[^"]*"><strong>(\d+)</strong>', page)
    assert match, url_part
    return int(match.group(1))


def test_meetings_by_month_are_the_records_counts(app, demo):
    page = demo.get(YEAR_2025).get_data(as_text=True)
    table = figures(page)[lv("Meetings by kind")]
    by_month = {row[0]: int(row[-1]) for row in table}
    assert len(by_month) == 12
    month = "CAST(strftime('%m', starts_at) AS INTEGER)"
    counted = dict(
        _sql(
            app,
            f"SELECT {month}, count(*) FROM meetings WHERE status != 'cancelled' "
            "AND starts_at >= '2024-12-31 22:00' AND starts_at < '2025-12-31 22:00' GROUP BY 1",
            "SELECT EXTRACT(MONTH FROM starts_at)::int, count(*) FROM meetings "
            "WHERE status != 'cancelled' AND starts_at >= '2024-12-31 22:00' "
            "AND starts_at < '2025-12-31 22:00' GROUP BY 1",
        )
    )
    assert {f"{m:02d}.2025.": counted.get(m, 0) for m in range(1, 13)} == by_month
    assert by_month["09.2025."] == 3 and by_month["10.2025."] == 2  # the seeds' autumn
    # the chart itself says the same, as text
    assert 'role="img" aria-label="' + lv("Meetings by kind") in html.unescape(page)


def test_attendance_is_the_records_share_present(app, demo):
    table = figures(demo.get(YEAR_2025).get_data(as_text=True))
    members = table[lv("Council members' attendance at sessions, lowest first")]
    counted = _sql(
        app,
        "SELECT p.name, count(*), sum(CASE WHEN a.mode IN ('in_person', 'remote', 'delegate') "
        "THEN 1 ELSE 0 END) FROM attendances a JOIN meetings m ON m.id = a.meeting_id "
        "JOIN persons p ON p.id = a.person_id WHERE m.status = 'held' "
        "AND m.kind IN ('session', 'extended_session', 'visiting_session') "
        "AND m.starts_at >= '2024-12-31 22:00' AND m.starts_at < '2025-12-31 22:00' "
        "AND EXISTS (SELECT 1 FROM memberships s WHERE s.person_id = a.person_id "
        "AND s.body_id = m.body_id) GROUP BY p.name",
    )
    expected = {
        f"{name} ({present}/{n})": str(round(100 * present / n)) for name, n, present in counted
    }
    assert dict(members) == expected
    assert members[0][1] == "67"  # missing one of the three sessions comes first
    organisations = table[lv("Organisations' attendance at sessions, lowest first")]
    assert "Kultūras ministrija (4/6)" in dict(organisations)


def test_counters_are_the_queues_and_open_them(app, demo, make_organisation):
    from secretariat.organisations.models import ChangeProposal

    with app.app_context():
        organisation = db.session.scalar(sa.text("SELECT id FROM organisations LIMIT 1"))
        db.session.add(ChangeProposal(organisation_id=organisation, changes={"website": "x"}))
        db.session.commit()
    page = demo.get("/dashboard/").get_data(as_text=True)
    assert counter(page, "/organisations/proposals") == 1
    nominations = _sql(app, "SELECT count(*) FROM nominations WHERE status = 'submitted'")[0][0]
    assert counter(page, "/rounds/") == nominations
    overdue = _sql(
        app,
        "SELECT count(*) FROM actions WHERE status IN ('open', 'in_progress') AND due_on < :today",
        today=dt.date.today(),
    )[0][0]
    assert counter(page, "/followups/?overdue=1") == overdue


def test_the_figures_follow_each_change(app, demo):
    from secretariat.organisations.models import ChangeProposal, Organisation

    assert counter(demo.get("/dashboard/").get_data(as_text=True), "/organisations/proposals") == 0
    with app.app_context():
        organisation = db.session.scalar(sa.select(Organisation).limit(1))
        db.session.add(ChangeProposal(organisation=organisation, changes={"website": "x"}))
        db.session.commit()
    assert counter(demo.get("/dashboard/").get_data(as_text=True), "/organisations/proposals") == 1


@pytest.mark.parametrize(
    ("gap", "where"),
    [
        ("no_website", "website = ''"),
        ("no_email", "emails = ''"),
        ("no_report", "(last_annual_report_year IS NULL OR last_annual_report_year < :year)"),
    ],
)
def test_register_gaps_are_counted_as_the_filtered_list(app, demo, gap, where):
    page = demo.get("/dashboard/").get_data(as_text=True)
    shown = counter(page, f"gap={gap}")
    counted = _sql(
        app,
        "SELECT count(*) FROM organisations WHERE kind IN ('ngo', 'other') "
        f"AND status = 'active' AND memorandum_signed_on IS NOT NULL AND {where}",
        year=dt.date.today().year - 2,
    )[0][0]
    assert shown == counted
    link = html.unescape(re.search(rf'href="([^"]*gap={gap}[^"]*)"', page).group(1))
    assert lv("%(n)s organisations", n=counted) in text_of(demo.get(link))


def test_visiting_sessions_by_region(app, demo):
    table = figures(demo.get(YEAR_2025).get_data(as_text=True))
    regions = dict(table[lv("Visiting sessions by planning region")])
    counted = dict(
        _sql(
            app,
            "SELECT region, count(*) FROM meetings WHERE kind = 'visiting_session' "
            "AND status = 'held' AND starts_at >= '2024-12-31 22:00' "
            "AND starts_at < '2025-12-31 22:00' GROUP BY region",
        )
    )
    assert (
        {r: int(n) for r, n in regions.items() if int(n)}
        == counted
        == {
            "Sēlija": 1,
            "Kurzeme": 1,
        }
    )


def test_a_period_that_cannot_be_read_is_said_so(demo):
    response = demo.get("/dashboard/?start=31.12.2025.&end=01.01.2025.")
    assert response.status_code == 400
    assert lv("The end of the period cannot come before its start.") in text_of(response)
    assert demo.get("/dashboard/?start=1.1.0001&end=x").status_code == 400


def test_only_staff_open_the_dashboard(client, login_as):
    login_as("member")
    assert client.get("/dashboard/").status_code == 403

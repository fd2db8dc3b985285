"""Pages, links and filters of the API's lists."""

import datetime as dt

import pytest

from .conftest import MEETINGS


@pytest.fixture
def sessions(make_body, make_meeting):
    """Twelve public sessions, one a month in 2024, newest last."""
    body = make_body("Memoranda padome")
    return [
        make_meeting(body, title=f"Sēde {m:02d}", day=dt.date(2024, m, 10), visibility="public")
        for m in range(1, 13)
    ]


def _titles(page) -> list[str]:
    return [item["title"] for item in page["items"]]


def test_pages_walk_the_list_with_next_and_prev(client, sessions):
    first = client.get("/api/v1/meetings?per_page=5").get_json()
    assert (first["page"], first["per_page"], first["total"]) == (1, 5, 12)
    assert _titles(first) == ["Sēde 12", "Sēde 11", "Sēde 10", "Sēde 09", "Sēde 08"]
    assert first["links"]["prev"] is None
    seen = _titles(first)
    page = first
    while page["links"]["next"]:
        following = client.get(page["links"]["next"]).get_json()
        assert following["links"]["prev"] == page["links"]["self"]
        seen += _titles(following)
        page = following
    assert page["page"] == 3 and len(page["items"]) == 2
    assert seen == [f"Sēde {m:02d}" for m in range(12, 0, -1)]


def test_links_keep_the_filters_and_point_at_the_public_address(app, client, sessions):
    """Links are built from PUBLIC_URL, whatever Host the request claims."""
    public = app.config["PUBLIC_URL"]
    page = client.get(
        "/api/v1/meetings?per_page=2&kind=session&page=2", headers={"Host": "evil.example"}
    ).get_json()
    for link in (page["links"]["self"], page["links"]["next"], page["links"]["prev"]):
        assert link.startswith(f"{public}/api/v1/meetings?")
        assert "kind=session" in link and "per_page=2" in link
    assert page["links"]["next"].endswith("page=3") or "page=3" in page["links"]["next"]


def test_a_page_past_the_end_is_empty_and_points_back_to_the_last(client, sessions):
    page = client.get("/api/v1/meetings?per_page=5&page=9").get_json()
    assert page["items"] == [] and page["total"] == 12
    assert page["links"]["next"] is None
    assert "page=3" in page["links"]["prev"]


def test_exactly_full_pages_have_no_next(client, sessions):
    page = client.get("/api/v1/meetings?per_page=6&page=2").get_json()
    assert len(page["items"]) == 6 and page["links"]["next"] is None
    single = client.get("/api/v1/meetings?per_page=200").get_json()
    assert single["total"] == 12 and single["links"]["next"] is None


def test_an_empty_list(client):
    page = client.get("/api/v1/meetings").get_json()
    assert page["items"] == [] and page["total"] == 0
    assert page["links"]["next"] is None and page["links"]["prev"] is None


def test_date_range_includes_both_days_in_riga_time(client, make_meeting, make_body):
    body = make_body()
    # 00:30 in Riga on 1 March is still 28 February in UTC
    make_meeting(
        body, title="Agri", day=dt.date(2025, 3, 1), start=dt.time(0, 30), visibility="public"
    )
    make_meeting(
        body, title="Vēlu", day=dt.date(2025, 3, 31), start=dt.time(23, 30), visibility="public"
    )
    make_meeting(
        body, title="Aprīlī", day=dt.date(2025, 4, 1), start=dt.time(0, 10), visibility="public"
    )
    march = client.get("/api/v1/meetings?from=2025-03-01&to=2025-03-31").get_json()
    assert _titles(march) == ["Vēlu", "Agri"]
    assert _titles(client.get("/api/v1/meetings?from=2025-04-01").get_json()) == ["Aprīlī"]
    assert _titles(client.get("/api/v1/meetings?to=2025-02-28").get_json()) == []


def test_meetings_filter_by_kind_body_and_status(client, login_as, world):
    login_as("staff")
    assert [
        m["title"] for m in client.get("/api/v1/meetings?kind=signatory_call").get_json()["items"]
    ] == [MEETINGS["signatories"]]
    assert [m["title"] for m in client.get("/api/v1/meetings?status=held").get_json()["items"]] == [
        MEETINGS["public"]
    ]
    assert client.get(f"/api/v1/meetings?body={world['group'].id}").get_json()["total"] == 0
    assert client.get(f"/api/v1/meetings?body={world['council'].id}").get_json()["total"] == 4


def test_decisions_filter_by_date_and_body(client, login_as, world):
    login_as("staff")
    september = client.get("/api/v1/decisions?from=2025-09-01&to=2025-09-30").get_json()
    assert september["total"] == 4  # three at the public session, one at the signatory call
    assert client.get(f"/api/v1/decisions?body={world['group'].id}").get_json()["total"] == 0
    assert client.get("/api/v1/decisions?to=2025-06-30").get_json()["total"] == 1


def test_a_meeting_shows_its_agenda_and_links(client, world):
    meeting = client.get("/api/v1/meetings").get_json()["items"][0]
    assert meeting["starts_at"] == "2025-09-03T10:00:00+03:00"
    assert meeting["region"] == "Sēlija"
    assert meeting["agenda"] == [
        {
            "position": 1,
            "title": "Sēlijas salas stratēģija",
            "presenter": "Ņina Šķēle",
            "duration_minutes": None,
        },
        {
            "position": 2,
            "title": "Birokrātijas mazināšana",
            "presenter": "",
            "duration_minutes": 30,
        },
    ]
    assert client.get(meeting["links"]["self"]).status_code == 200
    assert client.get(meeting["links"]["decisions"]).get_json()["total"] == 2


def test_the_register_search_ignores_case_and_diacritics(client, make_organisation):
    for name, region, status in [
        ("Jēkabpils novada biedrība", "Sēlija", "active"),
        ("Liepājas NVO centrs", "Kurzeme", "active"),
        ("Ogres ŠAHA klubs", "Rīga", "struck_off"),
    ]:
        make_organisation(
            name, region=region, status=status, memorandum_signed_on=dt.date(2015, 1, 1)
        )

    def names(query):
        return [o["name"] for o in client.get(f"/api/v1/organisations?{query}").get_json()["items"]]

    assert names("q=JEKABPILS") == ["Jēkabpils novada biedrība"]
    assert names("q=šaha") == ["Ogres ŠAHA klubs"]
    assert names("q=liepājas") == ["Liepājas NVO centrs"]
    assert names("status=struck_off") == ["Ogres ŠAHA klubs"]
    assert names("region=Kurzeme") == ["Liepājas NVO centrs"]
    assert names("region=Rīga&status=active") == []

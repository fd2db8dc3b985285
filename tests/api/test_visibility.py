"""Each role sees through the API and the open-data files exactly what it may read."""

import pytest

from .conftest import DECISIONS, MEETINGS, SEES_DECISIONS, SEES_MEETINGS

ROLES = ("anonymous", "signatory", "member", "staff")


def _titles(client, url) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return {item["title"] for item in response.get_json()["items"]}


@pytest.mark.parametrize("role", ROLES)
def test_meetings_by_role(role, client, login_as, world):
    login_as(role)
    assert _titles(client, "/api/v1/meetings") == {MEETINGS[k] for k in SEES_MEETINGS[role]}
    for key, meeting in world["meetings"].items():
        status = client.get(f"/api/v1/meetings/{meeting.id}").status_code
        assert status == (200 if key in SEES_MEETINGS[role] else 404), (key, status)


@pytest.mark.parametrize("role", ROLES)
def test_decisions_by_role(role, client, login_as, world):
    login_as(role)
    assert _titles(client, "/api/v1/decisions") == {DECISIONS[k] for k in SEES_DECISIONS[role]}
    for key, decision in world["decisions"].items():
        status = client.get(f"/api/v1/decisions/{decision.id}").status_code
        assert status == (200 if key in SEES_DECISIONS[role] else 404), (key, status)


@pytest.mark.parametrize("role", ROLES)
def test_a_meeting_lists_only_the_decisions_the_caller_may_read(role, client, login_as, world):
    login_as(role)
    public = world["meetings"]["public"]
    listed = {
        d["title"] for d in client.get(f"/api/v1/meetings/{public.id}").get_json()["decisions"]
    }
    on_public = {"named", "totals", "internal_in_public"}
    assert listed == {DECISIONS[k] for k in on_public & SEES_DECISIONS[role]}
    by_filter = _titles(client, f"/api/v1/decisions?meeting={public.id}")
    assert by_filter == listed


def test_a_public_decision_of_an_internal_meeting_stays_hidden(client, world):
    hidden = world["decisions"]["public_in_internal"]
    internal = world["meetings"]["internal"]
    assert DECISIONS["public_in_internal"] not in _titles(client, "/api/v1/decisions")
    assert _titles(client, f"/api/v1/decisions?meeting={internal.id}") == set()
    assert client.get(f"/api/v1/decisions/{hidden.id}").status_code == 404
    assert client.get(f"/api/v1/meetings/{internal.id}").status_code == 404
    assert DECISIONS["public_in_internal"] not in client.get("/open-data/decisions.csv").get_data(
        as_text=True
    )


@pytest.mark.parametrize("role", ROLES)
def test_open_data_decisions_are_the_public_ones_whoever_asks(role, client, login_as, world):
    login_as(role)
    text = client.get("/open-data/decisions.csv").get_data().decode("utf-8-sig")
    shown = {key for key, title in DECISIONS.items() if title in text}
    assert shown == SEES_DECISIONS["anonymous"]


@pytest.mark.parametrize("role", ROLES)
def test_the_online_link_is_for_signed_in_readers(role, client, login_as, world):
    login_as(role)
    public = client.get(f"/api/v1/meetings/{world['meetings']['public'].id}").get_json()
    expected = None if role == "anonymous" else "https://meet.example.lv/sede"
    assert public["online_url"] == expected


def test_internal_meetings_do_not_leak_through_filters_or_counts(client, login_as, world):
    login_as("signatory")
    council = world["council"].id
    body = client.get(f"/api/v1/meetings?body={council}&per_page=1").get_json()
    assert body["total"] == 2  # public + signatories, not members or internal
    assert client.get("/api/v1/meetings?kind=session").get_json()["total"] == 0


def test_the_register_shows_signatories_without_contacts(client, world, make_organisation):
    make_organisation("Nav parakstījusi biedrība", status="active")
    page = client.get("/api/v1/organisations").get_json()
    assert [o["name"] for o in page["items"]] == ["Biedrība „Ābele”"]
    record = client.get(f"/api/v1/organisations/{world['signatory']}").get_data(as_text=True)
    assert "valde@abele.lv" not in record and "20000000" not in record
    assert "emails" not in record and "phones" not in record


def test_an_organisation_that_never_signed_is_not_found(client, make_organisation):
    unsigned = make_organisation("Nav parakstījusi biedrība")
    assert client.get(f"/api/v1/organisations/{unsigned.id}").status_code == 404


def test_bodies_and_memberships_show_no_contacts(client, world):
    body = client.get(f"/api/v1/bodies/{world['council'].id}").get_data(as_text=True)
    assert "Andris Broks" in body
    assert "@example.lv" not in body


@pytest.mark.parametrize(
    ("role", "months"),
    [
        ("anonymous", {"2025-09"}),
        ("signatory", {"2025-09"}),
        ("member", {"2025-09", "2025-08"}),
        ("staff", {"2025-09", "2025-08"}),  # drafts are never in the API, not even for staff
    ],
)
def test_published_updates_by_role(role, months, client, login_as, world):
    login_as(role)
    listed = {item["month"] for item in client.get("/api/v1/updates").get_json()["items"]}
    assert listed == months
    for month in ("2025-08", "2025-09", "2025-10"):
        status = client.get(f"/api/v1/updates/{month}").status_code
        assert status == (200 if month in months else 404), (month, status)
    if "2025-09" in months:
        one = client.get("/api/v1/updates/2025-09").get_json()
        assert "<strong>Sēlijas salas</strong>" in one["html"] and "<script" not in one["html"]
        assert one["text"].startswith("**Sēlijas salas**")

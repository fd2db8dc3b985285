"""Whatever a caller sends, the answer is JSON: a 4xx naming what is wrong, never a 500."""

import pytest

from tests.helpers import lv

BAD_PARAMETERS = [
    ("/api/v1/meetings?colour=red", "colour"),
    ("/api/v1/meetings?page=0", "page"),
    ("/api/v1/meetings?page=-1", "page"),
    ("/api/v1/meetings?page=abc", "page"),
    ("/api/v1/meetings?page=1.5", "page"),
    ("/api/v1/meetings?page=", "page"),
    ("/api/v1/meetings?page=%201", "page"),
    ("/api/v1/meetings?page=100001", "page"),
    ("/api/v1/meetings?page=99999999999999999999999", "page"),
    ("/api/v1/meetings?page=1&page=2", "page"),
    ("/api/v1/meetings?per_page=0", "per_page"),
    ("/api/v1/meetings?per_page=201", "per_page"),
    ("/api/v1/meetings?per_page=-5", "per_page"),
    ("/api/v1/meetings?from=2025-13-01", "from"),
    ("/api/v1/meetings?from=2025-02-30", "from"),
    ("/api/v1/meetings?from=03.09.2025.", "from"),
    ("/api/v1/meetings?from=20250903", "from"),
    ("/api/v1/meetings?from=0001-01-01", "from"),
    ("/api/v1/meetings?to=9999-12-31", "to"),
    ("/api/v1/meetings?to=yesterday", "to"),
    ("/api/v1/meetings?from=2025-09-04&to=2025-09-03", "from"),
    ("/api/v1/meetings?kind=party", "kind"),
    ("/api/v1/meetings?kind=", "kind"),
    ("/api/v1/meetings?status=done", "status"),
    ("/api/v1/meetings?body=abc", "body"),
    ("/api/v1/meetings?body=0", "body"),
    ("/api/v1/meetings?body=2147483648", "body"),
    ("/api/v1/meetings?q=x", "q"),
    ("/api/v1/decisions?kind=session", "kind"),
    ("/api/v1/decisions?meeting=-1", "meeting"),
    ("/api/v1/decisions?from=2025-1-1", "from"),
    ("/api/v1/decisions?to=2024-01-01&from=2025-01-01", "from"),
    ("/api/v1/bodies?body=1", "body"),
    ("/api/v1/bodies?per_page=1000", "per_page"),
    ("/api/v1/organisations?status=dissolved", "status"),
    ("/api/v1/organisations?region=Atlantīda", "region"),
    ("/api/v1/organisations?q=" + "ā" * 201, "q"),
    ("/api/v1/organisations?name=Ābele", "name"),
    ("/api/v1/organisations?q=%00", "q"),
    ("/api/v1/organisations?q=%C4%81bele%0A", "q"),
    ("/api/v1/meetings/1?page=1", "page"),
    ("/api/v1/decisions/1?votes=all", "votes"),
    ("/api/v1/openapi.json?format=yaml", "format"),
]


@pytest.mark.parametrize(("url", "parameter"), BAD_PARAMETERS)
def test_bad_parameters_answer_400_naming_the_parameter(url, parameter, client, world):
    response = client.get(url)
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["error"] == lv("Bad request")
    assert body["parameter"] == parameter
    assert f"„{parameter}”" in body["message"]


def test_messages_are_latvian_by_default_and_english_on_request(client, world):
    body = client.get("/api/v1/meetings?colour=red").get_json()
    assert body["message"] == lv(
        "Unknown parameter “%(name)s”. This address accepts: %(names)s.",
        name="colour",
        names="page, per_page, from, to, kind, body, status",
    )
    assert client.get("/api/v1/meetings?per_page=500").get_json()["message"] == lv(
        "“%(name)s” must be a whole number from %(min)s to %(max)s.",
        name="per_page",
        min=1,
        max=200,
    )
    client.post("/language", data={"lang": "en", "csrf_token": _token(client)})
    body = client.get("/api/v1/meetings?from=2025-09-04&to=2025-09-03").get_json()
    assert body == {
        "error": "Bad request",
        "message": "“from” (2025-09-04) is after “to” (2025-09-03).",
        "parameter": "from",
    }


def _token(client):
    from tests.conftest import csrf_token

    return csrf_token(client, "/login")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/meetings/999999",
        "/api/v1/meetings/99999999999999999999",
        "/api/v1/meetings/abc",
        "/api/v1/meetings/-1",
        "/api/v1/decisions/999999",
        "/api/v1/decisions/2147483648",
        "/api/v1/bodies/999999",
        "/api/v1/organisations/999999",
        "/api/v1/nothing-here",
        "/api/v2/meetings",
    ],
)
def test_what_does_not_exist_answers_404_json(url, client, world):
    response = client.get(url)
    assert response.status_code == 404
    assert response.get_json() == {
        "error": lv("Not found"),
        "message": lv("There is no such page or record."),
    }


def test_writing_is_not_allowed(client, world):
    response = client.post("/api/v1/meetings", data={"title": "x"})
    assert response.status_code == 405
    assert response.get_json()["error"] == lv("Not allowed")
    assert client.delete(f"/api/v1/meetings/{world['meetings']['public'].id}").status_code == 405


def test_edges_that_are_fine(client, world):
    assert client.get("/api/v1/meetings?from=2025-09-03&to=2025-09-03").status_code == 200
    assert client.get("/api/v1/meetings?per_page=200&page=100000").status_code == 200
    assert client.get("/api/v1/meetings?from=1900-01-01&to=2999-12-31").status_code == 200
    assert client.get("/api/v1/organisations?q=").status_code == 200
    assert client.get("/api/v1/meetings/2147483647").status_code == 404

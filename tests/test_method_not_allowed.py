"""RFC 9110: a 405 names the methods the address takes, in `Allow`, on pages and the API."""

from .test_access_matrix import _requests, sample  # noqa: F401 - the fixture


def test_every_address_answers_405_with_allow(app, client, sample):  # noqa: F811
    """The router answers before any sign-in check, so one role shows it for all."""
    adapter = app.url_map.bind("localhost")
    urls = sorted({url for _endpoint, _method, url in _requests(app, sample)})
    wrong = []
    for url in urls:
        response = client.put(url)
        expected = set(adapter.allowed_methods(url.split("?")[0]))
        allow = {m.strip() for m in response.headers.get("Allow", "").split(",") if m.strip()}
        if response.status_code != 405 or allow != expected:
            wrong.append(f"PUT {url}: {response.status_code}, Allow {sorted(allow)}")
    assert not wrong, "\n".join(wrong)


def test_the_api_and_a_page_say_it_in_their_own_format(client):
    api = client.delete("/api/v1/meetings")
    assert api.status_code == 405 and api.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert api.is_json and api.get_json()["error"]
    page = client.get("/logout")
    assert page.status_code == 405 and page.headers["Allow"] == "OPTIONS, POST"
    assert page.mimetype == "text/html"

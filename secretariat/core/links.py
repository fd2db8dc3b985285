"""Absolute links are built one way: from PUBLIC_URL, whoever builds them (a request, the
command line or the scheduler) and wherever they go (e-mails, stored drafts, PDFs, feeds,
calendars, the API). A header a client sends never decides where a link points."""

from collections.abc import Callable
from urllib.parse import quote, urlsplit

from flask import current_app, url_for

#: an id no record has, to find where ids go in a built address
_MARKER = "2147483647"


def _public_adapter():
    """The URL map bound to PUBLIC_URL, once per app and address: an API page builds three
    links a row, and binding the map each time cost half of every link."""
    base = current_app.config["PUBLIC_URL"]
    adapters = current_app.extensions.setdefault("secretariat.public_adapters", {})
    if base not in adapters:
        parts = urlsplit(base)
        adapters[base] = current_app.url_map.bind(
            parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
        )
    return adapters[base]


def public_url(endpoint: str, **values) -> str:
    return _public_adapter().build(endpoint, values, force_external=True)


def host() -> str:
    """The public host name, for identifiers that must not change (feed ids)."""
    return urlsplit(current_app.config["PUBLIC_URL"]).hostname or "localhost"


def url_pattern(endpoint: str, key: str) -> Callable[[int | str], str]:
    """`url_for(endpoint, key=value)` for every row of a list, routed once per page: the
    address is built with a marker and each row's id (or slug, quoted) put in its place."""
    prefix, _, suffix = url_for(endpoint, **{key: _MARKER}).partition(_MARKER)

    def address(value: int | str) -> str:
        part = str(int(value)) if isinstance(value, int) else quote(value, safe="")
        return f"{prefix}{part}{suffix}"

    return address

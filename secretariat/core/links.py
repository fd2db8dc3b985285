"""Links that leave the app (e-mails, stored drafts, PDFs, feeds) point at PUBLIC_URL,
whoever builds them: a request, the command line or the scheduler."""

from urllib.parse import urlsplit

from flask import current_app


def public_url(endpoint: str, **values) -> str:
    parts = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "https"
    )
    return adapter.build(endpoint, values, force_external=True)


def host() -> str:
    """The public host name, for identifiers that must not change (feed ids)."""
    return urlsplit(current_app.config["PUBLIC_URL"]).hostname or "localhost"

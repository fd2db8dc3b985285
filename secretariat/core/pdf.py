"""The one helper that turns HTML into PDF, for every view, command and job.

The HTML is built first (testable without Pango); this step only renders it. The
URL fetcher lets the renderer read the app's own static files and data: URLs and
nothing else: text users typed can never make it open a local file or call a
network address. The fonts are shipped in static/fonts (DejaVu, full Latvian
coverage) and named in the CSS under a family of our own, so a missing font
cannot silently fall back to another.

Every PDF is PDF/A-3u (archived minutes must stay readable) and tagged: a structure
tree of headings, paragraphs, lists and tables that screen readers follow, with the
document's language (`/Lang`) taken from the HTML's `<html lang>`. It claims no more than
that: PDF/A-3a and PDF/UA-1 ask for checks of the tagging (veraPDF) this project does not
run, and WeasyPrint writes one identification only.
"""

import mimetypes
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

STATIC = Path(__file__).resolve().parent.parent / "static"
BASE_URL = "https://secretariat.invalid/"


class RefusedFetch(ValueError):
    """The document asked for something outside the app's static files."""


class StaticOnlyFetcher(URLFetcher):
    """Serves the app's static files and data: URLs; refuses (and remembers) all else."""

    def __init__(self):
        super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if (
            parts.scheme == "https"
            and parts.netloc == "secretariat.invalid"
            and (parts.path.startswith("/static/"))
        ):
            path = (STATIC / unquote(parts.path[len("/static/") :])).resolve()
            if path.is_file() and STATIC in path.parents:
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})
        self.refused.append(url)
        raise RefusedFetch(url)


def render_pdf(html: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """HTML (already escaped and sanitised) → tagged PDF/A-3u bytes."""
    text = unicodedata.normalize("NFC", html)
    return HTML(
        string=text, base_url=BASE_URL, url_fetcher=fetcher or StaticOnlyFetcher()
    ).write_pdf(pdf_variant="pdf/a-3u", pdf_tags=True)


def pdf_response(data: bytes, filename: str):
    """A PDF as a download named `filename` (ASCII), never kept by a shared cache."""
    from flask import Response

    return Response(
        data,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "private, no-store",
        },
    )

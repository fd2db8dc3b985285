"""Request-level plumbing: security headers, Jinja filters, error pages."""

import datetime as dt

from babel.numbers import format_decimal
from flask import Flask, Response, current_app, jsonify, render_template, request
from flask_babel import gettext
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from markupsafe import Markup, escape
from sqlalchemy.exc import InternalError, OperationalError

from . import dates
from .i18n import locale_name
from .labels import label, labels
from .numbers import format_money, format_quantity
from .storage import storage_failure_page
from .text import split_lines

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def _locale() -> str:
    return locale_name()


def register_filters(app: Flask) -> None:
    app.jinja_env.filters["date"] = lambda v: dates.short_date(v, _locale())
    app.jinja_env.filters["longdate"] = lambda v: dates.long_date(v, _locale())
    app.jinja_env.filters["time"] = dates.short_time
    app.jinja_env.filters["datetime"] = lambda v: (
        f"{dates.short_date(v, _locale())} {dates.short_time(v)}" if v else ""
    )
    app.jinja_env.filters["filesize"] = lambda v: filesize(v, _locale())
    app.jinja_env.filters["money"] = lambda v: format_money(v, _locale())  # 16 000,00
    app.jinja_env.filters["quantity"] = lambda v: format_quantity(v, _locale())  # 1 500; 1,5
    app.jinja_env.filters["lines"] = split_lines  # a record's e-mails or phones, one a line
    app.jinja_env.globals["label"] = label
    app.jinja_env.globals["labels"] = labels
    app.jinja_env.globals["record_options"] = record_options


def filesize(size: int | None, locale: str = "lv") -> str:
    """1 234 567 bytes → "1,2 MB" in Latvian, "1.2 MB" in English."""
    if size is None:
        return ""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{format_decimal(size / factor, '#,##0.#', locale=locale)} {unit}"
    return f"{size} B"


SPREADSHEET_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def spreadsheet_download(body: bytes, kind: str, stem: str) -> Response:
    """A CSV or XLSX file to save, named `stem`.`kind`."""
    return Response(
        body,
        mimetype=SPREADSHEET_TYPES[kind],
        headers={"Content-Disposition": f'attachment; filename="{stem}.{kind}"'},
    )


def add_security_headers(response):
    if current_app.config.get("SESSION_COOKIE_SECURE"):  # served over HTTPS only
        max_age = current_app.config["HSTS_MAX_AGE"]
        response.headers.setdefault(
            "Strict-Transport-Security", f"max-age={max_age}; includeSubDomains"
        )
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def make_conditional(
    response: Response, last_modified: dt.datetime | None = None, private: bool = False
) -> Response:
    """An ETag (the body's hash) and Last-Modified on a read, and 304 Not Modified when the
    caller's If-None-Match (or, without one, If-Modified-Since) says it has this copy.

    The tag is the body's hash: what a reader gets depends on who is signed in and in
    which language, so a tag taken from the data's last change could not tell two readers'
    answers apart; `last_modified` must be no earlier than any change to what the body
    shows or left out since. `private`: one person's answer, whoever asks (a secret URL),
    which no shared cache may keep."""
    if request.method in ("GET", "HEAD") and response.status_code == 200:
        response.add_etag()
        if last_modified is not None:
            response.last_modified = last_modified
        response.vary.add("Cookie")
        response.vary.add("Authorization")  # API tokens read as their owners
        private = private or current_user.is_authenticated
        response.headers["Cache-Control"] = "private, no-cache" if private else "no-cache"
        response.make_conditional(request)
    return response


def _wants_json() -> bool:
    return request.path.startswith(("/api/", "/health"))


def _error_page(status: int, title: str, message: str):
    if _wants_json():
        return jsonify(error=title, message=message), status
    return render_template("error.html", status=status, title=title, message=message), status


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(403)
    def forbidden(error):
        return _error_page(
            403, gettext("Access denied"), gettext("Your role may not open this page.")
        )

    @app.errorhandler(404)
    def not_found(error):
        return _error_page(404, gettext("Not found"), gettext("There is no such page or record."))

    @app.errorhandler(405)
    def method_not_allowed(error):
        body, status = _error_page(
            405, gettext("Not allowed"), gettext("This address does not accept that request.")
        )
        # RFC 9110: a 405 says which methods the address does take (the router knows)
        allowed = sorted(getattr(error, "valid_methods", None) or ())
        return body, status, {"Allow": ", ".join(allowed)} if allowed else {}

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _error_page(
            400,
            gettext("The form has expired"),
            gettext("Please go back, reload the page and submit the form again."),
        )

    # a full disk, a read-only database, a database gone for a moment: a clear 503
    for failure in (OperationalError, InternalError, OSError):
        app.register_error_handler(failure, storage_failure_page)

    @app.errorhandler(413)
    def too_large(error):
        return _error_page(413, gettext("File too large"), gettext("The upload is too large."))


def record_options(records, selected, text: str | None = None) -> Markup:
    """The <option>s of a filter's select of records: each record's `id`, shown by its
    `text` attribute or as itself, the `selected` id marked. Written in one pass: a select
    of four hundred organisations cost a list page more than its fifty rows."""
    chosen = str(selected)
    return Markup(
        "".join(
            f'<option value="{int(record.id)}"'
            f"{' selected' if str(record.id) == chosen else ''}>"
            f"{escape(getattr(record, text) if text else str(record))}</option>"
            for record in records
        )
    )

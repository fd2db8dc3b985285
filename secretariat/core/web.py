"""Request-level plumbing: security headers, Jinja filters, error pages."""

from babel.numbers import format_decimal
from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import get_locale, gettext
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InternalError, OperationalError

from . import dates
from .labels import label
from .storage import storage_failure_page

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def _locale() -> str:
    return str(get_locale() or "lv")


def register_filters(app: Flask) -> None:
    app.jinja_env.filters["date"] = lambda v: dates.short_date(v, _locale())
    app.jinja_env.filters["longdate"] = lambda v: dates.long_date(v, _locale())
    app.jinja_env.filters["time"] = dates.short_time
    app.jinja_env.filters["datetime"] = lambda v: (
        f"{dates.short_date(v, _locale())} {dates.short_time(v)}" if v else ""
    )
    app.jinja_env.filters["filesize"] = lambda v: filesize(v, _locale())
    app.jinja_env.globals["label"] = label


def filesize(size: int | None, locale: str = "lv") -> str:
    """1 234 567 bytes → "1,2 MB" in Latvian, "1.2 MB" in English."""
    if size is None:
        return ""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            return f"{format_decimal(size / factor, '#,##0.#', locale=locale)} {unit}"
    return f"{size} B"


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
        return _error_page(
            405, gettext("Not allowed"), gettext("This address does not accept that request.")
        )

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

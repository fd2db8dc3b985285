"""Optimistic locking and the one edit flow: save, or refuse an edit made from an old copy.

A service checks the version the form was opened on (`check_version`) and sets the fields
an edit may change (`assign`); a view hands the service call to `save_edit`, which commits
it or, when someone else saved first, says so and reopens the form on their version:

    if form.validate_on_submit():
        return save_edit(
            lambda: services.update_call(call, form.version.data, **fields),
            done=gettext("Call saved."),
            then=url_for(".list_calls"),
        )
    return form_page("updates/call_form.html", form, call=call)
"""

from collections.abc import Callable, Mapping
from typing import Any

from flask import Response, flash, redirect, render_template, request
from sqlalchemy.orm.exc import StaleDataError

from ..extensions import db


class StaleEdit(Exception):
    """Someone else saved the record after this form was opened."""


def check_version(obj, expected) -> None:
    """Raise StaleEdit unless the form was opened on the version now stored.

    A missing or tampered version is refused the same way. The database repeats the check
    (`version_id_col`), so two saves racing past this line still cannot both win.
    """
    try:
        opened_on = int(expected)
    except (TypeError, ValueError):
        raise StaleEdit from None
    if opened_on != obj.version:
        raise StaleEdit


def assign(obj, fields: dict, allowed) -> None:
    """Set the fields an edit may change on `obj`; any other key passed in is ignored."""
    for key, value in fields.items():
        if key in allowed:
            setattr(obj, key, value)


def edit(obj, expected_version, fields: dict, allowed):
    """The usual edit of a versioned record: refused if stale, else the allowed fields set
    and flushed (where the database checks the version once more)."""
    check_version(obj, expected_version)
    assign(obj, fields, allowed)
    db.session.flush()
    return obj


def stale_message() -> str:
    from flask_babel import gettext

    return gettext(
        "Someone else saved this record while you were editing it. Your changes were not "
        "saved: the form now shows their version; make your changes again."
    )


def save_edit(
    save: Callable[[], Any],
    *,
    done: str,
    then: str | Callable[[Any], str],
    again: str | None = None,
    refusals: Mapping[type[Exception], Callable[[Exception], None]] | None = None,
) -> Response | None:
    """Run the service call `save` and commit: flash `done` and go to `then` (an address,
    or a function of what `save` returned, for a record that has no address before it is
    saved).

    When someone else saved the record since the form was opened (caught here, or by the
    database's own version check at flush or commit), nothing is saved: the person is told
    so and sent to `again` (by default the form they sent, which opens on the stored
    version). An exception listed in
    `refusals` is a refusal the form can show: it is rolled back, handed to its callback
    (which puts the message on a field) and None returned, so the view shows the form again.
    """
    refusals = refusals or {}
    try:
        saved = save()
        db.session.commit()
    except (StaleEdit, StaleDataError):
        db.session.rollback()
        flash(stale_message(), "error")
        return redirect(again or _this_form())
    except tuple(refusals) as refusal:
        db.session.rollback()
        for kind, show in refusals.items():
            if isinstance(refusal, kind):
                show(refusal)
                break
        return None
    flash(done, "success")
    return redirect(then(saved) if callable(then) else then)


def _this_form() -> str:
    """The address the form was sent to, as a path (the redirect stays on this site)."""
    query = request.query_string.decode("latin-1")
    return request.path + (f"?{query}" if query else "")


def form_page(template: str, form, **context):
    """A form's page; sent back with errors it answers 400, so scripts and tests can tell."""
    return render_template(template, form=form, **context), 400 if form.errors else 200

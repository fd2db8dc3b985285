"""The audit trail: one row per created, changed or deleted record, with a JSON diff.

Models opt in with the `Audited` mixin. The hook runs after each flush (so new
rows already have their ids) and writes all events of that flush with one
INSERT on the flush's own connection: an audit row exists exactly when the
change it describes is committed.
"""

import contextlib
import contextvars
import datetime as dt

import sqlalchemy as sa
from flask import has_request_context
from sqlalchemy import event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db
from .types import UTCDateTime, choice, plain, utcnow

#: who acts outside a request (command line, jobs); a user id or None
cli_actor: contextvars.ContextVar[int | None] = contextvars.ContextVar("cli_actor", default=None)

_NOT_AUDITED = {
    "session_version",
    "attendance_version",
    "version",
    "created_at",
    "updated_at",
    "edited_at",
    "calendar_uid",
    "search_key",
    "search_text",
    "fields_key",
    "last_login_at",
    "last_used_at",
    "totp_last_step",
    "token_hash",  # a link's or API token's hash: nothing a reader could use
}
_SECRET = {"password_hash", "calendar_token", "totp_secret"}


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[str] = mapped_column(choice("audit_action", ("create", "update", "delete")))
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[int] = mapped_column()
    label: Mapped[str] = mapped_column(sa.String(200), default="")
    parent_type: Mapped[str | None] = mapped_column(sa.String(40))
    parent_id: Mapped[int | None] = mapped_column()
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    user = db.relationship("User", lazy="joined")

    __table_args__ = (
        sa.Index("ix_audit_events_object", "object_type", "object_id"),
        sa.Index("ix_audit_events_parent", "parent_type", "parent_id"),
    )


class Audited:
    """Mixin: changes to this model are written to the audit trail.

    `__audit_type__` names the object; `__audit_label__` is the column shown as
    its name; `__audit_parent__` = (type, column) files the event under a parent
    record too (an agenda item's changes show on its meeting).
    """

    __audit_type__: str
    __audit_label__: str | None = None
    __audit_parent__: tuple[str, str] | None = None


def _shown(key, value):
    return "••••" if key in _SECRET and value is not None else plain(value)


def _column_attrs(obj):
    return [a for a in inspect(obj).mapper.column_attrs if a.key not in _NOT_AUDITED]


def _snapshot(obj) -> dict:
    return {
        a.key: _shown(a.key, getattr(obj, a.key))
        for a in _column_attrs(obj)
        if getattr(obj, a.key) is not None and a.key != "id"
    }


def _diff(obj) -> dict:
    state = inspect(obj)
    changes = {}
    for attr in _column_attrs(obj):
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if old != new:
            changes[attr.key] = [_shown(attr.key, old), _shown(attr.key, new)]
    return changes


def _actor() -> int | None:
    if has_request_context():
        from flask_login import current_user

        if current_user and current_user.is_authenticated:
            return current_user.id
    return cli_actor.get()


def _event_row(obj, action: str, changes: dict, user_id) -> dict:
    label_attr = obj.__audit_label__
    label = str(getattr(obj, label_attr) or "")[:200] if label_attr else ""
    parent_type, parent_id = None, None
    if obj.__audit_parent__:
        parent_type, column = obj.__audit_parent__
        parent_id = getattr(obj, column)
    return {
        "at": utcnow(),
        "user_id": user_id,
        "action": action,
        "object_type": obj.__audit_type__,
        "object_id": obj.id,
        "label": label,
        "parent_type": parent_type,
        "parent_id": parent_id,
        "changes": changes,
    }


@contextlib.contextmanager
def acting_as(user_id: int | None):
    """Events written inside are the given user's, though nobody is signed in: a person who
    follows the link of their invitation or password reset acts on their own account."""
    reset = cli_actor.set(user_id)
    try:
        yield
    finally:
        cli_actor.reset(reset)


def record_event(obj, changes: dict, action: str = "update") -> None:
    """An event on `obj` that its columns cannot tell (two person records merged into one),
    written on the session's connection like the hook's own."""
    row = _event_row(obj, action, changes, _actor())
    db.session.connection().execute(sa.insert(AuditEvent.__table__), [row])


def _after_flush(session: Session, flush_context) -> None:
    user_id = _actor()
    rows = []
    for obj in session.new:
        if isinstance(obj, Audited):
            rows.append(_event_row(obj, "create", _snapshot(obj), user_id))
    for obj in session.dirty:
        if isinstance(obj, Audited) and session.is_modified(obj, include_collections=False):
            changes = _diff(obj)
            if changes:
                rows.append(_event_row(obj, "update", changes, user_id))
    for obj in session.deleted:
        if isinstance(obj, Audited):
            rows.append(_event_row(obj, "delete", _snapshot(obj), user_id))
    if rows:
        session.connection().execute(sa.insert(AuditEvent.__table__), rows)


def record_created(obj) -> None:
    """Enter a row that a Core statement inserted (an upsert) in the trail, as the hook
    would have for the ORM's own insert."""
    row = _event_row(obj, "create", _snapshot(obj), _actor())
    db.session.connection().execute(sa.insert(AuditEvent.__table__), [row])


def install_audit_hook() -> None:
    """Listen on every ORM session once, however many apps are created."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)

"""Monthly updates, calls, communication items and RSVPs: verbs that change them.
No request, no commit: views and commands do that."""

import datetime as dt
import secrets

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale

from ..auth.models import User
from ..core.audit import record_created
from ..core.links import public_url
from ..core.types import utcnow
from ..core.versioning import assign, check_version, edit
from ..extensions import db
from ..meetings.models import Meeting
from ..reminders.models import ReminderOptOut
from ..reminders.outbox import dialect_insert, enqueue, existing_keys
from ..reminders.sweeping import signatory_emails, unsubscribe_token
from .drafting import compose
from .models import Call, CommunicationItem, MonthlyUpdate, Rsvp
from .queries import FOR_SIGNATORIES, may_answer, update_for_month

#: the message kind of a published update (readers may opt out)
UPDATE_KIND = "monthly_update"
UPDATE_FIELDS = ("title", "text", "body_id", "visibility")
CALL_FIELDS = (
    "kind",
    "title",
    "description",
    "deadline_on",
    "deadline_time",
    "status",
    "body_id",
    "link_url",
    "visibility",
)
ITEM_FIELDS = ("kind", "title", "url", "decision_id", "published_on", "visibility")


class UpdateExists(Exception):
    """The month already has its update."""

    def __init__(self, update: MonthlyUpdate):
        super().__init__(update.slug)
        self.update = update


class AlreadyPublished(Exception):
    """A published update is not drafted again from the records: its readers have it."""


class DraftTooNarrow(Exception):
    """The text was drafted for a narrower audience than the update now names: it may hold
    what the wider readers may not see. Redraft it for them first."""


class RsvpClosed(Exception):
    """The meeting has started, was cancelled, or is not one signatories are asked to join."""


# --- monthly updates -------------------------------------------------------------------


def draft_update(
    month: dt.date, body_id: int | None = None, visibility: str = "signatories", locale="lv"
) -> MonthlyUpdate:
    """The month's update, drafted from the records as its audience may read them."""
    existing = update_for_month(month)
    if existing is not None:
        raise UpdateExists(existing)
    draft = compose(month, audience=visibility, locale=locale)
    update = MonthlyUpdate(
        month=month,
        body_id=body_id,
        visibility=visibility,
        drafted_for=visibility,
        title=draft.title,
        text=draft.text,
    )
    db.session.add(update)
    db.session.flush()
    return update


def redraft_update(update: MonthlyUpdate, expected_version, locale="lv") -> MonthlyUpdate:
    """Write the draft's text again from the records (what staff typed is replaced)."""
    check_version(update, expected_version)
    if update.is_published:
        raise AlreadyPublished
    update.text = compose(update.month, audience=update.visibility, locale=locale).text
    update.drafted_for = update.visibility
    db.session.flush()
    return update


def edit_update(update: MonthlyUpdate, expected_version, **fields) -> MonthlyUpdate:
    """A draft may be widened and redrafted before publishing; a published update is
    never shown to more readers than its text was drafted for."""
    check_version(update, expected_version)
    assign(update, fields, UPDATE_FIELDS)
    if update.is_published and update.wider_than_its_draft:
        raise DraftTooNarrow
    if update.is_published and db.session.is_modified(update):
        update.edited_at = utcnow()  # a correction: the feed says the entry changed
    db.session.flush()
    return update


def publish_update(update: MonthlyUpdate, now: dt.datetime) -> int:
    """Put the update on the portal and e-mail it to the signatories; returns how many
    messages were new. Publishing again sends nobody anything twice."""
    if update.wider_than_its_draft:
        raise DraftTooNarrow
    if not update.is_published:
        update.status = "published"
        update.published_at = now
    db.session.flush()
    return send_update(update, now)


def send_update(update: MonthlyUpdate, now: dt.datetime) -> int:
    """One message per signatory contact address, each keyed so it exists once.

    Only updates meant for signatories (or everyone) are mailed to them."""
    if not update.is_published or update.visibility not in FOR_SIGNATORIES:
        return 0
    keys = {email: f"{UPDATE_KIND}:{update.id}:{email}" for email in signatory_emails()}
    written_before = existing_keys(list(keys.values()))
    keys = {email: key for email, key in keys.items() if key not in written_before}
    if not keys:
        return 0
    muted = set(
        db.session.scalars(
            sa.select(ReminderOptOut.email).where(ReminderOptOut.kind == UPDATE_KIND)
        )
    )
    locales = dict(db.session.execute(sa.select(User.email, User.locale)).all())
    url = public_url("updates.detail", month=update.slug)
    written = 0
    for email, key in keys.items():
        if email in muted:
            continue
        unsubscribe = public_url(
            "reminders.unsubscribe", token=unsubscribe_token(email, UPDATE_KIND)
        )
        locale = locales.get(email, "lv")
        context = {
            "update": update,
            "url": url,
            "subject": update.title,
            "unsubscribe_url": unsubscribe,
            "locale": locale,
        }
        with force_locale(locale):
            text = render_template("email/monthly_update.txt", **context)
            html = render_template("email/monthly_update.html", **context)
        written += enqueue(
            key, UPDATE_KIND, email, update.title, text, html, now, unsubscribe_url=unsubscribe
        )
    return written


# --- calls -------------------------------------------------------------------------------


def create_call(**fields) -> Call:
    call = Call(**{k: v for k, v in fields.items() if k in CALL_FIELDS})
    db.session.add(call)
    db.session.flush()
    return call


def update_call(call: Call, expected_version, **fields) -> Call:
    return edit(call, expected_version, fields, CALL_FIELDS)


def close_call(call: Call) -> Call:
    call.status = "closed"
    db.session.flush()
    return call


# --- communication items -----------------------------------------------------------------


def add_communication_item(**fields) -> CommunicationItem:
    item = CommunicationItem(**{k: v for k, v in fields.items() if k in ITEM_FIELDS})
    db.session.add(item)
    db.session.flush()
    return item


def remove_communication_item(item: CommunicationItem) -> None:
    db.session.delete(item)
    db.session.flush()


# --- RSVPs and calendars -----------------------------------------------------------------


def answer_rsvp(
    meeting: Meeting, organisation_id: int, user, attending: bool, now: dt.datetime
) -> Rsvp:
    """The organisation's answer for a meeting meant for signatories; changeable until it starts."""
    if not may_answer(meeting, now):
        raise RsvpClosed
    answer = {"attending": attending, "user_id": user.id if user else None, "answered_at": now}
    # one row per meeting and organisation, however many answers arrive at once: the first
    # is inserted, the others find it and change it
    created = db.session.execute(
        dialect_insert()(Rsvp)
        .values(meeting_id=meeting.id, organisation_id=organisation_id, **answer)
        .on_conflict_do_nothing(index_elements=["meeting_id", "organisation_id"])
        .returning(Rsvp.id)
    ).scalar()
    rsvp = db.session.scalar(
        sa.select(Rsvp)
        .where(Rsvp.meeting_id == meeting.id, Rsvp.organisation_id == organisation_id)
        .execution_options(populate_existing=True)
    )
    if created:
        record_created(rsvp)
    else:
        assign(rsvp, answer, answer)
    db.session.flush()
    return rsvp


def reset_calendar_token(user: User) -> str:
    """A new address for the personal calendar; the old one stops working at once."""
    user.calendar_token = secrets.token_urlsafe(32)
    db.session.flush()
    return user.calendar_token

"""What a rule works with during one sweep: the moment, the recipients, and `write`.

A rule (registry.RuleKind.run) receives a `Sweep`. It reads what is due within its own
window, checks which keys are already written (`existing`, to skip rendering them), and
calls `write` for each message; `write` renders the message in its reader's language and
puts it in the outbox once, however many sweeps run.
"""

import datetime as dt

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import LazyString, force_locale
from itsdangerous import URLSafeSerializer

from ..auth.models import User
from ..bodies.models import Membership
from ..core.dates import RIGA
from ..core.links import public_url
from ..core.text import split_lines
from ..core.types import utcnow
from ..extensions import db
from ..organisations.models import Organisation
from ..people.models import Person
from . import ics
from .models import Outbox, ReminderOptOut
from .outbox import dialect_insert, enqueue
from .registry import may_opt_out


def unsubscribe_token(email: str, kind: str) -> str:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="unsubscribe").dumps(
        {"e": email, "k": kind}
    )


def read_unsubscribe_token(token: str) -> tuple[str, str] | None:
    try:
        data = URLSafeSerializer(current_app.config["SECRET_KEY"], salt="unsubscribe").loads(token)
    except Exception:  # noqa: BLE001 - any bad token is simply not ours
        return None
    return data.get("e"), data.get("k")


def opt_out(email: str, kind: str) -> None:
    """No more messages of this kind to this address; saying so twice at once (two clicks,
    two tabs) is still one opt-out, never an error."""
    db.session.execute(
        dialect_insert()(ReminderOptOut)
        .values(email=email, kind=kind, created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["email", "kind"])
    )


def unique_emails(items) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        item = item.strip().lower()
        if item and "@" in item:
            seen.setdefault(item, None)
    return list(seen)


def signatory_emails() -> list[str]:
    """Every e-mail of every active organisation that signed the memorandum, each once."""
    emails = db.session.scalars(
        sa.select(Organisation.emails)
        .where(
            Organisation.memorandum_signed_on.is_not(None),
            Organisation.status == "active",
            Organisation.emails != "",
        )
        .order_by(Organisation.id)
    )
    return unique_emails(e for text in emails for e in split_lines(text))


class Sweep:
    """One sweep at one moment: `now` (UTC) and `today` (in Riga)."""

    def __init__(self, now: dt.datetime):
        self.now = now
        self.today = now.astimezone(RIGA).date()
        self.written = 0
        self.locales = dict(db.session.execute(sa.select(User.email, User.locale)).all())
        self.opted_out = {
            (e, k)
            for e, k in db.session.execute(sa.select(ReminderOptOut.email, ReminderOptOut.kind))
        }
        self._signatories: list[str] | None = None
        self._staff: list[str] | None = None

    # --- composing ---------------------------------------------------------------

    def link(self, endpoint: str, **values) -> str:
        return public_url(endpoint, **values)

    def write(
        self,
        kind: str,
        key: str,
        email: str,
        template: str,
        subject,
        due_at: dt.datetime,
        meeting=None,
        action=None,
        calendar: str | None = None,
        **context,
    ) -> bool:
        """Render templates/email/<template>.txt|html for `email` and put the message in
        the outbox under `key`. `meeting`/`action` tie it to what it is about: when that
        moves, is cancelled or closed before the message is sent, the message is withdrawn.
        `calendar` ("REQUEST" or "CANCEL") attaches the meeting as an .ics for this reader;
        "WITHDRAW" attaches a CANCEL that names nothing but the event it removes."""
        if (email, kind) in self.opted_out:
            return False
        unsubscribe = (
            self.link("reminders.unsubscribe", token=unsubscribe_token(email, kind))
            if may_opt_out(kind)
            else ""
        )
        # each message speaks its reader's language: a user's choice, else Latvian
        locale = self.locales.get(email, "lv")
        with force_locale(locale):
            subject = str(subject)
            context = {k: str(v) if isinstance(v, LazyString) else v for k, v in context.items()}
            if meeting is not None:
                context.setdefault("meeting", meeting)
            if action is not None:
                context.setdefault("action", action)
            context.update(subject=subject, unsubscribe_url=unsubscribe, locale=locale)
            text = render_template(f"email/{template}.txt", **context)
            html = render_template(f"email/{template}.html", **context)
        calendar_text = None
        if calendar == "WITHDRAW":
            calendar_text = ics.withdrawal_calendar(
                meeting,
                attendee=email,
                organizer=current_app.config["MAIL_FROM"],
                stamp=self.now,
            )
        elif calendar is not None:
            calendar_text = ics.meeting_calendar(
                meeting,
                self.link("meetings.detail", meeting_id=meeting.id),
                attendee=email,
                organizer=current_app.config["MAIL_FROM"],
                stamp=self.now,
                method=calendar,
            )
        written = enqueue(
            key,
            kind,
            email,
            subject,
            text,
            html,
            due_at,
            ics=calendar_text,
            meeting=meeting,
            action=action,
            unsubscribe_url=unsubscribe,
        )
        self.written += written
        return written

    def missing(self, keys: dict[str, str]) -> dict[str, str]:
        """Of `keys` (address → idempotency key), those whose message is not written yet."""
        written = self.existing(list(keys.values()))
        return {email: key for email, key in keys.items() if key not in written}

    def write_all(self, keys: dict[str, str], kind: str, template: str, subject, due_at, **fields):
        """write() the same message to each address of `keys` (address → key)."""
        for email, key in keys.items():
            self.write(kind, key, email, template, subject, due_at, **fields)

    def existing(self, keys: list[str]) -> set[str]:
        """The keys already written and still wanted (a withdrawn, unsent message is not:
        writing it again brings it back)."""
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            found |= set(
                db.session.scalars(
                    sa.select(Outbox.idempotency_key).where(
                        Outbox.idempotency_key.in_(keys[start : start + 500]),
                        sa.or_(Outbox.cancelled_at.is_(None), Outbox.sent_at.is_not(None)),
                    )
                )
            )
        return found

    # --- recipients --------------------------------------------------------------

    def body_members(self, body_id: int, day: dt.date) -> list[str]:
        """The first e-mail of each person who is a member of the body on that day."""
        people = db.session.scalars(
            sa.select(Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.body_id == body_id, Membership.active_on_clause(day))
            .order_by(Person.id)
        )
        return unique_emails(email for person in people for email in split_lines(person.emails)[:1])

    def signatories(self) -> list[str]:
        """Every e-mail of every active organisation that signed the memorandum."""
        if self._signatories is None:
            self._signatories = signatory_emails()
        return self._signatories

    def staff(self) -> list[str]:
        """The secretariat: active staff and administrators."""
        if self._staff is None:
            self._staff = unique_emails(
                db.session.scalars(
                    sa.select(User.email)
                    .where(User.role.in_(("admin", "staff")), User.active.is_(True))
                    .order_by(User.email)
                )
            )
        return self._staff

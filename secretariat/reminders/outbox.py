"""The outbox: messages are rows, written once, claimed and sent once.

`enqueue` inserts with ON CONFLICT on the idempotency key, so any number of sweeps, in
any number of processes, write each message once; a message withdrawn before it was sent
(its meeting moved away, its action closed) comes back to life when the same message is
due again. `deliver_due` claims a small batch with an UPDATE that only unclaimed rows
match (on PostgreSQL after a FOR UPDATE SKIP LOCKED read), then claims each row once more
just before sending it, so a claim that ran out while the batch was slow never lets
another process send the same row. Claims run on the real clock, whatever moment the
caller pretends it is.
"""

import datetime as dt
import logging
import secrets
import time

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from ..core.mail import DeliveryFailed, Mail, send
from ..core.settings import DEMO_MAIL_DOMAINS, demo_may_mail, holds_demo_data
from ..core.types import utcnow
from ..extensions import db
from ..followups.models import OPEN_STATUSES, Action
from ..meetings.models import Meeting
from .ics import method_of
from .models import Outbox

log = logging.getLogger(__name__)

#: waits before each retry; after the last one the message is shown to staff as failed
BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=12),
)
CLAIM_FOR = dt.timedelta(minutes=10)
BATCH = 50
#: the cancellation of a meeting stays wanted while the meeting stays cancelled
CANCELLATION = "meeting_cancelled"
#: messages that tell a meeting's details to the people invited to it
INVITATION_KINDS = ("meeting_invitation", "meeting_eve", "meeting_update")
#: why a message of a demo database was not sent (shown in the outbox)
DEMO_WITHHELD = "demo data: not sent to an address outside " + ", ".join(DEMO_MAIL_DOMAINS)


def dialect_insert():
    return postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert


def enqueue(
    key: str,
    kind: str,
    recipient: str,
    subject: str,
    text: str,
    html: str,
    due_at: dt.datetime,
    ics: str | None = None,
    meeting=None,
    action=None,
    unsubscribe_url: str = "",
) -> bool:
    """Write the message unless one with this key exists, or bring back a withdrawn one
    that was never sent; True when it was written."""
    statement = dialect_insert()(Outbox).values(
        idempotency_key=key[:300],
        kind=kind,
        recipient=recipient,
        subject=" ".join(subject.split())[:300],  # a header holds one line
        text_body=text,
        html_body=html,
        ics=ics,
        due_at=due_at,
        next_attempt_at=due_at,
        meeting_id=meeting.id if meeting else None,
        scheduled_for=meeting.starts_at if meeting else None,
        action_id=action.id if action else None,
        action_due_on=action.due_on if action else None,
        unsubscribe_url=unsubscribe_url,
        attempts=0,
        last_error="",
    )
    fresh = ("subject", "text_body", "html_body", "ics", "due_at", "next_attempt_at")
    fresh += ("scheduled_for", "action_due_on", "unsubscribe_url")
    statement = statement.on_conflict_do_update(
        index_elements=["idempotency_key"],
        set_={
            **{name: statement.excluded[name] for name in fresh},
            "cancelled_at": None,
            "attempts": 0,
            "last_error": "",
            "claimed_by": None,
            "claimed_until": None,
        },
        where=sa.and_(Outbox.cancelled_at.is_not(None), Outbox.sent_at.is_(None)),
    )
    # RETURNING, not rowcount: the ORM's insert does not report rowcount on PostgreSQL
    return db.session.execute(statement.returning(Outbox.id)).first() is not None


def withdraw(now: dt.datetime, *conditions) -> int:
    """Cancel the waiting messages that match `conditions`."""
    return db.session.execute(
        sa.update(Outbox)
        .where(Outbox.sent_at.is_(None), Outbox.cancelled_at.is_(None), *conditions)
        .values(cancelled_at=now, next_attempt_at=None)
        .execution_options(synchronize_session=False)
    ).rowcount


def cancel_outdated(now: dt.datetime) -> int:
    """Waiting messages about a meeting cancelled or moved, or an action closed or re-dated,
    since they were written (and cancellations of a meeting that takes place after all)."""
    stale_meeting = sa.select(Meeting.id).where(
        Meeting.id == Outbox.meeting_id,
        sa.case(
            # a cancellation, or a withdrawal from the calendars of those who may no longer
            # read the meeting, is stale once the meeting takes place and is theirs again
            (
                Outbox.kind == CANCELLATION,
                sa.and_(Meeting.status != "cancelled", Meeting.visibility != "internal"),
            ),
            else_=sa.or_(
                Meeting.status == "cancelled",
                Meeting.starts_at != Outbox.scheduled_for,
                # made internal since: what was written about it is no longer theirs to read
                sa.and_(Meeting.visibility == "internal", Outbox.kind.in_(INVITATION_KINDS)),
            ),
        ),
    )
    stale_action = sa.select(Action.id).where(
        Action.id == Outbox.action_id,
        sa.or_(
            Action.status.not_in(OPEN_STATUSES),
            Action.due_on.is_(None),
            Action.due_on != Outbox.action_due_on,
        ),
    )
    return withdraw(now, Outbox.meeting_id.is_not(None), sa.exists(stale_meeting)) + withdraw(
        now, Outbox.action_id.is_not(None), sa.exists(stale_action)
    )


def _claimable(now: dt.datetime, clock: dt.datetime):
    return (
        Outbox.sent_at.is_(None),
        Outbox.cancelled_at.is_(None),
        Outbox.next_attempt_at <= now,
        sa.or_(Outbox.claimed_until.is_(None), Outbox.claimed_until < clock),
    )


def _claim(now: dt.datetime, batch: int) -> tuple[str, list[int]]:
    token, clock = secrets.token_hex(16), utcnow()
    waiting = (
        sa.select(Outbox.id)
        .where(*_claimable(now, clock))
        .order_by(Outbox.next_attempt_at, Outbox.id)
        .limit(batch)
    )
    if db.engine.dialect.name == "postgresql":
        waiting = waiting.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(waiting))
    claimed: list[int] = []
    if ids:
        claimed = list(
            db.session.scalars(
                sa.update(Outbox)
                .where(Outbox.id.in_(ids), *_claimable(now, clock))
                .values(claimed_by=token, claimed_until=clock + CLAIM_FOR)
                .returning(Outbox.id)
            )
        )
    db.session.commit()
    return token, sorted(claimed)


def _still_ours(row_id: int, token: str) -> bool:
    """Renew the claim just before sending: False when the row was taken over after the
    batch's claim ran out, or withdrawn meanwhile."""
    renewed = db.session.execute(
        sa.update(Outbox)
        .where(
            Outbox.id == row_id,
            Outbox.claimed_by == token,
            Outbox.sent_at.is_(None),
            Outbox.cancelled_at.is_(None),
        )
        .values(claimed_until=utcnow() + CLAIM_FOR)
    ).rowcount
    db.session.commit()
    return renewed == 1


def _mail(row: Outbox) -> Mail:
    attachments = []
    if row.ics:
        mimetype = f"text/calendar; method={method_of(row.ics)}"
        attachments.append(("sanaksme.ics", mimetype, row.ics.encode("utf-8")))
    headers = {}
    if row.unsubscribe_url:
        # RFC 8058: a mail provider's "unsubscribe" button posts here, no page to open
        headers["List-Unsubscribe"] = f"<{row.unsubscribe_url}/one-click>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return Mail(row.recipient, row.subject, row.text_body, row.html_body, attachments, headers)


def _batch_size(wanted: int) -> int:
    """No more rows than can be sent within one claim, each taking at most the SMTP timeout."""
    per_row = max(1, int(current_app.config.get("SMTP_TIMEOUT", 20)))
    return max(1, min(wanted, int(CLAIM_FOR.total_seconds()) // per_row))


def deliver_due(now: dt.datetime, batch: int = BATCH) -> dict[str, int]:
    """Send what is due, a claimed batch at a time, until nothing due is left unclaimed (or
    one claim's time has passed); each row is committed as sent (or failed) on its own."""
    counts = {"sent": 0, "retry": 0, "failed": 0}  # and "withheld" when demo data keep any
    size, started = _batch_size(batch), time.monotonic()
    demo = holds_demo_data()
    while time.monotonic() - started < CLAIM_FOR.total_seconds():
        token, ids = _claim(now, size)
        if not ids:
            break
        for row_id in ids:
            if _still_ours(row_id, token):
                outcome = _deliver(db.session.get(Outbox, row_id), now, demo)
                counts[outcome] = counts.get(outcome, 0) + 1
    if counts.get("withheld"):
        log.warning(
            "this database holds demo data: %s messages to addresses outside %s were not sent",
            counts["withheld"],
            ", ".join(DEMO_MAIL_DOMAINS),
        )
    return counts


def _deliver(row: Outbox, now: dt.datetime, demo: bool = False) -> str:
    if demo and not demo_may_mail(row.recipient):
        # the seeds carry real organisations' public addresses: demo data never mails them
        row.cancelled_at, row.last_error = now, DEMO_WITHHELD
        row.claimed_by, row.claimed_until = None, None
        db.session.commit()
        return "withheld"
    try:
        send(_mail(row))
    except DeliveryFailed as error:
        outcome = _failed(row, now, str(error), retry=True)
    except Exception as error:  # noqa: BLE001 - one message that cannot be built must not stop the rest
        log.exception("outbox message %s cannot be sent", row.id)
        outcome = _failed(row, now, f"{type(error).__name__}: {error}", retry=False)
    else:
        row.sent_at = now
        row.attempts += 1
        row.last_error = ""
        outcome = "sent"
    row.claimed_by, row.claimed_until = None, None
    db.session.commit()
    return outcome


def _failed(row: Outbox, now: dt.datetime, error: str, retry: bool) -> str:
    row.attempts += 1
    row.last_error = error[:500]
    if retry and row.attempts <= len(BACKOFF):
        row.next_attempt_at = now + BACKOFF[row.attempts - 1]
        return "retry"
    row.next_attempt_at = None  # shown to staff, who may send it again
    return "failed"


def resend(row: Outbox, now: dt.datetime) -> None:
    """Staff try a failed message again."""
    row.attempts, row.next_attempt_at, row.last_error = 0, now, ""
    row.claimed_by = row.claimed_until = None


def existing_keys(keys: list[str]) -> set[str]:
    """Which of these idempotency keys the outbox already holds (read in slices of 500)."""
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        found |= set(
            db.session.scalars(
                sa.select(Outbox.idempotency_key).where(
                    Outbox.idempotency_key.in_(keys[start : start + 500])
                )
            )
        )
    return found

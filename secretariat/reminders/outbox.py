"""The outbox: messages are rows, written once, claimed and sent once.

`enqueue` inserts with ON CONFLICT DO NOTHING on the idempotency key, so any number
of sweeps, in any number of processes, write each message once. `deliver_due`
claims a batch with an UPDATE that only unclaimed rows match (and, on PostgreSQL,
a FOR UPDATE SKIP LOCKED read first), so two deliverers never take the same row.
"""

import datetime as dt
import secrets

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..core.mail import DeliveryFailed, Mail, send
from ..extensions import db
from .models import Outbox

#: waits before each retry; after the last one the message is shown to staff as failed
BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=12),
)
CLAIM_FOR = dt.timedelta(minutes=10)


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
    unsubscribe_url: str = "",
) -> bool:
    """Write the message unless one with this key exists; True when it was new."""
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(Outbox)
        .values(
            idempotency_key=key[:300],
            kind=kind,
            recipient=recipient,
            subject=subject[:300],
            text_body=text,
            html_body=html,
            ics=ics,
            due_at=due_at,
            next_attempt_at=due_at,
            meeting_id=meeting.id if meeting else None,
            scheduled_for=meeting.starts_at if meeting else None,
            unsubscribe_url=unsubscribe_url,
            attempts=0,
            last_error="",
        )
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        # the row's id comes back only when it was inserted; rowcount cannot tell on
        # PostgreSQL, where an ORM insert answers -1
        .returning(Outbox.id)
    )
    return db.session.execute(statement).first() is not None


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


def cancel_outdated(now: dt.datetime, meetings) -> int:
    """Waiting messages about a meeting that was cancelled or moved since they were written."""
    stale = sa.select(meetings.id).where(
        meetings.id == Outbox.meeting_id,
        sa.or_(meetings.status == "cancelled", meetings.starts_at != Outbox.scheduled_for),
    )
    return db.session.execute(
        sa.update(Outbox)
        .where(
            Outbox.sent_at.is_(None),
            Outbox.cancelled_at.is_(None),
            Outbox.meeting_id.is_not(None),
            sa.exists(stale),
        )
        .values(cancelled_at=now, next_attempt_at=None)
        .execution_options(synchronize_session=False)
    ).rowcount


def _claim(now: dt.datetime, batch: int) -> str:
    token = secrets.token_hex(16)
    waiting = (
        sa.select(Outbox.id)
        .where(
            Outbox.sent_at.is_(None),
            Outbox.cancelled_at.is_(None),
            Outbox.next_attempt_at <= now,
            sa.or_(Outbox.claimed_until.is_(None), Outbox.claimed_until < now),
        )
        .order_by(Outbox.next_attempt_at, Outbox.id)
        .limit(batch)
    )
    if db.engine.dialect.name == "postgresql":
        waiting = waiting.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(waiting))
    if ids:
        db.session.execute(
            sa.update(Outbox)
            .where(
                Outbox.id.in_(ids),
                Outbox.sent_at.is_(None),
                sa.or_(Outbox.claimed_until.is_(None), Outbox.claimed_until < now),
            )
            .values(claimed_by=token, claimed_until=now + CLAIM_FOR)
        )
    db.session.commit()
    return token


def _mail(row: Outbox) -> Mail:
    attachments = []
    if row.ics:
        attachments.append(("sanaksme.ics", "text/calendar", row.ics.encode("utf-8")))
    headers = {"List-Unsubscribe": f"<{row.unsubscribe_url}>"} if row.unsubscribe_url else {}
    return Mail(row.recipient, row.subject, row.text_body, row.html_body, attachments, headers)


def deliver_due(now: dt.datetime, batch: int = 200) -> dict[str, int]:
    """Send what is due; each row is committed as sent (or failed) on its own."""
    token = _claim(now, batch)
    counts = {"sent": 0, "retry": 0, "failed": 0}
    rows = db.session.scalars(
        sa.select(Outbox).where(Outbox.claimed_by == token).order_by(Outbox.id)
    ).all()
    for row in rows:
        try:
            send(_mail(row))
        except DeliveryFailed as error:
            row.attempts += 1
            row.last_error = str(error)[:500]
            if row.attempts > len(BACKOFF):
                row.next_attempt_at = None
                counts["failed"] += 1
            else:
                row.next_attempt_at = now + BACKOFF[row.attempts - 1]
                counts["retry"] += 1
        else:
            row.sent_at = now
            row.attempts += 1
            row.last_error = ""
            counts["sent"] += 1
        row.claimed_by, row.claimed_until = None, None
        db.session.commit()
    return counts


def resend(row: Outbox, now: dt.datetime) -> None:
    """Staff try a failed message again."""
    row.attempts, row.next_attempt_at, row.last_error = 0, now, ""
    row.claimed_by = row.claimed_until = None

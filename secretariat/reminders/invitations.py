"""Meeting invitations and what follows them into people's calendars.

Rule 1: the invitation with the agenda `offset_days` before a meeting, and the reminder
the day before; both carry an .ics REQUEST for their reader. Body members are invited to
meetings they may read (not to internal ones); signatories to their online meeting when
it is theirs to read.

Calendars then follow the meeting: whoever was sent it gets the new time when it moves
(a REQUEST with the same UID and a higher SEQUENCE, at once, not when an invitation
would be due) and a CANCEL when it is cancelled; a cancelled meeting that is reinstated
comes back the same way. A meeting made internal is withdrawn from their calendars with a
CANCEL that names nothing else (it is no longer theirs to read), and comes back when
shared. These go out whatever the rules say, and nobody can opt out: they correct what
people already have.
"""

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from ..auth.permissions import readable_by
from ..core.dates import RIGA, riga_to_utc
from ..core.workdays import next_working_day
from ..extensions import db
from ..meetings.models import Meeting
from .models import Outbox, ReminderRule
from .sweeping import Sweep

CALENDAR_KINDS = ("meeting_invitation", "meeting_eve", "meeting_update", "meeting_cancelled")
#: who may read a meeting of each visibility, among the people invitations go to
MEMBERS_READ = readable_by("member")
SIGNATORIES_READ = readable_by("signatory")


def days_before(moment: dt.datetime, days: int) -> dt.datetime:
    """The same Riga wall-clock time `days` calendar days earlier, across daylight saving;
    moved to the next working day when that is a weekend or public holiday, unless that
    would be the meeting's own day."""
    local = moment.astimezone(RIGA)
    day = next_working_day(local.date() - dt.timedelta(days=days), before=local.date())
    return riga_to_utc(day, local.time().replace(tzinfo=None))


def _stamp(meeting: Meeting) -> str:
    return meeting.starts_at.strftime("%Y%m%dT%H%M")


def _day(meeting: Meeting) -> str:
    return meeting.local_start.strftime("%d.%m.%Y.")


def invitees(run: Sweep, meeting: Meeting) -> list[str]:
    if meeting.kind_rules.invites == "signatories":
        return run.signatories() if meeting.visibility in SIGNATORIES_READ else []
    if meeting.visibility not in MEMBERS_READ:
        return []  # an internal meeting: members could not open what they were sent
    return run.body_members(meeting.body_id, meeting.local_start.date())


def _sent_calendar_rows():
    return (Outbox.sent_at.is_not(None), Outbox.kind.in_(CALENDAR_KINDS))


def invite(run: Sweep, rule: ReminderRule) -> None:
    """The invitation (rule meeting_invitation) or the eve reminder (rule meeting_eve)."""
    # a day's margin for daylight saving; the exact due moment is checked below
    horizon = run.now + dt.timedelta(days=rule.offset_days + 1)
    meetings = db.session.scalars(
        sa.select(Meeting)
        .where(
            Meeting.status == "planned",
            Meeting.starts_at > run.now,
            Meeting.starts_at <= horizon,
        )
        .options(selectinload(Meeting.agenda_items))
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    due = [(m, days_before(m.starts_at, rule.offset_days)) for m in meetings]
    due = [(m, at) for m, at in due if at <= run.now]
    if not due:
        return
    in_calendar: set[tuple[int, str]] = set()
    if rule.kind == "meeting_invitation":
        # people who have the meeting at another time already get its update instead
        in_calendar = set(
            db.session.execute(
                sa.select(Outbox.meeting_id, Outbox.recipient).where(
                    *_sent_calendar_rows(), Outbox.meeting_id.in_([m.id for m, _ in due])
                )
            ).all()
        )
    for meeting, due_at in due:
        keys = run.missing(
            {
                email: f"{rule.kind}:{meeting.id}:{_stamp(meeting)}:{email}"
                for email in invitees(run, meeting)
                if (meeting.id, email) not in in_calendar
            }
        )
        if not keys:
            continue
        if rule.kind == "meeting_eve":
            subject = _l("Tomorrow: %(title)s", title=meeting.title)
            intro = _l("A reminder: the meeting is tomorrow.")
        else:
            subject = _l("Invitation: %(title)s, %(day)s", title=meeting.title, day=_day(meeting))
            intro = _l("You are invited to the meeting below; the agenda follows.")
        url = run.link("meetings.detail", meeting_id=meeting.id)
        run.write_all(
            keys,
            rule.kind,
            "meeting",
            subject,
            due_at,
            meeting=meeting,
            calendar="REQUEST",
            intro=intro,
            url=url,
        )


def follow_changes(run: Sweep) -> None:
    """Calendars holding an old time of a meeting get the new one; calendars holding a
    cancelled meeting get its cancellation. Each message is keyed by the last message the
    reader was sent, so moving a meeting away and back again is told each time."""
    changed = list(
        db.session.scalars(
            sa.select(Meeting.id)
            .join(Outbox, Outbox.meeting_id == Meeting.id)
            .where(
                *_sent_calendar_rows(),
                Meeting.starts_at > run.now,
                sa.or_(
                    Meeting.status == "cancelled",
                    Meeting.visibility == "internal",
                    Outbox.kind == "meeting_cancelled",
                    Outbox.scheduled_for != Meeting.starts_at,
                ),
            )
            .distinct()
        )
    )
    if not changed:
        return
    latest = {}
    for row in db.session.execute(
        sa.select(Outbox.id, Outbox.meeting_id, Outbox.recipient, Outbox.kind, Outbox.scheduled_for)
        .where(*_sent_calendar_rows(), Outbox.meeting_id.in_(changed))
        .order_by(Outbox.sent_at, Outbox.id)
    ):
        latest[(row.meeting_id, row.recipient)] = row
    meetings = {
        m.id: m
        for m in db.session.scalars(
            sa.select(Meeting)
            .where(Meeting.id.in_(changed))
            .options(selectinload(Meeting.agenda_items))
        )
    }
    staff = {address.lower() for address in run.staff()}
    wanted = []
    for (meeting_id, email), last in sorted(latest.items()):
        meeting = meetings[meeting_id]
        if meeting.visibility == "internal":
            # made internal since: its details are no longer theirs to read (staff still may)
            if last.kind != "meeting_cancelled" and email.lower() not in staff:
                wanted.append((meeting, email, "meeting_cancelled", f"{meeting.id}:{last.id}"))
        elif meeting.status == "cancelled" and last.kind != "meeting_cancelled":
            wanted.append((meeting, email, "meeting_cancelled", f"{meeting.id}:{last.id}"))
        elif meeting.status == "planned" and (
            last.kind == "meeting_cancelled" or last.scheduled_for != meeting.starts_at
        ):
            wanted.append(
                (meeting, email, "meeting_update", f"{meeting.id}:{_stamp(meeting)}:{last.id}")
            )
    keys = [f"{kind}:{ref}:{email}" for _, email, kind, ref in wanted]
    existing = run.existing(keys)
    for (meeting, email, kind, _ref), key in zip(wanted, keys, strict=True):
        if key in existing:
            continue
        if meeting.visibility == "internal":
            _withdraw_from_calendar(run, meeting, email, key, latest[(meeting.id, email)])
            continue
        cancelled = kind == "meeting_cancelled"
        if cancelled:
            subject = _l("Cancelled: %(title)s, %(day)s", title=meeting.title, day=_day(meeting))
            intro = _l(
                "The meeting below is cancelled; the attachment removes it from your calendar."
            )
        else:
            subject = _l("Changed: %(title)s, %(day)s", title=meeting.title, day=_day(meeting))
            intro = _l(
                "The meeting below has changed; the attached invitation updates your calendar."
            )
        run.write(
            kind,
            key,
            email,
            "meeting",
            subject,
            run.now,
            meeting=meeting,
            calendar="CANCEL" if cancelled else "REQUEST",
            intro=intro,
            url=run.link("meetings.detail", meeting_id=meeting.id),
            cancelled=cancelled,
        )


def _withdraw_from_calendar(run: Sweep, meeting: Meeting, email: str, key: str, last) -> None:
    """Tell only what the reader already has: the day their calendar holds."""
    day = last.scheduled_for.astimezone(RIGA).strftime("%d.%m.%Y.")
    run.write(
        "meeting_cancelled",
        key,
        email,
        "meeting_withdrawn",
        _l("Removed from your calendar: the meeting of %(day)s", day=day),
        run.now,
        meeting=meeting,
        calendar="WITHDRAW",
        intro=_l(
            "The meeting of %(day)s you were invited to is no longer shared with you; the "
            "attachment removes it from your calendar.",
            day=day,
        ),
    )

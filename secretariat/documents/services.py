"""Minutes and attachments: verbs that change them. No request, no commit: views do that."""

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager

from ..auth.permissions import VISIBILITIES, Audience
from ..core.pdf import render_pdf
from ..core.versioning import check_version
from ..decisions.models import Decision
from ..decisions.services import NoQuorum, check_quorum, record_decision
from ..extensions import db
from ..meetings.models import AgendaItem, Meeting
from . import builders, files
from .models import Attachment, Minutes, MinutesAmendment, MinutesSection


class LifecycleError(ValueError):
    """A step the minutes are not ready for; the message says what to do first."""


def minutes_of(meeting: Meeting) -> Minutes:
    """The meeting's minutes, started as a draft with the chair and secretary of the day."""
    if meeting.minutes is None:
        meeting.minutes = Minutes(
            chaired_by=builders.office_holder(meeting, "chair"),
            recorded_by=builders.office_holder(meeting, "secretary"),
            visibility="members" if meeting.visibility == "internal" else meeting.visibility,
        )
        db.session.flush()
    return meeting.minutes


def save_minutes(
    minutes: Minutes,
    expected_version,
    *,
    introduction: str,
    chaired_by: str,
    recorded_by: str,
    visibility: str,
    discussions: dict[int, str],
    closing_time: dt.time | None = None,
) -> Minutes:
    """Write the text; `discussions` maps agenda item ids to what was discussed."""
    check_version(minutes, expected_version)
    minutes.closing_time = closing_time
    minutes.introduction = introduction
    minutes.chaired_by = chaired_by
    minutes.recorded_by = recorded_by
    minutes.visibility = visibility
    sections = {section.agenda_item_id: section for section in minutes.sections}
    item_ids = {item.id for item in minutes.meeting.agenda_items}
    for item_id, text in discussions.items():
        if item_id not in item_ids:
            continue
        if item_id in sections:
            sections[item_id].discussion = text
        elif text.strip():
            minutes.sections.append(MinutesSection(agenda_item_id=item_id, discussion=text))
    db.session.flush()
    return minutes


def circulate(minutes: Minutes, now: dt.datetime) -> None:
    """Circulate the draft to the members. Minutes are of a meeting that took place: one
    still marked planned after its start is marked held by this step."""
    if minutes.status != "draft":
        raise LifecycleError(_l("Only draft minutes can be circulated."))
    meeting = minutes.meeting
    if meeting.status == "planned" and meeting.starts_at <= now:
        meeting.status = "held"
    if meeting.status != "held":
        raise LifecycleError(_l("Minutes are circulated once the meeting has taken place."))
    minutes.status = "circulated"
    minutes.circulated_at = now
    db.session.flush()


def _later_held_meetings(minutes: Minutes):
    """Where minutes are approved: a later meeting of the same body that has been held."""
    meeting = minutes.meeting
    return sa.and_(
        Meeting.body_id == meeting.body_id,
        Meeting.starts_at > meeting.starts_at,
        Meeting.status == "held",
    )


def approving_decisions(minutes: Minutes) -> list[Decision]:
    """Decisions that can approve these minutes: taken at a later, held meeting of the same
    body (not refused)."""
    return list(
        db.session.scalars(
            sa.select(Decision)
            .join(Decision.meeting)
            .where(
                _later_held_meetings(minutes),
                sa.or_(Decision.adopted.is_(None), Decision.adopted.is_(True)),
            )
            .order_by(Meeting.starts_at, Decision.position)
            .options(contains_eager(Decision.meeting))
        )
    )


def approving_meetings(minutes: Minutes) -> list[Meeting]:
    """The later, held meetings of the same body where the approving decision can be
    recorded, the next one first."""
    return list(
        db.session.scalars(
            sa.select(Meeting).where(_later_held_meetings(minutes)).order_by(Meeting.starts_at)
        )
    )


def approve(minutes: Minutes, decision: Decision, now: dt.datetime) -> None:
    """Record the approval; from now on nothing the minutes record may change."""
    if minutes.status != "circulated":
        raise LifecycleError(_l("Circulate the minutes to the members before approving them."))
    if decision not in approving_decisions(minutes):
        raise LifecycleError(
            _l(
                "Minutes are approved by an adopted decision of a later meeting of the same "
                "body that has been held."
            )
        )
    minutes.approved_by_decision = decision
    minutes.approved_at = now
    minutes.status = "approved"
    db.session.flush()


def approve_by_new_decision(
    minutes: Minutes, meeting: Meeting, number: str, title: str, now: dt.datetime
) -> Decision:
    """Record, at `meeting`, the adopted decision that approves the minutes, and the approval
    with it: one step (the decision needs that meeting's quorum, as any other)."""
    if meeting not in approving_meetings(minutes):
        raise LifecycleError(
            _l("The approving decision is taken at a later meeting of the same body, once held.")
        )
    decision = record_decision(meeting, number=number, title=title, adopted=True)
    try:
        check_quorum(decision, "")
    except NoQuorum as error:
        raise LifecycleError(
            _l(
                "The meeting of %(day)s had no quorum (%(present)s of %(total)s voting "
                "members, %(needed)s needed): record the decision there with the reason first.",
                day=meeting.local_start.strftime("%d.%m.%Y."),
                present=error.quorum.present,
                total=error.quorum.total,
                needed=error.quorum.needed,
            )
        ) from None
    approve(minutes, decision, now)
    return decision


def narrower_than_minutes(minutes: Minutes, decision: Decision) -> bool:
    """Is the approving decision (or its meeting) for fewer readers than the minutes? The
    minutes name it all the same; staff are told when they approve."""
    wanted = VISIBILITIES.index(minutes.visibility)
    return (
        min(
            VISIBILITIES.index(decision.visibility), VISIBILITIES.index(decision.meeting.visibility)
        )
        < wanted
    )


def lock(minutes: Minutes, now: dt.datetime) -> None:
    """Render the approved minutes once, archive the PDF under its SHA-256 and lock them."""
    if minutes.status != "approved":
        raise LifecycleError(_l("Only approved minutes can be locked and archived."))
    # the archive is what the minutes' own audience reads: nothing narrower than them
    audience = Audience(minutes.visibility)
    meeting = builders.meeting_as_read_by(minutes.meeting_id, audience)
    try:
        html = builders.minutes_html(meeting, "lv", reader=audience)
    finally:
        db.session.expire(meeting)  # back to the whole meeting, even when rendering failed
    stored = files.store_bytes(render_pdf(html), "minutes.pdf")
    minutes.archive_sha256 = stored.sha256
    minutes.archive_size = stored.size
    minutes.locked_at = now
    minutes.status = "locked"
    db.session.flush()


def add_amendment(minutes: Minutes, text: str, decision: Decision | None, user) -> None:
    if not minutes.frozen:
        raise LifecycleError(_l("Until the minutes are approved, correct their text directly."))
    minutes.amendments.append(MinutesAmendment(text=text, decision=decision, created_by=user))
    db.session.flush()


def add_attachment(
    meeting: Meeting,
    stored: files.StoredFile,
    *,
    title: str = "",
    visibility: str = "internal",
    agenda_item: AgendaItem | None = None,
    decision: Decision | None = None,
    user=None,
) -> Attachment:
    for owner in (agenda_item, decision):
        if owner is not None and owner.meeting_id != meeting.id:
            raise ValueError("the file's owner belongs to another meeting")
    attachment = Attachment(
        meeting=meeting,
        agenda_item=agenda_item,
        decision=decision,
        title=title,
        filename=stored.filename,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        visibility=visibility,
        uploaded_by=user,
    )
    db.session.add(attachment)
    db.session.flush()
    return attachment


def update_attachment(attachment: Attachment, *, title: str, visibility: str) -> None:
    attachment.title = title
    attachment.visibility = visibility
    db.session.flush()


def remove_attachment(attachment: Attachment) -> str:
    """Delete the row; returns the hash, so the caller can drop the file after commit."""
    sha256 = attachment.sha256
    db.session.delete(attachment)
    db.session.flush()
    return sha256


def file_still_used(sha256: str) -> bool:
    in_attachments = sa.select(Attachment.id).where(Attachment.sha256 == sha256)
    in_archive = sa.select(Minutes.id).where(Minutes.archive_sha256 == sha256)
    return bool(db.session.scalar(sa.select(sa.exists(in_attachments) | sa.exists(in_archive))))

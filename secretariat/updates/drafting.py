"""The first draft of a monthly update, written from the app's own records.

Everything is read as the update's audience reads it (a signatory by default), through
the same visibility queries as the pages, so nothing internal can reach the text. The
draft is Markdown in the update's language; staff edit it before publishing.
"""

import datetime as dt
import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload, selectinload

from ..auth.permissions import visibility_levels
from ..bodies.models import NominationRound
from ..core.links import public_url
from ..decisions.models import Decision
from ..decisions.queries import visible_decisions
from ..extensions import db
from ..followups.models import Action
from ..meetings.models import Meeting
from ..meetings.queries import visible_meetings
from ..organisations.models import Organisation
from .models import Call, CommunicationItem
from .months import bounds, month_name, next_month
from .queries import AUDIENCE_READERS, visible_calls, visible_communication

SESSION_KINDS = ("session", "extended_session", "visiting_session")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")


@dataclass
class Draft:
    title: str
    text: str


def inline(text) -> str:
    """Text someone typed, placed into Markdown: one line, no formatting, no raw HTML."""
    one_line = " ".join(str(text or "").split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", one_line).replace("<", "&lt;")


def href(url: str) -> str:
    """A web address as a Markdown link target: nothing in it can end the link early."""
    return str(url or "").strip().replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def title_for(month: dt.date, locale: str = "lv") -> str:
    with force_locale(locale):
        return _("Memorandum Council news: %(month)s", month=month_name(month, locale))


def compose(month: dt.date, audience: str = "signatories", locale: str = "lv") -> Draft:
    """The month's update as its audience may read it."""
    reader = AUDIENCE_READERS[audience]
    levels = visibility_levels(reader)
    start, end = bounds(month)
    following = next_month(month)
    after_next = bounds(following)[1]

    held = db.session.scalars(
        visible_meetings(reader)
        .where(Meeting.starts_at >= start, Meeting.starts_at < end, Meeting.status != "cancelled")
        .options(
            joinedload(Meeting.body),
            joinedload(Meeting.host_organisation),
            selectinload(Meeting.decisions.and_(Decision.visibility.in_(levels))),
            selectinload(Meeting.conclusions),
            selectinload(Meeting.breakouts),
        )
        .order_by(Meeting.starts_at, Meeting.id)
        # decisions loaded earlier in this session must not bring their unfiltered list along
        .execution_options(populate_existing=True)
    ).all()
    upcoming = db.session.scalars(
        visible_meetings(reader)
        .where(
            Meeting.starts_at >= end,
            Meeting.starts_at < after_next,
            Meeting.status != "cancelled",
        )
        .options(joinedload(Meeting.body))
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    context = {
        "month_name": month_name(month, locale),
        "next_month_name": month_name(following, locale),
        "sessions": [m for m in held if m.kind in SESSION_KINDS],
        "forums": [m for m in held if m.kind == "forum"],
        "group_meetings": [m for m in held if m.kind == "working_group"],
        "actions": _completed_actions(reader, month, following),
        "upcoming": upcoming,
        "calls": _open_calls(reader, month),
        "rounds": _rounds(month, after_next.date()),
        "signatories": _new_signatories(month, following),
        "items": _communication(reader, month, following),
        "md": inline,
        "href": href,
        "meeting_url": lambda m: public_url("meetings.detail", meeting_id=m.id),
        "decision_url": lambda d: public_url("decisions.detail", decision_id=d.id),
        "round_url": lambda r: public_url("bodies.round_detail", round_id=r.id),
        "portal_url": public_url("updates.portal"),
        "for_signatories": ("signatories", "public"),
        "locale": locale,
    }
    context["visible_decision_ids"] = _visible_decision_ids(reader, context["items"])
    with force_locale(locale):
        text = render_template("updates/draft.txt", **context)
    return Draft(title=title_for(month, locale), text=_tidy(text))


def _completed_actions(reader, month: dt.date, following: dt.date) -> list[Action]:
    """Done this month, and from a meeting (and decision) the reader may see."""
    meetings = visible_meetings(reader).with_only_columns(Meeting.id)
    decisions = visible_decisions(reader).with_only_columns(Decision.id)
    return list(
        db.session.scalars(
            sa.select(Action)
            .where(
                Action.status == "done",
                Action.completed_on >= month,
                Action.completed_on < following,
                Action.meeting_id.in_(meetings),
                sa.or_(Action.decision_id.is_(None), Action.decision_id.in_(decisions)),
            )
            .order_by(Action.completed_on, Action.id)
        )
    )


def _open_calls(reader, month: dt.date) -> list[Call]:
    return list(
        db.session.scalars(
            visible_calls(reader)
            .where(Call.status == "open", Call.deadline_on >= month)
            .options(joinedload(Call.body))
            .order_by(Call.deadline_on, Call.id)
        )
    )


def _rounds(month: dt.date, until: dt.date) -> list[NominationRound]:
    """Nomination rounds open at some time this month or next: signatories are their audience."""
    return list(
        db.session.scalars(
            sa.select(NominationRound)
            .where(NominationRound.closes_on >= month, NominationRound.opens_on < until)
            .options(joinedload(NominationRound.body))
            .order_by(NominationRound.closes_on)
        )
    )


def _new_signatories(month: dt.date, following: dt.date) -> list[Organisation]:
    return list(
        db.session.scalars(
            sa.select(Organisation)
            .where(
                Organisation.memorandum_signed_on >= month,
                Organisation.memorandum_signed_on < following,
                Organisation.status == "active",
            )
            .order_by(Organisation.search_key)
        )
    )


def _communication(reader, month: dt.date, following: dt.date) -> list[CommunicationItem]:
    return list(
        db.session.scalars(
            visible_communication(reader)
            .where(
                CommunicationItem.published_on >= month,
                CommunicationItem.published_on < following,
            )
            .options(joinedload(CommunicationItem.decision))
            .order_by(CommunicationItem.published_on, CommunicationItem.id)
        )
    )


def _visible_decision_ids(reader, items) -> set[int]:
    """Items may name a decision; it is linked only when the reader may read it."""
    ids = [item.decision_id for item in items if item.decision_id]
    if not ids:
        return set()
    return set(
        db.session.scalars(
            visible_decisions(reader).with_only_columns(Decision.id).where(Decision.id.in_(ids))
        )
    )


def _tidy(text: str) -> str:
    """No runs of blank lines, whatever the template's branches left."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"

"""The reminder rules: one sweep looks at what is due and writes it to the outbox.

Each rule reads only its window (indexed columns), so a sweep costs the same
with a thousand actions or a hundred thousand. Messages are keyed so a sweep
that runs twice, or in two processes at once, writes each message once.
"""

import datetime as dt

import sqlalchemy as sa
from flask import current_app, has_request_context, render_template, url_for
from flask_babel import LazyString, force_locale, gettext
from flask_babel import lazy_gettext as _l
from itsdangerous import URLSafeSerializer
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload, selectinload

from ..auth.models import User
from ..bodies.models import Body, Membership, NominationRound
from ..core.dates import RIGA, riga_to_utc
from ..core.text import split_lines
from ..extensions import db
from ..followups.models import OPEN_STATUSES, Action
from ..meetings.models import Meeting
from ..meetings.services import create_meeting
from ..organisations.models import Organisation, Person
from . import ics
from .models import KINDS, ReminderOptOut, ReminderRule
from .outbox import cancel_outdated, enqueue, existing_keys

MORNING = dt.time(8, 0)
CALL_TIME = dt.time(15, 0)
OVERDUE_LOOKBACK = dt.timedelta(days=7)
DEFAULTS = {
    "meeting_invitation": {"offset_days": 7},
    "meeting_eve": {"offset_days": 1},
    "signatory_call": {"offset_days": 7, "weekday": 3},
    "action_due": {"offset_days": 3},
    "action_overdue": {"offset_days": 1},
    "overdue_digest": {"offset_days": 0, "weekday": 0},
    "nomination_open": {"offset_days": 0},
    "nomination_closing": {"offset_days": 3},
    "call_deadline": {"offset_days": 7},
}
#: the meetings and calls signatories are written to about: those meant for them
FOR_SIGNATORIES = ("signatories", "public")


def rules() -> dict[str, ReminderRule]:
    """The rules as staff set them; missing ones are created with their defaults."""
    found = {rule.kind: rule for rule in db.session.scalars(sa.select(ReminderRule))}
    missing = [kind for kind in DEFAULTS if kind not in found]
    if missing:
        # two processes may both see them missing: the first insert wins, the other waits
        insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
        db.session.execute(
            insert(ReminderRule)
            .values([{"kind": k, "enabled": True, "weekday": None, **DEFAULTS[k]} for k in missing])
            .on_conflict_do_nothing(index_elements=["kind"])
        )
        found = {rule.kind: rule for rule in db.session.scalars(sa.select(ReminderRule))}
    return found


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


class _Sweep:
    def __init__(self, now: dt.datetime):
        self.now = now
        self.today = now.astimezone(RIGA).date()
        self.written = 0
        self.locales = dict(db.session.execute(sa.select(User.email, User.locale)).all())
        self.opted_out = {
            (e, k)
            for e, k in db.session.execute(sa.select(ReminderOptOut.email, ReminderOptOut.kind))
        }

    # --- composing ---------------------------------------------------------------

    def _link(self, endpoint: str, **values) -> str:
        return url_for(endpoint, _external=True, **values)

    def _write(
        self,
        kind: str,
        key: str,
        email: str,
        template: str,
        subject: str,
        due_at,
        about=None,
        ics_text=None,
        **context,
    ) -> None:
        if (email, kind) in self.opted_out:
            return
        unsubscribe = (
            self._link("reminders.unsubscribe", token=unsubscribe_token(email, kind))
            if KINDS[kind]
            else ""
        )
        # each message speaks its reader's language: a user's choice, else Latvian
        locale = self.locales.get(email, "lv")
        with force_locale(locale):
            subject = str(subject)
            context = {k: str(v) if isinstance(v, LazyString) else v for k, v in context.items()}
            context.update(subject=subject, unsubscribe_url=unsubscribe, locale=locale)
            text = render_template(f"email/{template}.txt", **context)
            html = render_template(f"email/{template}.html", **context)
        if enqueue(
            key,
            kind,
            email,
            subject,
            text,
            html,
            due_at,
            ics=ics_text,
            meeting=about,
            unsubscribe_url=unsubscribe,
        ):
            self.written += 1

    def _existing(self, keys: list[str]) -> set[str]:
        return existing_keys(keys)

    # --- recipients --------------------------------------------------------------

    def body_members(self, body_id: int, day: dt.date) -> list[str]:
        people = db.session.scalars(
            sa.select(Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.body_id == body_id, Membership.active_on_clause(day))
        )
        return _unique(email for person in people for email in split_lines(person.emails)[:1])

    def signatories(self) -> list[str]:
        return signatory_emails()

    def staff(self) -> list[str]:
        return _unique(
            db.session.scalars(
                sa.select(User.email)
                .where(User.role.in_(("admin", "staff")), User.active.is_(True))
                .order_by(User.email)
            )
        )

    # --- the rules ---------------------------------------------------------------

    def meetings(self, rule: ReminderRule) -> None:
        # a day's margin for daylight saving; the exact due moment is checked below
        horizon = self.now + dt.timedelta(days=rule.offset_days + 1)
        meetings = db.session.scalars(
            sa.select(Meeting)
            .where(
                Meeting.status == "planned",
                Meeting.starts_at > self.now,
                Meeting.starts_at <= horizon,
            )
            .options(selectinload(Meeting.agenda_items))
        ).all()
        for meeting in meetings:
            due_at = days_before(meeting.starts_at, rule.offset_days)
            if due_at > self.now:
                continue
            emails = (
                self.signatories()
                if meeting.kind == "signatory_call"
                else self.body_members(meeting.body_id, meeting.local_start.date())
            )
            stamp = meeting.starts_at.strftime("%Y%m%dT%H%M")
            keys = {email: f"{rule.kind}:{meeting.id}:{stamp}:{email}" for email in emails}
            missing = set(keys.values()) - self._existing(list(keys.values()))
            if not missing:
                continue
            url = self._link("meetings.detail", meeting_id=meeting.id)
            invitation = ics.meeting_invitation(meeting, url)
            if rule.kind == "meeting_eve":
                subject = _l("Tomorrow: %(title)s", title=meeting.title)
                intro = _l("A reminder: the meeting is tomorrow.")
            else:
                subject = _l(
                    "Invitation: %(title)s, %(day)s",
                    title=meeting.title,
                    day=meeting.local_start.strftime("%d.%m.%Y."),
                )
                intro = _l("You are invited to the meeting below; the agenda follows.")
            for email, key in keys.items():
                if key in missing:
                    self._write(
                        rule.kind,
                        key,
                        email,
                        "meeting",
                        subject,
                        min(due_at, self.now),
                        about=meeting,
                        ics_text=invitation,
                        meeting=meeting,
                        intro=intro,
                        url=url,
                    )

    def signatory_calls(self, rule: ReminderRule) -> None:
        """The online meeting with signatories, the week after each council session."""
        sessions = db.session.scalars(
            sa.select(Meeting).where(
                Meeting.kind == "session",
                Meeting.status != "cancelled",
                Meeting.starts_at >= self.now - dt.timedelta(days=14),
                Meeting.starts_at <= self.now + dt.timedelta(days=62),
            )
        ).all()
        followed = set(
            db.session.scalars(
                sa.select(Meeting.follows_id).where(
                    Meeting.kind == "signatory_call", Meeting.follows_id.is_not(None)
                )
            )
        )
        for session in sessions:
            if session.id in followed:
                continue
            day = call_day(session.local_start.date(), rule.offset_days, rule.weekday or 3)
            call = create_meeting(
                body_id=session.body_id,
                kind="signatory_call",
                title=gettext("Online meeting with signatory organisations"),
                starts_at=riga_to_utc(day, CALL_TIME),
                ends_at=riga_to_utc(day, CALL_TIME.replace(hour=CALL_TIME.hour + 1)),
                visibility="signatories",
                status="planned",
                description=gettext(
                    "What the council discussed and decided at its session "
                    "of %(day)s, how to get involved, and your questions.",
                    day=session.local_start.strftime("%d.%m.%Y."),
                ),
            )
            call.follows = session
            self.written += 1

    def actions_due(self, rule: ReminderRule, overdue: bool) -> None:
        if overdue:
            window = (self.today - OVERDUE_LOOKBACK, self.today - dt.timedelta(days=1))
        else:
            window = (self.today, self.today + dt.timedelta(days=rule.offset_days))
        actions = db.session.scalars(
            sa.select(Action)
            .where(Action.status.in_(OPEN_STATUSES), Action.due_on.between(*window))
            .options(
                joinedload(Action.owner_person),
                joinedload(Action.owner_organisation),
                joinedload(Action.meeting),
            )
        ).all()
        wanted = []
        for action in actions:
            owner = action.owner_person or action.owner_organisation
            for email in split_lines(owner.emails if owner else "")[:1]:
                wanted.append((action, email, f"{rule.kind}:{action.id}:{action.due_on}:{email}"))
        existing = self._existing([key for *_, key in wanted])
        for action, email, key in wanted:
            if key in existing:
                continue
            if overdue:
                due_at = riga_to_utc(action.due_on + dt.timedelta(days=1), MORNING)
                subject = _l("Overdue: %(title)s", title=action.title)
                intro = _l("This follow-up action was due and is not marked done.")
            else:
                due_at = riga_to_utc(action.due_on - dt.timedelta(days=rule.offset_days), MORNING)
                subject = _l(
                    "Due on %(day)s: %(title)s",
                    day=action.due_on.strftime("%d.%m.%Y."),
                    title=action.title,
                )
                intro = _l("A follow-up action you own is due soon.")
            self._write(
                rule.kind,
                key,
                email,
                "action",
                subject,
                min(due_at, self.now),
                action=action,
                intro=intro,
                url=self._link("followups.action_detail", action_id=action.id),
            )

    def overdue_digest(self, rule: ReminderRule) -> None:
        local = self.now.astimezone(RIGA)
        if local.weekday() != (rule.weekday or 0) or local.time() < MORNING:
            return
        overdue = db.session.scalars(
            sa.select(Action)
            .where(Action.overdue_clause(self.today))
            .options(joinedload(Action.owner_person), joinedload(Action.owner_organisation))
            .order_by(Action.due_on)
            .limit(50)
        ).all()
        if not overdue:
            return
        year, week, _ = self.today.isocalendar()
        subject = _l("Overdue follow-up actions, week %(week)s", week=week)
        for email in self.staff():
            self._write(
                rule.kind,
                f"overdue_digest:{year}-{week}:{email}",
                email,
                "digest",
                subject,
                self.now,
                actions=overdue,
                intro=_l("These follow-up actions are overdue:"),
                url=self._link("followups.tracker", overdue=1),
            )

    def nominations(self, rule: ReminderRule, closing: bool) -> None:
        if closing:
            where = sa.and_(
                NominationRound.closes_on >= self.today,
                NominationRound.closes_on <= self.today + dt.timedelta(days=rule.offset_days),
            )
        else:
            where = sa.and_(
                NominationRound.opens_on <= self.today, NominationRound.closes_on >= self.today
            )
        for nomination_round in db.session.scalars(
            sa.select(NominationRound).where(where).options(joinedload(NominationRound.body))
        ):
            emails = self.signatories()
            keys = {e: f"{rule.kind}:{nomination_round.id}:{e}" for e in emails}
            existing = self._existing(list(keys.values()))
            if closing:
                subject = _l(
                    "Nominations close on %(day)s",
                    day=nomination_round.closes_on.strftime("%d.%m.%Y."),
                )
                intro = _l("A reminder: the nomination round closes soon.")
            else:
                subject = _l(
                    "Nominate your representative: %(body)s", body=nomination_round.body.name
                )
                intro = _l("Signatory organisations may nominate their representative.")
            url = self._link("bodies.round_detail", round_id=nomination_round.id)
            for email, key in keys.items():
                if key not in existing:
                    self._write(
                        rule.kind,
                        key,
                        email,
                        "round",
                        subject,
                        self.now,
                        round=nomination_round,
                        intro=intro,
                        url=url,
                    )

    def call_deadlines(self, rule: ReminderRule) -> None:
        """Signatories are reminded of a call's deadline `offset_days` before it. The key holds
        the deadline, so a moved deadline is reminded again."""
        # calls belong to the updates area, above this one: reached through the relationship
        call_model = Body.calls.property.mapper.class_
        calls = db.session.scalars(
            sa.select(call_model)
            .where(
                call_model.status == "open",
                call_model.visibility.in_(FOR_SIGNATORIES),
                call_model.deadline_on >= self.today,
                call_model.deadline_on <= self.today + dt.timedelta(days=rule.offset_days),
            )
            .options(joinedload(call_model.body))
            .order_by(call_model.deadline_on, call_model.id)
        ).all()
        emails = self.signatories() if calls else []
        for call in calls:
            due_at = riga_to_utc(call.deadline_on - dt.timedelta(days=rule.offset_days), MORNING)
            if due_at > self.now or call.deadline_at <= self.now:
                continue
            stamp = call.deadline_at.astimezone(RIGA).strftime("%Y%m%dT%H%M")
            keys = {email: f"{rule.kind}:{call.id}:{stamp}:{email}" for email in emails}
            existing = self._existing(list(keys.values()))
            subject = _l(
                "Deadline %(day)s: %(title)s",
                day=call.deadline_on.strftime("%d.%m.%Y."),
                title=call.title,
            )
            for email, key in keys.items():
                if key not in existing:
                    self._write(
                        rule.kind,
                        key,
                        email,
                        "call",
                        subject,
                        due_at,
                        call=call,
                        intro=_l("A reminder: submissions to this call close soon."),
                        url=call.link_url or self._link("updates.portal"),
                    )


def signatory_emails() -> list[str]:
    """The contact e-mails of every active signatory organisation, each once."""
    emails = db.session.scalars(
        sa.select(Organisation.emails).where(
            Organisation.memorandum_signed_on.is_not(None),
            Organisation.status == "active",
            Organisation.emails != "",
        )
    )
    return _unique(email for text in emails for email in split_lines(text))


def days_before(moment: dt.datetime, days: int) -> dt.datetime:
    """The same Riga wall-clock time `days` calendar days earlier, across daylight saving."""
    local = moment.astimezone(RIGA)
    return riga_to_utc(local.date() - dt.timedelta(days=days), local.time().replace(tzinfo=None))


def call_day(session_day: dt.date, offset_days: int, weekday: int) -> dt.date:
    """The signatory call's day: the given weekday of the week `offset_days` after the session
    (Thursday of the following week by default, across month and year ends)."""
    later = session_day + dt.timedelta(days=offset_days)
    return later - dt.timedelta(days=later.weekday()) + dt.timedelta(days=weekday)


def _unique(items) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        item = item.strip().lower()
        if item and "@" in item:
            seen.setdefault(item, None)
    return list(seen)


def sweep(now: dt.datetime) -> int:
    """One pass of every enabled rule; returns how many messages or meetings it wrote."""
    if not has_request_context():
        with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
            return sweep(now)
    active = {kind: rule for kind, rule in rules().items() if rule.enabled}
    run = _Sweep(now)
    with force_locale("lv"):
        cancel_outdated(now, Meeting)
        if "signatory_call" in active:
            run.signatory_calls(active["signatory_call"])
            db.session.flush()
        for kind in ("meeting_invitation", "meeting_eve"):
            if kind in active:
                run.meetings(active[kind])
        if "action_due" in active:
            run.actions_due(active["action_due"], overdue=False)
        if "action_overdue" in active:
            run.actions_due(active["action_overdue"], overdue=True)
        if "overdue_digest" in active:
            run.overdue_digest(active["overdue_digest"])
        if "nomination_open" in active:
            run.nominations(active["nomination_open"], closing=False)
        if "nomination_closing" in active:
            run.nominations(active["nomination_closing"], closing=True)
        if "call_deadline" in active:
            run.call_deadlines(active["call_deadline"])
    db.session.commit()
    return run.written

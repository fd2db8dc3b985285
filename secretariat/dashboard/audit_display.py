"""The audit trail as staff read it: field names in their language, chosen values as the
interface words them, linked records by name, moments in Riga time.

The trail stores raw column values (`status: in_progress`, `owner_person_id: 12`); this
module turns a page of events into rows for the template, resolving every linked record
of the page with one query per kind of record.
"""

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l

from ..core import dates
from ..core.audit import Audited
from ..core.labels import label
from ..extensions import db

FIELD_LABELS = {
    # plans, reports and delegated tasks (programmes)
    "achieved": _l("Achieved"),
    "amount": _l("Amount (EUR)"),
    "conclusions_text": _l("The report's conclusions"),
    "contract_number": _l("Contract number"),
    "delegating_id": _l("Delegating institution"),
    "direction_id": _l("Action direction"),
    "ends_on": _l("Delegated until"),
    "evaluation": _l("Description and assessment of the results"),
    "first_year": _l("From year"),
    "goal_id": _l("Goal"),
    "indicators": _l("Indicators"),
    "last_year": _l("To year"),
    "links": _l("Links"),
    "measure_id": _l("Measure"),
    "objectives": _l("Objectives"),
    "performer_id": _l("Performer"),
    "plan_id": _l("Plan"),
    "planned": _l("Planned (EUR)"),
    "presented_on": _l("Report date"),
    "received": _l("What it received"),
    "report_agenda_item_id": _l("Reviewed at (agenda item)"),
    "report_due_on": _l("Report due"),
    "report_meeting_id": _l("Reviewed at the meeting"),
    "report_received_on": _l("Report received"),
    "responsible_id": _l("Responsible institution"),
    "result": _l("Result"),
    "spent": _l("Spent (EUR)"),
    "starts_on": _l("Delegated from"),
    "status_reason": _l("Reason"),
    "target": _l("Target"),
    "task_id": _l("Delegated task"),
    "unit": _l("Unit"),
    "year": _l("Year"),
    "action_id": _l("Follow-up action"),
    "active": _l("Active"),
    "adopted": _l("Outcome"),
    "agenda_item_id": _l("Agenda item"),
    "approved_at": _l("Approved"),
    "approved_by_decision_id": _l("Approving decision"),
    "archive_sha256": _l("Archive SHA-256"),
    "archive_size": _l("Archive size"),
    "answered_at": _l("Answered"),
    "at": _l("When"),
    "attending": _l("Will attend"),
    "body_id": _l("Body"),
    "breakout_id": _l("Breakout group"),
    "calendar_token": _l("Calendar link"),
    "candidate_email": _l("Candidate's e-mail"),
    "candidate_name": _l("Candidate"),
    "chaired_by": _l("Chaired by"),
    "closing_time": _l("Meeting closed at"),
    "changes": _l("Proposed changes"),
    "choice": _l("Vote"),
    "circulated_at": _l("Circulated"),
    "closes_on": _l("Closes"),
    "completed_on": _l("Completed"),
    "conclusion_id": _l("Conclusion"),
    "content_type": _l("File type"),
    "created_by_id": _l("Recorded by"),
    "decided_at": _l("Decided"),
    "decided_by_id": _l("Decided by"),
    "deadline_on": _l("Deadline"),
    "drafted_for": _l("Drafted for"),
    "deadline_time": _l("Deadline time"),
    "decision_id": _l("Decision"),
    "delegates_count": _l("A delegated expert counts and votes for the member they stand in for"),
    "delegate_for_id": _l("Stands in for"),
    "description": _l("Description"),
    "discussion": _l("Discussion"),
    "due_on": _l("Due"),
    "duration_minutes": _l("Duration (minutes)"),
    "email": _l("E-mail"),
    "emails": _l("E-mails"),
    "enabled": _l("Switched on"),
    "end_on": _l("Ends"),
    "ends_at": _l("Ends at"),
    "facilitator": _l("Facilitator"),
    "fields_of_activity": _l("Fields of activity"),
    "filename": _l("File"),
    "follows_id": _l("Follows"),
    "host_organisation_id": _l("Host or partner"),
    "introduction": _l("Opening"),
    "kind": _l("Kind"),
    "last_annual_report_year": _l("Last annual report"),
    "legal_form": _l("Legal form"),
    "locale": _l("Language"),
    "link_url": _l("Link"),
    "locked_at": _l("Locked"),
    "majority_rule": _l("A decision is adopted with"),
    "mandate": _l("Mandate"),
    "meeting_id": _l("Meeting"),
    "membership_id": _l("Membership"),
    "memorandum_signed_on": _l("Memorandum signed"),
    "memorandum_withdrawn_on": _l("Memorandum withdrawn"),
    "minutes_id": _l("Minutes"),
    "month": _l("Month"),
    "mode": _l("Took part"),
    "motivation": _l("Motivation"),
    "name": _l("Name"),
    "note": _l("Note"),
    "notes": _l("Notes"),
    "number": _l("Number"),
    "offset_days": _l("Days"),
    "on_behalf_of_id": _l("On behalf of"),
    "online_url": _l("Online link"),
    "opens_on": _l("Opens"),
    "organisation_id": _l("Organisation"),
    "other_contacts": _l("Other contacts"),
    "owner_organisation_id": _l("Owner (institution or organisation)"),
    "owner_person_id": _l("Owner (person)"),
    "participants_count": _l("Participants"),
    "password_hash": _l("Password"),
    "period": _l("Period"),
    "person_id": _l("Person"),
    "phones": _l("Phones"),
    "place": _l("Place"),
    "position": _l("Place in the order"),
    "presenter": _l("Presenter"),
    "proposed_by_id": _l("Proposed by"),
    "published_at": _l("Published"),
    "published_on": _l("Published"),
    "quorum_reason": _l("Why it was taken without a quorum"),
    "quorum_rule": _l("Quorum"),
    "recorded_by": _l("Minutes taken by"),
    "region": _l("Region"),
    "registration_number": _l("Registration number"),
    "remote_members_count": _l("Members taking part remotely count for the quorum and vote"),
    "representing_id": _l("Representing"),
    "role": _l("Role"),
    "round_id": _l("Nomination round"),
    "sha256": _l("SHA-256"),
    "short_name": _l("Short name"),
    "size": _l("Size"),
    "start_on": _l("Starts"),
    "starts_at": _l("Starts at"),
    "status": _l("Status"),
    "status_to": _l("New status"),
    "struck_off_on": _l("Struck off"),
    "submitted_at": _l("Submitted"),
    "submitted_by_id": _l("Submitted by"),
    "summary": _l("Summary"),
    "term_starts_on": _l("Term starts"),
    "territory": _l("Territory"),
    "text": _l("Text"),
    "title": _l("Title"),
    "topic": _l("Topic"),
    "uploaded_at": _l("Uploaded"),
    "uploaded_by_id": _l("Uploaded by"),
    "url": _l("Link"),
    "user_id": _l("Who"),
    "visibility": _l("Who can see it"),
    "vote_mode": _l("Votes"),
    "votes_abstain": _l("Abstain"),
    "votes_against": _l("Against"),
    "votes_for": _l("For"),
    "voting_right": _l("Voting right"),
    "website": _l("Website"),
    "weekday": _l("Weekday"),
    # people and accounts
    "merged_from": _l("Merged with"),
    "moved_memberships": _l("Seats moved"),
    "moved_attendances": _l("Attendance moved"),
    "moved_votes": _l("Votes moved"),
    "moved_actions": _l("Follow-up actions moved"),
    "moved_users": _l("Accounts moved"),
    "institution": _l("Institution"),
    "purpose": _l("Purpose"),
    "expires_at": _l("Expires"),
    "used_at": _l("Used"),
    "totp_secret": _l("Second factor"),
    "totp_confirmed_at": _l("Second factor set up"),
    "recovery_codes_at": _l("Recovery codes made"),
    "recovery_code_used_at": _l("Recovery code used"),
    "revoked_at": _l("Revoked"),
    "prefix": _l("Begins with"),
    # the secretariat's activity report
    "narrative": _l("The secretariat's account of the period"),
    "indicator": _l("Indicator"),
    "period_id": _l("Period"),
}

#: a field whose name means something else on one kind of record: a member's position is
#: their office; elsewhere `position` is the place in an order (agenda items, groups …)
RECORD_FIELD_LABELS = {
    ("membership", "position"): _l("Position"),
    ("activity_period", "starts_on"): _l("From"),
    ("activity_period", "ends_on"): _l("To"),
}

#: (record type, field) → the vocabulary of core.labels its stored values come from
VOCABULARIES = {
    ("body", "quorum_rule"): "quorum_rule",
    ("activity_target", "indicator"): "activity_indicator",
    ("body", "majority_rule"): "majority_rule",
    ("nomination", "status"): "nomination_status",
    ("change_proposal", "status"): "proposal_status",
    ("reminder_rule", "kind"): "reminder_kind",
    ("meeting", "kind"): "meeting_kind",
    ("meeting", "status"): "meeting_status",
    ("attendance", "mode"): "attendance_mode",
    ("vote", "choice"): "vote_choice",
    ("decision", "vote_mode"): "vote_mode",
    ("conclusion", "kind"): "conclusion_kind",
    ("action", "status"): "action_status",
    ("action_update", "status_to"): "action_status",
    ("membership", "position"): "position",
    ("body", "kind"): "body_kind",
    ("organisation", "kind"): "organisation_kind",
    ("organisation", "status"): "organisation_status",
    ("minutes", "status"): "minutes_status",
    ("user", "role"): "role",
    ("person", "kind"): "person_kind",
    ("account_token", "purpose"): "account_token_purpose",
    ("monthly_update", "status"): "update_status",
    ("monthly_update", "drafted_for"): "visibility",
    ("call", "kind"): "call_kind",
    ("call", "status"): "call_status",
    ("communication_item", "kind"): "communication_kind",
}
WEEKDAYS = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)
LONG_TEXT = 160


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Row:
    event: object
    record: str
    changes: list[Change]
    #: the record's name as the reader words it (a vote's "against" is "Pret")
    name: str = ""


def _audited_classes() -> dict[str, type]:
    return {
        mapper.class_.__audit_type__: mapper.class_
        for mapper in db.Model.registry.mappers
        if issubclass(mapper.class_, Audited)
    }


def _link_targets(cls) -> dict[str, type]:
    """For each foreign-key column of a model, the model it points to."""
    by_table = {m.class_.__table__.name: m.class_ for m in db.Model.registry.mappers}
    targets = {}
    for attr in sa.inspect(cls).column_attrs:
        for key in attr.columns[0].foreign_keys:
            targets[attr.key] = by_table.get(key.column.table.name)
    return targets


def _name_column(cls):
    """The column that names a record of this model in the trail (its audit label)."""
    key = getattr(cls, "__audit_label__", None)
    if key and key in sa.inspect(cls).column_attrs:
        return sa.cast(getattr(cls, key), sa.String)
    return sa.cast(cls.id, sa.String)


def _names(wanted: dict[type, set[int]]) -> dict[tuple[type, int], str]:
    """Every linked record's name, in one statement for the whole page."""
    parts = [
        sa.select(
            sa.literal(cls.__tablename__).label("kind"),
            cls.id.label("id"),
            _name_column(cls).label("name"),
        ).where(cls.id.in_(ids))
        for cls, ids in wanted.items()
        if cls is not None and ids
    ]
    if not parts:
        return {}
    by_table = {cls.__tablename__: cls for cls in wanted if cls is not None}
    rows = db.session.execute(sa.union_all(*parts)).all()
    return {(by_table[kind], id_): _worded(by_table[kind], name) for kind, id_, name in rows}


def _worded(cls, name: str) -> str:
    """A linked record's name: a chosen value (minutes named by their status) as worded."""
    key = getattr(cls, "__audit_label__", None)
    vocabulary = VOCABULARIES.get((getattr(cls, "__audit_type__", None), key))
    return label(vocabulary, name) if vocabulary and name else name


def _short(text: str) -> str:
    return text if len(text) <= LONG_TEXT else text[: LONG_TEXT - 1] + "…"


def _moment(value: str) -> str | None:
    """ISO dates and moments as the interface writes them; None for other text."""
    locale = str(get_locale() or "lv")
    try:
        if len(value) == 10:
            return dates.short_date(dt.date.fromisoformat(value), locale)
        moment = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return f"{dates.short_date(moment, locale)} {dates.short_time(moment)}"


def _value(record_type: str, key: str, value, link, names) -> str:
    if value is None or value == "":
        return "—"
    if link is not None and isinstance(value, int):
        return names.get((link, value), f"#{value}")
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if key == "visibility":
        return label("visibility", value)
    if vocabulary := VOCABULARIES.get((record_type, key)):
        return label(vocabulary, value)
    if key == "weekday" and isinstance(value, int) and 0 <= value < 7:
        return str(WEEKDAYS[value])
    if key == "adopted":
        return gettext("Adopted") if value else gettext("Not adopted")
    if isinstance(value, str) and (moment := _moment(value)):
        return moment
    if isinstance(value, dict):  # proposed changes: field names in the reader's words too
        return _short(
            "; ".join(
                f"{_field(record_type, k)}: {_value(record_type, k, v, None, names)}"
                for k, v in value.items()
            )
        )
    if isinstance(value, list):
        return _short(", ".join(str(v) for v in value))
    return _short(str(value))


def audit_rows(events) -> list[Row]:
    """The page's events, ready to show; one query per kind of linked record."""
    classes = _audited_classes()
    links = {kind: _link_targets(cls) for kind, cls in classes.items()}
    wanted: dict[type, set[int]] = {}
    for event in events:
        targets = links.get(event.object_type, {})
        for key, values in event.changes.items():
            target = targets.get(key)
            pair = values if event.action == "update" else [values]
            for value in pair:
                if target is not None and isinstance(value, int):
                    wanted.setdefault(target, set()).add(value)
    names = _names(wanted)
    rows = []
    for event in events:
        targets = links.get(event.object_type, {})
        changes = []
        for key, values in event.changes.items():
            field = _field(event.object_type, key)
            target = targets.get(key)
            if event.action == "update":
                old, new = values
                changes.append(
                    Change(
                        field,
                        _value(event.object_type, key, old, target, names),
                        _value(event.object_type, key, new, target, names),
                    )
                )
            else:
                changes.append(
                    Change(field, "", _value(event.object_type, key, values, target, names))
                )
        record = label("object_type", event.object_type)
        rows.append(Row(event, record, changes, _name(event, classes)))
    return rows


def _field(record_type: str, key: str) -> str:
    return str(RECORD_FIELD_LABELS.get((record_type, key)) or FIELD_LABELS.get(key, key))


def _name(event, classes) -> str:
    """The record's stored name, in the reader's words when it is a chosen value."""
    cls = classes.get(event.object_type)
    key = getattr(cls, "__audit_label__", None)
    if event.label and (vocabulary := VOCABULARIES.get((event.object_type, key))):
        return label(vocabulary, event.label)
    return event.label

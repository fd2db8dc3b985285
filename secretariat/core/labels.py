"""How stored choice values read in the interface.

One table for the whole app, so a meeting kind or an action status reads the
same on every page, form, export and document.
"""

from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

LABELS = {
    "role": {
        "admin": _l("Administrator"),
        "staff": _l("Secretariat staff"),
        "member": _l("Council member"),
        "signatory": _l("Signatory organisation"),
    },
    "visibility": {
        "internal": _l("Internal (secretariat only)"),
        "members": _l("Council members"),
        "signatories": _l("Signatory organisations"),
        "public": _l("Public"),
    },
    "body_kind": {"council": _l("Council"), "working_group": _l("Working group")},
    "position": {
        "chair": _l("Chair"),
        "deputy_chair": _l("Deputy chair"),
        "member": _l("Member"),
        "secretary": _l("Secretary"),
        "observer": _l("Observer"),
    },
    "meeting_kind": {
        "session": _l("Council session"),
        "extended_session": _l("Extended session with ministers"),
        "visiting_session": _l("Regional visiting session"),
        "forum": _l("Forum"),
        "signatory_call": _l("Online meeting with signatories"),
        "working_group": _l("Working group meeting"),
    },
    "meeting_status": {
        "planned": _l("Planned"),
        "held": _l("Held"),
        "cancelled": _l("Cancelled"),
    },
    "attendance_mode": {
        "in_person": _l("In person"),
        "remote": _l("Remotely"),
        "delegate": _l("Delegated expert"),
        "absent": _l("Absent"),
        "excused": _l("Excused"),
    },
    "vote_choice": {"for": _l("For"), "against": _l("Against"), "abstain": _l("Abstain")},
    "vote_mode": {"named": _l("Named votes"), "totals": _l("Totals only")},
    "conclusion_kind": {"finding": _l("Finding"), "issue": _l("Issue needing action")},
    "action_status": {
        "open": _l("Open"),
        "in_progress": _l("In progress"),
        "done": _l("Done"),
        "dropped": _l("Dropped"),
    },
    "organisation_kind": {
        "ngo": _l("NGO"),
        "municipality": _l("Municipality"),
        "ministry": _l("Ministry or state institution"),
        "other": _l("Other"),
    },
    "audit_action": {"create": _l("created"), "update": _l("changed"), "delete": _l("deleted")},
    "object_type": {
        "user": _l("User"),
        "organisation": _l("Organisation"),
        "person": _l("Person"),
        "body": _l("Body"),
        "membership": _l("Membership"),
        "meeting": _l("Meeting"),
        "agenda_item": _l("Agenda item"),
        "attendance": _l("Attendance"),
        "breakout": _l("Breakout group"),
        "decision": _l("Decision"),
        "vote": _l("Vote"),
        "conclusion": _l("Conclusion"),
        "action": _l("Follow-up action"),
        "action_update": _l("Progress note"),
    },
}


def label(vocabulary: str, value) -> str:
    if value is None:
        return ""
    return str(LABELS[vocabulary].get(value, value))


def choices(vocabulary: str, values=None) -> list[SelectChoice]:
    """Options for a select field, in the given order."""
    table = LABELS[vocabulary]
    return [SelectChoice(v, table[v]) for v in (values or table)]

"""How stored choice values read in the interface.

One table for the whole app, so a meeting kind or an action status reads the
same on every page, form, export and document.
"""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms.fields.choices import SelectChoice

from .i18n import locale_name

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
    "person_kind": {
        "member": _l("Council or working group member"),
        "alternate": _l("Alternate member"),
        "representative": _l("Ministry or municipality representative"),
        "expert": _l("Expert"),
        "contact": _l("Organisation's contact person"),
        "speaker": _l("Speaker"),
        "other": _l("Other"),
    },
    "person_field": {
        "name": _l("Name and surname"),
        "title": _l("Title or position"),
        "kind": _l("Person's role"),
        "organisation_id": _l("Organisation"),
        "institution": _l("Institution"),
        "emails": _l("E-mails"),
        "phones": _l("Phones"),
        "notes": _l("Notes"),
    },
    "account_token_purpose": {"invitation": _l("Invitation"), "reset": _l("Password reset")},
    "quorum_rule": {
        "more_than_half": _l("more than half of the voting members"),
        "at_least_half": _l("at least half of the voting members"),
        "two_thirds": _l("at least two thirds of the voting members"),
        "none": _l("no quorum needed"),
    },
    "majority_rule": {
        "more_for_than_against": _l("more votes for than against"),
        "more_than_half_voting": _l("for: more than half of the members who vote at the meeting"),
    },
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
    "minutes_status": {
        "draft": _l("Draft"),
        "circulated": _l("Circulated to members"),
        "approved": _l("Approved"),
        "locked": _l("Approved and archived"),
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
    # a measure (pasākums) is masculine in Latvian, a meeting (sanāksme) feminine
    "measure_status": {
        "planned": lazy_pgettext("measure", "Planned"),
        "in_progress": lazy_pgettext("measure", "In progress"),
        "carried_out": lazy_pgettext("measure", "Carried out"),
        "not_funded": lazy_pgettext("measure", "Not funded"),
        "cancelled": lazy_pgettext("measure", "Cancelled"),
    },
    "task_report_status": {
        "due": _l("Report due"),
        "received": _l("Report received"),
        "reviewed": _l("Report reviewed at a meeting"),
    },
    "organisation_kind": {
        "ngo": _l("NGO"),
        "municipality": _l("Municipality"),
        "ministry": _l("Ministry or state institution"),
        "other": _l("Other"),
    },
    "organisation_status": {
        "active": _l("Active"),
        "struck_off": _l("Struck off the Enterprise Register"),
        "withdrawn": _l("Withdrawn"),
    },
    "status_source": {
        "manual": _l("entered by staff"),
        "import": _l("imported"),
        "register": _l("Enterprise Register"),
        "self_service": _l("proposed by the organisation"),
    },
    "struck_off_reason": {
        "terminated": _l("activity terminated"),
        "liquidated": _l("liquidated"),
        "reorganised": _l("reorganised"),
    },
    "proposal_status": {
        "pending": _l("Waiting"),
        "applied": _l("Applied"),
        "declined": _l("Declined"),
    },
    "nomination_status": {
        "submitted": _l("Submitted"),
        "confirmed": _l("Confirmed"),
        "rejected": _l("Rejected"),
        "withdrawn": _l("Withdrawn"),
    },
    # the figures of the secretariat's activity report (dashboard/report.py)
    "activity_indicator": {
        "council_sessions": _l("Council sessions held (monthly, extended and visiting)"),
        "extended_sessions": _l("Extended sessions with sector ministers"),
        "visiting_sessions": _l("Regional visiting sessions"),
        "forums": _l("Forums of the council"),
        "forum_participants": _l("Forum participants"),
        "signatory_calls": _l("Online meetings with signatory organisations"),
        "working_group_meetings": _l("Working group meetings"),
        "decisions": _l("Decisions adopted"),
        "conclusions": _l("Conclusions recorded"),
        "actions_done": _l("Follow-up actions done"),
        "actions_open": _l("Follow-up actions still open at the end of the period"),
        "register_checks": _l("Checks of the signatories against the Enterprise Register"),
        "signatories_checked": _l("Signatories checked against the register (in the latest check)"),
        "struck_off": _l("Signatories struck off after the register check"),
        "updates_published": _l("Monthly updates published"),
        "update_messages": _l(
            "Monthly update e-mails delivered to signatories (readership where known)"
        ),
    },
    # the search page's headings: what each kind of result is
    "search_kind": {
        "meeting": _l("Meetings"),
        "agenda_item": _l("Agenda items"),
        "decision": _l("Decisions"),
        "minutes": _l("Minutes"),
        "conclusion": _l("Conclusions"),
        "action": _l("Follow-up actions"),
        "organisation": _l("Organisations"),
        "person": _l("People"),
        "attachment": _l("Files"),
        "update": _l("Monthly updates"),
        "call": _l("Calls"),
        "plan": _l("Policy plans"),
        "measure": _l("Measures"),
        "task": _l("Delegated tasks"),
    },
    "gap": {
        "no_website": _l("No website"),
        "no_email": _l("No e-mail"),
        "no_phone": _l("No phone"),
        "no_report": _l("No annual report in the last two years"),
    },
    "proposable_field": {
        "website": _l("Website"),
        "emails": _l("E-mails"),
        "phones": _l("Phones"),
        "last_annual_report_year": _l("Last annual report (year)"),
    },
    "import_action": {
        "create": _l("new"),
        "update": _l("changes"),
        "unchanged": _l("unchanged"),
        "error": _l("cannot be read"),
    },
    "import_field": {
        "title": _l("Title"),
        "status": _l("Status"),
        "status_reason": _l("Reason"),
        "result": _l("Result"),
        "indicators": _l("Indicators"),
        "responsible": _l("Responsible institution"),
        "implementers": _l("Co-implementers"),
        "funding": _l("Planned funding by year"),
        "new_institutions": _l("New in the register"),
        "name": _l("Indicator"),
        "unit": _l("Unit"),
        "target": _l("Target"),
        "achieved": _l("Achieved"),
        "note": _l("Note"),
    },
    "organisation_field": {
        "registration_number": _l("Registration number"),
        "name": _l("Name"),
        "fields_of_activity": _l("Field of activity"),
        "territory": _l("Territory"),
        "region": _l("Region"),
        "website": _l("Website"),
        "emails": _l("E-mails"),
        "phones": _l("Phones"),
        "other_contacts": _l("Other contacts"),
        "memorandum_signed_on": _l("Memorandum signed"),
        "last_annual_report_year": _l("Last annual report"),
        "legal_form": _l("Legal form"),
    },
    "reminder_kind": {
        "meeting_invitation": _l("Invitation with the agenda"),
        "meeting_eve": _l("Reminder the day before a meeting"),
        "signatory_call": _l("Online meeting with signatories after each session"),
        "action_due": _l("Follow-up action due soon"),
        "action_overdue": _l("Follow-up action overdue"),
        "overdue_digest": _l("Weekly digest of overdue actions"),
        "nomination_open": _l("Nomination round opens"),
        "nomination_closing": _l("Nomination round closes soon"),
        "call_deadline": _l("A call's deadline is near"),
        "monthly_update": _l("Monthly update"),
        "minutes_missing": _l("Minutes not circulated"),
        "minutes_circulated": _l("Draft minutes to read"),
        "meeting_update": _l("A meeting's new time, for calendars"),
        "meeting_cancelled": _l("A meeting's cancellation, for calendars"),
        "account_invitation": _l("Invitation to an account"),
        "password_reset": _l("Password reset link"),
        "task_report_due": _l("A delegated task's report is due"),
    },
    "reminder_help": {
        "meeting_invitation": _l(
            "To the body's members (signatories for their online "
            "meeting), this many days before, with an .ics invitation."
        ),
        "meeting_eve": _l("The day before, with the .ics invitation."),
        "signatory_call": _l(
            "Created on this weekday of the week this many days after a council or "
            "extended session, at the hour and with the link of the last one; it follows "
            "its session when that is moved or cancelled. Its invitation goes to the "
            "signatories."
        ),
        "action_due": _l("To the owner, this many days before the due date."),
        "action_overdue": _l("To the owner, this many days after the due date."),
        "overdue_digest": _l("To the secretariat, every week on this weekday."),
        "nomination_open": _l("To the signatories, when a round opens."),
        "nomination_closing": _l("To the signatories, this many days before a round closes."),
        "call_deadline": _l(
            "To the signatories, this many days before the deadline of a call meant for them."
        ),
        "minutes_missing": _l(
            "To the secretariat, this many days after a held meeting whose minutes are "
            "not circulated yet, then weekly, four times at most."
        ),
        "minutes_circulated": _l(
            "To the body's members, when the draft minutes of their meeting are circulated."
        ),
        "task_report_due": _l(
            "To the secretariat, this many days before a delegated task's report is due, "
            "while it has not been received."
        ),
    },
    "update_status": {"draft": _l("Draft"), "published": _l("Published")},
    "call_kind": {
        "procurement": _l("Procurement"),
        "expert_pool": _l("Expert pool selection"),
        "survey": _l("Survey"),
        "study": _l("Study"),
        "other": _l("Other kind"),
    },
    "call_status": {"open": _l("Open"), "closed": _l("Closed")},
    "communication_kind": {
        "video_story": _l("Video story"),
        "infographic": _l("Infographic"),
        "article": _l("Article"),
    },
    "outbox_state": {
        "waiting": _l("Waiting"),
        "sent": _l("Sent"),
        "failed": _l("Failed"),
        "cancelled": _l("Cancelled"),
    },
    "audit_action": {
        "create": _l("record created"),
        "update": _l("record changed"),
        "delete": _l("record deleted"),
    },
    "object_type": {
        "user": _l("User"),
        "account_token": _l("Sign-in link"),
        "api_token": _l("API token"),
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
        "contact": _l("Directory contact"),
        "change_proposal": _l("Proposed correction"),
        "nomination_round": _l("Nomination round"),
        "nomination": _l("Nomination"),
        "reminder_rule": _l("Reminder rule"),
        "monthly_update": _l("Monthly update"),
        "call": _l("Call"),
        "communication_item": _l("Communication item"),
        "rsvp": _l("Attendance answer"),
        "plan": _l("Policy plan"),
        "direction": _l("Action direction"),
        "goal": _l("Goal"),
        "measure": _l("Measure"),
        "measure_funding": _l("Planned funding"),
        "plan_report": _l("Progress report"),
        "delegated_task": _l("Delegated task"),
        "indicator": _l("Result indicator"),
        "beneficiary": _l("Beneficiary"),
        "budget_line": _l("Budget line"),
        "minutes": _l("Minutes"),
        "minutes_section": _l("Minutes: discussion of an agenda item"),
        "minutes_amendment": _l("Amendment to the minutes"),
        "attachment": _l("File"),
        "activity_period": _l("Activity report period"),
        "activity_target": _l("Activity report target"),
    },
}


#: Latvia's planning regions, and Sēlija, as the secretariat names them
REGIONS = ("Rīga", "Vidzeme", "Kurzeme", "Zemgale", "Latgale", "Sēlija")


_VOCABULARIES: dict[tuple[str, str], dict] = {}


def labels(vocabulary: str) -> dict:
    """Every value of a vocabulary as the interface words it in the reader's language,
    translated once per language (catalogues do not change while the app runs)."""
    key = (locale_name(), vocabulary)
    if key not in _VOCABULARIES:
        _VOCABULARIES[key] = {value: str(text) for value, text in LABELS[vocabulary].items()}
    return _VOCABULARIES[key]


def label(vocabulary: str, value) -> str:
    """A stored value as the interface words it, in the reader's language (a value the
    vocabulary lacks as itself)."""
    if value is None:
        return ""
    return labels(vocabulary).get(value, str(value))


def choices(vocabulary: str, values=None) -> list[SelectChoice]:
    """Options for a select field, in the given order."""
    table = LABELS[vocabulary]
    return [SelectChoice(v, table[v]) for v in (values or table)]

"""Every route × every role: who may open what.

A route without an entry in RULES fails `test_every_route_has_a_rule`, so a new
page cannot ship without someone deciding who may reach it.
"""

import pytest
import sqlalchemy as sa

from secretariat.reminders.models import Outbox

from .conftest import ROLES, csrf_token

# What each role gets: "ok" (the page works for them), "login" (sent to sign in),
# "forbidden" (403).
PUBLIC = dict.fromkeys(ROLES, "ok")
SIGNED_IN = {"anonymous": "login", "signatory": "ok", "member": "ok", "staff": "ok", "admin": "ok"}
STAFF = {
    "anonymous": "login",
    "signatory": "forbidden",
    "member": "forbidden",
    "staff": "ok",
    "admin": "ok",
}

SIGNATORY_ONLY = {
    "anonymous": "login",
    "signatory": "ok",
    "member": "forbidden",
    "staff": "forbidden",
    "admin": "forbidden",
}
SIGNATORY_OR_STAFF = {**STAFF, "signatory": "ok"}
ADMIN = {**STAFF, "staff": "forbidden"}

RULES = {
    "static": PUBLIC,
    "health": PUBLIC,
    "auth.login_page": PUBLIC,
    "auth.set_language": PUBLIC,
    "auth.logout": SIGNED_IN,
    # the steps after the password answer whoever is half signed in; others are sent on
    "auth.second_factor": PUBLIC,
    "auth.two_factor_setup": PUBLIC,
    "account.overview": SIGNED_IN,
    "account.change_password": SIGNED_IN,
    "account.recovery_codes": SIGNED_IN,
    "account.two_factor_off": {**SIGNED_IN, "staff": "forbidden", "admin": "forbidden"},
    "account.api_tokens_page": SIGNED_IN,
    "account.revoke_api_token": SIGNED_IN,  # someone else's token is not found
    "account.set_password_page": PUBLIC,  # the link's token decides, not the role
    "users.list_users": ADMIN,
    "users.invite": ADMIN,
    "users.detail": ADMIN,
    "users.switch": ADMIN,
    "users.reset_second_factor": ADMIN,
    "users.invite_again": ADMIN,
    "users.invite_signatory": STAFF,
    "users.forgot_password": PUBLIC,
    "dashboard.home": SIGNED_IN,
    "dashboard.audit_log": STAFF,
    "dashboard.audit_object": STAFF,
    "bodies.list_bodies": SIGNED_IN,
    "bodies.detail": SIGNED_IN,
    "meetings.list_meetings": SIGNED_IN,
    "meetings.detail": SIGNED_IN,
    "meetings.create": STAFF,
    "meetings.edit": STAFF,
    "meetings.agenda": STAFF,
    "meetings.edit_agenda_item": STAFF,
    "meetings.move_agenda_item": STAFF,
    "meetings.delete_agenda_item": STAFF,
    "meetings.attendance": STAFF,
    "meetings.breakouts": STAFF,
    "meetings.edit_breakout": STAFF,
    "meetings.delete_breakout": STAFF,
    "decisions.create": STAFF,
    "decisions.detail": SIGNED_IN,
    "decisions.edit": STAFF,
    "decisions.votes": STAFF,
    "decisions.delete": STAFF,
    "followups.conclusions": STAFF,
    "followups.edit_conclusion": STAFF,
    "followups.delete_conclusion": STAFF,
    "followups.tracker": STAFF,
    "followups.create_action": STAFF,
    "followups.action_detail": STAFF,
    "followups.edit_action": STAFF,
    "followups.add_note": STAFF,
    "organisations.register": STAFF,
    "organisations.export_register": STAFF,
    "organisations.detail": STAFF,
    "organisations.edit": STAFF,
    "organisations.import_file": STAFF,
    "organisations.commit_import": STAFF,
    "organisations.register_sync": STAFF,
    "organisations.commit_register_sync": STAFF,
    "organisations.my_organisation": SIGNATORY_ONLY,
    "organisations.proposals": STAFF,
    "organisations.decide_proposal": STAFF,
    "people.list_people": STAFF,
    "people.export_people": STAFF,
    "people.detail": STAFF,
    "people.edit": STAFF,
    "people.merge": STAFF,
    "people.import_file": STAFF,
    "people.commit_import": STAFF,
    "bodies.add_membership": STAFF,
    "bodies.edit_rules": STAFF,
    "bodies.end_membership": STAFF,
    "bodies.open_round": STAFF,
    "bodies.rounds": SIGNED_IN,
    "bodies.round_detail": SIGNATORY_OR_STAFF,
    "bodies.decide_nomination": STAFF,
    "reminders.outbox": STAFF,
    "reminders.resend_message": STAFF,
    "reminders.rule_list": STAFF,
    "reminders.save_rule": STAFF,
    "reminders.unsubscribe": PUBLIC,
    "reminders.unsubscribe_one_click": PUBLIC,  # the signed token decides, not the role
    "reminders.preferences": SIGNED_IN,
    # who reads which minutes, summaries and files is tested in tests/documents
    "documents.meeting_pdf": SIGNED_IN,
    "documents.minutes": SIGNED_IN,
    "documents.edit_minutes": STAFF,
    "documents.preview_minutes": STAFF,
    "documents.circulate_minutes": STAFF,
    "documents.approve_minutes": STAFF,
    "documents.lock_minutes": STAFF,
    "documents.add_amendment": STAFF,
    "documents.attachments": STAFF,
    "documents.edit_attachment": STAFF,
    "documents.delete_attachment": STAFF,
    # the sample file is for signatories: signed out, one is asked to sign in (public files
    # need no account; tests/documents has who downloads which file)
    "documents.download": {**PUBLIC, "anonymous": "login"},
    # the API and open data are public; what each role sees in them is tested in tests/api
    "api.meetings": PUBLIC,
    "api.meeting": PUBLIC,
    "api.decisions": PUBLIC,
    "api.decision": PUBLIC,
    "api.bodies": PUBLIC,
    "api.body": PUBLIC,
    "api.organisations": PUBLIC,
    "api.organisation": PUBLIC,
    "api.updates": PUBLIC,
    "api.update": PUBLIC,
    "api.openapi_document": PUBLIC,
    "open_data.index": PUBLIC,
    "open_data.signatories_csv": PUBLIC,
    "open_data.decisions_csv": PUBLIC,
    "programmes.index": SIGNED_IN,
    # the sample plan and task are public; who reads which is tested in test_visibility_matrix
    "programmes.plan": PUBLIC,
    "programmes.plan_pdf": PUBLIC,
    "programmes.task": PUBLIC,
    "programmes.task_pdf": PUBLIC,
    # the sample report was presented at a meeting for signatories
    "programmes.report": SIGNED_IN,
    "programmes.report_pdf": SIGNED_IN,
    "programmes.create_plan": STAFF,
    "programmes.edit_plan": STAFF,
    "programmes.structure": STAFF,
    "programmes.edit_part": STAFF,
    "programmes.delete_part": STAFF,
    "programmes.create_measure": STAFF,
    "programmes.edit_measure": STAFF,
    "programmes.delete_measure": STAFF,
    "programmes.present_report": STAFF,
    "programmes.edit_report": STAFF,
    "programmes.delete_report": STAFF,
    "programmes.draw_conclusion": STAFF,
    "programmes.create_task": STAFF,
    "programmes.edit_task": STAFF,
    "programmes.task_part": STAFF,
    "programmes.edit_task_row": STAFF,
    "programmes.delete_task_row": STAFF,
    "programmes.import_file": STAFF,
    "programmes.commit_import": STAFF,
    "api.plans": PUBLIC,
    "api.plan": PUBLIC,
    "api.measures": PUBLIC,
    "api.tasks": PUBLIC,
    "api.task": PUBLIC,
    "open_data.measures_csv": PUBLIC,
    "open_data.tasks_csv": PUBLIC,
    "updates.portal": SIGNATORY_OR_STAFF,
    "updates.rsvp": SIGNATORY_ONLY,
    "updates.list_updates": SIGNED_IN,
    "updates.detail": PUBLIC,  # the sample update is public; visibility is tested in tests/updates
    "updates.pdf": PUBLIC,
    "updates.feed": PUBLIC,
    "updates.create": STAFF,
    "updates.edit": STAFF,
    "updates.redraft": STAFF,
    "updates.publish": STAFF,
    "updates.list_calls": STAFF,
    "updates.create_call": STAFF,
    "updates.edit_call": STAFF,
    "updates.close_call": STAFF,
    "updates.communication": STAFF,
    "updates.delete_communication_item": STAFF,
    "updates.public_page": PUBLIC,
    "updates.public_calendar": PUBLIC,
    "updates.body_calendar": PUBLIC,
    "updates.personal_calendar": PUBLIC,
    "updates.reset_calendar_token": SIGNED_IN,
    # anyone may search; each finds what they may read (tests/test_visibility_matrix.py)
    "search.results": PUBLIC,
    "dashboard.overview": STAFF,
    "dashboard.activity_report": STAFF,
    "dashboard.activity_targets": STAFF,
    "dashboard.activity_report_pdf": STAFF,
    "dashboard.activity_report_xlsx": STAFF,
}

#: path values that differ between routes sharing a parameter name
OVERRIDES = {
    "organisations.export_register": {"kind": "csv"},
    "people.export_people": {"kind": "csv"},
    "users.switch": {"change": "switch_off"},
    "bodies.decide_nomination": {"verdict": "confirm"},
    "reminders.save_rule": {"kind": "action_due"},
    "documents.meeting_pdf": {"document": "minutes"},
    "api.update": {"year": 2025, "month": 9},
    "programmes.edit_part": {"part": "directions"},
    "programmes.delete_part": {"part": "directions"},
    "programmes.task_part": {"part": "indicators"},
    "programmes.edit_task_row": {"part": "indicators"},
    "programmes.delete_task_row": {"part": "indicators"},
    "programmes.import_file": {"kind": "plans"},
    "programmes.commit_import": {"kind": "plans"},
}

#: query strings a page is opened with, so it shows what it is for (search: results)
QUERIES = {
    "search.results": {"q": "sēde"},
    "dashboard.overview": {"start": "2025-01-01", "end": "2025-12-31"},
}


def test_every_route_has_a_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - RULES.keys() == set(), "routes without an access rule"
    assert RULES.keys() - endpoints == set(), "rules for routes that no longer exist"


@pytest.fixture
def sample(
    make_meeting, make_agenda_item, make_decision, make_conclusion, make_action, make_person, app
):
    """One of everything, visible to every signed-in role, so only the role decides."""
    import datetime as dt

    from secretariat.bodies.models import Body
    from secretariat.bodies.services import add_membership, nominate, open_round
    from secretariat.extensions import db
    from secretariat.meetings.models import Meeting
    from secretariat.meetings.services import add_breakout, record_attendance
    from secretariat.organisations.models import ChangeProposal, Organisation
    from secretariat.people.models import Person

    meeting = make_meeting(visibility="signatories")
    item = make_agenda_item(meeting)
    decision = make_decision(meeting)
    conclusion = make_conclusion(meeting)
    action = make_action(conclusion)
    person = make_person()
    with app.app_context():
        m = db.session.get(Meeting, meeting.id)
        attendance = record_attendance(m, db.session.get(Person, person.id), "in_person")
        breakout = add_breakout(m, "Senioru līdzdalība")
        body = db.session.get(Body, m.body_id)
        signatory = Organisation(
            name="Biedrība Ābele", status="active", memorandum_signed_on=dt.date(2020, 1, 1)
        )
        db.session.add(signatory)
        membership = add_membership(
            body, db.session.get(Person, person.id), "member", dt.date(2024, 1, 1)
        )
        nomination_round = open_round(
            body, "2026-1", dt.date(2026, 1, 1), dt.date(2026, 1, 31), dt.date(2026, 2, 1)
        )
        nomination = nominate(
            nomination_round, signatory, "Kandidāts Bērziņš", dt.date(2026, 1, 10)
        )
        proposal = ChangeProposal(organisation=signatory, changes={"website": "https://x.lv"})
        db.session.add(proposal)
        from secretariat.core.types import utcnow
        from secretariat.reminders.outbox import enqueue
        from secretariat.reminders.rules import unsubscribe_token

        enqueue(
            "sample", "action_due", "x@example.org", "Temats", "teksts", "<p>teksts</p>", utcnow()
        )
        message_id = db.session.scalar(sa.select(Outbox.id))
        from secretariat.documents.files import store_bytes
        from secretariat.documents.services import add_attachment

        attachment = add_attachment(
            m, store_bytes(b"%PDF-1.7 paraugs", "darba kartiba.pdf"), visibility="signatories"
        )
        token = unsubscribe_token("x@example.org", "meeting_invitation")
        from secretariat.auth.models import User
        from secretariat.updates import services as updates

        update = updates.draft_update(dt.date(2025, 9, 1), visibility="public")
        updates.publish_update(update, utcnow())
        call = updates.create_call(
            kind="survey", title="Aptauja", deadline_on=dt.date(2025, 10, 1), visibility="public"
        )
        item = updates.add_communication_item(
            kind="article",
            title="Raksts",
            url="https://nvo.lv/raksts",
            published_on=dt.date(2025, 9, 5),
            visibility="public",
        )
        from decimal import Decimal

        from secretariat.meetings.models import AgendaItem
        from secretariat.programmes import services as programmes

        plan = programmes.create_plan(
            title="Integrācijas plāns", first_year=2019, last_year=2020, visibility="public"
        )
        direction = programmes.add_direction(plan, "1", "Pilsoniskā sabiedrība")
        goal = programmes.add_goal(direction, "1.1", "Līdzdalība")
        measure = programmes.add_measure(
            plan, goal_id=goal.id, number="1.1.1", title="NVO fonds", status="carried_out"
        )
        report = programmes.present_report(
            plan,
            db.session.scalar(sa.select(AgendaItem).where(AgendaItem.meeting_id == m.id)),
            title="Ziņojums",
            presented_on=dt.date(2021, 3, 31),
            visibility="public",
        )
        task = programmes.create_task(
            title="Deleģētais uzdevums",
            performer_id=signatory.id,
            starts_on=dt.date(2020, 10, 20),
            ends_on=dt.date(2021, 2, 5),
            visibility="public",
        )
        indicator = programmes.add_task_row(
            task, "indicators", name="Konsultācijas", achieved=Decimal(50)
        )
        reader = User(email="kalendars@example.org", role="member")
        db.session.add(reader)
        db.session.flush()
        db.session.commit()
        ids = {
            "attendance_id": attendance.id,
            "breakout_id": breakout.id,
            "organisation_id": signatory.id,
            "membership_id": membership.id,
            "round_id": nomination_round.id,
            "nomination_id": nomination.id,
            "proposal_id": proposal.id,
            "message_id": message_id,
            "attachment_id": attachment.id,
            "token": token,
            "month": update.slug,
            "call_id": call.id,
            "communication_item_id": item.id,
            "calendar_token": reader.calendar_token,
            "user_id": reader.id,
            "api_token_id": 1,
            "plan_id": plan.id,
            "part_id": direction.id,
            "measure_id": measure.id,
            "report_id": report.id,
            "source": "reports",
            "source_id": report.id,
            "task_id": task.id,
            "row_id": indicator.id,
            "record_id": plan.id,
        }
    return {
        "meeting_id": meeting.id,
        "item_id": item.id,
        "decision_id": decision.id,
        "conclusion_id": conclusion.id,
        "action_id": action.id,
        "body_id": meeting.body_id,
        "object_type": "meeting",
        "object_id": meeting.id,
        "filename": "css/app.css",
        "kind": "organisations",
        "verdict": "apply",
        "person_id": person.id,
        **ids,
    }


def _requests(app, sample):
    """(endpoint, method, url) for every route: deleting ones late, so the sample survives,
    and signing out last of all."""
    from flask import url_for

    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            values = {**sample, **OVERRIDES.get(rule.endpoint, {})}
            url = url_for(
                rule.endpoint,
                **{arg: values[arg] for arg in rule.arguments},
                **QUERIES.get(rule.endpoint, {}),
            )
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((rule.endpoint, method, url))
    return sorted(found, key=lambda r: (r[0] == "auth.logout", "delete" in r[0], r))


def _outcome(response) -> str:
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 302 and "/login?next=" in response.headers["Location"]:
        return "login"
    if response.status_code in (401, 429) or response.status_code >= 500:
        return f"status {response.status_code}"
    return "ok"


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(role, app, client, login_as, sample):
    login_as(role)
    token = csrf_token(client, "/login")
    wrong = []
    for endpoint, method, url in _requests(app, sample):
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={"csrf_token": token})
        got = _outcome(response)
        response.close()
        if endpoint == "auth.login_page" and role != "anonymous":
            got = "ok" if response.status_code == 302 else got  # signed-in users are sent home
        if got != RULES[endpoint][role]:
            wrong.append(
                f"{method} {url} ({endpoint}): expected {RULES[endpoint][role]}, got {got}"
            )
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("role", ["signatory", "member"])
def test_members_and_signatories_never_see_internal_meetings(role, client, login_as, make_meeting):
    internal = make_meeting(title="Iekšēja sanāksme", visibility="internal")
    public = make_meeting(title="Publiska sēde", visibility="public")
    login_as(role)
    listing = client.get("/meetings/").get_data(as_text=True)
    assert "Publiska sēde" in listing
    assert "Iekšēja sanāksme" not in listing
    assert client.get(f"/meetings/{internal.id}").status_code == 404
    assert client.get(f"/meetings/{public.id}").status_code == 200


def test_signatories_do_not_see_members_only_meetings(client, login_as, make_meeting):
    members_only = make_meeting(title="Padomes locekļiem", visibility="members")
    login_as("signatory")
    assert client.get(f"/meetings/{members_only.id}").status_code == 404
    assert "Padomes locekļiem" not in client.get("/").get_data(as_text=True)


def test_decision_of_a_hidden_meeting_is_hidden(client, login_as, make_meeting, make_decision):
    decision = make_decision(make_meeting(visibility="internal"), title="Slepens lēmums")
    login_as("member")
    assert client.get(f"/decisions/{decision.id}").status_code == 404

"""The minutes' lifecycle: written, circulated, approved by a later decision, locked and archived;
after approval nothing they record can change, by any route."""

import datetime as dt
import hashlib
import re

import pytest
import sqlalchemy as sa

from secretariat.documents.models import Minutes
from secretariat.extensions import db
from secretariat.meetings.models import AgendaItem, Meeting

from ..conftest import submit
from ..helpers import field_errors, lv, pdf_text, text_of


def _set(app, model, object_id, **values):
    with app.app_context():
        obj = db.session.get(model, object_id)
        for key, value in values.items():
            setattr(obj, key, value)
        db.session.commit()


def _items(app, meeting):
    with app.app_context():
        return [
            (item.id, item.title)
            for item in db.session.scalars(
                sa.select(AgendaItem)
                .where(AgendaItem.meeting_id == meeting.id)
                .order_by(AgendaItem.position)
            )
        ]


def _minutes(app, meeting) -> Minutes:
    with app.app_context():
        minutes = db.session.scalar(sa.select(Minutes).where(Minutes.meeting_id == meeting.id))
        db.session.expunge(minutes)
        return minutes


@pytest.fixture
def held(app, session):
    _set(app, Meeting, session.id, status="held")
    return session


@pytest.fixture
def approval(make_meeting, make_decision, session):
    """The next session of the same council, where the minutes are approved."""
    body = type("Body", (), {"id": session.body_id})
    later = make_meeting(
        body=body, number="10", day=dt.date(2025, 10, 22), status="held", visibility="public"
    )
    return make_decision(later, title="Par 24.09.2025. sēdes protokola apstiprināšanu", number="1")


def _write(client, meeting, items, **extra):
    data = {
        "chaired_by": "Anna Bērziņa",
        "recorded_by": "Gints Āboliņš",
        "visibility": "signatories",
        "introduction": "Sēdi atklāj plkst. 10.00.",
        **{f"discussion-{item_id}": f"Pārrunāja: {title}." for item_id, title in items},
        **extra,
    }
    return submit(client, f"/meetings/{meeting.id}/minutes/edit", data)


def test_the_lifecycle_end_to_end(app, client, login_as, runner, tmp_path, held, approval):
    items = _items(app, held)
    login_as("staff")
    assert _write(client, held, items).status_code == 302
    page = text_of(client.get(f"/meetings/{held.id}/minutes"))
    assert lv("Draft") in page and "Pārrunāja: Sekretariāta aktualitātes." in page

    submit(client, f"/meetings/{held.id}/minutes/circulate", form_url=f"/meetings/{held.id}")
    assert lv("Circulated to members") in text_of(client.get(f"/meetings/{held.id}"))

    response = submit(client, f"/meetings/{held.id}/minutes/approve", {"decision_id": approval.id})
    assert response.status_code == 302
    page = text_of(client.get(f"/meetings/{held.id}/minutes"))
    assert lv("Approved") in page
    assert "Apstiprināts ar 22.10.2025. sanāksmes lēmumu Nr.1." in page

    submit(client, f"/meetings/{held.id}/minutes/lock", form_url=f"/meetings/{held.id}/minutes")
    minutes = _minutes(app, held)
    assert minutes.status == "locked" and len(minutes.archive_sha256) == 64

    served = client.get(f"/meetings/{held.id}/minutes.pdf")
    assert served.status_code == 200
    assert hashlib.sha256(served.data).hexdigest() == minutes.archive_sha256
    text, _, _ = pdf_text(served.data)
    assert "Sēdi atklāj plkst. 10.00." in text and "Pārrunāja: Sekretariāta aktualitātes." in text
    assert "Apstiprināts ar 22.10.2025. sanāksmes lēmumu Nr.1." in text
    assert lv("Approved and archived") in text_of(client.get(f"/meetings/{held.id}"))

    # a file added after approval is the meeting's, not an annex of the approved minutes
    from secretariat.documents.files import store_bytes
    from secretariat.documents.services import add_attachment

    with app.app_context():
        add_attachment(
            db.session.get(Meeting, held.id),
            store_bytes(b"%PDF-1.7 velak", "velak.pdf"),
            title="Vēlāk pievienota prezentācija",
            visibility="members",
        )
        db.session.commit()
    assert "Vēlāk pievienota prezentācija" in text_of(client.get(f"/meetings/{held.id}"))
    assert "Vēlāk pievienota prezentācija" not in text_of(
        client.get(f"/meetings/{held.id}/minutes")
    )

    # the command line hands out the same archived bytes
    out = tmp_path / "protokols.pdf"
    result = runner.invoke(args=["pdf", "minutes", str(held.id), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert hashlib.sha256(out.read_bytes()).hexdigest() == minutes.archive_sha256


def _reader(app, make_user, role):
    """A browser of its own, signed in as a new user of that role."""
    from ..conftest import sign_in

    reader = app.test_client()
    if role != "anonymous":
        assert sign_in(reader, make_user(role).email).status_code == 302
    return reader


def test_who_reads_the_minutes_at_each_step(app, client, login_as, make_user, held, approval):
    items = _items(app, held)
    login_as("staff")
    _write(client, held, items)
    urls = (f"/meetings/{held.id}/minutes", f"/meetings/{held.id}/minutes.pdf")

    def readable_by(role):
        reader = _reader(app, make_user, role)
        return {reader.get(url).status_code for url in urls}

    assert readable_by("member") == {404}  # a draft is the secretariat's
    submit(client, f"/meetings/{held.id}/minutes/circulate", form_url=f"/meetings/{held.id}")
    assert readable_by("member") == {200}
    assert readable_by("signatory") == {404}  # circulated minutes are the members' only
    submit(client, f"/meetings/{held.id}/minutes/approve", {"decision_id": approval.id})
    # approved minutes are for whom their visibility names (signatories), within the
    # meeting's own visibility (members): so not yet for signatories
    assert readable_by("signatory") == {404}
    assert readable_by("anonymous") == {302}
    _set(app, Meeting, held.id, visibility="signatories")  # publishing is still allowed
    assert readable_by("signatory") == {200}


def _approved(app, client, login_as, held, approval):
    login_as("staff")
    return _approve(app, client, held, approval)


def _approve(app, client, held, approval):
    """Write, circulate and approve the minutes, as the staff member signed in."""
    items = _items(app, held)
    _write(client, held, items)
    submit(client, f"/meetings/{held.id}/minutes/circulate", form_url=f"/meetings/{held.id}")
    submit(client, f"/meetings/{held.id}/minutes/approve", {"decision_id": approval.id})
    return items


def test_a_locked_record_refuses_every_change(app, client, login_as, held, approval, make_person):
    from secretariat.decisions.models import Decision

    items = _approved(app, client, login_as, held, approval)
    with app.app_context():
        decision_id = db.session.scalar(
            sa.select(Decision.id).where(Decision.meeting_id == held.id)
        )
    guest = make_person("Viesis Ozols")
    first_item = items[0][0]
    base = f"/meetings/{held.id}"
    attempts = [
        (f"{base}/minutes/edit", {"introduction": "Pārrakstīts."}),
        (f"{base}/agenda", {"title": "Jauns jautājums"}),
        (f"{base}/agenda/{first_item}/edit", {"title": "Pārdēvēts"}),
        (f"{base}/agenda/{first_item}/move", {"direction": "down"}),
        (f"{base}/agenda/{first_item}/delete", {}),
        (f"{base}/attendance", {"guest-0-name": guest.name, "version": "1"}),
        (f"{base}/breakouts", {"topic": "Jauna grupa"}),
        (f"{base}/conclusions", {"kind": "issue", "text": "Jauns secinājums", "breakout_id": 0}),
        (f"{base}/decisions/new", {"title": "Jauns lēmums", "vote_mode": "named"}),
        (f"/decisions/{decision_id}/votes", {}),
        (f"/decisions/{decision_id}/delete", {}),
        (f"/decisions/{approval.id}/delete", {}),  # the decision that approved them
        (f"{base}/edit", _meeting_form(app, held.id, title="Cits nosaukums")),
        (f"/decisions/{decision_id}/edit", _decision_form(app, decision_id, title="Cits")),
    ]
    with app.app_context():
        before = _record(held.id)
    for url, data in attempts:
        response = submit(client, url, data, form_url=base)
        assert response.status_code == 409, (url, response.status_code)
        assert lv("Minutes are locked") in text_of(response), url
    with app.app_context():
        assert _record(held.id) == before
    # who may read them is not part of the record: publishing still works
    published = submit(client, f"{base}/edit", _meeting_form(app, held.id, visibility="public"))
    assert published.status_code == 302
    offers = {
        "agenda": "Add an agenda item",
        "attendance": "Save attendance",
        "breakouts": "Add a breakout group",
        "conclusions": "Add a conclusion",
    }
    for tab, offer in offers.items():
        assert lv(offer) not in text_of(client.get(f"{base}/{tab}")), tab
    page = text_of(client.get(f"{base}/agenda"))
    assert (
        lv(
            "The minutes of this meeting are approved: its agenda, attendance, breakout groups, "
            "conclusions, decisions and votes, and the files they list, are read-only. "
            "Corrections are recorded as amendments to the minutes."
        )
        in page
    )


def _meeting_form(app, meeting_id, **changes):
    from secretariat.core.dates import form_date

    with app.app_context():
        m = db.session.get(Meeting, meeting_id)
        data = {
            "version": m.version,
            "body_id": m.body_id,
            "kind": m.kind,
            "title": m.title,
            "number": m.number,
            "date": form_date(m.local_start.date()),
            "start_time": m.local_start.strftime("%H:%M"),
            "place": m.place,
            "region": m.region,
            "status": m.status,
            "visibility": m.visibility,
            "host_organisation_id": 0,
        }
    return data | changes


def _decision_form(app, decision_id, **changes):
    from secretariat.decisions.models import Decision

    with app.app_context():
        d = db.session.get(Decision, decision_id)
        data = {
            "agenda_item_id": d.agenda_item_id or 0,
            "number": d.number,
            "title": d.title,
            "text": d.text,
            "adopted": "yes",
            "visibility": d.visibility,
            "vote_mode": d.vote_mode,
        }
    return data | changes


def _record(meeting_id):
    """Everything the minutes record, as rows."""
    queries = {
        "meeting": "SELECT title, status, starts_at FROM meetings WHERE id = :m",
        "agenda": "SELECT id, position, title FROM agenda_items WHERE meeting_id = :m ORDER BY id",
        "attendance": "SELECT person_id, mode FROM attendances WHERE meeting_id = :m ORDER BY id",
        "breakouts": "SELECT topic FROM breakouts WHERE meeting_id = :m ORDER BY id",
        "conclusions": "SELECT text FROM conclusions WHERE meeting_id = :m ORDER BY id",
        "decisions": "SELECT id, title FROM decisions ORDER BY id",
        "votes": "SELECT decision_id, person_id, choice FROM votes ORDER BY id",
        "minutes": "SELECT status, introduction FROM minutes",
        "sections": "SELECT agenda_item_id, discussion FROM minutes_sections ORDER BY id",
    }
    return {
        name: db.session.execute(sa.text(sql), {"m": meeting_id}).all()
        for name, sql in queries.items()
    }


def test_the_service_layer_refuses_too(app, held, approval):
    """Not only the pages: any code path that changes a frozen record is refused."""
    from secretariat.core.types import utcnow
    from secretariat.decisions.models import Decision
    from secretariat.documents import services
    from secretariat.documents.locking import MinutesLocked
    from secretariat.meetings.services import add_agenda_item

    with app.app_context():
        meeting = db.session.get(Meeting, held.id)
        minutes = services.minutes_of(meeting)
        services.circulate(minutes, utcnow())
        services.approve(minutes, db.session.get(Decision, approval.id), utcnow())
        db.session.commit()
        with pytest.raises(MinutesLocked):
            add_agenda_item(meeting, "Papildu jautājums")
        db.session.rollback()
        meeting = db.session.get(Meeting, held.id)
        meeting.visibility = "public"  # who may read it is not part of the record
        db.session.commit()
        minutes = db.session.get(Minutes, minutes.id)
        minutes.status = "draft"
        with pytest.raises(MinutesLocked):
            db.session.flush()
        db.session.rollback()


def test_a_correction_is_an_amendment_beside_the_archive(app, client, login_as, held, approval):
    _approved(app, client, login_as, held, approval)
    submit(client, f"/meetings/{held.id}/minutes/lock", form_url=f"/meetings/{held.id}/minutes")
    archived = client.get(f"/meetings/{held.id}/minutes.pdf").data

    empty = submit(client, f"/meetings/{held.id}/minutes/amendments", {"text": ""})
    assert field_errors(empty, "text") == [lv("This field is required.")]
    response = submit(
        client,
        f"/meetings/{held.id}/minutes/amendments",
        {"text": "2.§ lēmuma balsojumā jābūt: PAR – 3.", "decision_id": approval.id},
        form_url=f"/meetings/{held.id}/minutes",
        follow_redirects=True,
    )
    page = text_of(response)
    assert lv("Correction recorded beside the minutes.") in page
    assert "2.§ lēmuma balsojumā jābūt: PAR – 3." in page
    assert "pieņemts 22.10.2025. sanāksmē" in page
    assert client.get(f"/meetings/{held.id}/minutes.pdf").data == archived


def test_a_damaged_archive_is_not_served(app, client, login_as, held, approval):
    from secretariat.documents.files import path_for

    _approved(app, client, login_as, held, approval)
    submit(client, f"/meetings/{held.id}/minutes/lock", form_url=f"/meetings/{held.id}/minutes")
    with app.app_context():
        path = path_for(_minutes(app, held).archive_sha256)
        path.write_bytes(path.read_bytes() + b"% altered")
    response = client.get(f"/meetings/{held.id}/minutes.pdf")
    assert response.status_code == 500
    assert lv("Archived file damaged") in text_of(response)


def test_lifecycle_steps_out_of_order_are_explained(app, client, login_as, session, approval):
    items = _items(app, session)
    login_as("staff")
    _write(client, session, items)
    _set(app, Meeting, session.id, status="cancelled")
    response = submit(
        client,
        f"/meetings/{session.id}/minutes/circulate",
        form_url=f"/meetings/{session.id}",
        follow_redirects=True,
    )
    assert lv("Minutes are circulated once the meeting has taken place.") in text_of(response)
    response = client.get(f"/meetings/{session.id}/minutes/approve", follow_redirects=True)
    assert lv("Circulate the minutes to the members before approving them.") in text_of(response)
    response = submit(
        client,
        f"/meetings/{session.id}/minutes/lock",
        form_url=f"/meetings/{session.id}/minutes",
        follow_redirects=True,
    )
    assert lv("Only approved minutes can be locked and archived.") in text_of(response)


def test_approval_needs_a_decision_of_a_later_meeting(
    app, client, login_as, held, make_meeting, make_decision
):
    items = _items(app, held)
    earlier = make_decision(make_meeting(day=dt.date(2025, 1, 1)), title="Sena lēmuma teksts")
    login_as("staff")
    _write(client, held, items)
    submit(client, f"/meetings/{held.id}/minutes/circulate", form_url=f"/meetings/{held.id}")
    page = text_of(client.get(f"/meetings/{held.id}/minutes/approve"))
    assert (
        lv(
            "No later meeting of this body has been held yet: mark the meeting where the "
            "minutes were approved as held first."
        )
        in page
    )
    response = submit(client, f"/meetings/{held.id}/minutes/approve", {"decision_id": earlier.id})
    assert field_errors(response, "decision_id") == [lv("Not a valid choice.")]
    # a later meeting not held yet cannot approve them either
    planned = make_meeting(
        body=type("Body", (), {"id": held.body_id}), day=dt.date(2025, 10, 22), status="planned"
    )
    not_yet = make_decision(planned, title="Par protokola apstiprināšanu")
    response = submit(client, f"/meetings/{held.id}/minutes/approve", {"decision_id": not_yet.id})
    assert field_errors(response, "decision_id") == [lv("Not a valid choice.")]
    response = submit(client, f"/meetings/{held.id}/minutes/approve", {"meeting_id": planned.id})
    assert field_errors(response, "meeting_id") == [lv("Not a valid choice.")]
    assert _minutes(app, held).status == "circulated"


def test_minutes_form_rejects_bad_input_at_the_field(app, client, login_as, held):
    items = _items(app, held)
    login_as("staff")
    response = _write(
        client,
        held,
        items,
        visibility="everyone",
        chaired_by="A" * 201,
        **{f"discussion-{items[0][0]}": "x" * 200_001},
    )
    assert response.status_code == 400
    assert field_errors(response, "visibility") == [lv("Not a valid choice.")]
    assert field_errors(response, "chaired_by") == [
        lv("At most %(max)d characters, please shorten the text.", max=200)
    ]
    assert field_errors(response, f"discussion-{items[0][0]}")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Minutes)) == 0


def test_two_people_editing_the_minutes(app, client, login_as, held):
    items = _items(app, held)
    login_as("staff")
    _write(client, held, items)
    version = _minutes(app, held).version
    first = submit(
        client, f"/meetings/{held.id}/minutes/edit", _form(items, version, "Pirmā versija.")
    )
    assert first.status_code == 302
    second = submit(
        client,
        f"/meetings/{held.id}/minutes/edit",
        _form(items, version, "Otrā versija."),
        follow_redirects=True,
    )
    assert lv(
        "Someone else saved this record while you were editing it. Your changes were not "
        "saved: the form now shows their version; make your changes again."
    ) in text_of(second)
    assert _minutes(app, held).introduction == "Pirmā versija."


def _form(items, version, introduction):
    return {
        "version": version,
        "visibility": "members",
        "introduction": introduction,
        **{f"discussion-{item_id}": "" for item_id, _ in items},
    }


def test_hostile_minutes_text_renders_safely(app, client, login_as, held):
    from secretariat.core.pdf import StaticOnlyFetcher, render_pdf
    from secretariat.documents.builders import load_meeting, minutes_html

    from .test_pdf import _staff

    items = _items(app, held)
    hostile = (
        '<img src="file:///etc/hostname"> <link rel="attachment" href="file:///etc/passwd">'
        "<script>alert(1)</script> ![x](http://127.0.0.1:9/x.png) " + "Ļoti garš teksts. " * 2900
    )
    login_as("staff")
    assert len(hostile) > 50_000
    assert _write(client, held, items, introduction=hostile).status_code == 302
    page = client.get(f"/meetings/{held.id}/minutes").get_data(as_text=True)
    assert "<script>alert" not in page and 'src="file:' not in page
    with app.app_context(), app.test_request_context():
        html = minutes_html(load_meeting(held.id, _staff()))
        fetcher = StaticOnlyFetcher()
        data = render_pdf(html, fetcher)
    assert fetcher.refused == [] and b"/EmbeddedFile" not in data
    text, pages, _ = pdf_text(data)
    assert "Ļoti garš teksts." in text and pages > 5


def test_minutes_name_nothing_their_readers_may_not_see(
    app, client, login_as, make_user, held, approval, make_decision
):
    """The archive is built for the minutes' own audience: an internal decision, a file on
    it and the date of a hidden approving meeting stay out, for every reader."""
    from secretariat.decisions.models import Decision
    from secretariat.documents.files import store_bytes
    from secretariat.documents.services import add_attachment

    _set(app, Meeting, held.id, visibility="public")
    with app.app_context():
        hidden_meeting = db.session.get(Decision, approval.id).meeting
        hidden_meeting.visibility = "internal"  # the approving session is not for signatories
        shown = db.session.scalar(sa.select(Decision).where(Decision.meeting_id == held.id))
        shown.visibility = "public"
        db.session.commit()
    secret = make_decision(
        held, title="Slepens lēmums", text="Neizpaužams teksts", visibility="internal"
    )
    with app.app_context():
        add_attachment(
            db.session.get(Meeting, held.id),
            store_bytes(b"%PDF-1.7 x", "publisks.pdf"),
            title="Publisks pielikums slepenam lēmumam",
            visibility="public",
            decision=db.session.get(Decision, secret.id),
        )
        db.session.commit()
    items = _items(app, held)
    login_as("staff")
    _write(client, held, items, visibility="signatories")
    submit(client, f"/meetings/{held.id}/minutes/circulate", form_url=f"/meetings/{held.id}")
    approved = submit(
        client,
        f"/meetings/{held.id}/minutes/approve",
        {"decision_id": approval.id},
        follow_redirects=True,
    )
    assert lv(
        "The approving decision is for fewer readers than the minutes: the minutes name "
        "it all the same (its number and the meeting's date), and readers who may not see "
        "it cannot open it."
    ) in text_of(approved)
    submit(client, f"/meetings/{held.id}/minutes/lock", form_url=f"/meetings/{held.id}/minutes")
    archived, _, _ = pdf_text(client.get(f"/meetings/{held.id}/minutes.pdf").data)
    signatory = _reader(app, make_user, "signatory")
    page = text_of(signatory.get(f"/meetings/{held.id}/minutes"))
    meeting_page = text_of(signatory.get(f"/meetings/{held.id}"))
    approved_by = lv(
        "Approved by decision No. %(n)s of the meeting of %(day)s.", n="1", day="22.10.2025."
    )
    for text in (archived, page):
        assert "Par jaunatnes testu" in text  # the public decision is there
        # the approving decision is named, though it is for fewer readers (staff were told)
        assert approved_by in text
    for text in (archived, page, meeting_page):
        for hidden in ("Slepens lēmums", "Neizpaužams", "slepenam lēmumam"):
            assert hidden not in text, hidden


def test_members_find_circulated_minutes_on_their_start_page(
    app, client, login_as, make_user, held
):
    items = _items(app, held)
    login_as("staff")
    _write(client, held, items)
    member = _reader(app, make_user, "member")
    assert lv("Draft minutes to read") not in text_of(member.get("/"))  # a draft: not yet
    submit(client, f"/meetings/{held.id}/minutes/circulate", form_url=f"/meetings/{held.id}")
    page = text_of(member.get("/"))
    assert lv("Draft minutes to read") in page and "Memoranda padomes sēde" in page


def test_the_annexes_of_approved_minutes_stay_as_they_were_listed(
    app, client, login_as, held, approval
):
    """Files uploaded before approval are what the archived minutes list (or leave out):
    they cannot be removed, renamed or moved in or out of the annexes afterwards. Narrowing
    an annex's readers keeps it listed; files added later are free."""
    from secretariat.documents.models import Attachment

    from .test_attachments import PDF, _upload

    login_as("staff")
    _upload(client, held, PDF, "Pielikums.pdf", title="Pielikums", visibility="signatories")
    _upload(client, held, PDF + b" ", "Darba fails.pdf", title="Darba fails")
    _approve(app, client, held, approval)
    _upload(client, held, PDF + b"  ", "Vēlāk.pdf", title="Vēlāk pievienots")
    with app.app_context():
        annex, working, later = db.session.scalars(
            sa.select(Attachment.id).order_by(Attachment.id)
        ).all()

    def edit(file_id, **fields):
        return submit(client, f"/files/{file_id}/edit", fields, form_url=f"/files/{file_id}/edit")

    refused = [
        edit(annex, title="Pārdēvēts", visibility="signatories"),
        edit(annex, title="Pielikums", visibility="internal"),
        edit(working, title="Darba fails", visibility="members"),
        submit(client, f"/files/{annex}/delete", form_url=f"/meetings/{held.id}/files"),
    ]
    for response in refused:
        assert response.status_code == 409
        assert lv("Minutes are locked") in text_of(response)
    assert edit(annex, title="Pielikums", visibility="members").status_code == 302
    assert (
        submit(client, f"/files/{later}/delete", form_url=f"/meetings/{held.id}/files").status_code
        == 302
    )
    with app.app_context():
        rows = db.session.execute(
            sa.select(Attachment.title, Attachment.visibility).order_by(Attachment.id)
        ).all()
    assert rows == [("Pielikums", "members"), ("Darba fails", "internal")]


def test_an_annex_cannot_be_moved_or_re_dated_out_of_approved_minutes(
    app, held, approval, make_meeting
):
    """Not through the pages, not through the model: moving the file to another meeting
    (by id or by relationship), or dating it after the approval, is refused too."""
    from secretariat.core.types import utcnow
    from secretariat.decisions.models import Decision
    from secretariat.documents import files, services
    from secretariat.documents.locking import MinutesLocked
    from secretariat.documents.models import Attachment

    other = make_meeting(title="Cita sanāksme", day=dt.date(2025, 11, 5))
    with app.app_context():
        meeting = db.session.get(Meeting, held.id)
        annex = services.add_attachment(
            meeting,
            files.store_bytes(b"%PDF-1.7 pielikums", "pielikums.pdf"),
            visibility="public",
        )
        minutes = services.minutes_of(meeting)
        services.circulate(minutes, utcnow())
        services.approve(minutes, db.session.get(Decision, approval.id), utcnow())
        db.session.commit()
        annex_id = annex.id

    moves = [
        lambda a: setattr(a, "meeting_id", other.id),
        lambda a: setattr(a, "meeting", db.session.get(Meeting, other.id)),
        lambda a: (
            setattr(a, "uploaded_at", utcnow() + dt.timedelta(days=1)),
            setattr(a, "title", "Pārdēvēts"),
        ),
    ]
    for move in moves:
        with app.app_context():
            move(db.session.get(Attachment, annex_id))
            with pytest.raises(MinutesLocked):
                db.session.flush()
            db.session.rollback()
    with app.app_context():
        kept = db.session.get(Attachment, annex_id)
        assert (kept.meeting_id, kept.title) == (held.id, "")


def test_approval_records_the_approving_decision_at_the_next_held_session(
    app, client, login_as, held, make_meeting
):
    """No detour: the approve page offers the next held session of the body, and the
    approving decision is recorded there in the same step."""
    from secretariat.decisions.models import Decision

    body = type("Body", (), {"id": held.body_id})
    later = make_meeting(body=body, day=dt.date(2025, 10, 22), status="held", number="10")
    make_meeting(body=body, day=dt.date(2025, 11, 26), status="held")
    items = _items(app, held)
    login_as("staff")
    _write(client, held, items)
    submit(client, f"/meetings/{held.id}/minutes/circulate", form_url=f"/meetings/{held.id}")
    url = f"/meetings/{held.id}/minutes/approve"
    page = client.get(url).get_data(as_text=True)
    assert re.search(rf'<option selected value="{later.id}">', page)
    title = lv("Approval of the minutes of the meeting of %(day)s", day="24.09.2025.")
    assert f'value="{title}"' in page
    response = submit(
        client, url, {"decision_id": 0, "meeting_id": later.id, "number": "3", "title": title}
    )
    assert response.status_code == 302
    minutes = _minutes(app, held)
    with app.app_context():
        decision = db.session.get(Decision, minutes.approved_by_decision_id)
        assert (decision.meeting_id, decision.number, decision.title, decision.adopted) == (
            later.id,
            "3",
            title,
            True,
        )
    assert minutes.status == "approved"
    text = text_of(client.get(f"/meetings/{held.id}/minutes"))
    assert (
        lv("Approved by decision No. %(n)s of the meeting of %(day)s.", n="3", day="22.10.2025.")
        in text
    )

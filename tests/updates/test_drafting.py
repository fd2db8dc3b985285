"""The first draft of a monthly update: the month's meetings and deadlines, nothing internal."""

import datetime as dt

import pytest
import sqlalchemy as sa

from secretariat.extensions import db
from secretariat.updates.drafting import compose
from secretariat.updates.months import BadMonth, parse_month

from ..helpers import lv
from .conftest import SEPTEMBER


@pytest.fixture
def september(
    app,
    make_body,
    make_meeting,
    make_decision,
    make_conclusion,
    make_action,
    make_call,
    make_signatory,
):
    """A month with something of every visibility."""
    from secretariat.followups.models import Action
    from secretariat.updates.services import add_communication_item

    council = make_body(name="Memoranda padome")
    group = make_body(name="Finanšu darba grupa", kind="working_group")
    visiting = make_meeting(
        council,
        kind="visiting_session",
        title="Izbraukuma sēde Jēkabpilī",
        day=dt.date(2025, 9, 3),
        place="Jēkabpils Kopienu centrs",
        status="held",
        visibility="public",
    )
    make_decision(visiting, title="Par reģionālo sadarbību", number="1", visibility="signatories")
    make_decision(visiting, title="Par slepeno budžetu", number="2", visibility="members")
    make_conclusion(visiting, kind="finding", text="Laba iespēja mazināt plaisu")
    done = make_action(make_conclusion(visiting), title="Uzaicināt ministriju pārstāvjus")
    internal = make_meeting(
        council, title="Sekretariāta iekšējā sapulce", day=dt.date(2025, 9, 10), status="held"
    )
    hidden_done = make_action(make_conclusion(internal), title="Pārskatīt iekšējo budžetu")
    members_session = make_meeting(
        council, title="Padomes sēde locekļiem", day=dt.date(2025, 9, 24), visibility="members"
    )
    make_decision(members_session, title="Par locekļu lēmumu", visibility="members")
    make_meeting(
        group,
        kind="working_group",
        title="Finanšu darba grupas sanāksme",
        day=dt.date(2025, 9, 17),
        visibility="signatories",
    )
    make_meeting(
        council,
        kind="forum",
        title="Forums par stratēģiju",
        day=dt.date(2025, 9, 15),
        visibility="public",
        participants_count=90,
    )
    make_meeting(
        council,
        kind="signatory_call",
        title="Tiešsaistes saruna ar parakstītājām",
        day=dt.date(2025, 10, 2),
        start=dt.time(15, 0),
        online_url="https://meet.example.org/memorands",
        visibility="signatories",
    )
    make_meeting(council, title="Iekšēja plānošana oktobrī", day=dt.date(2025, 10, 6))
    make_meeting(
        council,
        kind="signatory_call",
        title="Atceltā saruna",
        day=dt.date(2025, 10, 9),
        visibility="signatories",
        status="cancelled",
    )
    make_call(deadline_on=dt.date(2025, 9, 29), visibility="public")
    make_call(
        title="Ekspertu pūla atlase",
        kind="expert_pool",
        deadline_on=dt.date(2025, 10, 15),
        deadline_time=dt.time(17, 0),
        body_id=group.id,
    )
    make_call(title="Iekšējs iepirkums", deadline_on=dt.date(2025, 9, 20), visibility="internal")
    make_call(title="Slēgta aptauja", kind="survey", status="closed")
    make_call(title="Pagājušā gada pētījums", kind="study", deadline_on=dt.date(2025, 8, 31))
    make_signatory(name="Biedrība Jaunā parakstītāja", signed=dt.date(2025, 9, 12))
    make_signatory(name="Biedrība Vecā parakstītāja", signed=dt.date(2024, 9, 12))
    with app.app_context():
        for action_id in (done.id, hidden_done.id):
            action = db.session.get(Action, action_id)
            action.status, action.completed_on = "done", dt.date(2025, 9, 20)
        add_communication_item(
            kind="video_story",
            title="Video stāsts no Jēkabpils",
            url="https://nvo.lv/video",
            published_on=dt.date(2025, 9, 10),
            visibility="public",
        )
        add_communication_item(
            kind="article",
            title="Iekšējs raksta melnraksts",
            url="https://nvo.lv/iekšējs",
            published_on=dt.date(2025, 9, 11),
            visibility="internal",
        )
        db.session.commit()
    return {"visiting": visiting, "members_session": members_session}


def _draft(app, audience="signatories"):
    with app.app_context():
        return compose(SEPTEMBER, audience=audience)


def test_draft_holds_the_months_meetings_and_deadlines(app, september):
    draft = _draft(app)
    assert draft.title == lv("Memorandum Council news: %(month)s", month="2025. gada septembris")
    for expected in (
        "Izbraukuma sēde Jēkabpilī",
        "2025. gada 3. septembris",
        "Par reģionālo sadarbību",  # a key decision the signatories may read
        "Laba iespēja mazināt plaisu",
        "Forums par stratēģiju",
        "Finanšu darba grupas sanāksme",
        "Uzaicināt ministriju pārstāvjus",  # completed this month
        "**02.10.2025. 15:00** [Tiešsaistes saruna ar parakstītājām]",  # next month's call
        "https://meet.example.org/memorands",
        "Padziļināta izpēte par biedrību un nodibinājumu sektoru",
        lv("deadline %(day)s", day="29.09.2025."),
        lv("deadline %(day)s", day="15.10.2025.") + " 17:00 (Finanšu darba grupa)",
        "Biedrība Jaunā parakstītāja",
        "Video stāsts no Jēkabpils",
        lv("Sessions and visiting sessions"),
        lv("Open calls"),
    ):
        assert expected in draft.text, expected
    link = f"/meetings/{september['visiting'].id})"
    assert link in draft.text


def test_draft_holds_nothing_signatories_may_not_see(app, september):
    text = _draft(app).text
    for hidden in (
        "Sekretariāta iekšējā sapulce",  # an internal meeting
        "Padomes sēde locekļiem",  # members only
        "Par slepeno budžetu",  # a members-only decision of a public meeting
        "Par locekļu lēmumu",
        "Pārskatīt iekšējo budžetu",  # an action from an internal meeting
        "Iekšēja plānošana oktobrī",
        "Atceltā saruna",  # cancelled
        "Iekšējs iepirkums",  # an internal call
        "Slēgta aptauja",  # closed
        "Pagājušā gada pētījums",  # its deadline passed before the month began
        "Biedrība Vecā parakstītāja",
        "Iekšējs raksta melnraksts",
    ):
        assert hidden not in text, hidden
    assert f"/meetings/{september['members_session'].id})" not in text


def test_a_public_draft_leaves_out_what_only_signatories_see(app, september):
    text = _draft(app, audience="public").text
    assert "Izbraukuma sēde Jēkabpilī" in text and "Forums par stratēģiju" in text
    assert "Par reģionālo sadarbību" not in text  # that decision is for signatories
    assert "Tiešsaistes saruna ar parakstītājām" not in text
    assert "Ekspertu pūla atlase" not in text
    assert "Padziļināta izpēte" in text  # a public call


def test_typed_text_cannot_format_or_inject_into_the_update(app, client, make_meeting, draft):
    from secretariat.updates.models import MonthlyUpdate

    make_meeting(
        kind="visiting_session",
        title="Sēde *ar* [saiti](javascript:alert(1)) <script>alert(2)</script>",
        day=dt.date(2025, 9, 3),
        visibility="public",
    )
    update = draft(visibility="public", publish=True)
    with app.app_context():
        text = db.session.get(MonthlyUpdate, update.id).text
    assert r"\*ar\* \[saiti\](javascript:alert(1)) &lt;script>" in text
    page = client.get("/updates/2025-09").get_data(as_text=True)
    assert "<script>alert(2)" not in page
    assert 'href="javascript:' not in page
    assert "<em>ar</em>" not in page
    assert "Sēde *ar* [saiti](javascript:alert(1)) &lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_the_demo_september_update_has_its_meetings_and_deadlines(app, runner):
    from secretariat.decisions.models import Decision
    from secretariat.updates.models import MonthlyUpdate

    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        update = db.session.scalar(sa.select(MonthlyUpdate).where(MonthlyUpdate.month == SEPTEMBER))
        assert update.status == "published" and update.visibility == "signatories"
        members_decision = db.session.scalar(sa.select(Decision))
        assert members_decision.visibility == "members"
        text = update.text
    assert "Memoranda padomes izbraukuma sēde Jēkabpilī" in text
    assert "Pilsoniskās sabiedrības attīstības stratēģija" in text  # the forum
    assert "Padziļināta izpēte par biedrību un nodibinājumu sektoru" in text
    assert "29.09.2025." in text
    assert "Ikmēneša tiešsaistes saruna" in text and "02.10.2025." in text
    assert members_decision.title not in text  # the members-only session's decision
    assert f"/meetings/{members_decision.meeting_id})" not in text


@pytest.mark.parametrize(
    "text", ["2025-13", "2025-9", "25-09", "septembris", "", "2025-09-01", "0999-01"]
)
def test_a_malformed_month_is_refused(text):
    with pytest.raises(BadMonth):
        parse_month(text, today=dt.date(2026, 1, 1))


def test_a_month_that_has_not_begun_is_refused_and_the_current_one_is_not():
    today = dt.date(2025, 10, 3)
    assert parse_month("2025-10", today) == dt.date(2025, 10, 1)
    assert parse_month("2025-09", today) == SEPTEMBER
    with pytest.raises(BadMonth):
        parse_month("2025-11", today)

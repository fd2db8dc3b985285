"""The whole meeting day in a real browser, as bench/meeting_day.py measures it: a session
with its agenda, attendance, a decision with a named vote, a conclusion with its action,
minutes written, circulated, approved at the next session and locked, both PDFs."""

import pytest
import sqlalchemy as sa

from bench.meeting_day import (
    AGENDA,
    GOAL_INTERACTIONS,
    MEMBERS,
    Tally,
    meeting_day,
    prepare,
    sign_in,
)
from secretariat.core.dates import today_in_riga
from secretariat.extensions import db

from ..helpers import lv, pdf_text

pytestmark = pytest.mark.browser


def test_the_meeting_day(app, page):
    from secretariat.decisions.models import Decision
    from secretariat.followups.models import Action, Conclusion
    from secretariat.meetings.models import Meeting

    facts = prepare(app, today_in_riga())
    sign_in(page, lv, facts["email"], facts["password"], facts["totp_secret"])
    tally = Tally(page)
    meeting_day(page, tally, lv, day=facts["day"], remote=facts["remote"], owner=facts["owner"])

    with app.app_context():
        meeting = db.session.scalar(
            sa.select(Meeting).where(Meeting.title == "Memoranda padomes sēde")
        )
        assert meeting.status == "held"  # circulating its minutes said so
        assert [item.title for item in meeting.agenda_items] == list(AGENDA)
        modes = {a.person.name: a.mode for a in meeting.attendances}
        assert modes == {
            name: "remote" if name == facts["remote"] else "in_person" for name in MEMBERS
        }
        [decision] = meeting.decisions
        assert decision.agenda_item.position == 2 and decision.adopted is True
        assert sorted(v.choice for v in decision.votes) == ["for"] * 6
        [conclusion] = db.session.scalars(sa.select(Conclusion)).all()
        [action] = db.session.scalars(sa.select(Action)).all()
        assert action.conclusion_id == conclusion.id and action.owner_person.name == facts["owner"]
        minutes = meeting.minutes
        assert minutes.status == "locked" and minutes.archive_sha256
        approval = db.session.get(Decision, minutes.approved_by_decision_id)
        assert approval.meeting.title == "Memoranda padomes nākamā sēde"

    text, _, _ = pdf_text(tally.downloads["minutes"])
    assert "Nolemj: 1. Atbalstīt jaunatnes testa ieviešanu." in text
    assert "PAR – 6" in text and "Piedalās attālināti: " + facts["remote"] in text
    assert pdf_text(tally.downloads["summary"])[0]
    # the measure: half the clicks of before, at most (bench/meeting_day.py prints it)
    assert tally.interactions <= GOAL_INTERACTIONS, tally.interactions

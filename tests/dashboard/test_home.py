import datetime as dt

from secretariat.core.dates import today_in_riga

from ..helpers import lv, text_of


def test_staff_see_upcoming_meetings_and_overdue_actions(
    client, login_as, make_meeting, make_action, make_person
):
    soon = today_in_riga() + dt.timedelta(days=10)
    make_meeting(title="Nākamā padomes sēde", day=soon)
    make_meeting(title="Atceltā sēde", day=soon, status="cancelled")
    make_meeting(title="Pagājušā sēde", day=today_in_riga() - dt.timedelta(days=30))
    owner = make_person("Anna Bērziņa")
    make_action(
        title="Nokavēts uzdevums",
        owner_person_id=owner.id,
        due_on=today_in_riga() - dt.timedelta(days=1),
    )
    make_action(
        title="Drīz jāizpilda",
        owner_person_id=owner.id,
        due_on=today_in_riga() + dt.timedelta(days=5),
    )
    login_as("staff")
    page = text_of(client.get("/"))
    upcoming = page.split(lv("Upcoming meetings"))[1].split(lv("Overdue follow-up actions"))[0]
    assert "Nākamā padomes sēde" in upcoming and "Atceltā sēde" not in upcoming
    overdue = page.split(lv("Overdue follow-up actions"))[1].split(lv("Due in the next two weeks"))[
        0
    ]
    assert "Nokavēts uzdevums" in overdue and "Drīz jāizpilda" not in overdue
    assert "Drīz jāizpilda" in page.split(lv("Due in the next two weeks"))[1]
    assert lv("Overdue actions: %(n)s", n=1) in page
    assert "Pagājušā sēde" in page.split(lv("Recent meetings"))[1]


def test_members_see_meetings_but_no_actions(
    client, login_as, make_meeting, make_action, make_person
):
    make_meeting(
        title="Sēde locekļiem", visibility="members", day=today_in_riga() + dt.timedelta(days=3)
    )
    make_action(
        title="Iekšējs uzdevums",
        owner_person_id=make_person().id,
        due_on=today_in_riga() - dt.timedelta(days=1),
    )
    login_as("member")
    page = text_of(client.get("/"))
    assert "Sēde locekļiem" in page
    assert "Iekšējs uzdevums" not in page
    assert lv("Follow-up actions") not in page

"""Every state change needs the form's CSRF token."""

import sqlalchemy as sa

from secretariat.extensions import db
from secretariat.meetings.models import AgendaItem

from .conftest import PASSWORD


def test_post_without_token_is_refused_and_changes_nothing(app, client, login_as, make_meeting):
    meeting = make_meeting()
    login_as("staff")
    response = client.post(f"/meetings/{meeting.id}/agenda", data={"title": "Bez žetona"})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaItem)) == 0


def test_token_from_another_session_is_refused(app, client, make_user, make_meeting):
    import re

    meeting = make_meeting()
    other = app.test_client()
    foreign = re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"', other.get("/login").get_data(as_text=True)
    ).group(1)
    user = make_user("staff")
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": foreign}
    )
    assert response.status_code == 400
    assert client.get(f"/meetings/{meeting.id}").status_code == 302  # still signed out


def test_sign_out_needs_a_post_with_token(client, login_as):
    login_as("staff")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.get("/").status_code == 200

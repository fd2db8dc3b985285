"""The users list and a person's API tokens run the same number of statements with little
and with much data."""

import pytest

from secretariat.extensions import db

from ..test_statement_counts import BUDGET


@pytest.mark.parametrize(
    "page", ["/users/", "/users/?q=example&role=member", "/account/api-tokens", "/account/"]
)
def test_account_pages_statement_count_does_not_grow(
    page, app, client, login_as, make_organisation, count_statements
):
    from secretariat.auth.api_tokens import create
    from secretariat.auth.models import User
    from secretariat.auth.services import create_user
    from secretariat.core.types import utcnow

    admin = login_as("admin")
    ngo = make_organisation(name="Biedrība Ābele")

    def grow(n, start):
        with app.app_context():
            me = db.session.get(User, admin.id)
            for i in range(start, start + n):
                create_user(
                    f"lietotajs{i}@example.org",
                    None,
                    "signatory" if i % 2 else "member",
                    organisation=db.session.get(type(ngo), ngo.id) if i % 2 else None,
                )
                create(me, f"Skripts {i}", 30, utcnow())
            db.session.commit()

    def measure():
        client.get(page)
        with count_statements() as counted:
            response = client.get(page)
        assert response.status_code == 200, page
        return counted.n

    grow(3, 0)
    small = measure()
    grow(40, 100)
    large = measure()
    assert small == large, f"{page}: {small} statements with little data, {large} with more"
    assert large <= BUDGET

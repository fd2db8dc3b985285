import sqlalchemy as sa

from secretariat.auth.models import User
from secretariat.extensions import db

from ..conftest import submit


def test_users_create_with_password_from_stdin(app, runner, client):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "Sekretare@Example.org",
            "--role",
            "staff",
            "--name",
            "Līga Vītola",
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "created staff sekretare@example.org" in result.output
    # the password is right; staff then set up their second factor
    response = submit(
        client, "/login", {"email": "sekretare@example.org", "password": "a long enough password"}
    )
    assert response.headers["Location"] == "/login/two-factor/setup"


def test_signatory_user_needs_a_known_organisation(runner, make_organisation):
    make_organisation(name="Biedrība Ābele", registration_number="40008000001")
    result = runner.invoke(
        args=[
            "users",
            "create",
            "ngo@example.org",
            "--role",
            "signatory",
            "--organisation",
            "40009999999",
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code != 0
    assert "no organisation with registration number 40009999999" in result.output
    ok = runner.invoke(
        args=[
            "users",
            "create",
            "ngo@example.org",
            "--role",
            "signatory",
            "--organisation",
            "40008000001",
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert ok.exit_code == 0, ok.output


def test_short_passwords_and_duplicates_are_refused(runner, make_user):
    short = runner.invoke(
        args=["users", "create", "a@example.org", "--role", "staff", "--password-stdin"],
        input="short\n",
    )
    assert short.exit_code != 0 and "password shorter" in short.output
    existing = make_user("staff")
    again = runner.invoke(
        args=["users", "create", existing.email, "--role", "admin", "--password-stdin"],
        input="a long enough password\n",
    )
    assert again.exit_code != 0 and "exists" in again.output


def test_no_account_exists_until_someone_creates_one(app):
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0

"""The factory and the pages every visitor meets."""

from secretariat import create_app


def test_factory_takes_test_config(app):
    assert app.testing
    assert not create_app({"TESTING": False, "SQLALCHEMY_DATABASE_URI": "sqlite://"}).testing


def test_health_reports_database_and_scheduler(app, client):
    import datetime as dt

    from secretariat.core.types import utcnow
    from secretariat.extensions import db
    from secretariat.reminders.heartbeat import beat

    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {
        "database": "ok",
        "storage": "ok",
        "scheduler": {"heartbeat_age_seconds": None, "status": "stale", "last_failure": None},
    }
    with app.app_context():
        beat(utcnow() - dt.timedelta(seconds=40))
        db.session.commit()
    body = client.get("/health").get_json()
    assert body["scheduler"]["status"] == "ok"
    assert 39 <= body["scheduler"]["heartbeat_age_seconds"] <= 60


def test_security_headers_on_every_page(client):
    response = client.get("/login")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_login_page_is_latvian_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="lv">' in page
    assert "Pieslēgties" in page

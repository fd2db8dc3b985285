"""Secretariat: the workflow tracker of the NGO and Cabinet of Ministers Memorandum Council."""

from collections.abc import Mapping
from pathlib import Path

from flask import Flask, has_request_context, jsonify, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from config import config_for

from .auth.permissions import can
from .core.args import IdConverter
from .core.audit import install_audit_hook
from .core.i18n import install as install_translations
from .core.i18n import locale_name
from .core.layout import frame_part
from .core.links import url_pattern
from .core.storage import install as install_storage_watch
from .core.uploads import apply_upload_limit
from .core.web import add_security_headers, register_error_pages, register_filters
from .documents.locking import install_lock_guard
from .extensions import babel, csrf, db, limiter, login, migrate
from .search.index import install_index_hook

PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    """A top-level folder of the checkout, or its copy inside an installed wheel."""
    in_checkout = PACKAGE_DIR.parent / name
    return in_checkout if in_checkout.is_dir() else PACKAGE_DIR / name


TEMPLATES_DIR = _shipped("templates")
MIGRATIONS_DIR = _shipped("migrations")


def create_app(config: str | Mapping | None = None) -> Flask:
    """Build the app. `config` is a config name or a mapping laid over the environment's."""
    app = Flask(__name__, template_folder=str(TEMPLATES_DIR))
    name = config if isinstance(config, str) else None
    if isinstance(config, Mapping) and config.get("TESTING"):
        name = "testing"
    app.config.from_object(config_for(name))
    if isinstance(config, Mapping):
        app.config.update(config)
    app.instance_path = app.config["INSTANCE_DIR"]
    if proxies := app.config.get("TRUSTED_PROXIES"):
        # the client's address and scheme only: the host is the proxy's to set, and links
        # in e-mails come from PUBLIC_URL, never from a header a client could forge
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    # before any route is added: every <int:…> in a path is bounded (core/args.py)
    app.url_map.converters["int"] = IdConverter
    _init_extensions(app)
    _init_areas(app)
    _register_blueprints(app)
    _register_cli(app)
    register_filters(app)
    app.jinja_env.globals.update(
        can=can,
        get_locale=get_locale,
        locale_name=locale_name,
        frame_part=frame_part,
        url_pattern=url_pattern,
    )
    register_error_pages(app)
    app.after_request(add_security_headers)

    @app.get("/health")
    def health():
        """200 while the web answers and the database can be read: a load balancer reads
        this, and neither a stopped scheduler nor a database that cannot be written just
        now is a reason to stop serving pages (503 when the database cannot be reached).
        Monitors read `database` (ok, read-only or unavailable: a write is tried and rolled
        back), `storage` (ok, or low on disk) and `scheduler.status` (ok, stale or
        failing)."""
        from .core.storage import database_state, storage_state
        from .core.types import utcnow
        from .reminders.heartbeat import status

        database = database_state()
        if database == "unavailable":
            return jsonify(database=database, storage=storage_state(), scheduler=None), 503
        scheduler = status(utcnow())
        failure = None
        if scheduler.failing:
            # which job and when, not its error text: that can name hosts and accounts,
            # and /health answers anyone (staff read the error in the app's banner)
            failure = {
                "job": scheduler.failed_job,
                "at": scheduler.failed_at.isoformat() if scheduler.failed_at else None,
            }
        age = scheduler.age_seconds
        return jsonify(
            database=database,
            storage=storage_state(),
            scheduler={
                "heartbeat_age_seconds": None if age is None else round(age),
                "status": scheduler.name,
                "last_failure": failure,
            },
        )

    return app


def select_locale() -> str:
    if not has_request_context():
        return "lv"  # commands and jobs speak Latvian
    if lang := session.get("lang"):
        return lang
    if current_user and current_user.is_authenticated:
        return current_user.locale
    return "lv"


def _init_extensions(app: Flask) -> None:
    _enable_sqlite_concurrency()
    install_audit_hook()
    install_lock_guard()
    install_index_hook()
    db.init_app(app)
    install_storage_watch(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    app.before_request(apply_upload_limit)  # before CSRF reads the body
    csrf.init_app(app)
    login.init_app(app)
    login.login_view = "auth.login_page"
    login.login_message = None
    login.session_protection = "strong"
    babel.init_app(
        app,
        default_locale="lv",
        default_timezone="Europe/Riga",
        default_translation_directories=str(PACKAGE_DIR / "translations"),
        locale_selector=select_locale,
    )
    install_translations(app)
    limiter.init_app(app)


def _init_areas(app: Flask) -> None:
    """Areas that plug into one below them: reminder rules first, then what the areas
    above reminders add to them (see secretariat/reminders/registry.py)."""
    from .reminders.rules import init_app as init_reminder_rules
    from .updates.reminders import init_app as init_call_reminders

    init_reminder_rules(app)
    init_call_reminders(app)


def _register_blueprints(app: Flask) -> None:
    from .api.open_data_views import bp as open_data_bp
    from .api.views import bp as api_bp
    from .auth.account import bp as account_bp
    from .auth.views import bp as auth_bp
    from .bodies.views import bp as bodies_bp
    from .dashboard.views import bp as dashboard_bp
    from .decisions.views import bp as decisions_bp
    from .documents.views import bp as documents_bp
    from .followups.views import bp as followups_bp
    from .meetings.views import bp as meetings_bp
    from .organisations.views import bp as organisations_bp
    from .people.views import bp as people_bp
    from .programmes.views import bp as programmes_bp
    from .reminders.views import bp as reminders_bp
    from .search.views import bp as search_bp
    from .updates.views import bp as updates_bp
    from .users.views import bp as users_bp

    for blueprint in (
        auth_bp,
        account_bp,
        dashboard_bp,
        organisations_bp,
        people_bp,
        bodies_bp,
        meetings_bp,
        decisions_bp,
        followups_bp,
        programmes_bp,
        documents_bp,
        reminders_bp,
        users_bp,
        api_bp,
        open_data_bp,
        updates_bp,
        search_bp,
    ):
        app.register_blueprint(blueprint)


def _register_cli(app: Flask) -> None:
    from .auth.cli import users_cli
    from .core.backup import backup_cli
    from .demo.cli import demo_cli
    from .documents.cli import pdf_cli
    from .organisations.cli import contacts_cli, organisations_cli, register_cli
    from .reminders.cli import reminders_cli, scheduler_cli
    from .search.cli import search_cli
    from .updates.cli import add_pdf_commands

    add_pdf_commands()

    for group in (
        users_cli,
        demo_cli,
        organisations_cli,
        contacts_cli,
        register_cli,
        reminders_cli,
        scheduler_cli,
        pdf_cli,
        backup_cli,
        search_cli,
    ):
        app.cli.add_command(group)


def _sqlite_pragmas(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _enable_sqlite_concurrency() -> None:
    """WAL and a busy timeout, so the web and scheduler processes write side by side."""
    if not event.contains(Engine, "connect", _sqlite_pragmas):
        event.listen(Engine, "connect", _sqlite_pragmas)

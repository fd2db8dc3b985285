"""Configuration classes, read from the environment.

`create_app()` picks one by `SECRETARIAT_ENV` (development, testing, production);
tests pass their own mapping on top.
"""

import datetime as dt
import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = Path(os.environ.get("SECRETARIAT_INSTANCE", BASE_DIR / "instance"))


def _secret_key() -> str:
    """SECRET_KEY from the environment, else generated once into instance/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        try:  # created readable by its owner only, never for a moment by anyone else
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            pass
        else:
            with os.fdopen(descriptor, "w") as out:
                out.write(secrets.token_hex(32))
    return path.read_text().strip()


def _sqlite_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'secretariat.db'}"


class Config:
    INSTANCE_DIR = str(INSTANCE_DIR)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or _sqlite_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BABEL_DEFAULT_LOCALE = "lv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Riga"
    LANGUAGES = ("lv", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead of a clock
    #: a session ends after this long without a request (staff and admins hold the most),
    #: and this long after signing in however busy it is; role → timedelta, "*" for others
    SESSION_IDLE_TIMEOUT = {
        "admin": dt.timedelta(hours=2),
        "staff": dt.timedelta(hours=2),
        "*": dt.timedelta(days=14),
    }
    SESSION_LIFETIME = {
        "admin": dt.timedelta(hours=12),
        "staff": dt.timedelta(hours=12),
        "*": dt.timedelta(days=30),
    }
    #: Strict-Transport-Security on every answer when cookies are Secure (production)
    HSTS_MAX_AGE = 365 * 24 * 3600
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    REGISTER_UPLOAD_LIMIT = 300 * 1024 * 1024
    #: an uploaded import file previewed and never imported is removed after this long
    UPLOAD_MAX_AGE = dt.timedelta(days=1)
    #: /health says "storage": "low" when the instance folder has less room than this
    STORAGE_MIN_FREE_MB = int(os.environ.get("STORAGE_MIN_FREE_MB", "100"))
    ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_MB", "20")) * 1024 * 1024
    # the request may be a little larger than the file it carries, so the form can say
    # "larger than 20 MB" beside the field instead of failing the whole request
    ATTACHMENT_UPLOAD_LIMIT = ATTACHMENT_MAX_BYTES + 1024 * 1024
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = False
    # failed sign-ins allowed per account, and per address (an office shares one address)
    LOGIN_FAILURE_LIMIT = os.environ.get("LOGIN_FAILURE_LIMIT", "5 per 5 minutes")
    LOGIN_FAILURE_LIMIT_PER_ADDRESS = os.environ.get(
        "LOGIN_FAILURE_LIMIT_PER_ADDRESS", "30 per 5 minutes"
    )
    # "forgot password": requests allowed per address typed in, and per client address
    PASSWORD_RESET_LIMIT = os.environ.get("PASSWORD_RESET_LIMIT", "3 per hour")
    PASSWORD_RESET_LIMIT_PER_ADDRESS = os.environ.get(
        "PASSWORD_RESET_LIMIT_PER_ADDRESS", "20 per hour"
    )
    #: the "forgot password" answer takes at least this long, account or not, so its timing
    #: does not tell whether an address has an account
    PASSWORD_RESET_SECONDS = 0.5
    PAGE_SIZE = 50
    # mail: SMTP when SMTP_HOST is set, else .eml files in instance/mail/
    SMTP_HOST = os.environ.get("SMTP_HOST", "")
    SMTP_PORT = int(os.environ.get("SMTP_PORT", "587"))
    SMTP_SECURITY = os.environ.get("SMTP_SECURITY", "starttls")  # starttls, ssl or none
    SMTP_USERNAME = os.environ.get("SMTP_USERNAME", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    SMTP_CA_FILE = os.environ.get("SMTP_CA_FILE", "")  # else the system's authorities
    SMTP_TIMEOUT = int(os.environ.get("SMTP_TIMEOUT", "20"))
    MAIL_FROM = os.environ.get(
        "MAIL_FROM", "Memoranda padomes sekretariāts <sekretariats@localhost>"
    )
    #: the address links in e-mails point to
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    SCHEDULER_STALE_SECONDS = 180
    #: staff pages read the scheduler's heartbeat for their banner at most this often
    SCHEDULER_BANNER_SECONDS = 10
    #: how many proxies in front (nginx: 1) may tell the client's address and scheme; 0
    #: trusts none. Sign-in limits per address need the real one.
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))


class DevelopmentConfig(Config):
    @property
    def SECRET_KEY(self):  # noqa: N802 - Flask reads upper-case keys
        return _secret_key()


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "tests-only-" + secrets.token_hex(8)
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    # argon2id still, with cheap parameters: hundreds of test sign-ins stay fast.
    PASSWORD_HASH_PARAMS = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}
    PASSWORD_RESET_SECONDS = 0.05
    SCHEDULER_BANNER_SECONDS = 0  # tests change the heartbeat between two pages


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True

    @property
    def SECRET_KEY(self):  # noqa: N802
        return _secret_key()

    @property
    def SQLALCHEMY_DATABASE_URI(self):  # noqa: N802
        url = os.environ.get("DATABASE_URL")
        if not url:
            raise RuntimeError("DATABASE_URL must be set in production")
        return url


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None = None) -> Config:
    return CONFIGS[name or os.environ.get("SECRETARIAT_ENV", "development")]()

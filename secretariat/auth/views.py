import logging
import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from flask_limiter import RateLimitExceeded
from flask_login import current_user, login_required, logout_user
from werkzeug.exceptions import HTTPException

from ..core.types import utcnow
from ..core.versioning import form_page
from ..extensions import db, limiter, login
from . import api_tokens, signin, twofactor
from .forms import CodeForm, EnrolForm, LanguageForm, LoginForm
from .models import User
from .services import authenticate

bp = Blueprint("auth", __name__)
log = logging.getLogger("secretariat.auth")
#: how often a session's last-seen time is written into its cookie
_SEEN_EVERY = 60


def _limit(setting: str, role: str) -> float:
    limits = current_app.config[setting]
    return limits.get(role, limits["*"]).total_seconds()


@bp.before_app_request
def end_old_sessions():
    """A session ends after SESSION_IDLE_TIMEOUT without a request and SESSION_LIFETIME
    after signing in, whatever its cookie says: the cookie carries when it began and when it
    was last used, signed, and one without them (issued before, or forged into being by a
    remember cookie, which the app never issues) is ended too."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return
    if "_user_id" not in session:  # a script's API token: no session to end
        return
    now = time.time()
    began, seen = session.get("signed_in_at"), session.get("seen_at")
    role = current_user.role
    if (
        not isinstance(began, int)
        or not isinstance(seen, int)
        or now - seen > _limit("SESSION_IDLE_TIMEOUT", role)
        or now - began > _limit("SESSION_LIFETIME", role)
    ):
        signin.fresh_session()
        logout_user()
        flash(gettext("Your session has ended: please sign in again."), "info")
    elif now - seen >= _SEEN_EVERY:
        session["seen_at"] = int(now)


@login.user_loader
def load_user(session_id: str):
    """The user a session belongs to, unless they have signed out since it began."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.session_version == int(version) else None


@login.request_loader
def load_api_user(request):
    """A script reading the API sends `Authorization: Bearer <token>` (a personal API token):
    honoured on the API's reads only, never on pages or forms."""
    if request.blueprint != "api" or request.method not in ("GET", "HEAD"):
        return None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return api_tokens.user_for(token.strip(), utcnow())


def _safe_next(target: str | None) -> str:
    """Only a path of this site that leads to one of its pages, else the start page: never
    an open redirect (`//evil.example`, `/\\evil.example`, a scheme, a line break)."""
    home = url_for("dashboard.home")
    if (
        not target
        or not target.isprintable()  # no line breaks or other control characters
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return home
    try:
        current_app.url_map.bind("").match(parts.path, method="GET")
    except HTTPException:  # no such page, not one to open, or one that redirects elsewhere
        return home
    return target


def _failed(response) -> bool:
    """Only failed sign-ins count against the limit."""
    return response.status_code != 302


def _account_limit() -> str:
    return current_app.config["LOGIN_FAILURE_LIMIT"]


def _address_limit() -> str:
    return current_app.config["LOGIN_FAILURE_LIMIT_PER_ADDRESS"]


def _email_key() -> str:
    return "login-email:" + (request.form.get("email") or "").strip().lower()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_address_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_account_limit, methods=["POST"], deduct_when=_failed, key_func=_email_key)
def login_page():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user:
            # a fresh session, then the second factor where the account has or needs one
            return signin.password_accepted(user, _safe_next(form.next.data))
        log.warning("failed sign-in for %r from %s", form.email.data, request.remote_addr)
        flash(gettext("Wrong e-mail or password."), "error")
        return render_template("auth/login.html", form=form), 401
    return form_page("auth/login.html", form)


@bp.errorhandler(RateLimitExceeded)
def too_many_attempts(error):
    log.warning(
        "sign-in refused, too many failures: %r from %s",
        (request.form.get("email") or "")[:254],
        request.remote_addr,
    )
    form = LoginForm()
    flash(
        gettext("Too many failed sign-in attempts. Please wait a few minutes and try again."),
        "error",
    )
    return render_template("auth/login.html", form=form), 429


@bp.post("/logout")
@login_required
def logout():
    current_user.end_sessions()  # this and every other session of theirs ends now
    db.session.commit()
    logout_user()
    session.clear()
    flash(gettext("You have signed out."), "info")
    return redirect(url_for("auth.login_page"))


@bp.post("/language")
def set_language():
    form = LanguageForm()
    if form.validate_on_submit() and form.lang.data in current_app.config["LANGUAGES"]:
        session["lang"] = form.lang.data
        if current_user.is_authenticated:
            current_user.locale = form.lang.data
            db.session.commit()
    return redirect(_safe_next(form.next.data))


# --- the second step of signing in ---------------------------------------------------


def _pending_key() -> str:
    user = signin.pending_user()
    return f"second-factor:{user.id if user else request.remote_addr}"


@bp.route("/login/two-factor", methods=["GET", "POST"])
@limiter.limit(_account_limit, methods=["POST"], deduct_when=_failed, key_func=_pending_key)
def second_factor():
    """The code from the authenticator app (or a recovery code), after the password."""
    user = signin.pending_user()
    if user is None or not user.two_factor_enabled:
        return redirect(url_for(".login_page"))
    form = CodeForm()
    if form.validate_on_submit():
        code = form.code.data
        if twofactor.verify(user, code) or twofactor.use_recovery_code(user, code):
            return redirect(signin.complete(user))
        form.code.errors.append(gettext("Wrong or already used code."))
        return render_template("auth/second_factor.html", form=form), 401
    return form_page("auth/second_factor.html", form)


ENROLLING = "enrolling_secret"


@bp.route("/login/two-factor/setup", methods=["GET", "POST"])
def two_factor_setup():
    """Set up the authenticator app: asked of staff and administrators when they sign in
    without one, offered to everyone else on their account page. The secret waits in the
    session until a code from the app confirms it."""
    signed_in = current_user.is_authenticated
    user = current_user if signed_in else signin.pending_user()
    if user is None:
        return redirect(url_for(".login_page"))
    if user.two_factor_enabled:
        return redirect(url_for("account.overview") if signed_in else url_for(".second_factor"))
    secret = session.get(ENROLLING) or twofactor.new_secret()
    session[ENROLLING] = secret
    form = EnrolForm()
    if form.validate_on_submit():
        codes = twofactor.enrol(user, secret, form.code.data)
        if codes is not None:
            session.pop(ENROLLING, None)
            if signed_in:
                user.end_sessions()  # other sessions began without the second factor
                target = signin.complete(user, url_for("account.overview"))
            else:
                target = signin.complete(user)
            return render_template("auth/recovery_codes.html", codes=codes, next=target)
        form.code.errors.append(gettext("Wrong code: check the time on your phone and try again."))
    return form_page(
        "auth/two_factor_setup.html",
        form,
        qr_code=twofactor.qr_code(user, secret),
        secret=twofactor.grouped(secret),
        user=user,
        required=user.two_factor_required,
    )

"""A person's own account: password, second factor, API tokens; and choosing a password
through a link from an e-mail (an invitation or a reset)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from ..core.audit import acting_as
from ..core.types import utcnow
from ..core.versioning import form_page
from ..extensions import db, limiter
from . import api_tokens, links, signin, twofactor
from .forms import ApiTokenForm, ChangePasswordForm, ConfirmPasswordForm, SetPasswordForm
from .models import ApiToken
from .services import PasswordRefused, password_matches, set_password

bp = Blueprint("account", __name__, url_prefix="/account")


def password_refusal(reason: str) -> str:
    return {
        "short": gettext("Too short: a password has at least 10 characters."),
        "long": gettext("Too long: a password has at most 200 characters."),
        "common": gettext(
            "This is one of the passwords people use most, and the first ones tried by "
            "anyone guessing: choose another."
        ),
        "email": gettext("Your e-mail address is not a password: choose another."),
    }[reason]


@bp.get("/")
@login_required
def overview():
    return render_template(
        "auth/account.html",
        user=current_user,
        codes_left=twofactor.recovery_codes_left(current_user),
        tokens=api_tokens.tokens_of(current_user),
        now=utcnow(),
        off_form=ConfirmPasswordForm(),
    )


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not password_matches(current_user, form.current_password.data):
            form.current_password.errors.append(gettext("This is not your current password."))
        else:
            try:
                set_password(current_user, form.password.data)  # ends every session
            except PasswordRefused as refused:
                form.password.errors.append(password_refusal(refused.reason))
            else:
                signin.complete(current_user)  # this browser stays signed in
                flash(gettext("Password changed; you were signed out everywhere else."), "success")
                return redirect(url_for(".overview"))
    return form_page("auth/change_password.html", form)


@bp.post("/recovery-codes")
@login_required
def recovery_codes():
    """Ten new recovery codes, shown once; the earlier ones stop working."""
    if not current_user.two_factor_enabled:
        return redirect(url_for(".overview"))
    codes = twofactor.new_recovery_codes(current_user)
    db.session.commit()
    return render_template("auth/recovery_codes.html", codes=codes, next=url_for(".overview"))


@bp.post("/two-factor/off")
@login_required
def two_factor_off():
    """Members and signatories may switch their second factor off again (staff may not)."""
    form = ConfirmPasswordForm()
    if current_user.two_factor_required or not current_user.two_factor_enabled:
        abort(403 if current_user.two_factor_required else 400)
    if not form.validate_on_submit() or not password_matches(
        current_user, form.current_password.data
    ):
        flash(gettext("This is not your current password."), "error")
        return redirect(url_for(".overview"))
    twofactor.remove(current_user)
    signin.complete(current_user)
    flash(gettext("Two-factor sign-in is off."), "info")
    return redirect(url_for(".overview"))


# --- API tokens -----------------------------------------------------------------------


@bp.route("/api-tokens", methods=["GET", "POST"])
@login_required
def api_tokens_page():
    form = ApiTokenForm()
    new_token = None
    if form.validate_on_submit():
        _row, new_token = api_tokens.create(
            current_user, form.name.data, int(form.days.data) or None, utcnow()
        )
        db.session.commit()
        form = ApiTokenForm(formdata=None)
    return form_page(
        "auth/api_tokens.html",
        form,
        tokens=api_tokens.tokens_of(current_user),
        new_token=new_token,
        now=utcnow(),
    )


@bp.post("/api-tokens/<int:api_token_id>/revoke")
@login_required
def revoke_api_token(api_token_id):
    row = db.session.get(ApiToken, api_token_id)
    if row is None or row.user_id != current_user.id:
        abort(404)
    api_tokens.revoke(row, utcnow())
    db.session.commit()
    flash(gettext("Token “%(name)s” revoked: it no longer works.", name=row.name), "info")
    return redirect(url_for(".api_tokens_page"))


# --- a password chosen through an e-mailed link ----------------------------------------


def _link_problem(reason: str):
    return render_template("auth/link_problem.html", reason=reason), 400


@bp.route("/set-password", methods=["GET", "POST"])
@limiter.limit("20 per 10 minutes", methods=["POST"])
def set_password_page():
    """Where invitations and password resets lead. The token comes in the link's fragment,
    which no server log sees; the page's script moves it into the form."""
    form = SetPasswordForm()
    if form.validate_on_submit():
        now = utcnow()
        try:
            row = links.check(form.token.data, now)
        except links.LinkProblem as problem:
            return _link_problem(problem.reason)
        user = row.user
        with acting_as(user.id):
            try:
                set_password(user, form.password.data)
                links.spend(form.token.data, now)
            except PasswordRefused as refused:
                db.session.rollback()
                form.password.errors.append(password_refusal(refused.reason))
            except links.LinkProblem as problem:
                db.session.rollback()
                return _link_problem(problem.reason)
            else:
                db.session.commit()
                response = signin.password_accepted(user, url_for("dashboard.home"))
                flash(gettext("Your password is set."), "success")  # in the fresh session
                return response
    return form_page("auth/set_password.html", form, invited=request.args.get("invited") == "1")

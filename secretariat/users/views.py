import time

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext
from flask_limiter import RateLimitExceeded
from flask_login import current_user

from ..auth import services as accounts
from ..auth import twofactor
from ..auth.models import User
from ..auth.permissions import require
from ..core.args import text_arg
from ..core.forms import id_choices
from ..core.labels import LABELS
from ..core.types import utcnow
from ..core.versioning import form_page, save_edit
from ..extensions import db, limiter
from ..organisations.models import Organisation
from ..organisations.queries import all_organisations
from ..people.models import Person
from ..people.queries import all_people
from ..people.services import find_or_create_person
from . import queries, services
from .forms import AccountForm, ForgotPasswordForm, InviteForm, SignatoryInviteForm

bp = Blueprint("users", __name__)


def _account_choices(form: AccountForm) -> AccountForm:
    form.organisation_id.choices = id_choices(all_organisations(), "—")
    form.person_id.choices = id_choices(all_people(), "—")
    return form


def _refusal(error: accounts.AccountError) -> str:
    text = str(error)
    if "exists" in text:
        return gettext("An account with this e-mail exists already.")
    if "organisation" in text:
        return gettext("A signatory's account belongs to an organisation.")
    return gettext("Not an e-mail address.")


@bp.get("/users/")
@require("administer")
def list_users():
    filters = {"q": text_arg("q"), "role": request.args.get("role", "")}
    page = db.paginate(
        queries.user_list(filters), per_page=current_app.config["PAGE_SIZE"], error_out=False
    )
    return render_template("users/list.html", page=page, filters=filters, roles=LABELS["role"])


@bp.route("/users/invite", methods=["GET", "POST"])
@require("administer")
def invite():
    form = _account_choices(InviteForm())
    if form.validate_on_submit():
        organisation = db.session.get(Organisation, form.organisation_id.data or 0)
        person = db.session.get(Person, form.person_id.data or 0)

        def show(error):
            form.email.errors.append(_refusal(error))

        response = save_edit(
            lambda: services.invite(
                form.email.data,
                form.role.data,
                current_user,
                utcnow(),
                name=form.name.data,
                organisation=organisation if form.role.data == "signatory" else None,
                person=person,
            ),
            done=gettext("Invitation sent to %(email)s.", email=form.email.data),
            then=lambda user: url_for(".detail", user_id=user.id),
            refusals={accounts.AccountError: show},
        )
        if response is not None:
            return response
    return form_page("users/invite.html", form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@require("administer")
def detail(user_id):
    user = db.get_or_404(User, user_id)
    form = _account_choices(AccountForm(obj=user if request.method == "GET" else None))
    if request.method == "GET":
        form.organisation_id.data = user.organisation_id or 0
        form.person_id.data = user.person_id or 0
    if form.validate_on_submit():
        if user.id == current_user.id and form.role.data != user.role:
            form.role.errors.append(gettext("You cannot change your own role."))
        else:
            response = save_edit(
                lambda: accounts.change_account(
                    user,
                    form.role.data,
                    organisation=db.session.get(Organisation, form.organisation_id.data or 0),
                    person=db.session.get(Person, form.person_id.data or 0),
                    name=form.name.data,
                ),
                done=gettext("Account saved."),
                then=url_for(".detail", user_id=user.id),
                refusals={accounts.AccountError: lambda e: form.role.errors.append(_refusal(e))},
            )
            if response is not None:
                return response
    return form_page(
        "users/detail.html",
        form,
        user=user,
        codes_left=twofactor.recovery_codes_left(user) if user.two_factor_enabled else 0,
    )


def _not_yourself(user: User) -> None:
    if user.id == current_user.id:
        abort(400)


@bp.post("/users/<int:user_id>/<any(switch_off, switch_on):change>")
@require("administer")
def switch(user_id, change):
    """Switch an account off (it cannot sign in, and its sessions and API tokens stop now)
    or on again."""
    user = db.get_or_404(User, user_id)
    _not_yourself(user)
    if change == "switch_off":
        accounts.switch_off(user)
        flash(gettext("%(email)s is switched off and signed out.", email=user.email), "info")
    else:
        accounts.switch_on(user)
        flash(gettext("%(email)s can sign in again.", email=user.email), "success")
    db.session.commit()
    return redirect(url_for(".detail", user_id=user.id))


@bp.post("/users/<int:user_id>/reset-second-factor")
@require("administer")
def reset_second_factor(user_id):
    """For someone who lost their phone and their recovery codes: staff and administrators
    set up a new one at their next sign-in."""
    user = db.get_or_404(User, user_id)
    _not_yourself(user)
    twofactor.remove(user)
    db.session.commit()
    flash(gettext("The second factor of %(email)s is reset.", email=user.email), "info")
    return redirect(url_for(".detail", user_id=user.id))


@bp.post("/users/<int:user_id>/invite-again")
@require("administer")
def invite_again(user_id):
    user = db.get_or_404(User, user_id)
    if not user.invited or not user.active:
        abort(400)
    services.send_link(user, "invitation", utcnow(), by=current_user)
    db.session.commit()
    flash(gettext("Invitation sent to %(email)s.", email=user.email), "success")
    return redirect(url_for(".detail", user_id=user.id))


# --- signatory onboarding ----------------------------------------------------------------


@bp.route("/organisations/<int:organisation_id>/invite", methods=["GET", "POST"])
@require("manage")
def invite_signatory(organisation_id):
    """Staff invite an organisation's contact person to the portal; an organisation may have
    several signatory accounts."""
    organisation = db.get_or_404(Organisation, organisation_id)
    if not organisation.is_signatory or organisation.status != "active":
        flash(gettext("Only an active signatory organisation's people can be invited."), "error")
        return redirect(url_for("organisations.detail", organisation_id=organisation.id))
    form = SignatoryInviteForm()
    form.person_id.choices = id_choices(organisation.people, "—")
    if form.validate_on_submit():
        if form.person_id.data:
            person = db.session.get(Person, form.person_id.data)
        else:
            person = find_or_create_person(form.name.data, organisation, email=form.email.data)
            if person.kind == "other":
                person.kind = "contact"
        email = form.email.data or next(iter(person.email_list), "")
        if not email:
            form.email.errors.append(gettext("Give the e-mail the invitation goes to."))
        else:
            response = save_edit(
                lambda: services.invite(
                    email,
                    "signatory",
                    current_user,
                    utcnow(),
                    name=person.name,
                    organisation=organisation,
                    person=person,
                ),
                done=gettext("Invitation sent to %(email)s.", email=email),
                then=url_for("organisations.detail", organisation_id=organisation.id),
                refusals={accounts.AccountError: lambda e: form.email.errors.append(_refusal(e))},
            )
            if response is not None:
                return response
    return form_page("users/invite_signatory.html", form, organisation=organisation)


# --- forgotten passwords -------------------------------------------------------------------


def _reset_limit() -> str:
    return current_app.config["PASSWORD_RESET_LIMIT"]


def _reset_address_limit() -> str:
    return current_app.config["PASSWORD_RESET_LIMIT_PER_ADDRESS"]


def _reset_email_key() -> str:
    return "password-reset:" + (request.form.get("email") or "").strip().lower()


@bp.route("/account/forgot-password", methods=["GET", "POST"])
@limiter.limit(_reset_address_limit, methods=["POST"])
@limiter.limit(_reset_limit, methods=["POST"], key_func=_reset_email_key)
def forgot_password():
    """The same answer, in about the same time, whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        started = time.monotonic()
        services.request_reset(form.email.data, utcnow())
        db.session.commit()
        # the mail is written only for a real account: wait as long either way
        rest = current_app.config["PASSWORD_RESET_SECONDS"] - (time.monotonic() - started)
        if rest > 0:
            time.sleep(rest)
        flash(
            gettext(
                "If %(email)s belongs to an account, a link to choose a new password is on its "
                "way; it works once, within an hour.",
                email=form.email.data,
            ),
            "info",
        )
        return redirect(url_for("auth.login_page"))
    return form_page("users/forgot_password.html", form)


@bp.errorhandler(RateLimitExceeded)
def too_many_requests(error):
    flash(gettext("Too many requests. Please wait a while and try again."), "error")
    return render_template("users/forgot_password.html", form=ForgotPasswordForm()), 429

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField, IntegerField, SelectField
from wtforms.validators import StopValidation

from ..auth.permissions import require
from ..core.forms import BaseForm, options
from ..core.types import utcnow
from ..extensions import csrf, db
from . import heartbeat
from .models import Outbox, ReminderOptOut
from .outbox import resend
from .registry import kind_label, may_opt_out, optional_kinds, rule_kinds
from .rules import rules, rules_to_show
from .sweeping import opt_out, read_unsubscribe_token

bp = Blueprint("reminders", __name__)

WEEKDAYS = options(
    [
        (0, _l("Monday")),
        (1, _l("Tuesday")),
        (2, _l("Wednesday")),
        (3, _l("Thursday")),
        (4, _l("Friday")),
    ]
)


DAYS_MESSAGE = _l("Days must be a whole number from 0 to 60.")
#: what the banner calls the scheduler's jobs
JOBS = {"sweep": _l("reminder sweep"), "deliver": _l("e-mail delivery")}


def _whole_days(form, field):
    """Empty, not a number or out of range: one message says what is wanted."""
    if field.data is None or not 0 <= field.data <= 60:
        field.errors.clear()
        raise StopValidation(DAYS_MESSAGE)


class RuleForm(BaseForm):
    enabled = BooleanField(_l("On"))
    offset_days = IntegerField(_l("Days"), validators=[_whole_days])
    weekday = SelectField(_l("Weekday"), coerce=int, choices=WEEKDAYS)


def _rule_form(kind: str, obj=None, formdata=None) -> RuleForm:
    # formdata=None: a form shown beside the one just posted must not read that post
    form = RuleForm(formdata=formdata, obj=obj, prefix=kind)
    spec = rule_kinds()[kind]
    if spec.offset_days is None:
        del form.offset_days  # the rule has no days to set
    if spec.weekday is None:
        del form.weekday  # only the weekly and weekday-bound rules have one
    return form


@bp.app_context_processor
def reminder_helpers():
    def scheduler_status():
        return heartbeat.banner_status(utcnow())

    return {
        "scheduler_status": scheduler_status,
        "reminder_label": kind_label,
        "job_label": JOBS.get,
    }


@bp.get("/outbox/")
@require("manage")
def outbox():
    state = request.args.get("state", "")
    query = sa.select(Outbox).order_by(Outbox.id.desc())
    if state == "failed":
        query = query.where(
            Outbox.sent_at.is_(None),
            Outbox.cancelled_at.is_(None),
            Outbox.next_attempt_at.is_(None),
        )
    elif state == "waiting":
        query = query.where(Outbox.sent_at.is_(None), Outbox.next_attempt_at.is_not(None))
    elif state == "sent":
        query = query.where(Outbox.sent_at.is_not(None))
    page = db.paginate(query, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    failed = db.session.scalar(
        sa.select(sa.func.count()).where(
            Outbox.sent_at.is_(None),
            Outbox.cancelled_at.is_(None),
            Outbox.next_attempt_at.is_(None),
        )
    )
    return render_template("reminders/outbox.html", page=page, state=state, failed=failed)


@bp.post("/outbox/<int:message_id>/resend")
@require("manage")
def resend_message(message_id):
    row = db.get_or_404(Outbox, message_id)
    if row.sent_at is None and row.cancelled_at is None:
        resend(row, utcnow())
        db.session.commit()
        flash(gettext("The message will be sent again within a minute."), "success")
    return redirect(url_for(".outbox", state="failed"))


def _rules_page(all_rules, forms, status=200):
    return render_template(
        "reminders/rules.html", rules=all_rules, forms=forms, kinds=rule_kinds()
    ), status


@bp.get("/reminders/rules")
@require("manage")
def rule_list():
    all_rules = rules_to_show()
    forms = {kind: _rule_form(kind, obj=rule) for kind, rule in all_rules.items()}
    return _rules_page(all_rules, forms)


@bp.post("/reminders/rules/<kind>")
@require("manage")
def save_rule(kind):
    all_rules = rules()
    rule = all_rules.get(kind) or abort(404)
    form = _rule_form(kind, formdata=request.form)
    if not form.validate_on_submit():
        db.session.rollback()
        # the other rules as they are; this one as typed, with its errors beside the fields
        shown = rules_to_show()
        forms = {k: form if k == kind else _rule_form(k, obj=r) for k, r in shown.items()}
        return _rules_page(shown, forms, status=400)
    rule.enabled = form.enabled.data
    if "offset_days" in form:
        rule.offset_days = form.offset_days.data
    if "weekday" in form:
        rule.weekday = form.weekday.data
    db.session.commit()
    flash(gettext("Reminder rule saved."), "success")
    return redirect(url_for(".rule_list"))


@bp.route("/account/reminders", methods=["GET", "POST"])
@require("browse")
def preferences():
    """Which optional reminders the signed-in person receives."""
    optional = optional_kinds(current_user.role)
    email = current_user.email
    muted = set(
        db.session.scalars(sa.select(ReminderOptOut.kind).where(ReminderOptOut.email == email))
    )
    form = BaseForm()
    if form.validate_on_submit():
        wanted = set(request.form.getlist("kind")) & set(optional)
        for kind in optional:
            if kind in wanted and kind in muted:
                db.session.execute(
                    sa.delete(ReminderOptOut).where(
                        ReminderOptOut.email == email, ReminderOptOut.kind == kind
                    )
                )
            elif kind not in wanted and kind not in muted:
                opt_out(email, kind)
        db.session.commit()
        flash(gettext("Your reminder choices are saved."), "success")
        return redirect(url_for(".preferences"))
    return render_template("reminders/preferences.html", form=form, optional=optional, muted=muted)


def _unsubscriber(token: str) -> tuple[str, str]:
    found = read_unsubscribe_token(token)
    if not found or not may_opt_out(found[1]):
        abort(404)
    return found


def _opt_out(email: str, kind: str) -> None:
    opt_out(email, kind)
    db.session.commit()


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token):
    email, kind = _unsubscriber(token)
    form = BaseForm()
    if form.validate_on_submit():
        _opt_out(email, kind)
        return render_template("reminders/unsubscribed.html", email=email, kind=kind)
    return render_template("reminders/unsubscribe.html", email=email, kind=kind, form=form)


# RFC 8058 one-click unsubscribe: the mail provider posts "List-Unsubscribe=One-Click" to the
# List-Unsubscribe address, with no page, session or form token. CSRF protection guards
# actions a signed-in browser could be tricked into; this one needs no sign-in, and the
# signed token in the address, which only the message's reader has, is what authorises it.
@bp.route("/unsubscribe/<token>/one-click", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe_one_click(token):
    email, kind = _unsubscriber(token)
    if request.method == "GET":  # a mail program that opens the address instead
        return redirect(url_for(".unsubscribe", token=token))
    if request.form.get("List-Unsubscribe") != "One-Click":
        abort(400)
    _opt_out(email, kind)
    return render_template("reminders/unsubscribed.html", email=email, kind=kind)

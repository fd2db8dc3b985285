import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField, IntegerField, SelectField
from wtforms.validators import NumberRange, Optional

from ..auth.permissions import require
from ..core.forms import BaseForm, options
from ..core.types import utcnow
from ..extensions import db
from . import heartbeat
from .models import KINDS, Outbox, ReminderOptOut, ReminderRule
from .outbox import resend
from .rules import read_unsubscribe_token, rules

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


class RuleForm(BaseForm):
    enabled = BooleanField(_l("On"))
    offset_days = IntegerField(_l("Days"), validators=[Optional(), NumberRange(min=0, max=60)])
    weekday = SelectField(_l("Weekday"), coerce=int, choices=WEEKDAYS)


def _rule_form(rule: ReminderRule, obj=None) -> RuleForm:
    form = RuleForm(obj=obj, prefix=rule.kind)
    if rule.weekday is None:
        del form.weekday  # only the weekly and weekday-bound rules have one
    return form


@bp.app_context_processor
def scheduler_banner():
    def scheduler_warning() -> bool:
        return heartbeat.is_stale(utcnow())

    return {"scheduler_warning": scheduler_warning}


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


@bp.get("/reminders/rules")
@require("manage")
def rule_list():
    rules()
    db.session.commit()  # the missing ones were just created with their defaults
    all_rules = rules()  # one read, rather than a refresh per rule after the commit
    forms = {kind: _rule_form(rule, obj=rule) for kind, rule in all_rules.items()}
    return render_template("reminders/rules.html", rules=all_rules, forms=forms)


@bp.post("/reminders/rules/<kind>")
@require("manage")
def save_rule(kind):
    rule = rules().get(kind) or abort(404)
    form = _rule_form(rule)
    if form.validate_on_submit():
        rule.enabled = form.enabled.data
        if form.offset_days.data is not None:
            rule.offset_days = form.offset_days.data
        if rule.weekday is not None:
            rule.weekday = form.weekday.data
        db.session.commit()
        flash(gettext("Reminder rule saved."), "success")
    else:
        db.session.rollback()
        flash(gettext("Days must be a whole number from 0 to 60."), "error")
    return redirect(url_for(".rule_list"))


@bp.route("/account/reminders", methods=["GET", "POST"])
@require("browse")
def preferences():
    """Which optional reminders the signed-in person receives."""
    optional = [kind for kind, may_opt_out in KINDS.items() if may_opt_out]
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
                db.session.add(ReminderOptOut(email=email, kind=kind))
        db.session.commit()
        flash(gettext("Your reminder choices are saved."), "success")
        return redirect(url_for(".preferences"))
    return render_template("reminders/preferences.html", form=form, optional=optional, muted=muted)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token):
    found = read_unsubscribe_token(token)
    if not found or found[1] not in KINDS or not KINDS[found[1]]:
        abort(404)
    email, kind = found
    form = BaseForm()
    if form.validate_on_submit():
        exists = db.session.scalar(
            sa.select(ReminderOptOut.id).where(
                ReminderOptOut.email == email, ReminderOptOut.kind == kind
            )
        )
        if not exists:
            db.session.add(ReminderOptOut(email=email, kind=kind))
            db.session.commit()
        return render_template("reminders/unsubscribed.html", email=email, kind=kind)
    return render_template("reminders/unsubscribe.html", email=email, kind=kind, form=form)

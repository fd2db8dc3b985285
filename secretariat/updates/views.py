import datetime as dt
import re

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, gettext
from flask_login import current_user

from ..auth.permissions import can, require
from ..bodies.models import Body
from ..bodies.queries import all_bodies
from ..core.dates import today_in_riga
from ..core.forms import BaseForm, id_choices, id_or_none, options
from ..core.labels import LABELS, label
from ..core.pdf import pdf_response, render_pdf
from ..core.types import utcnow
from ..core.versioning import form_page, save_edit
from ..core.web import make_conditional
from ..extensions import db
from ..meetings.queries import get_visible_meeting
from . import feeds, queries, services
from .document import update_html
from .forms import CallForm, CommunicationItemForm, NewUpdateForm, RsvpForm, UpdateForm
from .models import CALL_STATUSES, Call, CommunicationItem, MonthlyUpdate
from .months import BadMonth, parse_month, slug

bp = Blueprint("updates", __name__)

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _refuse(status: int, title: str, message: str):
    """Stop here with a page that says what was wrong (not the generic error text)."""
    page = render_template("error.html", status=status, title=title, message=message)
    abort(Response(page, status=status, mimetype="text/html"))


def _month(text: str) -> dt.date:
    try:
        return parse_month(text)
    except BadMonth as error:
        _refuse(404, gettext("Not found"), str(error.message))


def _is_signatory() -> bool:
    return current_user.is_authenticated and current_user.role == "signatory"


# --- the signatory portal ---------------------------------------------------------------


@bp.get("/portal/")
@require("browse")
def portal():
    if not (_is_signatory() or can("manage")):
        abort(403)
    now, today = utcnow(), today_in_riga()
    published = queries.published_updates(current_user, limit=13)
    upcoming = queries.upcoming_meetings(current_user, now)
    own = {}
    if _is_signatory() and (organisation_id := current_user.organisation_id):
        own = {
            "participation": queries.participation(organisation_id, current_user, now),
            "delegates": queries.delegates(organisation_id, today),
            "proposals": queries.proposals_of(organisation_id),
        }
    return render_template(
        "updates/portal.html",
        own=own,
        proposal_fields=LABELS["proposable_field"],
        latest=published[0] if published else None,
        archive=published[1:],
        upcoming=upcoming,
        answers=queries.answers_of(current_user.organisation_id, upcoming),
        summaries=queries.recent_held_meetings(current_user),
        decisions=queries.latest_decisions(current_user),
        calls=queries.open_calls(current_user, today),
        rounds=queries.open_rounds(today),
        organisation=current_user.organisation if _is_signatory() else None,
        may_answer=lambda meeting: _is_signatory() and queries.may_answer(meeting, now),
        rsvp_form=BaseForm(),
    )


@bp.post("/portal/meetings/<int:meeting_id>/rsvp")
@require("browse")
def rsvp(meeting_id):
    if not _is_signatory() or current_user.organisation_id is None:
        abort(403)
    meeting = get_visible_meeting(meeting_id, current_user)
    form = RsvpForm()
    back = redirect(url_for(".portal") + f"#meeting-{meeting.id}")
    if not form.validate_on_submit():
        flash(gettext("Answer yes or no."), "error")
        return back
    attending = form.attending.data == "yes"
    try:
        services.answer_rsvp(
            meeting, current_user.organisation_id, current_user, attending, utcnow()
        )
    except services.RsvpClosed:
        db.session.rollback()
        flash(
            gettext("Answers to this meeting are closed: it has begun or was cancelled."), "error"
        )
        return back
    db.session.commit()
    if attending:
        flash(gettext("Thank you: your organisation will attend."), "success")
    else:
        flash(gettext("Thank you: your organisation will not attend."), "success")
    return back


# --- monthly updates --------------------------------------------------------------------


@bp.get("/updates/")
@require("browse")
def list_updates():
    return render_template(
        "updates/list.html", updates=queries.update_archive(current_user), today=today_in_riga()
    )


@bp.get("/updates/<month>")
def detail(month):
    update = queries.get_visible_update(_month(month), current_user)
    return render_template("updates/detail.html", update=update)


@bp.get("/updates/<month>.pdf")
def pdf(month):
    update = queries.get_visible_update(_month(month), current_user)
    document = render_pdf(update_html(update, str(get_locale() or "lv")))
    return pdf_response(document, f"apskats-{update.slug}.pdf")


@bp.get("/updates/feed.atom")
def feed():
    updates = queries.published_updates(queries.ANONYMOUS, limit=24)
    body = feeds.atom_feed(
        updates,
        title=gettext("Memorandum Council news"),
        author=gettext("Memorandum Council secretariat"),
    )
    changed = max(filter(None, (feeds.feed_updated(updates), queries.last_update_change())))
    return make_conditional(Response(body, mimetype="application/atom+xml"), changed)


def _body_choices(form) -> None:
    form.body_id.choices = id_choices(all_bodies(), "—")


@bp.route("/updates/new", methods=["GET", "POST"])
@require("manage")
def create():
    form = NewUpdateForm()
    _body_choices(form)
    if request.method == "GET":
        form.month.data = slug(
            (today_in_riga().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        )
    if form.validate_on_submit():
        try:
            update = services.draft_update(
                form.first_day,
                body_id=id_or_none(form.body_id.data),
                visibility=form.visibility.data,
            )
        except services.UpdateExists as exists:
            form.month.errors.append(
                gettext(
                    "%(month)s already has its update: open it from the list.",
                    month=exists.update.slug,
                )
            )
        else:
            db.session.commit()
            flash(
                gettext("Drafted from the records: read it through, edit it, then publish."),
                "success",
            )
            return redirect(url_for(".edit", month=update.slug))
    return form_page("updates/new.html", form)


def _update_for_staff(month: str) -> MonthlyUpdate:
    update = queries.update_for_month(_month(month))
    if update is None:
        abort(404)
    return update


@bp.route("/updates/<month>/edit", methods=["GET", "POST"])
@require("manage")
def edit(month):
    update = _update_for_staff(month)
    form = UpdateForm(obj=update if request.method == "GET" else None)
    _body_choices(form)
    if request.method == "GET":
        form.version.data = update.version
        form.body_id.data = update.body_id or 0
    if form.validate_on_submit():
        saved = save_edit(
            lambda: services.edit_update(
                update,
                form.version.data,
                title=form.title.data,
                text=form.text.data,
                body_id=id_or_none(form.body_id.data),
                visibility=form.visibility.data,
            ),
            done=gettext("Update saved."),
            then=url_for(".detail", month=update.slug),
            refusals={
                services.DraftTooNarrow: lambda _: form.visibility.errors.append(
                    gettext(
                        "This update is published, and its text was written for %(drafted)s: "
                        "it stays for them and cannot be shown more widely.",
                        drafted=label("visibility", update.drafted_for),
                    )
                )
            },
        )
        if saved:
            return saved
    return form_page("updates/form.html", form, update=update, action_form=BaseForm())


@bp.post("/updates/<month>/redraft")
@require("manage")
def redraft(month):
    update = _update_for_staff(month)
    form_url = url_for(".edit", month=update.slug)
    return save_edit(
        lambda: services.redraft_update(update, request.form.get("version")),
        done=gettext("The text was drafted again from the records."),
        then=form_url,
        again=form_url,
        refusals={
            services.AlreadyPublished: lambda _: flash(
                gettext("A published update is not drafted again: edit its text instead."),
                "error",
            )
        },
    ) or redirect(form_url)


@bp.post("/updates/<month>/publish")
@require("manage")
def publish(month):
    update = _update_for_staff(month)
    try:
        written = services.publish_update(update, utcnow())
    except services.DraftTooNarrow:
        db.session.rollback()
        flash(
            gettext(
                "The text was drafted for %(drafted)s, and the update is now for %(now)s: it "
                "may tell them what they may not see. Draft it again for its readers (or make "
                "it narrower) before publishing.",
                drafted=label("visibility", update.drafted_for),
                now=label("visibility", update.visibility),
            ),
            "error",
        )
        return redirect(url_for(".edit", month=update.slug))
    db.session.commit()
    if update.visibility in queries.FOR_SIGNATORIES:
        flash(
            gettext(
                "Published on the portal; %(n)s new e-mails to signatories are on their way.",
                n=written,
            ),
            "success",
        )
    else:
        flash(gettext("Published for its readers; it is not e-mailed to signatories."), "success")
    return redirect(url_for(".detail", month=update.slug))


# --- calls --------------------------------------------------------------------------------


@bp.get("/calls/")
@require("manage")
def list_calls():
    status = request.args.get("status") if request.args.get("status") in CALL_STATUSES else None
    page = db.paginate(
        queries.call_list(status), per_page=current_app.config["PAGE_SIZE"], error_out=False
    )
    return render_template(
        "updates/calls.html", page=page, status=status, today=today_in_riga(), close_form=BaseForm()
    )


def _call_fields(form: CallForm) -> dict:
    fields = {name: form[name].data for name in services.CALL_FIELDS}
    fields["body_id"] = id_or_none(form.body_id.data)
    return fields


@bp.route("/calls/new", methods=["GET", "POST"])
@require("manage")
def create_call():
    form = CallForm()
    _body_choices(form)
    if form.validate_on_submit():
        services.create_call(**_call_fields(form))
        db.session.commit()
        flash(gettext("Call saved."), "success")
        return redirect(url_for(".list_calls"))
    return form_page("updates/call_form.html", form, call=None)


@bp.route("/calls/<int:call_id>/edit", methods=["GET", "POST"])
@require("manage")
def edit_call(call_id):
    call = db.get_or_404(Call, call_id)
    form = CallForm(obj=call if request.method == "GET" else None)
    _body_choices(form)
    if request.method == "GET":
        form.version.data = call.version
        form.body_id.data = call.body_id or 0
    if form.validate_on_submit():
        return save_edit(
            lambda: services.update_call(call, form.version.data, **_call_fields(form)),
            done=gettext("Call saved."),
            then=url_for(".list_calls"),
        )
    return form_page("updates/call_form.html", form, call=call)


@bp.post("/calls/<int:call_id>/close")
@require("manage")
def close_call(call_id):
    call = db.get_or_404(Call, call_id)
    services.close_call(call)
    db.session.commit()
    flash(gettext("Call closed: it no longer shows on the portal."), "success")
    return redirect(url_for(".list_calls"))


# --- communication items -------------------------------------------------------------------


@bp.route("/communication/", methods=["GET", "POST"])
@require("manage")
def communication():
    form = CommunicationItemForm()
    form.decision_id.choices = options(
        [("", "—")]
        + [(d.id, f"{d.meeting.starts_at:%d.%m.%Y.} {d.title}") for d in queries.recent_decisions()]
    )
    if form.validate_on_submit():
        services.add_communication_item(
            kind=form.kind.data,
            title=form.title.data,
            url=form.url.data,
            published_on=form.published_on.data,
            decision_id=id_or_none(form.decision_id.data),
            visibility=form.visibility.data,
        )
        db.session.commit()
        flash(gettext("Communication item added."), "success")
        return redirect(url_for(".communication"))
    page = db.paginate(
        queries.communication_list(), per_page=current_app.config["PAGE_SIZE"], error_out=False
    )
    return form_page("updates/communication.html", form, page=page, delete_form=BaseForm())


@bp.post("/communication/<int:communication_item_id>/delete")
@require("manage")
def delete_communication_item(communication_item_id):
    services.remove_communication_item(db.get_or_404(CommunicationItem, communication_item_id))
    db.session.commit()
    flash(gettext("Communication item removed."), "success")
    return redirect(url_for(".communication"))


# --- reading without signing in ---------------------------------------------------------


@bp.get("/public/")
def public_page():
    now, today = utcnow(), today_in_riga()
    reader = queries.ANONYMOUS  # this page shows what is public, whoever opens it
    return render_template(
        "updates/public.html",
        updates=queries.published_updates(reader, limit=12),
        upcoming=queries.upcoming_meetings(reader, now, limit=20),
        recent=queries.recent_held_meetings(reader, limit=10),
        calls=queries.open_calls(reader, today),
    )


def _calendar_response(
    meetings, name: str, filename: str, now: dt.datetime, body_id=None, private=False
) -> Response:
    response = Response(
        feeds.calendar(meetings, name),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )
    return make_conditional(response, queries.last_calendar_change(now, body_id), private)


@bp.get("/calendar/public.ics")
def public_calendar():
    now = utcnow()
    meetings = queries.calendar_meetings(queries.ANONYMOUS, now)
    return _calendar_response(
        meetings, gettext("Memorandum Council: public meetings"), "public.ics", now
    )


@bp.get("/calendar/<int:body_id>.ics")
def body_calendar(body_id):
    body, now = db.get_or_404(Body, body_id), utcnow()
    meetings = queries.calendar_meetings(current_user, now, body_id=body.id)
    return _calendar_response(meetings, body.name, f"body-{body.id}.ics", now, body.id)


@bp.get("/calendar/u/<calendar_token>.ics")
def personal_calendar(calendar_token):
    found = _TOKEN.match(calendar_token)
    user = queries.user_by_calendar_token(calendar_token) if found else None
    if user is None:
        message = gettext(
            "No calendar at this address. Its link may have been reset: copy the new one "
            "from your reminder settings."
        )
        return Response(message, status=404, mimetype="text/plain")
    now = utcnow()
    meetings = queries.calendar_meetings(user, now)
    return _calendar_response(
        meetings, gettext("Memorandum Council: my meetings"), "my-meetings.ics", now, private=True
    )


@bp.post("/account/calendar/reset")
@require("browse")
def reset_calendar_token():
    services.reset_calendar_token(current_user)
    db.session.commit()
    flash(gettext("Your calendar has a new link; the old one no longer works."), "success")
    return redirect(url_for("reminders.preferences") + "#calendar")

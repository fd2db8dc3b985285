"""Inviting users and sending the single-use links. No request, no commit."""

import datetime as dt

from flask import render_template
from flask_babel import force_locale, gettext

from ..auth import links
from ..auth.models import User
from ..auth.services import create_user, find_user
from ..core.links import public_url
from ..reminders.outbox import enqueue

#: the outbox's kinds of the mail with a link (labels in core.labels' reminder_kind)
KINDS = {"invitation": "account_invitation", "reset": "password_reset"}


def link_url(token: str) -> str:
    """The address in the e-mail: the token after "#", where no server log sees it."""
    return f"{public_url('account.set_password_page')}#{token}"


def send_link(user: User, purpose: str, now: dt.datetime, by: User | None = None) -> None:
    """A new link (an invitation or a reset) for `user`, by e-mail in their language; the
    older one of the same kind stops working."""
    token = links.issue(user, purpose, now, by=by)
    with force_locale(user.locale or "lv"):
        if purpose == "invitation":
            subject = gettext("Your account with the Memorandum Council secretariat")
        else:
            subject = gettext("Choose a new password")
        context = {
            "user": user,
            "purpose": purpose,
            "url": link_url(token),
            "token": token,
            "hours": int(links.VALID_FOR[purpose].total_seconds() // 3600),
            "inviter": by,
            "subject": subject,
            "locale": user.locale or "lv",
        }
        text = render_template("email/account_link.txt", **context)
        html = render_template("email/account_link.html", **context)
    # keyed by the link's hash: never the link itself
    key = f"{KINDS[purpose]}:{user.id}:{links.digest(token)[:32]}"
    enqueue(key, KINDS[purpose], user.email, subject, text, html, now)


def invite(
    email: str,
    role: str,
    by: User,
    now: dt.datetime,
    name: str = "",
    organisation=None,
    person=None,
) -> User:
    """A new account without a password, and the e-mail inviting its owner to choose one.
    A person tied to it who has no e-mail gets the account's."""
    user = create_user(email, None, role, name=name, organisation=organisation, person=person)
    if person is not None and not person.emails:
        person.emails = user.email
    send_link(user, "invitation", now, by=by)
    return user


def request_reset(email: str, now: dt.datetime) -> None:
    """A reset link for the active account of that address; nothing for any other address
    (the page answers the same either way)."""
    user = find_user(email)
    if user is not None and user.active:
        send_link(user, "reset" if user.password_hash else "invitation", now)

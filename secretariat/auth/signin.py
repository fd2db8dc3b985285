"""Signing in, past the password: the second step, and the session it ends in.

A correct password (or a password just chosen through an e-mailed link) leaves the
browser half signed in: a fresh session holding who is signing in, for ten minutes. The
user then gives a code from their authenticator, or enrols one first when their role
needs it (staff and administrators); a user with neither is signed in at once. Only the
last step signs in, in a fresh session again, so nothing from before carries over.
"""

import time

from flask import redirect, session, url_for
from flask_login import login_user

from ..extensions import db
from .models import User
from .services import record_sign_in

PENDING = "signing_in"
PENDING_FOR = 600  # seconds


def fresh_session() -> None:
    """Nothing from before carries over, except the language chosen."""
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def password_accepted(user: User, next_path: str):
    """The response after a correct password: signed in, or on to the second step.
    `next_path` is where to go afterwards, already checked to be on this site."""
    fresh_session()
    if not user.two_factor_enabled and not user.two_factor_required:
        return redirect(complete(user, next_path))
    session[PENDING] = {"user": user.get_id(), "next": next_path, "at": int(time.time())}
    step = "auth.second_factor" if user.two_factor_enabled else "auth.two_factor_setup"
    return redirect(url_for(step))


def pending_user() -> User | None:
    """Who is half signed in in this browser, if anybody still may be."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_FOR:
        return None
    user_id, _, version = str(pending.get("user", "")).partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


def pending_next() -> str:
    pending = session.get(PENDING)
    return pending.get("next") if isinstance(pending, dict) else None


def complete(user: User, next_path: str | None = None) -> str:
    """Sign `user` in, in a fresh session; returns where to go next."""
    if hasattr(user, "_get_current_object"):  # current_user itself: the user behind it
        user = user._get_current_object()
    target = next_path or pending_next() or url_for("dashboard.home")
    fresh_session()
    login_user(user)
    # when it began and was last used: it ends after SESSION_LIFETIME and SESSION_IDLE_TIMEOUT
    session["signed_in_at"] = session["seen_at"] = int(time.time())
    record_sign_in(user)
    db.session.commit()
    return target

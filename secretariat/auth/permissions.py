"""The one place that answers "may this user do this?".

Views use `require`, templates use `can`, queries use `visibility_levels`.
"""

from functools import wraps

from flask import abort
from flask_login import current_user

VISIBILITIES = ("internal", "members", "signatories", "public")

#: which visibility levels each role may read
_READABLE = {
    "admin": VISIBILITIES,
    "staff": VISIBILITIES,
    "member": ("members", "signatories", "public"),
    "signatory": ("signatories", "public"),
    None: ("public",),
}

#: actions each role may take; an action not listed for a role is refused
_ACTIONS = {
    "admin": {"browse", "manage", "audit", "administer"},
    "staff": {"browse", "manage", "audit"},
    "member": {"browse"},
    "signatory": {"browse"},
}


def _role(user) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    return user.role


def visibility_levels(user) -> tuple[str, ...]:
    return _READABLE[_role(user)]


def narrowest(*levels: str) -> str:
    """The visibility that lets through only those every given one lets through (each role
    reads a level and all the wider ones): a file's, its meeting's and its decision's."""
    return min(levels, key=VISIBILITIES.index)


def readable_by(role: str | None) -> tuple[str, ...]:
    """The visibility levels everyone of a role reads (None: anyone, even signed out)."""
    return _READABLE[role]


#: the role whose readers are exactly the audience of a visibility level
_AUDIENCE = {"internal": "staff", "members": "member", "signatories": "signatory", "public": None}


class Audience:
    """A stand-in reader for "whoever may read records of this visibility": a document
    meant for that audience (archived minutes) is built as this reader would see it."""

    def __init__(self, visibility: str):
        self.role = _AUDIENCE[visibility]
        self.is_authenticated = self.role is not None


def can(action: str, obj=None, user=None) -> bool:
    """May `user` (the signed-in one by default) take `action`, on `obj` if given?"""
    user = current_user if user is None else user
    role = _role(user)
    if role is None or action not in _ACTIONS[role]:
        return False
    visibility = getattr(obj, "visibility", None)
    return visibility is None or visibility in visibility_levels(user)


def require(action: str):
    """View decorator: anonymous users go to sign-in, others without the right get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from ..extensions import login

                return login.unauthorized()
            if not can(action):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def hidden_from_reader():
    """End the request for a record this reader may not read: signed out, they are sent to
    sign in (they may be allowed then); signed in, 404 (its existence is not told)."""
    if not current_user.is_authenticated:
        from ..extensions import login

        abort(login.unauthorized())
    abort(404)

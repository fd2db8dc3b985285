"""The parts of every page's frame that depend only on who reads it and in which language —
the navigation, the links to the style sheet and script — built once and kept, per (role,
organisation or not, locale, script root), instead of two dozen `url_for` and `_()` calls
on every request. Nothing in them is a record a reader must see fresh; a new release starts
with an empty cache.
"""

from flask import render_template, request
from flask_login import current_user
from markupsafe import Markup

from .i18n import locale_name

_BUILT: dict[tuple, Markup] = {}


def _reader() -> tuple:
    if not current_user.is_authenticated:
        return (None, False)
    return (current_user.role, bool(current_user.organisation_id))


def frame_part(template: str) -> Markup:
    """templates/_layout/<template>, rendered once for each kind of reader."""
    key = (template, *_reader(), locale_name(), request.script_root)
    part = _BUILT.get(key)
    if part is None:
        part = _BUILT[key] = Markup(render_template(f"_layout/{template}"))
    return part

"""The reader's language and its catalogue, looked up once a request.

Flask-Babel walks the request context for every string it translates (`g`, its own
namespace, the locale, the locale's name, then its catalogue cache): tens of microseconds a
string, and a page asks for a hundred or more. Here the locale's name and catalogue are
found once and kept beside Flask-Babel's own state, until `force_locale` (an e-mail in its
reader's language) puts another locale there; then each string is one dictionary lookup.
Jinja's `_()` and `ngettext()`, the labels and the date filters use it.
"""

from flask.globals import _cv_app
from flask_babel import get_locale, get_translations

#: outside any request or app context (Flask-Babel then translates nothing either)
DEFAULT = "lv"


def _babel_state():
    """Flask-Babel's per-request namespace (flask_babel._get_current_context), if any."""
    app_context = _cv_app.get(None)
    if app_context is None:
        return None
    return getattr(app_context.g, "_flask_babel", None)


def current():
    """(locale name, catalogue) of this request or of the locale `force_locale` set."""
    state = _babel_state()
    if state is not None:
        cached = getattr(state, "secretariat_catalogue", None)
        if cached is not None and cached[0] is getattr(state, "babel_locale", None):
            return cached[1], cached[2]
    locale = get_locale()  # sets the namespace's babel_locale on first use
    catalogue = get_translations()
    name = str(locale) if locale is not None else DEFAULT
    state = _babel_state()
    if state is not None:
        state.secretariat_catalogue = (state.babel_locale, name, catalogue)
    return name, catalogue


def locale_name() -> str:
    return current()[0]


def gettext(string: str) -> str:
    return current()[1].ugettext(string)


def ngettext(singular: str, plural: str, n: int) -> str:
    return current()[1].ungettext(singular, plural, n)


def pgettext(context: str, string: str) -> str:
    return current()[1].upgettext(context, string)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return current()[1].unpgettext(context, singular, plural, n)


def install(app) -> None:
    """Jinja's `_()` and friends through the once-a-request catalogue (after Flask-Babel's
    own init_app, whose callables these replace)."""
    app.jinja_env.install_gettext_callables(
        gettext=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext, newstyle=True
    )

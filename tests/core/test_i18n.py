"""The once-a-request catalogue follows the reader's language and force_locale."""

from flask import render_template_string
from flask_babel import force_locale

from secretariat.core.i18n import locale_name
from secretariat.core.labels import label

from ..helpers import lv


def test_templates_and_labels_follow_forced_locales_and_come_back(app):
    template = '{{ _("Meetings") }} · {{ label("meeting_status", "held") }}'
    with app.test_request_context():
        latvian = render_template_string(template)
        with force_locale("en"):
            assert locale_name() == "en"
            assert render_template_string(template) == "Meetings · Held"
            assert label("meeting_status", "held") == "Held"
        assert locale_name() == "lv"
        assert render_template_string(template) == latvian
    assert latvian == f"{lv('Meetings')} · {lv('Held')}"

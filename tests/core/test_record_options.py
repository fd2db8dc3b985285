"""A filter's select lists records by name, escaped, with the chosen one still chosen."""

from types import SimpleNamespace

from secretariat.core.web import record_options


class _Body(SimpleNamespace):
    def __str__(self):
        return self.short


def test_options_show_names_escaped_and_keep_the_filter_chosen():
    organisations = [
        SimpleNamespace(id=3, name="Biedrība <Zaļā upe>"),
        SimpleNamespace(id=12, name="Fonds “Ķekava” & Co"),
    ]
    html = str(record_options(organisations, 12, "name"))
    assert html == (
        '<option value="3">Biedrība &lt;Zaļā upe&gt;</option>'
        '<option value="12" selected>Fonds “Ķekava” &amp; Co</option>'
    )
    assert " selected" not in str(record_options(organisations, None, "name"))


def test_records_without_a_text_attribute_are_shown_as_themselves():
    bodies = [_Body(id=1, short="Memoranda padome"), _Body(id=2, short="Darba grupa")]
    assert str(record_options(bodies, 1)) == (
        '<option value="1" selected>Memoranda padome</option><option value="2">Darba grupa</option>'
    )

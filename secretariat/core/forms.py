"""Form building blocks: a base form whose built-in messages speak Latvian,
and fields for Latvian dates and times."""

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import HiddenField, PasswordField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, StopValidation, ValidationError
from wtforms.widgets import TextInput

from . import i18n
from .dates import form_date, parse_date, parse_time
from .numbers import format_money, format_quantity, parse_amount

#: what a Numeric(12, 2) column holds
MAX_AMOUNT = Decimal("10000000000")


def N_(message: str) -> str:  # noqa: N802 - marks a string for extraction only
    return message


# WTForms' own messages, marked so the catalogues carry their Latvian text.
WTFORMS_MESSAGES = (
    N_("This field is required."),
    N_("Not a valid choice."),
    N_("Invalid input."),
    N_("Not a valid integer value."),
    N_("Number must be at least %(min)s."),
    N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Invalid email address."),
    N_("Invalid URL."),
    N_("Invalid Choice: could not coerce."),
)


class _BabelTranslations:
    """Routes WTForms' gettext calls into the app's own catalogues. WTForms fills the
    placeholders itself (`'%(value)s' is not a valid choice`), so the text comes back as
    the catalogue has it (Flask-Babel's own ngettext would fill them, with `num` only)."""

    def gettext(self, string):
        return i18n.gettext(string)

    def ngettext(self, singular, plural, n):
        return i18n.ngettext(singular, plural, n)


_LINE_BREAKS = re.compile(r"[\r\n\t]+")
#: what a multi-line field may hold besides printable text
_MULTI_LINE = "\n\r\t"
CONTROL_CHARACTERS = _l(
    "The text contains invisible control characters; remove them and type it again."
)


def _clean_text(value):
    """Text fields never hold None; a one-line field gets line breaks and tabs (pasted from
    elsewhere) as spaces, and loses stray spaces around the text."""
    if value is None:
        return ""
    return _LINE_BREAKS.sub(" ", value).strip() if isinstance(value, str) else value


def _keep_text(value):
    return "" if value is None else value


def _no_control_characters(allowed: str = ""):
    """Validator: NUL and the other control characters are refused at the field (a
    database refuses some of them, and none of them is text a person meant)."""

    def check(form, field):
        if isinstance(field.data, str) and any(
            unicodedata.category(ch) == "Cc" and ch not in allowed for ch in field.data
        ):
            raise StopValidation(CONTROL_CHARACTERS)  # before any check that reads the database

    return check


def _text_check(field):
    if isinstance(field, TextAreaField):
        return _no_control_characters(_MULTI_LINE)
    if isinstance(field, StringField) and not isinstance(field, PasswordField):
        return _no_control_characters()
    return None  # choices, numbers and dates are checked by what they accept


class BaseForm(FlaskForm):
    """Every form of the app: Latvian messages, and text fields cleaned and checked in one
    place (no control characters; line breaks only where a field has lines)."""

    class Meta(FlaskForm.Meta):
        def get_translations(self, form):
            return _BabelTranslations()

        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            own = list(unbound_field.kwargs.get("filters", ()))
            if issubclass(field_class, TextAreaField):
                options["filters"] = [_keep_text, *own]
            elif issubclass(field_class, StringField) and not issubclass(
                field_class, LvDateField | LvTimeField | AmountField | PasswordField
            ):
                options["filters"] = [_clean_text, *own]
            return super().bind_field(form, unbound_field, options)

        def render_field(self, field, render_kw):
            # a hidden input needs no id (no label points at it), and a page with a form
            # per row would repeat one (id="csrf_token" twenty times is invalid HTML)
            if field.type in ("CSRFTokenField", "HiddenField"):
                render_kw = {"id": False, **render_kw}
            return super().render_field(field, render_kw)

    def validate(self, extra_validators=None):
        # the text check comes before the form's own validate_<field> checks, which WTForms
        # runs after these
        extra = {name: list(checks) for name, checks in (extra_validators or {}).items()}
        for name, field in self._fields.items():
            if check := _text_check(field):
                extra.setdefault(name, []).append(check)
        return super().validate(extra_validators=extra)


class VersionedForm(BaseForm):
    """A form for a record that two people may edit at once."""

    version = HiddenField()


def text_limit(maximum: int) -> Length:
    return Length(
        max=maximum,
        message=_l("At most %(max)d characters, please shorten the text.", max=maximum),
    )


def strip(value):
    return value.strip() if isinstance(value, str) else value


class LvDateInput(TextInput):
    """A text input that takes the date as people write it (03.09.2025.), with the browser's
    own calendar beside it. A date input cannot be the field itself: browsers show and send
    it only as they choose (yyyy-mm-dd), and refuse "03.09.2025." typed in. So the calendar
    is a second input without a name (never sent), hidden until the page script shows it and
    copies the picked day into the field as dd.mm.yyyy."""

    def __call__(self, field, **kwargs):
        text = super().__call__(field, **kwargs)
        picker = Markup(
            '<input type="date" class="date-picker" data-date-for="{id}" hidden '
            'aria-label="{label}">'
        ).format(
            id=field.id, label=gettext("%(field)s: pick on the calendar", field=field.label.text)
        )
        return Markup('<span class="date-input">') + text + picker + Markup("</span>")


class LvDateField(StringField):
    """A date typed the Latvian way (03.09.2025.); ISO dates are accepted too, and the
    browser's calendar fills it in (LvDateInput)."""

    widget = LvDateInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault(
            "render_kw",
            {"placeholder": "dd.mm.gggg.", "inputmode": "numeric", "autocomplete": "off"},
        )
        kwargs.setdefault("filters", [strip])
        super().__init__(label, validators, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return form_date(self.data) if isinstance(self.data, dt.date) else ""

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0].strip():
            try:
                self.data = parse_date(valuelist[0])
            except ValueError:
                self.data = None
                raise ValueError(
                    gettext("Not a real date: write it as day.month.year, e.g. 03.09.2025.")
                ) from None

    def pre_validate(self, form):
        _keep_parse_error(self)


class LvTimeField(StringField):
    """A time of day typed as 10:00 (or 10.00)."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"placeholder": "hh:mm", "inputmode": "numeric"})
        super().__init__(label, validators, **kwargs)

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%H:%M") if isinstance(self.data, dt.time) else ""

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0].strip():
            try:
                self.data = parse_time(valuelist[0])
            except ValueError:
                raise ValueError(gettext("Not a time of day: write it as 10:00.")) from None

    def pre_validate(self, form):
        _keep_parse_error(self)


def _keep_parse_error(field) -> None:
    """What was typed could not be read: say so, rather than "this field is required"."""
    if field.process_errors:
        raise StopValidation()


class MarkdownField(TextAreaField):
    """Longer text; kept as typed."""


def not_before(other_field_name: str, message):
    """Validator: this date/time must not come before another field's."""

    def check(form, field):
        other = form[other_field_name].data
        if field.data is not None and other is not None and field.data < other:
            raise ValidationError(message)

    return check


def options(pairs) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def record_id(value) -> int:
    """A record select's value (`coerce=record_id`): its id, or 0 for the empty option."""
    return 0 if value in ("", None) else int(value)


def id_choices(rows, empty_label=None) -> list[SelectChoice]:
    """Options for a select of records (`coerce=record_id`). With `empty_label`, the first
    one stands for "none" (0 in the form's data) and is written with an empty value, as
    HTML wants a required select's placeholder (a required select must then be chosen)."""
    first = [("", str(empty_label))] if empty_label is not None else []
    return options(first + [(row.id, str(row)) for row in rows])


def id_or_none(value: int | None) -> int | None:
    return value or None


class AmountField(StringField):
    """An amount typed the Latvian way (16 000,00) or pasted from a spreadsheet (16000.00),
    read into a Decimal with at most two decimal places; empty is None. With
    `money=False` it is a quantity (an indicator's 50 or 1,5), shown without ",00"."""

    def __init__(self, label=None, validators=None, money: bool = True, **kwargs):
        kwargs.setdefault(
            "render_kw", {"inputmode": "decimal", "placeholder": "0,00" if money else "0"}
        )
        kwargs.setdefault("filters", [strip])
        super().__init__(label, validators, **kwargs)
        self.money = money

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return (format_money if self.money else format_quantity)(self.data)

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and valuelist[0].strip():
            try:
                self.data = parse_amount(valuelist[0])
            except ValueError:
                raise ValueError(
                    gettext("Not an amount: write it as 16 000,00 (at most two decimal places).")
                ) from None
            if self.data is not None and self.data < 0:
                self.data = None
                raise ValueError(gettext("An amount cannot be negative."))
            if self.data is not None and abs(self.data) >= MAX_AMOUNT:
                self.data = None
                raise ValueError(gettext("The amount is too large."))

    def pre_validate(self, form):
        _keep_parse_error(self)

import re

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import URL, DataRequired, NumberRange, Optional, ValidationError

from ..core.dates import today_in_riga
from ..core.forms import BaseForm, LvDateField, VersionedForm, options, text_limit
from ..core.labels import REGIONS, choices
from ..core.uploads import extension
from .models import ORGANISATION_KINDS, ORGANISATION_STATUSES
from .services import lines_text
from .tabular import SKIP_UNREADABLE_LABEL

FIRST_REPORT_YEAR = 1990
#: a phone as people write it: digits, spaces, brackets, dots, dashes, a leading +
_PHONE = re.compile(r"\(?\+?[\d\s().\-/]+")
_PHONE_DIGITS = 3  # short service numbers (112, 8898) are phones too


def report_year_in_range(form, field):
    """From 1990 to this year, the year of the request (not of the server's start)."""
    if field.data is not None:
        NumberRange(min=FIRST_REPORT_YEAR, max=today_in_riga().year)(form, field)


def email_lines(form, field):
    """Every e-mail typed (one per line, or separated by commas) is an address; domains may
    carry Latvian letters (augšdaugavasnovads.lv)."""
    for line in lines_text(field.data or "").splitlines():
        try:
            validate_email(line, check_deliverability=False)
        except EmailNotValidError:
            raise ValidationError(
                gettext("“%(value)s” is not an e-mail address.", value=line)
            ) from None


def phone_lines(form, field):
    for line in lines_text(field.data or "").splitlines():
        digits = sum(ch.isdigit() for ch in line)
        if not _PHONE.fullmatch(line) or digits < _PHONE_DIGITS:
            raise ValidationError(
                gettext(
                    "“%(value)s” is not a phone number: write digits, with + and the country "
                    "code in front if it is not Latvian.",
                    value=line,
                )
            )


class UploadForm(BaseForm):
    file = FileField(
        _l("File"),
        validators=[FileRequired(_l("Choose a file."))],
        description=_l("CSV (UTF-8), TSV or XLSX; the header row may be in Latvian or English."),
    )

    def validate_file(self, field):
        if field.data and extension(field.data.filename) is None:
            raise ValidationError(_l("Only .csv, .tsv, .txt or .xlsx files can be imported."))


class CommitForm(BaseForm):
    token = HiddenField(validators=[DataRequired()])
    region = HiddenField()
    skip_unreadable = BooleanField(SKIP_UNREADABLE_LABEL)


class ProposalForm(BaseForm):
    website = StringField(
        _l("Website"),
        validators=[Optional(), URL(message=_l("Not a web address.")), text_limit(300)],
    )
    emails = TextAreaField(
        _l("E-mails"), validators=[text_limit(2000), email_lines], description=_l("One per line")
    )
    phones = TextAreaField(
        _l("Phones"), validators=[text_limit(2000), phone_lines], description=_l("One per line")
    )
    last_annual_report_year = IntegerField(
        _l("Last annual report (year)"),
        validators=[Optional(), report_year_in_range],
    )
    note = TextAreaField(_l("Note for the secretariat"), validators=[text_limit(2000)])


class OrganisationForm(VersionedForm):
    name = StringField(_l("Name"), validators=[DataRequired(), text_limit(300)])
    registration_number = StringField(
        _l("Registration number"),
        validators=[Optional(), text_limit(11)],
        description=_l("11 digits"),
    )
    kind = SelectField(_l("Kind"), choices=choices("organisation_kind", ORGANISATION_KINDS))
    legal_form = StringField(_l("Legal form"), validators=[text_limit(100)])
    region = SelectField(_l("Region"), choices=options([("", "—")] + [(r, r) for r in REGIONS]))
    territory = StringField(_l("Territory"), validators=[text_limit(200)])
    fields_of_activity = TextAreaField(_l("Field of activity"), validators=[text_limit(5000)])
    website = StringField(
        _l("Website"),
        validators=[Optional(), URL(message=_l("Not a web address.")), text_limit(300)],
    )
    emails = TextAreaField(
        _l("E-mails"), validators=[text_limit(2000), email_lines], description=_l("One per line")
    )
    phones = TextAreaField(
        _l("Phones"), validators=[text_limit(2000), phone_lines], description=_l("One per line")
    )
    other_contacts = TextAreaField(
        _l("Other contacts"),
        validators=[text_limit(2000)],
        description=_l("More web addresses, short numbers and the like, one per line"),
    )
    memorandum_signed_on = LvDateField(_l("Memorandum signed"), validators=[Optional()])
    status = SelectField(
        _l("Status"), choices=choices("organisation_status", ORGANISATION_STATUSES)
    )
    status_on = LvDateField(
        _l("Status since"),
        validators=[Optional()],
        description=_l("When the status changed, if it does"),
    )
    last_annual_report_year = IntegerField(
        _l("Last annual report (year)"),
        validators=[Optional(), report_year_in_range],
    )

    def validate_registration_number(self, field):
        if field.data and not (field.data.isdigit() and len(field.data) == 11):
            raise ValidationError(_l("A registration number is 11 digits."))

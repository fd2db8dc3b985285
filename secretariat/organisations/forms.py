import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, NumberRange, Optional, ValidationError

from ..core.forms import BaseForm, LvDateField, VersionedForm, options, text_limit
from ..core.labels import REGIONS, choices
from ..core.uploads import extension
from .models import ORGANISATION_KINDS, ORGANISATION_STATUSES


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


class ProposalForm(BaseForm):
    website = StringField(
        _l("Website"),
        validators=[Optional(), URL(message=_l("Not a web address.")), text_limit(300)],
    )
    emails = TextAreaField(
        _l("E-mails"), validators=[text_limit(2000)], description=_l("One per line")
    )
    phones = TextAreaField(
        _l("Phones"), validators=[text_limit(2000)], description=_l("One per line")
    )
    last_annual_report_year = IntegerField(
        _l("Last annual report (year)"),
        validators=[Optional(), NumberRange(min=1990, max=dt.date.today().year)],
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
        _l("E-mails"), validators=[text_limit(2000)], description=_l("One per line")
    )
    phones = TextAreaField(
        _l("Phones"), validators=[text_limit(2000)], description=_l("One per line")
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
        validators=[Optional(), NumberRange(min=1990, max=dt.date.today().year)],
    )

    def validate_registration_number(self, field):
        if field.data and not (field.data.isdigit() and len(field.data) == 11):
            raise ValidationError(_l("A registration number is 11 digits."))

import datetime as dt

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, NumberRange, Optional, ValidationError

from ..core.forms import BaseForm, text_limit
from ..core.uploads import extension


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

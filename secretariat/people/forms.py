from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, ValidationError

from ..core.args import MAX_ID
from ..core.forms import BaseForm, VersionedForm, record_id, text_limit
from ..core.labels import choices
from ..organisations.forms import email_lines, phone_lines
from .models import PERSON_KINDS


class PersonForm(VersionedForm):
    name = StringField(_l("Name and surname"), validators=[DataRequired(), text_limit(200)])
    title = StringField(_l("Title or position"), validators=[text_limit(300)])
    kind = SelectField(
        _l("Person's role"), choices=choices("person_kind", PERSON_KINDS), default="other"
    )
    organisation_id = SelectField(_l("Organisation"), coerce=record_id)
    institution = StringField(
        _l("Institution"),
        validators=[text_limit(300)],
        description=_l("When it is not an organisation of the register"),
    )
    emails = TextAreaField(
        _l("E-mails"),
        validators=[text_limit(2000), email_lines],
        description=_l("One per line; invitations go to the first"),
    )
    phones = TextAreaField(
        _l("Phones"), validators=[text_limit(2000), phone_lines], description=_l("One per line")
    )
    notes = TextAreaField(_l("Notes"), validators=[text_limit(5000)])


class MergeForm(BaseForm):
    other_id = HiddenField(validators=[DataRequired()])

    def validate_other_id(self, field):
        if not str(field.data).isdigit() or not 0 < int(field.data) <= MAX_ID:
            raise ValidationError(_l("Choose the record to merge."))

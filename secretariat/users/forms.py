from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Optional, ValidationError

from ..auth.models import ROLES
from ..core.forms import BaseForm, record_id, text_limit
from ..core.labels import choices

_EMAIL = [DataRequired(), Email(message=_l("Not an e-mail address.")), text_limit(254)]


class AccountForm(BaseForm):
    name = StringField(_l("Name"), validators=[text_limit(200)])
    role = SelectField(_l("Role"), choices=choices("role", ROLES), default="staff")
    organisation_id = SelectField(
        _l("Organisation"), coerce=record_id, description=_l("For signatory organisations' users")
    )
    person_id = SelectField(
        _l("Person"), coerce=record_id, description=_l("Their record in the directory of people")
    )

    def validate_organisation_id(self, field):
        if self.role.data == "signatory" and not field.data:
            raise ValidationError(_l("A signatory's account belongs to an organisation."))


class InviteForm(AccountForm):
    email = EmailField(_l("E-mail"), validators=_EMAIL)


class SignatoryInviteForm(BaseForm):
    person_id = SelectField(_l("Contact person"), coerce=record_id)
    name = StringField(_l("…or a new contact person"), validators=[text_limit(200)])
    email = EmailField(
        _l("E-mail"),
        validators=[Optional(), Email(message=_l("Not an e-mail address.")), text_limit(254)],
        description=_l("Where the invitation goes (else the contact person's first e-mail)"),
    )

    def validate_person_id(self, field):
        if bool(field.data) == bool(self.name.data):
            raise ValidationError(_l("Choose a person or type a new name."))


class ForgotPasswordForm(BaseForm):
    email = EmailField(_l("E-mail"), validators=_EMAIL)

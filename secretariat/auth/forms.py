from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField
from wtforms.validators import DataRequired

from ..core.forms import BaseForm, text_limit


class LoginForm(BaseForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), text_limit(254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), text_limit(200)])
    next = HiddenField()


class LanguageForm(BaseForm):
    lang = HiddenField(validators=[DataRequired()])
    next = HiddenField()

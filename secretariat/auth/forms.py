from flask_babel import lazy_gettext as _l
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo

from ..core.forms import BaseForm, options, text_limit
from .passwords import MAX_LENGTH, MIN_LENGTH


class LoginForm(BaseForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), text_limit(254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), text_limit(200)])
    next = HiddenField()


class LanguageForm(BaseForm):
    lang = HiddenField(validators=[DataRequired()])
    next = HiddenField()


class CodeForm(BaseForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), text_limit(40)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
        description=_l("The six digits your authenticator app shows now, or a recovery code"),
    )


class EnrolForm(BaseForm):
    code = StringField(
        _l("Code from the app"),
        validators=[DataRequired(), text_limit(20)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )


class NewPasswordForm(BaseForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), text_limit(MAX_LENGTH)],
        render_kw={"autocomplete": "new-password"},
        description=_l(
            "At least %(n)s characters; a few plain words are a good password. The most "
            "common passwords are refused.",
            n=MIN_LENGTH,
        ),
    )
    password_again = PasswordField(
        _l("The new password again"),
        validators=[
            DataRequired(),
            EqualTo("password", message=_l("The two passwords differ.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class SetPasswordForm(NewPasswordForm):
    token = StringField(
        _l("Code from the e-mail"),
        validators=[DataRequired(), text_limit(100)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
        description=_l("Filled in when you open the link; else copy it from the e-mail"),
    )


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(), text_limit(MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )


class ConfirmPasswordForm(BaseForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(), text_limit(MAX_LENGTH)],
        render_kw={"autocomplete": "current-password"},
    )


class ApiTokenForm(BaseForm):
    name = StringField(
        _l("What it is for"),
        validators=[DataRequired(), text_limit(100)],
        description=_l("e.g. “meetings into our intranet”"),
    )
    days = SelectField(
        _l("Valid for"),
        choices=options(
            [
                ("30", _l("30 days")),
                ("90", _l("90 days")),
                ("365", _l("a year")),
                ("0", _l("until revoked")),
            ]
        ),
        default="90",
    )

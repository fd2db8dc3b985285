from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import URL, DataRequired, Optional, ValidationError

from ..auth.permissions import VISIBILITIES
from ..core.forms import (
    BaseForm,
    LvDateField,
    LvTimeField,
    MarkdownField,
    VersionedForm,
    options,
    record_id,
    text_limit,
)
from ..core.labels import choices
from .models import CALL_KINDS, CALL_STATUSES, COMMUNICATION_KINDS
from .months import BadMonth, parse_month

#: an update is read by signatories or everyone; members-only and internal notes are not updates
UPDATE_VISIBILITIES = ("signatories", "public", "members", "internal")
MARKDOWN_HELP = _l("Markdown: **bold**, *italic*, - lists, [text](https://…) links.")


def _web_address():
    return [Optional(), URL(message=_l("Not a web address.")), text_limit(500)]


class NewUpdateForm(BaseForm):
    month = StringField(
        _l("Month"),
        validators=[DataRequired()],
        description=_l("Year and month, e.g. 2025-09"),
        render_kw={"placeholder": "gggg-mm", "inputmode": "numeric"},
    )
    body_id = SelectField(_l("Body"), coerce=record_id)
    visibility = SelectField(
        _l("Who can read it"),
        choices=choices("visibility", UPDATE_VISIBILITIES),
        default="signatories",
        description=_l("The draft holds only what these readers may see."),
    )

    def validate_month(self, field):
        try:
            self.first_day = parse_month(field.data)
        except BadMonth as error:
            raise ValidationError(error.message) from None


class UpdateForm(VersionedForm):
    title = StringField(_l("Title"), validators=[DataRequired(), text_limit(300)])
    body_id = SelectField(_l("Body"), coerce=record_id)
    visibility = SelectField(
        _l("Who can read it"), choices=choices("visibility", UPDATE_VISIBILITIES)
    )
    text = MarkdownField(
        _l("Text"),
        validators=[text_limit(50000)],
        description=MARKDOWN_HELP,
        render_kw={"rows": 30},
    )


class CallForm(VersionedForm):
    kind = SelectField(_l("Kind"), choices=choices("call_kind", CALL_KINDS))
    title = StringField(_l("Title"), validators=[DataRequired(), text_limit(300)])
    deadline_on = LvDateField(_l("Deadline"), validators=[DataRequired()])
    deadline_time = LvTimeField(
        _l("Deadline time"), validators=[Optional()], description=_l("Empty: the end of the day")
    )
    body_id = SelectField(_l("Working group it serves"), coerce=record_id)
    link_url = StringField(_l("Link"), validators=_web_address())
    status = SelectField(
        _l("Status"),
        choices=choices("call_status", CALL_STATUSES),
        description=_l("A call closes by itself when its deadline passes; close it here earlier."),
    )
    visibility = SelectField(
        _l("Who can see it"), choices=choices("visibility", VISIBILITIES), default="signatories"
    )
    description = MarkdownField(
        _l("Description"), validators=[text_limit(20000)], description=MARKDOWN_HELP
    )


class CommunicationItemForm(BaseForm):
    kind = SelectField(_l("Kind"), choices=choices("communication_kind", COMMUNICATION_KINDS))
    title = StringField(_l("Title"), validators=[DataRequired(), text_limit(300)])
    url = StringField(
        _l("Link"),
        validators=[DataRequired(), URL(message=_l("Not a web address.")), text_limit(500)],
    )
    published_on = LvDateField(_l("Published on"), validators=[DataRequired()])
    decision_id = SelectField(_l("About the decision"), coerce=record_id)
    visibility = SelectField(
        _l("Who can see it"), choices=choices("visibility", VISIBILITIES), default="public"
    )


class RsvpForm(BaseForm):
    attending = SelectField(
        _l("Will your organisation attend?"),
        choices=options([("yes", _l("Yes")), ("no", _l("No"))]),
        validators=[DataRequired()],
    )

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional, ValidationError

from ..core.forms import BaseForm, LvDateField, VersionedForm, options, record_id, text_limit
from ..core.labels import choices
from .models import ACTION_STATUSES, CONCLUSION_KINDS


class ConclusionForm(VersionedForm):
    kind = SelectField(_l("Kind"), choices=choices("conclusion_kind", CONCLUSION_KINDS))
    text = TextAreaField(_l("Conclusion"), validators=[DataRequired(), text_limit(5000)])
    breakout_id = SelectField(_l("From breakout group"), coerce=record_id)


class NewConclusionForm(ConclusionForm):
    """A conclusion and, if it needs one, its follow-up action: one submit."""

    action_title = StringField(_l("Follow-up action"), validators=[text_limit(500)])
    action_owner_person_id = SelectField(_l("Owner (person)"), coerce=record_id, default=0)
    action_due_on = LvDateField(_l("Due date"), validators=[Optional()])

    def validate_action_title(self, field):
        if not field.data and (self.action_owner_person_id.data or self.action_due_on.data):
            raise ValidationError(_l("Say what is to be done, or leave the action empty."))

    def validate_action_owner_person_id(self, field):
        if self.action_title.data and not field.data:
            raise ValidationError(_l("Who is to do it?"))


class ActionForm(VersionedForm):
    title = StringField(_l("Action"), validators=[DataRequired(), text_limit(500)])
    description = TextAreaField(_l("Details"), validators=[text_limit(20000)])
    owner_person_id = SelectField(_l("Owner (person)"), coerce=record_id)
    owner_organisation_id = SelectField(_l("Owner (institution or organisation)"), coerce=record_id)
    due_on = LvDateField(_l("Due date"), validators=[Optional()])
    status = SelectField(_l("Status"), choices=choices("action_status", ACTION_STATUSES))

    def validate_owner_person_id(self, field):
        if not field.data and not self.owner_organisation_id.data:
            raise ValidationError(_l("Name the person or the institution responsible."))


class ProgressNoteForm(BaseForm):
    text = TextAreaField(_l("Progress note"), validators=[DataRequired(), text_limit(5000)])
    status_to = SelectField(
        _l("Change status to"),
        choices=options([("", _l("Keep the status"))]) + choices("action_status", ACTION_STATUSES),
        validators=[Optional()],
    )

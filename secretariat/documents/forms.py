from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional, ValidationError

from ..auth.permissions import VISIBILITIES
from ..core.forms import (
    BaseForm,
    LvTimeField,
    MarkdownField,
    VersionedForm,
    record_id,
    text_limit,
)
from ..core.labels import choices

MINUTES_TEXT_LIMIT = 200_000


def discussion_field_name(agenda_item_id: int) -> str:
    return f"discussion-{agenda_item_id}"


def minutes_form(agenda_items, data=None, **kwargs):
    """The minutes' text: an introduction and what was discussed under each agenda item."""

    class MinutesForm(VersionedForm):
        chaired_by = StringField(_l("Chaired by"), validators=[text_limit(200)])
        recorded_by = StringField(_l("Minutes taken by"), validators=[text_limit(200)])
        closing_time = LvTimeField(
            _l("Meeting closed at"),
            validators=[Optional()],
            description=_l("The minutes end with it, e.g. 12:05"),
        )
        visibility = SelectField(
            _l("Who can read them once approved"),
            choices=choices("visibility", VISIBILITIES),
            description=_l(
                "Drafts are seen by the secretariat only; circulated minutes by council members."
            ),
        )
        introduction = MarkdownField(
            _l("Opening"),
            validators=[text_limit(MINUTES_TEXT_LIMIT)],
            description=_l("Markdown: **bold**, *italic*, lists with - or 1."),
        )

    for item in agenda_items:
        setattr(
            MinutesForm,
            discussion_field_name(item.id),
            MarkdownField(
                f"{item.position}.§ {item.title}", validators=[text_limit(MINUTES_TEXT_LIMIT)]
            ),
        )
    return MinutesForm(data=data, **kwargs)


class ApprovalForm(BaseForm):
    """Approval by a decision already recorded, or by one recorded here at a held meeting."""

    decision_id = SelectField(_l("Approving decision"), coerce=record_id, default=0)
    meeting_id = SelectField(_l("…or record it at the meeting"), coerce=record_id, default=0)
    number = StringField(_l("Decision number"), validators=[text_limit(30)])
    title = StringField(_l("Decision title"), validators=[text_limit(500)])

    def validate_decision_id(self, field):
        if not field.data and not self.meeting_id.data:
            raise ValidationError(
                _l("Choose the approving decision, or the meeting where it was taken.")
            )

    def validate_title(self, field):
        if not self.decision_id.data and self.meeting_id.data and not field.data:
            raise ValidationError(_l("Give the decision's title."))


class AmendmentForm(BaseForm):
    text = TextAreaField(
        _l("Correction"),
        validators=[DataRequired(), text_limit(20_000)],
        description=_l("What is corrected, and how it reads now."),
    )
    decision_id = SelectField(_l("Decided by"), coerce=record_id)


class AttachmentForm(BaseForm):
    file = FileField(_l("File"))
    title = StringField(_l("Title"), validators=[text_limit(300)])
    owner = SelectField(_l("Belongs to"))
    visibility = SelectField(
        _l("Who can download it"),
        choices=choices("visibility", VISIBILITIES),
        default="internal",
        description=_l("Files seen beyond the secretariat are listed as annexes of the minutes."),
    )


class AttachmentEditForm(BaseForm):
    title = StringField(_l("Title"), validators=[text_limit(300)])
    visibility = SelectField(_l("Who can download it"), choices=choices("visibility", VISIBILITIES))

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, NumberRange, Optional, ValidationError

from ..auth.permissions import VISIBILITIES
from ..core.dates import riga_to_utc
from ..core.forms import (
    BaseForm,
    LvDateField,
    LvTimeField,
    VersionedForm,
    options,
    record_id,
    text_limit,
)
from ..core.labels import REGIONS, choices
from .models import ATTENDANCE_MODES, MEETING_KINDS, MEETING_STATUSES
from .services import protocol_number_taken


class MeetingForm(VersionedForm):
    body_id = SelectField(_l("Body"), coerce=record_id, validators=[DataRequired()])
    kind = SelectField(_l("Kind"), choices=choices("meeting_kind", MEETING_KINDS))
    title = StringField(_l("Title"), validators=[DataRequired(), text_limit(300)])
    number = StringField(
        _l("Protocol number"), validators=[text_limit(20)], description=_l("e.g. 9 or 2025/9")
    )
    date = LvDateField(_l("Date"), validators=[DataRequired()])
    start_time = LvTimeField(_l("Starts at"), validators=[DataRequired()])
    end_date = LvDateField(
        _l("End date"), validators=[Optional()], description=_l("Only if it ends on another day")
    )
    end_time = LvTimeField(_l("Ends at"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[text_limit(300)])
    online_url = StringField(
        _l("Online link"),
        validators=[Optional(), URL(message=_l("Not a web address.")), text_limit(500)],
    )
    region = SelectField(_l("Region"), choices=options([("", "—")] + [(r, r) for r in REGIONS]))
    host_organisation_id = SelectField(_l("Host or partner organisation"), coerce=record_id)
    status = SelectField(_l("Status"), choices=choices("meeting_status", MEETING_STATUSES))
    participants_count = IntegerField(
        _l("Number of participants"), validators=[Optional(), NumberRange(min=0, max=100000)]
    )
    visibility = SelectField(
        _l("Who can see it"), choices=choices("visibility", VISIBILITIES), default="internal"
    )
    description = TextAreaField(_l("Description"), validators=[text_limit(20000)])

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def validate_number(self, field):
        taken = protocol_number_taken(
            self.body_id.data,
            self.date.data,
            field.data,
            self.meeting.id if self.meeting is not None else None,
        )
        if taken is not None:
            raise ValidationError(
                _l(
                    "Protocol No. %(n)s is already used this year by “%(title)s” (%(day)s).",
                    n=field.data,
                    title=taken.title,
                    day=taken.local_start.strftime("%d.%m.%Y."),
                )
            )

    def validate_end_time(self, field):
        if self.start_time.data is None or self.date.data is None:
            return
        ends_at = self.ends_at()
        if ends_at is not None and ends_at < self.starts_at():
            raise ValidationError(_l("The meeting cannot end before it starts."))

    def validate_end_date(self, field):
        if field.data and self.date.data and field.data < self.date.data:
            raise ValidationError(_l("The end date cannot be before the start date."))
        if field.data and not self.end_time.data:
            raise ValidationError(_l("Give the time it ends as well."))

    def starts_at(self):
        return riga_to_utc(self.date.data, self.start_time.data)

    def ends_at(self):
        if self.end_time.data is None:
            return None
        return riga_to_utc(self.end_date.data or self.date.data, self.end_time.data)


class AgendaItemForm(VersionedForm):
    title = StringField(_l("Agenda item"), validators=[DataRequired(), text_limit(500)])
    presenter = StringField(_l("Presenter"), validators=[text_limit(300)])
    duration_minutes = IntegerField(
        _l("Duration (minutes)"), validators=[Optional(), NumberRange(min=1, max=600)]
    )
    notes = TextAreaField(_l("Notes"), validators=[text_limit(20000)])


class AttendanceForm(BaseForm):
    person_id = SelectField(_l("Person"), coerce=record_id)
    new_person_name = StringField(
        _l("…or a new person"), validators=[text_limit(200)], description=_l("Name and surname")
    )
    representing_id = SelectField(_l("Representing"), coerce=record_id)
    mode = SelectField(_l("Took part"), choices=choices("attendance_mode", ATTENDANCE_MODES))
    delegate_for_id = SelectField(_l("Standing in for"), coerce=record_id)
    note = StringField(_l("Note"), validators=[text_limit(300)])

    def validate_person_id(self, field):
        if not field.data and not (self.new_person_name.data or "").strip():
            raise ValidationError(_l("Choose a person or type a new name."))
        if field.data and (self.new_person_name.data or "").strip():
            raise ValidationError(_l("Choose a person or type a new name, not both."))

    def validate_delegate_for_id(self, field):
        if self.mode.data == "delegate" and not field.data:
            raise ValidationError(_l("Say whom the delegated expert stands in for."))
        if field.data and field.data == self.person_id.data:
            raise ValidationError(_l("A person cannot stand in for themselves."))


class BreakoutForm(VersionedForm):
    topic = StringField(_l("Topic"), validators=[DataRequired(), text_limit(500)])
    facilitator = StringField(_l("Facilitator"), validators=[text_limit(300)])
    participants_count = IntegerField(
        _l("Participants"), validators=[Optional(), NumberRange(min=0, max=10000)]
    )
    summary = TextAreaField(_l("Summary"), validators=[text_limit(20000)])

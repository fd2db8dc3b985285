import re

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, NumberRange, Optional, ValidationError

from ..auth.permissions import VISIBILITIES
from ..core.dates import riga_to_utc
from ..core.forms import (
    LvDateField,
    LvTimeField,
    VersionedForm,
    options,
    record_id,
    text_limit,
)
from ..core.labels import REGIONS, choices
from ..core.types import utcnow
from .models import ATTENDANCE_MODES, MEETING_KINDS, MEETING_STATUSES
from .services import protocol_number_taken

#: "1. ", "2) " or "3.§ " typed before an agenda item
ITEM_NUMBER = re.compile(r"^\s*\d{1,2}\s*(?:\.§|[.)])\s+")


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
    #: only when the meeting is created: its agenda items, one per line
    agenda = TextAreaField(
        _l("Agenda"),
        validators=[text_limit(20000)],
        description=_l("One item per line; more can be added, moved and edited later."),
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def agenda_items(self) -> list[str]:
        """The agenda typed when creating the meeting, without numbers typed before items."""
        items = []
        for line in (self.agenda.data or "").splitlines():
            title = ITEM_NUMBER.sub("", line).strip()
            if title:
                items.append(title[:500])
        return items

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

    def validate_status(self, field):
        if field.data != "held" or self.date.data is None or self.start_time.data is None:
            return
        if self.starts_at() > utcnow():
            raise ValidationError(
                _l("A meeting cannot be held before it starts: keep it planned until then.")
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


#: empty lines for guests at the foot of the attendance sheet
GUEST_LINES = 3
GUEST_MODES = tuple(mode for mode in ATTENDANCE_MODES if mode != "delegate")


def sheet_field(kind: str, key) -> str:
    """The name of one field of the attendance sheet: `mode-12`, `guest-0-name` …"""
    return f"{kind}-{key}"


def attendance_sheet_form(rows, label_of, organisation_named, **kwargs):
    """The attendance sheet as one form: for each row (meetings.queries.SheetRow) how the
    person took part, the delegated expert who replaced a member, a note; then a few lines
    for guests, picked from the people directory or typed by name. `label_of` gives a
    person's name as the sheet offers it; `organisation_named` finds an organisation by
    name (or None)."""
    not_listed = [("", _l("— not on the list"))]

    class AttendanceSheetForm(VersionedForm):
        def validate(self, extra_validators=None):
            valid = super().validate(extra_validators)
            for row in rows:
                if not row.is_member:
                    continue
                mode, expert = (
                    self[sheet_field("mode", row.person.id)],
                    self[sheet_field("delegate", row.person.id)],
                )
                if mode.data == "delegate" and not expert.data:
                    expert.errors.append(_l("Say who stands in for this member."))
                    valid = False
            for line in range(GUEST_LINES):
                name = self[sheet_field("guest", f"{line}-name")]
                organisation = self[sheet_field("guest", f"{line}-organisation")]
                if organisation.data and not name.data:
                    name.errors.append(_l("Give the guest's name."))
                    valid = False
                if organisation.data and organisation_named(organisation.data) is None:
                    organisation.errors.append(
                        _l("No organisation of this name in the register: pick one from the list.")
                    )
                    valid = False
            return valid

    for row in rows:
        key = row.person.id
        modes = ATTENDANCE_MODES if row.is_member or row.mode == "delegate" else GUEST_MODES
        setattr(
            AttendanceSheetForm,
            sheet_field("mode", key),
            SelectField(
                row.person.name,
                choices=options(not_listed) + choices("attendance_mode", modes),
                default=row.mode,
            ),
        )
        if row.is_member:
            setattr(
                AttendanceSheetForm,
                sheet_field("delegate", key),
                StringField(
                    _l("Delegated expert"),
                    default=label_of(row.delegate) if row.delegate else "",
                    validators=[text_limit(200)],
                ),
            )
        setattr(
            AttendanceSheetForm,
            sheet_field("note", key),
            StringField(_l("Note"), default=row.note, validators=[text_limit(300)]),
        )
    for line in range(GUEST_LINES):
        setattr(
            AttendanceSheetForm,
            sheet_field("guest", f"{line}-name"),
            StringField(_l("Guest"), validators=[text_limit(200)]),
        )
        setattr(
            AttendanceSheetForm,
            sheet_field("guest", f"{line}-organisation"),
            StringField(_l("Representing"), validators=[text_limit(300)]),
        )
        setattr(
            AttendanceSheetForm,
            sheet_field("guest", f"{line}-mode"),
            SelectField(
                _l("Took part"),
                choices=choices("attendance_mode", GUEST_MODES),
                default="in_person",
            ),
        )
    return AttendanceSheetForm(**kwargs)


class BreakoutForm(VersionedForm):
    topic = StringField(_l("Topic"), validators=[DataRequired(), text_limit(500)])
    facilitator = StringField(_l("Facilitator"), validators=[text_limit(300)])
    participants_count = IntegerField(
        _l("Participants"), validators=[Optional(), NumberRange(min=0, max=10000)]
    )
    summary = TextAreaField(_l("Summary"), validators=[text_limit(20000)])

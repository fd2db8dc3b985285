import re

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError

from ..auth.permissions import VISIBILITIES
from ..core.forms import (
    AmountField,
    BaseForm,
    LvDateField,
    VersionedForm,
    not_before,
    record_id,
    text_limit,
)
from ..core.labels import choices
from ..core.text import split_lines
from .models import MEASURE_STATUSES

FIRST_YEAR, LAST_YEAR = 1990, 2100


def _year(label):
    return IntegerField(
        label,
        validators=[DataRequired(), NumberRange(min=FIRST_YEAR, max=LAST_YEAR)],
        render_kw={"inputmode": "numeric"},
    )


def _visibility():
    return SelectField(
        _l("Who can see it"),
        choices=choices("visibility", VISIBILITIES),
        default="internal",
        description=_l("Keep it internal until it is presented to the council."),
    )


_WEB_ADDRESS = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def link_lines(form, field):
    for line in split_lines(field.data):
        if not _WEB_ADDRESS.match(line):
            raise ValidationError(gettext("“%(value)s” is not a web address.", value=line))


class PlanForm(VersionedForm):
    title = StringField(_l("Title"), validators=[DataRequired(), text_limit(500)])
    first_year = _year(_l("From year"))
    last_year = _year(_l("To year"))
    responsible_id = SelectField(_l("Responsible ministry"), coerce=record_id)
    description = TextAreaField(_l("Description"), validators=[text_limit(20000)])
    links = TextAreaField(
        _l("Links"),
        validators=[text_limit(5000), link_lines],
        description=_l("Web addresses of the plan and its documents, one per line"),
    )
    visibility = _visibility()

    def validate_last_year(self, field):
        if self.first_year.data and field.data and field.data < self.first_year.data:
            raise ValidationError(_l("The plan cannot end before it starts."))
        if self.first_year.data and field.data and field.data - self.first_year.data > 20:
            raise ValidationError(_l("A plan spans twenty years at most."))


class PartForm(VersionedForm):
    """An action direction or a goal: its number and title (a goal also its direction)."""

    number = StringField(
        _l("Number"),
        validators=[DataRequired(), text_limit(20)],
        description=_l("As the plan numbers it: 1, 2… for directions, 1.1, 1.2… for goals"),
    )
    title = StringField(_l("Title"), validators=[DataRequired(), text_limit(500)])
    direction_id = SelectField(_l("Action direction"), coerce=record_id, validators=[Optional()])


class MeasureForm(VersionedForm):
    goal_id = SelectField(_l("Goal"), coerce=record_id)
    number = StringField(
        _l("Number"),
        validators=[DataRequired(), text_limit(20)],
        description=_l("e.g. 1.1.3"),
    )
    title = TextAreaField(
        _l("Measure"), validators=[DataRequired(), text_limit(1000)], render_kw={"rows": 2}
    )
    responsible_id = SelectField(_l("Responsible institution"), coerce=record_id)
    implementer_ids = SelectMultipleField(
        _l("Co-implementers"),
        coerce=int,
        description=_l("Hold Ctrl (⌘ on a Mac) to choose several."),
        render_kw={"size": 6},
    )
    status = SelectField(_l("Status"), choices=choices("measure_status", MEASURE_STATUSES))
    status_reason = TextAreaField(
        _l("Reason"),
        validators=[text_limit(5000)],
        description=_l("Why it was not funded or was cancelled"),
        render_kw={"rows": 2},
    )
    result = TextAreaField(_l("Result"), validators=[text_limit(20000)])
    indicators = TextAreaField(_l("Indicators"), validators=[text_limit(5000)])

    def validate_status_reason(self, field):
        if self.status.data in ("not_funded", "cancelled") and not field.data.strip():
            raise ValidationError(_l("Say why the measure was not funded or was cancelled."))

    def validate_goal_id(self, field):
        if not field.data:
            raise ValidationError(_l("Choose the goal the measure serves."))

    def funding_fields(self):
        """The per-year funding fields (funding_2019, …) in year order."""
        return [self[name] for name in sorted(n for n in self._fields if n.startswith("funding_"))]

    def funding(self) -> dict:
        return {int(f.name.removeprefix("funding_")): f.data for f in self.funding_fields()}


def measure_form(years, **kwargs) -> MeasureForm:
    """The measure form with one amount field per year of the plan."""

    class WithYears(MeasureForm):
        pass

    for year in years:
        setattr(
            WithYears,
            f"funding_{year}",
            AmountField(_l("Planned funding in %(year)s (EUR)", year=year)),
        )
    return WithYears(**kwargs)


class ReportForm(VersionedForm):
    agenda_item_id = SelectField(
        _l("Presented at (agenda item)"),
        coerce=record_id,
        description=_l("Add the item to the meeting's agenda first."),
    )
    title = StringField(_l("Title"), validators=[DataRequired(), text_limit(500)])
    presented_on = LvDateField(_l("Report date"), validators=[DataRequired()])
    presenter = StringField(_l("Presented by"), validators=[text_limit(300)])
    conclusions_text = TextAreaField(
        _l("The report's conclusions"),
        validators=[text_limit(20000)],
        description=_l("One per line; each can then become a conclusion of the meeting."),
        render_kw={"rows": 6},
    )
    visibility = _visibility()

    def validate_agenda_item_id(self, field):
        if not field.data:
            raise ValidationError(_l("Choose the agenda item the report was presented at."))


class DrawConclusionForm(BaseForm):
    kind = SelectField(_l("Kind"), choices=choices("conclusion_kind", ("finding", "issue")))
    text = TextAreaField(_l("Conclusion"), validators=[DataRequired(), text_limit(5000)])


class TaskForm(VersionedForm):
    title = StringField(_l("Task"), validators=[DataRequired(), text_limit(500)])
    delegating_id = SelectField(_l("Delegating institution"), coerce=record_id)
    performer_id = SelectField(_l("Performer"), coerce=record_id)
    contract_number = StringField(_l("Contract number"), validators=[text_limit(100)])
    starts_on = LvDateField(_l("Delegated from"), validators=[DataRequired()])
    ends_on = LvDateField(
        _l("Delegated until"),
        validators=[
            DataRequired(),
            not_before("starts_on", _l("The period cannot end before it starts.")),
        ],
    )
    objectives = TextAreaField(
        _l("Objectives"),
        validators=[text_limit(20000)],
        description=_l("One per line; they are numbered 1), 2)…"),
        render_kw={"rows": 5},
    )
    evaluation = TextAreaField(
        _l("Description and assessment of the results"),
        validators=[text_limit(50000)],
        render_kw={"rows": 8},
    )
    report_due_on = LvDateField(
        _l("Report due"),
        validators=[Optional()],
        description=_l("The secretariat is reminded before this day."),
    )
    report_received_on = LvDateField(_l("Report received"), validators=[Optional()])
    review_item_id = SelectField(
        _l("Reviewed at (agenda item)"),
        coerce=record_id,
        description=_l("The council meeting where the report was discussed."),
    )
    visibility = _visibility()

    def validate_performer_id(self, field):
        if not field.data:
            raise ValidationError(_l("Choose the organisation that performs the task."))


class IndicatorForm(VersionedForm):
    name = StringField(_l("Indicator"), validators=[DataRequired(), text_limit(500)])
    unit = StringField(_l("Unit"), validators=[text_limit(100)])
    target = AmountField(_l("Target"), money=False)
    achieved = AmountField(_l("Achieved"), money=False)
    note = TextAreaField(_l("Note"), validators=[text_limit(5000)], render_kw={"rows": 2})


class BeneficiaryForm(VersionedForm):
    organisation_id = SelectField(_l("Organisation in the register"), coerce=record_id)
    name = StringField(
        _l("Name as the report writes it"),
        validators=[text_limit(300)],
        description=_l("Empty: the register's name"),
    )
    received = TextAreaField(_l("What it received"), validators=[text_limit(5000)])

    def validate_name(self, field):
        if not field.data and not self.organisation_id.data:
            raise ValidationError(_l("Choose the organisation or write its name."))


class BudgetLineForm(VersionedForm):
    year = _year(_l("Year"))
    planned = AmountField(_l("Planned (EUR)"))
    spent = AmountField(_l("Spent (EUR)"))

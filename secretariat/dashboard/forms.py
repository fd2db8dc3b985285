"""The form of a period's targets and narrative (the activity report)."""

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import NumberRange, Optional

from ..core.forms import VersionedForm, record_id, text_limit
from ..core.labels import LABELS
from .report import INDICATORS

#: the largest target a form takes
MOST = 1_000_000


class ActivityForm(VersionedForm):
    task_id = SelectField(
        _l("Delegated task this report is on"),
        coerce=record_id,
        description=_l("Its title and performer head the PDF, as in a delegated task's report."),
    )
    narrative = TextAreaField(
        _l("The secretariat's account of the period"),
        validators=[text_limit(20000)],
        description=_l("What the figures do not say: what worked, what did not, and why."),
    )

    def target(self, key: str):
        return self[f"target_{key}"]


for _indicator in INDICATORS:
    setattr(
        ActivityForm,
        f"target_{_indicator.key}",
        IntegerField(
            LABELS["activity_indicator"][_indicator.key],
            validators=[Optional(), NumberRange(min=0, max=MOST)],
            render_kw={"inputmode": "numeric"},
        ),
    )

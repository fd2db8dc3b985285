from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional

from ..auth.permissions import VISIBILITIES
from ..core.forms import BaseForm, options, text_limit
from ..core.labels import choices
from .models import VOTE_CHOICES, VOTE_MODES

ADOPTED_CHOICES = options(
    [("", _l("Not yet decided")), ("yes", _l("Adopted")), ("no", _l("Not adopted"))]
)


class DecisionForm(BaseForm):
    agenda_item_id = SelectField(_l("Agenda item"), coerce=int)
    number = StringField(_l("Decision number"), validators=[text_limit(30)])
    title = StringField(_l("Title"), validators=[DataRequired(), text_limit(500)])
    text = TextAreaField(
        _l("Decided"),
        validators=[text_limit(50000)],
        description=_l("The decided points, one per line"),
    )
    adopted = SelectField(_l("Outcome"), choices=ADOPTED_CHOICES)
    visibility = SelectField(
        _l("Who can see it"),
        choices=choices("visibility", VISIBILITIES),
        description=_l("Never more than can see the meeting"),
    )
    vote_mode = SelectField(_l("Votes"), choices=choices("vote_mode", VOTE_MODES))
    votes_for = IntegerField(_l("For"), validators=[Optional(), NumberRange(min=0, max=1000)])
    votes_against = IntegerField(
        _l("Against"), validators=[Optional(), NumberRange(min=0, max=1000)]
    )
    votes_abstain = IntegerField(
        _l("Abstain"), validators=[Optional(), NumberRange(min=0, max=1000)]
    )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        totals = (self.votes_for, self.votes_against, self.votes_abstain)
        if (
            self.vote_mode.data == "totals"
            and all(f.data is None for f in totals)
            and not any(f.errors for f in totals)
        ):
            self.votes_for.errors.append(_l("Give at least one total, or choose named votes."))
            return False
        return valid

    def adopted_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.adopted.data)


VOTE_FIELD_CHOICES = options([("", "—")]) + choices("vote_choice", VOTE_CHOICES)


def votes_form(voters, current: dict[int, str]):
    """A form with one choice per voter, named `vote-<person id>`."""

    class VotesForm(BaseForm):
        pass

    for person in voters:
        setattr(
            VotesForm,
            f"vote-{person.id}",
            SelectField(
                person.name, choices=VOTE_FIELD_CHOICES, default=current.get(person.id, "")
            ),
        )
    return VotesForm()

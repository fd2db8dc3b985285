from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError

from ..auth.permissions import VISIBILITIES
from ..core.forms import BaseForm, VersionedForm, options, record_id, text_limit
from ..core.labels import choices
from .models import VOTE_CHOICES, VOTE_MODES
from .services import number_taken, voter_count

ADOPTED_CHOICES = options(
    [("", _l("Not yet decided")), ("yes", _l("Adopted")), ("no", _l("Not adopted"))]
)


class DecisionForm(VersionedForm):
    agenda_item_id = SelectField(_l("Agenda item"), coerce=record_id)
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
    quorum_reason = StringField(
        _l("Why it was taken without a quorum"), validators=[text_limit(500)]
    )
    vote_mode = SelectField(_l("Votes"), choices=choices("vote_mode", VOTE_MODES))
    votes_for = IntegerField(_l("For"), validators=[Optional(), NumberRange(min=0, max=1000)])
    votes_against = IntegerField(
        _l("Against"), validators=[Optional(), NumberRange(min=0, max=1000)]
    )
    votes_abstain = IntegerField(
        _l("Abstain"), validators=[Optional(), NumberRange(min=0, max=1000)]
    )

    def __init__(self, *args, meeting=None, decision=None, **kwargs):
        super().__init__(*args, obj=decision, **kwargs)
        self.meeting, self.decision = meeting, decision

    def validate_number(self, field):
        if self.meeting is not None and number_taken(self.meeting, field.data, self.decision):
            raise ValidationError(
                _l("Decision No. %(n)s is already recorded at this meeting.", n=field.data)
            )

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        totals = (self.votes_for, self.votes_against, self.votes_abstain)
        if self.vote_mode.data != "totals" or any(f.errors for f in totals):
            return valid
        if all(f.data is None for f in totals):
            self.votes_for.errors.append(_l("Give at least one total, or choose named votes."))
            return False
        given = sum(f.data or 0 for f in totals)
        entitled = voter_count(self.meeting) if self.meeting is not None else 0
        if entitled and given > entitled:
            self.votes_for.errors.append(
                _l(
                    "The totals add up to %(given)s, but only %(n)s members may vote at this "
                    "meeting.",
                    given=given,
                    n=entitled,
                )
            )
            return False
        return valid

    def adopted_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.adopted.data)


#: one radio button per choice in each voter's row; "did not vote" takes a vote back
VOTE_OPTIONS = choices("vote_choice", VOTE_CHOICES) + options([("", _l("Did not vote"))])


def vote_field_name(person_id: int) -> str:
    return f"vote-{person_id}"


def votes_form(voters, current: dict[int, str], reason: str | None = "", **kwargs):
    """A form with one choice per voter, named `vote-<person id>`, and the reason staff
    give for a decision taken without a quorum (`reason=None`: no such field, as inside the
    decision form, which has its own)."""

    class VotesForm(BaseForm):
        pass

    if reason is not None:
        VotesForm.quorum_reason = StringField(
            _l("Why it was taken without a quorum"),
            default=reason,
            validators=[text_limit(500)],
        )

    for person in voters:
        setattr(
            VotesForm,
            vote_field_name(person.id),
            RadioField(person.name, choices=VOTE_OPTIONS, default=current.get(person.id, "")),
        )
    return VotesForm(**kwargs)

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Optional, ValidationError

from ..core.forms import BaseForm, LvDateField, not_before, record_id, text_limit
from ..core.labels import choices
from .models import MAJORITY_RULES, POSITIONS, QUORUM_RULES


class MembershipForm(BaseForm):
    person_id = SelectField(_l("Person"), coerce=record_id)
    new_person_name = StringField(_l("…or a new person"), validators=[text_limit(200)])
    new_person_email = EmailField(
        _l("The new person's e-mail"),
        validators=[Optional(), Email(message=_l("Not an e-mail address.")), text_limit(254)],
        description=_l("Invitations to the body's meetings go here"),
    )
    position = SelectField(_l("Position"), choices=choices("position", POSITIONS), default="member")
    on_behalf_of_id = SelectField(_l("On behalf of"), coerce=record_id)
    voting_right = BooleanField(_l("Voting right"), default=True)
    start_on = LvDateField(_l("Since"), validators=[DataRequired()])
    end_on = LvDateField(
        _l("Until"),
        validators=[
            Optional(),
            not_before("start_on", _l("The term cannot end before it starts.")),
        ],
    )

    def validate_person_id(self, field):
        if bool(field.data) == bool(self.new_person_name.data):
            raise ValidationError(_l("Choose a person or type a new name."))


class EndMembershipForm(BaseForm):
    end_on = LvDateField(_l("Last day"), validators=[DataRequired()])


class RoundForm(BaseForm):
    period = StringField(
        _l("Period"),
        validators=[DataRequired(), text_limit(20)],
        description=_l("e.g. 2026-1 for the first half of 2026"),
    )
    opens_on = LvDateField(_l("Opens"), validators=[DataRequired()])
    closes_on = LvDateField(
        _l("Closes"),
        validators=[
            DataRequired(),
            not_before("opens_on", _l("A round cannot close before it opens.")),
        ],
    )
    term_starts_on = LvDateField(
        _l("Terms start"),
        validators=[
            DataRequired(),
            not_before("closes_on", _l("Terms start after the round closes.")),
        ],
    )
    notes = TextAreaField(_l("Notes"), validators=[text_limit(5000)])


class NominationForm(BaseForm):
    organisation_id = SelectField(_l("Organisation"), coerce=record_id)
    candidate_name = StringField(
        _l("Candidate (name and surname)"), validators=[DataRequired(), text_limit(200)]
    )
    candidate_email = EmailField(
        _l("Candidate's e-mail"),
        validators=[Optional(), Email(message=_l("Not an e-mail address.")), text_limit(254)],
    )
    motivation = TextAreaField(_l("Why this candidate"), validators=[text_limit(5000)])


class ConfirmForm(BaseForm):
    start_on = LvDateField(_l("Term starts"), validators=[Optional()])


class RulesForm(BaseForm):
    """The body's rules of procedure that the app applies: its quorum, who counts for it and
    votes, and when a decision is adopted."""

    quorum_rule = SelectField(_l("Quorum"), choices=choices("quorum_rule", QUORUM_RULES))
    remote_members_count = BooleanField(
        _l("Members taking part remotely count for the quorum and vote")
    )
    delegates_count = BooleanField(
        _l("A delegated expert counts and votes for the member they stand in for")
    )
    majority_rule = SelectField(
        _l("A decision is adopted with"), choices=choices("majority_rule", MAJORITY_RULES)
    )

"""Conclusions and follow-up actions: verbs that change them."""

from ..core.dates import today_in_riga
from ..core.versioning import assign, check_version
from ..extensions import db
from ..meetings.models import Meeting
from ..meetings.services import next_position
from .models import Action, ActionUpdate, Conclusion

ACTION_FIELDS = (
    "title",
    "description",
    "owner_person_id",
    "owner_organisation_id",
    "due_on",
    "status",
)


today = today_in_riga


def add_conclusion(meeting: Meeting, kind: str, text: str, breakout_id=None) -> Conclusion:
    conclusion = Conclusion(
        meeting=meeting,
        kind=kind,
        text=text,
        breakout_id=breakout_id,
        position=next_position(Conclusion, meeting),
    )
    db.session.add(conclusion)
    db.session.flush()
    return conclusion


def update_conclusion(
    conclusion: Conclusion, expected_version, kind: str, text: str, breakout_id=None
):
    check_version(conclusion, expected_version)
    conclusion.kind, conclusion.text, conclusion.breakout_id = kind, text, breakout_id
    db.session.flush()
    return conclusion


def remove_conclusion(conclusion: Conclusion) -> None:
    db.session.delete(conclusion)
    db.session.flush()


def create_action(conclusion=None, decision=None, **fields) -> Action:
    """A follow-up action, from a conclusion or a decision (or neither), filed under its meeting."""
    source = conclusion or decision
    action = Action(
        conclusion=conclusion,
        decision=decision,
        meeting_id=source.meeting_id if source is not None else None,
    )
    _apply(action, fields)
    db.session.add(action)
    db.session.flush()
    return action


def update_action(action: Action, expected_version, **fields) -> Action:
    check_version(action, expected_version)
    _apply(action, fields)
    db.session.flush()
    return action


def _apply(action: Action, fields: dict) -> None:
    assign(action, fields, ACTION_FIELDS)
    _track_completion(action)


def _track_completion(action: Action) -> None:
    if action.status == "done" and action.completed_on is None:
        action.completed_on = today()
    elif action.status != "done":
        action.completed_on = None


def add_progress_note(action: Action, user, text: str, status_to: str | None = None):
    """A note on how the action goes; it may move the action to another status."""
    update = ActionUpdate(action=action, user=user, text=text, status_to=status_to or None)
    db.session.add(update)
    if status_to and status_to != action.status:
        action.status = status_to
        _track_completion(action)
    db.session.flush()
    return update

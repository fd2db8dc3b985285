"""Saving what staff set for a period of the activity report: its targets and narrative.
No request, no commit: the view does that."""

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import flag_modified

from ..core.versioning import StaleEdit, check_version
from ..extensions import db
from .models import ActivityPeriod, ActivityTarget
from .periods import Period
from .report import KEYS, saved_period


def save_period(
    period: Period,
    expected_version,
    targets: dict[str, int | None],
    narrative: str,
    task_id: int | None,
) -> ActivityPeriod:
    """The period's targets (None: no target for that indicator), narrative and task, saved;
    refused (StaleEdit) when someone else saved them since the form was opened."""
    saved = saved_period(period)
    if saved is None:
        if expected_version:
            raise StaleEdit  # the form was opened on a version that is no longer there
        saved = ActivityPeriod(starts_on=period.start, ends_on=period.end)
        db.session.add(saved)
    else:
        check_version(saved, expected_version)
        flag_modified(saved, "narrative")  # the version moves on, even if only targets change
    saved.narrative = narrative
    saved.task_id = task_id
    existing = {target.indicator: target for target in saved.targets}
    for key in KEYS:
        value = targets.get(key)
        if value is None and key in existing:
            saved.targets.remove(existing[key])
        elif value is not None and key in existing:
            existing[key].target = value
        elif value is not None:
            saved.targets.append(ActivityTarget(indicator=key, target=value))
    try:
        db.session.flush()
    except IntegrityError:
        raise StaleEdit from None  # someone saved this period's first targets a moment ago
    return saved

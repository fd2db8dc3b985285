"""Rule 5: nomination rounds. Signatories hear when a round opens and before it closes,
at 08:00 Riga time."""

import datetime as dt

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from ..bodies.models import NominationRound
from ..core.dates import riga_to_utc
from ..core.workdays import next_working_day
from ..extensions import db
from .actions import MORNING
from .models import ReminderRule
from .sweeping import Sweep


def round_opens(run: Sweep, rule: ReminderRule) -> None:
    where = sa.and_(NominationRound.opens_on <= run.today, NominationRound.closes_on >= run.today)
    _tell(run, rule, where, closing=False)


def round_closes(run: Sweep, rule: ReminderRule) -> None:
    where = NominationRound.closes_on.between(
        run.today, run.today + dt.timedelta(days=rule.offset_days)
    )
    _tell(run, rule, where, closing=True)


def _tell(run: Sweep, rule: ReminderRule, where, closing: bool) -> None:
    rounds = db.session.scalars(
        sa.select(NominationRound)
        .where(where)
        .options(joinedload(NominationRound.body))
        .order_by(NominationRound.id)
    ).all()
    for nomination_round in rounds:
        keys = run.missing({e: f"{rule.kind}:{nomination_round.id}:{e}" for e in run.signatories()})
        if not keys:
            continue
        if closing:
            day = next_working_day(
                nomination_round.closes_on - dt.timedelta(days=rule.offset_days),
                before=nomination_round.closes_on,
            )
            subject = _l(
                "Nominations close on %(day)s",
                day=nomination_round.closes_on.strftime("%d.%m.%Y."),
            )
            intro = _l("A reminder: the nomination round closes soon.")
        else:
            day = nomination_round.opens_on
            subject = _l("Nominate your representative: %(body)s", body=nomination_round.body.name)
            intro = _l("Signatory organisations may nominate their representative.")
        url = run.link("bodies.round_detail", round_id=nomination_round.id)
        run.write_all(
            keys,
            rule.kind,
            "round",
            subject,
            riga_to_utc(day, MORNING),
            round=nomination_round,
            intro=intro,
            url=url,
        )

"""The secretariat's 2025 targets, as seed 002 states its yearly work: sessions monthly, an
extended session once a year, three visiting sessions in the regions, the forum every
year, and the online meeting with signatory organisations monthly; and its account of the
autumn from the same seed. Loading twice changes nothing."""

import datetime as dt

import sqlalchemy as sa

from ..dashboard.models import ActivityPeriod, ActivityTarget
from ..extensions import db

TARGETS = {
    "council_sessions": 12,  # "Ikmēneša sēdes"
    "extended_sessions": 1,  # "Reizi gadā paplašinātā sēde – ar nozaru ministru dalību"
    "visiting_sessions": 3,  # "izbraukuma sēdes reģionos (ik gadu 3)"
    "forums": 1,  # "Ik gadu Memoranda padomes forums"
    "signatory_calls": 12,  # "Ikmēneša tikšanās ar Memoranda parakstījušām organizācijām"
}
NARRATIVE = (
    "Memoranda padomes izbraukuma sēdes notika Jēkabpilī 03.09.2025. (sadarbībā ar biedrību "
    "„Vidusdaugavas NVO centrs”) un Liepājā 29.10.2025., katrā tikšanās ar reģiona "
    "nevalstiskajām organizācijām četrās paralēlās darba grupās.\n"
    "Memoranda padomes forumā „Pilsoniskās sabiedrības attīstības stratēģija – kādu to "
    "vēlamies?” 15.09.2025. piedalījās aptuveni 90 dalībnieku.\n"
    "Izstrādāts iepirkums pētījumam „Padziļināta izpēte par biedrību un nodibinājumu "
    "sektoru” un izsludināta ekspertu kopas atlase.\n"
    "Parakstījušo organizāciju sarakstā ir 577 organizācijas; par dažām grūti iegūt "
    "informāciju: nav mājaslapu, kontaktu vai iesniegtu gada pārskatu."
)


def load() -> None:
    start, end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    if db.session.scalar(
        sa.select(ActivityPeriod.id).where(
            ActivityPeriod.starts_on == start, ActivityPeriod.ends_on == end
        )
    ):
        return
    period = ActivityPeriod(starts_on=start, ends_on=end, narrative=NARRATIVE)
    period.targets = [ActivityTarget(indicator=k, target=v) for k, v in TARGETS.items()]
    db.session.add(period)
    db.session.flush()

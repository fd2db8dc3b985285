"""Seats on the council and working groups, and the half-yearly nomination rounds."""

import datetime as dt

import sqlalchemy as sa

from ..core.types import utcnow
from ..extensions import db
from ..organisations.models import Organisation
from ..people.models import Person
from ..people.services import find_or_create_person
from .models import Body, Membership, Nomination, NominationRound


class NominationRefused(ValueError):
    """The nomination cannot be taken; the message says why, for the user."""


def add_membership(
    body: Body,
    person: Person,
    position: str,
    start_on: dt.date,
    on_behalf_of: Organisation | None = None,
    voting_right: bool = True,
    end_on: dt.date | None = None,
) -> Membership:
    membership = Membership(
        body=body,
        person=person,
        position=position,
        start_on=start_on,
        on_behalf_of=on_behalf_of,
        voting_right=voting_right,
        end_on=end_on,
    )
    db.session.add(membership)
    db.session.flush()
    return membership


def end_membership(membership: Membership, end_on: dt.date) -> None:
    membership.end_on = end_on
    db.session.flush()


def open_round(
    body: Body,
    period: str,
    opens_on: dt.date,
    closes_on: dt.date,
    term_starts_on: dt.date,
    notes: str = "",
) -> NominationRound:
    nomination_round = NominationRound(
        body=body,
        period=period,
        opens_on=opens_on,
        closes_on=closes_on,
        term_starts_on=term_starts_on,
        notes=notes,
    )
    db.session.add(nomination_round)
    db.session.flush()
    return nomination_round


def nominate(
    nomination_round: NominationRound,
    organisation: Organisation,
    candidate_name: str,
    today: dt.date,
    user=None,
    candidate_email: str = "",
    motivation: str = "",
    by_staff: bool = False,
) -> Nomination:
    """An organisation names its candidate; one per organisation and round, before it closes
    (staff may still record a late one on an organisation's behalf)."""
    if not by_staff and not nomination_round.is_open(today):
        raise NominationRefused("closed")
    if organisation.status != "active" or organisation.memorandum_signed_on is None:
        raise NominationRefused("not a signatory")
    existing = db.session.scalar(
        sa.select(Nomination).where(
            Nomination.round_id == nomination_round.id,
            Nomination.organisation_id == organisation.id,
            Nomination.status != "withdrawn",
        )
    )
    if existing is not None:
        raise NominationRefused("already")
    nomination = Nomination(
        round=nomination_round,
        organisation=organisation,
        candidate_name=candidate_name,
        candidate_email=candidate_email,
        motivation=motivation,
        submitted_by_id=getattr(user, "id", None),
    )
    db.session.add(nomination)
    db.session.flush()
    return nomination


def confirm_nomination(nomination: Nomination, start_on: dt.date | None = None) -> Membership:
    """The candidate takes the organisation's seat; the organisation's earlier term on the
    body ends the day before."""
    if nomination.status != "submitted":
        raise NominationRefused("decided")
    nomination_round = nomination.round
    start_on = start_on or nomination_round.term_starts_on
    for earlier in db.session.scalars(
        sa.select(Membership).where(
            Membership.body_id == nomination_round.body_id,
            Membership.on_behalf_of_id == nomination.organisation_id,
            Membership.active_on_clause(start_on),
        )
    ):
        earlier.end_on = start_on - dt.timedelta(days=1)
    person = find_or_create_person(nomination.candidate_name, nomination.organisation)
    if nomination.candidate_email and not person.emails:
        person.emails = nomination.candidate_email
    membership = add_membership(
        nomination_round.body, person, "member", start_on, on_behalf_of=nomination.organisation
    )
    nomination.status, nomination.decided_at, nomination.membership = (
        "confirmed",
        utcnow(),
        membership,
    )
    db.session.flush()
    return membership


def reject_nomination(nomination: Nomination) -> None:
    if nomination.status != "submitted":
        raise NominationRefused("decided")
    nomination.status, nomination.decided_at = "rejected", utcnow()
    db.session.flush()


RULE_FIELDS = ("quorum_rule", "remote_members_count", "delegates_count", "majority_rule")


def set_rules(body: Body, **rules) -> None:
    """Set the body's rules of procedure (quorum, who votes, majority)."""
    for key in RULE_FIELDS:
        if key in rules:
            setattr(body, key, rules[key])
    db.session.flush()

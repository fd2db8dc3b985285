"""People: verbs that change the directory. No request, no commit."""

import datetime as dt

import sqlalchemy as sa

from ..core.audit import record_event
from ..core.lookup import related_model
from ..core.text import split_lines
from ..core.versioning import assign, check_version
from ..extensions import db
from ..organisations.models import Organisation
from .models import MERGING_PEOPLE, Person

EDITABLE = ("name", "title", "kind", "organisation_id", "institution", "emails", "phones", "notes")


def find_or_create_person(
    name: str, organisation: Organisation | None = None, email: str = ""
) -> Person:
    """The person of that name (at that organisation, when given), created if new. An e-mail
    given is theirs: a person found without one gets it, and finds them under another name."""
    email = email.strip()
    person = None
    if email:
        person = db.session.scalars(
            sa.select(Person)
            .where(Person.emails.contains(email, autoescape=True))
            .order_by(Person.id)
            .limit(1)
        ).first()
        if person is not None and email.lower() not in map(str.lower, person.email_list):
            person = None  # the address was only part of a longer one
    if person is None:
        query = sa.select(Person).where(sa.func.lower(Person.name) == name.strip().lower())
        if organisation is not None:
            query = query.where(Person.organisation_id == organisation.id)
        person = db.session.scalars(query.limit(1)).first()
    if person is None:
        person = Person(name=" ".join(name.split()), organisation=organisation)
        db.session.add(person)
    if email and not person.emails:
        person.emails = email
    db.session.flush()
    return person


def save_person(person: Person | None, expected_version, **fields) -> Person:
    """Create a person, or edit one from the version the form was opened on."""
    if person is None:
        person = Person()
        db.session.add(person)
    else:
        check_version(person, expected_version)
    assign(person, fields, EDITABLE)
    db.session.flush()
    return person


# --- merging two records of one person ------------------------------------------------


class MergeRefused(ValueError):
    """The two records cannot be merged as they stand; `reasons` say why, for the user."""

    def __init__(self, reasons: list[tuple]):
        super().__init__(reasons)
        self.reasons = reasons


def _models():
    """The areas above people, reached through the person's relationships."""
    return (
        related_model(Person.memberships),
        related_model(Person.attendances),
        related_model(Person.votes),
        related_model(Person.owned_actions),
        related_model(Person.users),
    )


def _rows(model, column, person_id: int) -> list:
    return list(db.session.scalars(sa.select(model).where(column == person_id)))


def _overlap(a, b) -> bool:
    far = dt.date.max
    return a.start_on <= (b.end_on or far) and b.start_on <= (a.end_on or far)


def merge_plan(kept: Person, other: Person) -> dict:
    """What merging `other` into `kept` would move, and why it cannot be done (refusals:
    ("membership", body, other's term) — the same body at overlapping times; ("attendance",
    meeting) — both recorded at one meeting, differently; ("vote", decision) — both voted
    on one decision, differently). Rows both records hold alike are combined into one."""
    if kept.id == other.id:
        raise ValueError("a person cannot be merged into themselves")
    membership, attendance, vote, action, user = _models()
    plan = {
        "memberships": _rows(membership, membership.person_id, other.id),
        "attendances": _rows(attendance, attendance.person_id, other.id),
        "delegations": _rows(attendance, attendance.delegate_for_id, other.id),
        "votes": _rows(vote, vote.person_id, other.id),
        "actions": _rows(action, action.owner_person_id, other.id),
        "users": _rows(user, user.person_id, other.id),
        "combined": [],
        "refusals": [],
    }
    for theirs in plan["memberships"]:
        for ours in _rows(membership, membership.person_id, kept.id):
            if ours.body_id == theirs.body_id and _overlap(ours, theirs):
                plan["refusals"].append(("membership", theirs.body, theirs))
    _pair(plan, attendance, kept, "attendances", "meeting_id", "mode", "attendance", "meeting")
    _pair(plan, vote, kept, "votes", "decision_id", "choice", "vote", "decision")
    return plan


def _pair(plan, model, kept, rows, on, value, kind, what) -> None:
    """Rows of both records at one meeting (or on one decision): alike, they are combined
    into the kept person's; different, the merge is refused."""
    ours = {getattr(row, on): row for row in _rows(model, model.person_id, kept.id)}
    for theirs in plan[rows]:
        match = ours.get(getattr(theirs, on))
        if match is None:
            continue
        if getattr(match, value) == getattr(theirs, value):
            plan["combined"].append(theirs)
        else:
            plan["refusals"].append((kind, getattr(theirs, what), theirs))


def _merged_lines(first: str, second: str) -> str:
    lines = split_lines(first)
    seen = {line.lower() for line in lines}
    lines += [line for line in split_lines(second) if line.lower() not in seen]
    return "\n".join(lines)


def merge_people(kept: Person, other: Person) -> dict:
    """Merge `other` into `kept` in the caller's transaction: every membership, attendance,
    vote, owned action and user account of `other` moves to `kept` (a row both hold alike
    is kept once), contact details are joined, `other` is deleted, and the kept person's
    trail says what was merged. Raises MergeRefused, changing nothing, when the records
    disagree (see `merge_plan`)."""
    plan = merge_plan(kept, other)
    if plan["refusals"]:
        raise MergeRefused(plan["refusals"])
    combined = {id(row) for row in plan["combined"]}
    session = db.session
    session.info[MERGING_PEOPLE] = True
    try:
        for row in plan["combined"]:
            session.delete(row)
        for row in plan["memberships"] + plan["attendances"] + plan["votes"]:
            if id(row) not in combined:
                row.person_id = kept.id
        for row in plan["delegations"]:
            # standing in for themselves makes no sense: the row says only how they took part
            row.delegate_for_id = None if row.person_id == kept.id else kept.id
        for row in plan["actions"]:
            row.owner_person_id = kept.id
        for row in plan["users"]:
            row.person_id = kept.id
        kept.emails = _merged_lines(kept.emails, other.emails)
        kept.phones = _merged_lines(kept.phones, other.phones)
        for key in ("title", "institution", "organisation_id"):
            if not getattr(kept, key):
                setattr(kept, key, getattr(other, key))
        if other.notes and other.notes not in kept.notes:
            kept.notes = "\n\n".join(text for text in (kept.notes, other.notes) if text)
        session.flush()
        counts = {
            "moved_memberships": len(plan["memberships"]),
            "moved_attendances": len(plan["attendances"]) + len(plan["delegations"]),
            "moved_votes": len(plan["votes"]),
            "moved_actions": len(plan["actions"]),
            "moved_users": len(plan["users"]),
        }
        record_event(
            kept,
            {
                "merged_from": [None, f"{other.name} (#{other.id})"],
                **{key: [None, n] for key, n in counts.items() if n},
            },
        )
        session.delete(other)
        session.flush()
    finally:
        session.info.pop(MERGING_PEOPLE, None)
    return counts

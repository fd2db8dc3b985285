"""The register: verbs that change it. No request, no commit."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from ..core.text import split_lines
from ..core.types import utcnow
from ..core.versioning import assign, check_version
from ..extensions import db
from .models import PROPOSABLE_FIELDS, ChangeProposal, Organisation, OrganisationStatusChange

EDITABLE = (
    "name",
    "registration_number",
    "kind",
    "legal_form",
    "region",
    "territory",
    "fields_of_activity",
    "website",
    "emails",
    "phones",
    "other_contacts",
    "memorandum_signed_on",
    "last_annual_report_year",
)


def propose_changes(organisation: Organisation, user, changes: dict, note: str = ""):
    """A signatory's correction of its own record, for staff to apply or decline.
    Only what differs from the record is kept; None when nothing differs."""
    different = {
        key: value
        for key, value in changes.items()
        if key in PROPOSABLE_FIELDS and value != getattr(organisation, key)
    }
    if not different:
        return None
    proposal = ChangeProposal(
        organisation=organisation, proposed_by=user, changes=different, note=note
    )
    db.session.add(proposal)
    db.session.flush()
    return proposal


def apply_proposal(proposal: ChangeProposal, user) -> None:
    assign(proposal.organisation, proposal.changes, PROPOSABLE_FIELDS)
    _decide(proposal, user, "applied")


def decline_proposal(proposal: ChangeProposal, user) -> None:
    _decide(proposal, user, "declined")


def _decide(proposal: ChangeProposal, user, status: str) -> None:
    if proposal.status != "pending":
        raise ValueError("already decided")
    proposal.status, proposal.decided_by, proposal.decided_at = status, user, utcnow()
    db.session.flush()


def pending_proposals() -> list[ChangeProposal]:
    return list(
        db.session.scalars(
            sa.select(ChangeProposal)
            .where(ChangeProposal.status == "pending")
            .options(
                joinedload(ChangeProposal.organisation), joinedload(ChangeProposal.proposed_by)
            )
            .order_by(ChangeProposal.created_at)
        )
    )


def lines_text(text: str) -> str:
    """Several e-mails or phones typed in one box, one per line, blanks dropped."""
    return "\n".join(split_lines(text.replace(",", "\n").replace(";", "\n")))


def save_organisation(
    organisation: Organisation | None, expected_version, status: str, status_on, **fields
) -> Organisation:
    """Create or edit an organisation by hand; a status change joins its history."""
    if organisation is None:
        organisation = Organisation(status=status)
        db.session.add(organisation)
        organisation.status_changes.append(
            OrganisationStatusChange(
                status=status,
                effective_on=status_on or fields.get("memorandum_signed_on"),
                source="manual",
            )
        )
    else:
        check_version(organisation, expected_version)
        if status != organisation.status:
            organisation.status_changes.append(
                OrganisationStatusChange(status=status, effective_on=status_on, source="manual")
            )
        organisation.status = status
    assign(organisation, fields, EDITABLE)
    if status == "struck_off":
        organisation.struck_off_on = status_on or organisation.struck_off_on
    else:
        organisation.struck_off_on = None
    if status == "withdrawn":
        organisation.memorandum_withdrawn_on = status_on or organisation.memorandum_withdrawn_on
    db.session.flush()
    return organisation

"""The web side of every import (organisations, the contacts directory, people): the file
is kept and planned for a preview, then the same file is planned again and written, all
or nothing. An upload goes once it is imported or cannot be read; one left waiting is
swept by a later upload (core/uploads.py)."""

from dataclasses import dataclass

from ..core.uploads import discard, keep
from ..extensions import db
from .tabular import FileProblem, UnreadableRows


def preview(form, plan_file) -> tuple:
    """(plan, token, problem) for the upload form: `plan_file(token)` plans the kept file;
    a file that cannot be read at all gives its problem instead of a plan."""
    plan, token, problem = None, None, None
    if form.validate_on_submit():
        token = keep(form.file.data.stream, form.file.data.filename)
        try:
            plan = plan_file(token)
        except FileProblem as error:
            problem = str(error)
            discard(token)  # nothing can be imported from it
    return plan, token, problem


@dataclass
class Outcome:
    written: int | None = None
    #: the file could no longer be read: say so on the upload page
    problem: str | None = None
    #: rows that cannot be read and nobody chose to leave out: the preview again, with this
    refusal: str | None = None
    plan: object = None


def commit(form, plan_file, apply_plan) -> Outcome:
    """Plan the kept file again and write it in one transaction, or nothing."""
    plan = None
    try:
        plan = plan_file(form.token.data)
        written = apply_plan(plan, skip_unreadable=form.skip_unreadable.data)
        db.session.commit()
    except FileProblem as error:
        db.session.rollback()
        discard(form.token.data)
        return Outcome(problem=str(error))
    except UnreadableRows as refused:
        db.session.rollback()
        return Outcome(refusal=refused.refusal(), plan=plan)
    except Exception:
        db.session.rollback()  # all or nothing
        raise
    discard(form.token.data)  # imported: the upload has served its purpose
    return Outcome(written=written)

"""Keeping the search index current, in the same transaction as the records.

After every flush, the records the flush added, changed or deleted are read again on the
flush's own connection and their entries written anew (a deleted record's entry goes):
an entry exists exactly when its record is committed, as the audit trail's rows do
(core/audit.py). A change reaches the entries it decides too: a meeting made public
widens its agenda items, decisions, minutes, conclusions and files; a breakout group or a
paragraph of the minutes is part of its meeting's or minutes' text.

Rows written with Core statements rather than the ORM (the large benchmark data) are not
seen: `secretariat search rebuild` writes the whole index again from the records.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy import event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from ..decisions.models import Decision
from ..documents.models import Attachment, Minutes, MinutesAmendment, MinutesSection
from ..followups.models import Action, Conclusion
from ..meetings.models import AgendaItem, Breakout, Meeting
from ..organisations.models import Organisation
from ..people.models import Person
from ..programmes.models import DelegatedTask, Measure, Plan
from ..updates.models import Call, MonthlyUpdate
from .models import SearchEntry
from .sources import CHUNK, KINDS, SOURCES

# --- writing entries ----------------------------------------------------------------------

_TABLE = SearchEntry.__table__


def refresh(conn, kind: str, ids: Iterable[int]) -> None:
    """Write the entries of these records again; a record that is gone loses its entry.

    Entries are written with an upsert on (kind, record), not deleted and inserted again:
    two transactions writing one entry at once (a meeting made public while its agenda
    item is edited) then wait for each other instead of one failing on the unique key."""
    source = SOURCES[kind]
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        entries = source.read(conn, source.model.id.in_(chunk))
        gone = sorted(set(chunk) - {entry.record_id for entry in entries})
        if gone:
            conn.execute(
                sa.delete(_TABLE).where(_TABLE.c.kind == kind, _TABLE.c.record_id.in_(gone))
            )
        if entries:
            conn.execute(_upsert(conn.dialect.name), [entry.row() for entry in entries])


def _upsert(dialect: str):
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(_TABLE)
    written = {c.name: insert.excluded[c.name] for c in _TABLE.columns if c.name != "id"}
    return insert.on_conflict_do_update(index_elements=["kind", "record_id"], set_=written)


def children_of(conn, parent_kind: str, ids: Iterable[int], kinds=None) -> dict[str, set[int]]:
    """The records (of `kinds`, else of every kind) that sit under these records."""
    ids = sorted(set(ids))
    found: dict[str, set[int]] = {}
    for kind, source in SOURCES.items():
        column = source.parents.get(parent_kind)
        if column is None or (kinds is not None and kind not in kinds):
            continue
        found[kind] = set()
        for start in range(0, len(ids), CHUNK):
            found[kind].update(
                conn.execute(
                    sa.select(source.model.id).where(column.in_(ids[start : start + CHUNK]))
                ).scalars()
            )
    return found


def purge(conn, kind: str) -> None:
    """Drop the entries whose records are gone (deleted by the database, with their parent)."""
    table = SOURCES[kind].model.__table__
    conn.execute(
        sa.delete(_TABLE).where(
            _TABLE.c.kind == kind,
            ~sa.exists().where(table.c.id == _TABLE.c.record_id),
        )
    )


def rebuild(conn) -> dict[str, int]:
    """The whole index written again from the records; how many entries of each kind."""
    conn.execute(sa.delete(_TABLE))
    counts = {}
    for kind, source in SOURCES.items():
        rows = [entry.row() for entry in source.read(conn, sa.true())]
        for start in range(0, len(rows), CHUNK):
            conn.execute(sa.insert(_TABLE), rows[start : start + CHUNK])
        counts[kind] = len(rows)
    if conn.dialect.name == "sqlite":
        conn.execute(sa.text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
    return counts


# --- after each flush ---------------------------------------------------------------------


@dataclass(frozen=True)
class Watch:
    """How a change to a record of one class reaches the index."""

    #: its own entry's kind, if it has one
    kind: str | None = None
    #: columns whose change reaches the entries of the records under it
    spreads: frozenset[str] = frozenset()
    #: (kind, column) of the entry whose text it is part of
    part_of: tuple[str, str] | None = None


WATCHED: dict[type, Watch] = {
    Meeting: Watch("meeting", frozenset({"visibility", "title", "starts_at", "body_id"})),
    Breakout: Watch(part_of=("meeting", "meeting_id")),
    AgendaItem: Watch("agenda_item"),
    Decision: Watch("decision", frozenset({"visibility"})),
    Minutes: Watch("minutes"),
    MinutesSection: Watch(part_of=("minutes", "minutes_id")),
    MinutesAmendment: Watch(part_of=("minutes", "minutes_id")),
    Conclusion: Watch("conclusion"),
    Action: Watch("action"),
    Organisation: Watch("organisation", frozenset({"name"})),
    Person: Watch("person"),
    Attachment: Watch("attachment"),
    MonthlyUpdate: Watch("update"),
    Call: Watch("call"),
    Plan: Watch("plan", frozenset({"visibility", "title", "first_year", "last_year"})),
    Measure: Watch("measure"),
    DelegatedTask: Watch("task"),
}


@dataclass
class _Work:
    """What one flush asks of the index."""

    own: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    #: (parent kind, the kinds under it or None for all) → parent ids
    under: dict[tuple, set[int]] = field(default_factory=lambda: defaultdict(set))
    gone: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.own or self.under or self.gone)

    def note(self, obj, watch: Watch, spread: bool) -> None:
        if watch.kind is not None:
            self.own[watch.kind].add(obj.id)
            if spread:
                self.under[(watch.kind, None)].add(obj.id)
        if watch.part_of is not None:
            kind, column = watch.part_of
            if (record_id := getattr(obj, column)) is not None:
                self.own[kind].add(record_id)

    def run(self, conn) -> None:
        for kind in sorted(self.gone):
            purge(conn, kind)
        for (parent_kind, kinds), ids in self.under.items():
            for kind, found in children_of(conn, parent_kind, ids, kinds).items():
                self.own[kind] |= found
        for kind in KINDS:
            if self.own.get(kind):
                refresh(conn, kind, self.own[kind])


def _changed(obj) -> set[str]:
    state = inspect(obj)
    return {
        attr.key
        for attr in state.mapper.column_attrs
        if state.attrs[attr.key].history.has_changes()
    }


def _after_flush(session: Session, flush_context) -> None:
    work = _Work()
    for obj in session.new:
        if (watch := WATCHED.get(type(obj))) is not None:
            work.note(obj, watch, spread=False)
    for obj in session.dirty:
        watch = WATCHED.get(type(obj))
        if watch is not None and session.is_modified(obj, include_collections=False):
            work.note(obj, watch, spread=bool(watch.spreads & _changed(obj)))
    for obj in session.deleted:
        if (watch := WATCHED.get(type(obj))) is None:
            continue
        work.note(obj, watch, spread=False)
        if watch.kind is not None:
            # what the database deleted with it (ON DELETE CASCADE) cannot be read any more
            work.gone |= {kind for kind, s in SOURCES.items() if watch.kind in s.parents}
        if isinstance(obj, AgendaItem):
            # its paragraph of the minutes went with it (ON DELETE CASCADE)
            work.under[("meeting", ("minutes",))].add(obj.meeting_id)
    if work:
        work.run(session.connection())


def install_index_hook() -> None:
    """Listen on every ORM session once, however many apps are created."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)

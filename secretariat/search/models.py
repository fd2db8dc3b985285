"""The search index: one row per searchable record, written in the same transaction as the
record itself (index.py), read through the database's own full-text search (queries.py).

The table is the same on both databases. Each adds its full-text structure in the
migration (0021_search), outside the models, because neither has the other's:

- SQLite: `search_fts`, an FTS5 table over `terms` whose content is this table
  (`content='search_entries'`), kept in step by triggers, tokenised `unicode61
  remove_diacritics 2`;
- PostgreSQL: `terms_vector`, a `tsvector` column generated from `terms` with the
  'simple' configuration, and a GIN index on it.

`terms` is already normalised (lower-case, no diacritics, words only, core/text.search_key),
so both databases see the same words and find the same records; nothing needs `unaccent`.
"""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db

#: what each database adds beside the model (see above): the model comparison of the
#: migration checks leaves them out (migrations/env.py, tests/test_migrations.py)
FTS_TABLE = "search_fts"
VECTOR_COLUMN = "terms_vector"
VECTOR_INDEX = "ix_search_entries_terms_vector"


def belongs_to_the_models(name, type_, parent_names) -> bool:
    """Alembic's `include_name`: False for the full-text structures one database adds."""
    if type_ == "table":
        return not (name == FTS_TABLE or name.startswith(FTS_TABLE + "_"))
    if type_ == "column":
        return name != VECTOR_COLUMN
    if type_ == "index":
        return name != VECTOR_INDEX
    return True


class SearchEntry(db.Model):
    """A record as search finds it: what it is, who may read it, where it belongs, and its
    words. Derived data, never edited: `secretariat search rebuild` writes it all again."""

    __tablename__ = "search_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: which kind of record (index.KINDS) and which one
    kind: Mapped[str] = mapped_column(sa.String(20))
    record_id: Mapped[int] = mapped_column()
    #: the record it is shown in (an agenda item's meeting, a measure's plan), for its link
    parent_id: Mapped[int | None] = mapped_column()
    #: the narrowest visibility of the record and of every record around it that decides
    #: who reads it (a decision's meeting, a file's decision): one level, compared in SQL
    visibility: Mapped[str] = mapped_column(sa.String(20))
    body_id: Mapped[int | None] = mapped_column(index=True)
    #: the day it belongs to (a meeting's, a deadline, a month), Riga time, and its year
    day: Mapped[dt.date | None] = mapped_column()
    year: Mapped[int | None] = mapped_column()
    title: Mapped[str] = mapped_column(sa.String(500))
    #: where it sits, as a reader knows it (the meeting of an agenda item, a plan's title)
    context: Mapped[str] = mapped_column(sa.String(300), default="")
    #: the text as written, for the highlighted snippet
    text: Mapped[str] = mapped_column(sa.Text, default="")
    #: title and text as the full-text search reads them: normalised words, one space apart
    terms: Mapped[str] = mapped_column(sa.Text, default="")
    #: what else the record's link needs (a measure's number)
    ref: Mapped[str] = mapped_column(sa.String(100), default="")

    __table_args__ = (
        sa.UniqueConstraint("kind", "record_id"),
        sa.Index("ix_search_entries_visibility_kind", "visibility", "kind"),
    )

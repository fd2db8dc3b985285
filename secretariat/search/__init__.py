"""One index over every area's records, kept current as they change, searched with the
database's own full-text search and filtered by what the reader may see."""

"""Optimistic locking: an edit made from an old copy of a record is refused."""


class StaleEdit(Exception):
    """Someone else saved the record after this form was opened."""


def check_version(obj, expected: int | None) -> None:
    """Raise StaleEdit unless the form was opened on the version now stored.

    The database repeats the check (`version_id_col`), so two saves racing
    past this line still cannot both win.
    """
    if expected is None or int(expected) != obj.version:
        raise StaleEdit


def assign(obj, fields: dict, allowed) -> None:
    """Set the fields an edit may change on `obj`; any other key passed in is ignored."""
    for key, value in fields.items():
        if key in allowed:
            setattr(obj, key, value)


def stale_message() -> str:
    from flask_babel import gettext

    return gettext(
        "Someone else saved this record while you were editing it. Your changes were not "
        "saved: the form now shows their version; make your changes again."
    )

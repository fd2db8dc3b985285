from flask import abort

from ..extensions import db


def get_or_404_within(model, object_id: int, **parent):
    """The record, if it exists and belongs where the URL says (e.g. meeting_id=3)."""
    obj = db.session.get(model, object_id)
    if obj is None or any(getattr(obj, key) != value for key, value in parent.items()):
        abort(404)
    return obj


def related_model(relationship_attribute):
    """The class at the other end of a relationship: how a lower area queries an upper one's
    records (a meeting's decisions) without importing that area."""
    return relationship_attribute.property.mapper.class_

"""Decisions and how the council voted on them."""

"""Meetings of every kind: agenda, attendance, breakout groups."""

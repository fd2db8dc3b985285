"""Scheduled reminders: one scheduler process, rules swept from the database, an outbox."""

"""Conclusions drawn at meetings and the follow-up actions they lead to."""

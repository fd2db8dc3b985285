"""Signatory register and people (minimal in the foundation; the register issue completes it)."""

"""The start page and the audit trail: views over every area, so they sit on top."""

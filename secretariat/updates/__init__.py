"""Monthly updates, calls, communication items, the signatory portal and the open feeds."""

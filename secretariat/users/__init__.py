"""Accounts administered on the web, and the mail that reaches account holders: inviting
users (signatories from their organisation's page), roles, switching off, resetting a
second factor; invitations and password resets by e-mail, through the outbox.

It sits above reminders (the outbox) and people, which auth, at the bottom of the stack,
may not import: auth keeps the accounts, links and sign-in; this area sends the mail."""

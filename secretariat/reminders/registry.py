"""The reminder rules a sweep runs, and how an area above reminders adds its own.

Every rule, the built-in ones included, is a `RuleKind` registered on the app when it is
built. Reminders never imports the areas above it (updates, api); an area that wants the
sweep to remind about its own things registers a rule from its `init_app(app)`, which
`create_app` calls after `reminders.rules.init_app(app)`. secretariat/updates/reminders.py
is a complete example (call deadlines); its shape:

    def remind_call_deadlines(run: Sweep, rule: ReminderRule) -> None:
        for call in db.session.scalars(...):  # what is due within rule.offset_days
            keys = run.missing({email: f"{KIND}:{call.id}:{stamp}:{email}" for email in
                                run.signatories()})  # once per call, deadline and address
            run.write_all(keys, KIND, "call", subject, due_at, call=call, url=...)

    def init_app(app):
        register(app, RuleKind(
            kind=KIND,  # "call_deadline"
            label=LABELS["reminder_kind"][KIND],
            help=LABELS["reminder_help"][KIND],
            run=remind_call_deadlines,
            offset_days=7,
            audience=("signatory",),
            withdraw=withdraw_stale,
        ))

`write_all` renders templates/email/<template>.txt and .html (extending email/_base.*) in
each reader's language. From then on the rule has a row in reminder_rules (made with its
defaults the first time it is read), a line on the rules page where staff switch it and
set its days, a turn in every sweep after the rules registered before it, and, when
`optional`, a line in the reminder preferences of the roles in its `audience` and an
unsubscribe link in its messages. A rule whose messages can go stale before they are sent
(a deadline moved, a call closed) gives a `withdraw(now)` that cancels its waiting
messages; the sweep calls it every time, whether the rule is switched on or not. What a
rule may use is the `Sweep` it is handed (sweeping.py): the moment, recipients, links,
`missing`, `write` and `write_all`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask import Flask, current_app

from ..core.labels import label
from .models import KINDS

if TYPE_CHECKING:
    from .models import ReminderRule
    from .sweeping import Sweep

ALL_ROLES = ("admin", "staff", "member", "signatory")
STAFF_ROLES = ("admin", "staff")
_KEY = "secretariat.reminder_rules"
_MESSAGES = "secretariat.message_kinds"


@dataclass(frozen=True)
class RuleKind:
    """One switchable reminder rule. `kind` names the rule, its settings row and the
    messages it writes (at most 40 characters)."""

    kind: str
    label: object  # a lazy string: what the rules page and the outbox call it
    help: object  # a lazy string: when it fires and to whom
    run: Callable[[Sweep, ReminderRule], None]
    #: the default number of days; None when the rule has no days to set
    offset_days: int | None = None
    #: the default weekday (0 = Monday); None when the rule has no weekday to set
    weekday: int | None = None
    #: whether a reader may opt out of its messages
    optional: bool = True
    #: whether it writes messages at all (the signatory-call rule plans meetings instead)
    sends: bool = True
    #: the roles whose people receive its messages: they are offered the preference
    audience: tuple[str, ...] = ALL_ROLES
    #: cancels its waiting messages that no longer apply; returns how many
    withdraw: Callable[[dt.datetime], int] | None = field(default=None)


@dataclass(frozen=True)
class MessageKind:
    """Messages an area writes when staff act, not through a rule (a published monthly
    update): people of the `audience` roles may switch them off in their preferences."""

    kind: str
    label: object
    audience: tuple[str, ...] = ALL_ROLES


def register_message(app: Flask, message: MessageKind) -> None:
    kinds = app.extensions.setdefault(_MESSAGES, {})
    if message.kind in kinds or message.kind in app.extensions.get(_KEY, {}):
        raise ValueError(f"message kind {message.kind!r} is registered twice")
    kinds[message.kind] = message


def _messages() -> dict[str, MessageKind]:
    return current_app.extensions.get(_MESSAGES, {})


def register(app: Flask, rule: RuleKind) -> None:
    kinds = app.extensions.setdefault(_KEY, {})
    if rule.kind in kinds:
        raise ValueError(f"reminder rule {rule.kind!r} is registered twice")
    if len(rule.kind) > 40:
        raise ValueError(f"reminder rule {rule.kind!r}: a kind has at most 40 characters")
    kinds[rule.kind] = rule


def rule_kinds() -> dict[str, RuleKind]:
    """The app's rules in the order they run and are listed."""
    return current_app.extensions.get(_KEY, {})


def may_opt_out(kind: str) -> bool:
    rule = rule_kinds().get(kind)
    if rule is not None:
        return rule.sends and rule.optional
    return kind in _messages() or KINDS.get(kind, False)


def optional_kinds(role: str | None = None) -> list[str]:
    """The kinds a person may switch off; with a role, only those that role ever receives."""
    rules = [
        kind
        for kind, rule in rule_kinds().items()
        if rule.sends and rule.optional and (role is None or role in rule.audience)
    ]
    return rules + [
        kind for kind, message in _messages().items() if role is None or role in message.audience
    ]


def kind_label(kind: str) -> str:
    known = rule_kinds().get(kind) or _messages().get(kind)
    return str(known.label) if known is not None else label("reminder_kind", kind)

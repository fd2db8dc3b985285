"""Importing a plan's structure and measures, or a task's indicators, from a table —
through the register's import pipeline (organisations/tabular.py reads CSV, TSV and XLSX):
`plan_*` never writes and says row by row what would be created, changed or could not be
read, with the line and why; `apply_*` writes exactly that plan, all or nothing, inside
the caller's transaction.

A plan's spreadsheet (seed 001's structure) has one row per measure; the direction's and
the goal's number and title may stand on every row or only where they change, and a row
with a direction or goal but no measure just names it. Funding columns are recognised by
a year in their header ("Finansējums 2019", "2020 EUR").
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext

from ..core.labels import label
from ..core.numbers import parse_amount
from ..core.text import search_key, split_lines
from ..extensions import db
from ..organisations.importer import ImportPlan, RowPlan
from ..organisations.models import Organisation
from ..organisations.tabular import FileProblem, Row, UnreadableRows, read_table
from . import services
from .models import DelegatedTask, Indicator, Measure, Plan

PLAN_COLUMNS = {
    "direction_number": ("virziens", "ricibas virziens", "virziena nr", "direction"),
    "direction_title": (
        "virziena nosaukums",
        "ricibas virziena nosaukums",
        "direction title",
        "action direction",
    ),
    "goal_number": ("merkis", "merka nr", "goal", "goal no"),
    "goal_title": ("merka nosaukums", "goal title"),
    "number": ("nr", "pasakuma nr", "no", "number", "measure no"),
    "title": ("pasakums", "pasakuma nosaukums", "measure", "title"),
    "responsible": (
        "atbildiga institucija",
        "atbildigais",
        "istenotajs",
        "responsible",
        "responsible institution",
    ),
    "implementers": ("lidzizpilditaji", "lidzatbildigie", "co-implementers", "partners"),
    "status": ("statuss", "izpilde", "status"),
    "status_reason": ("iemesls", "pamatojums", "reason"),
    "result": ("rezultats", "sasniegtais rezultats", "result"),
    "indicators": ("raditaji", "rezultativie raditaji", "indicators"),
}
INDICATOR_COLUMNS = {
    "number": ("nr", "no", "#"),
    "name": ("raditajs", "rezultativais raditajs", "indicator", "name"),
    "unit": ("mervieniba", "vieniba", "unit"),
    "target": ("planots", "merkis", "plans", "target", "planned"),
    "achieved": ("sasniegts", "faktiski", "izpilde", "achieved", "actual"),
    "note": ("piezimes", "piezime", "komentars", "note", "notes"),
}
#: status words as people write them, without case or diacritics
STATUS_WORDS = {
    "carried_out": ("istenots", "istenoti", "izpildits", "izpilditi", "carried out", "done"),
    "in_progress": ("tiek istenots", "procesa", "istenosana", "in progress"),
    "planned": ("planots", "planoti", "planned"),
    "not_funded": (
        "nav finansejuma",
        "netika pieskirts finansejums",
        "nav pieskirts finansejums",
        "not funded",
    ),
    "cancelled": ("atcelts", "atcelti", "istenosana atcelta", "cancelled", "canceled"),
}
_YEAR = re.compile(r"\b(19[9]\d|20\d\d)\b")
_FUNDING_WORDS = ("finans", "fund", "eur", "budz")
LIMITS = {"title": 1000, "number": 20, "direction_title": 500, "goal_title": 500}


@dataclass
class StructureRow(RowPlan):
    kind: str = "measure"  # direction | goal | measure | indicator
    values: dict = field(default_factory=dict)
    record_id: int | None = None  # the indicator an update changes


def _key(cell: str) -> str:
    return search_key(cell).rstrip(".:").strip()


def _columns(row: Row, known: dict[str, tuple[str, ...]], with_years: bool) -> dict[int, str]:
    found = {}
    for index, cell in enumerate(row.cells):
        key = _key(cell)
        if not key:
            continue
        column = next((c for c, names in known.items() if key in names), None)
        if column is None and with_years and (year := _YEAR.search(key)):
            if key == year.group() or any(word in key for word in _FUNDING_WORDS):
                column = f"funding_{year.group()}"
        if column and column not in found.values():
            found[index] = column
    return found


def _header(rows: list[Row], known, required: tuple[str, ...], with_years=False):
    for index, row in enumerate(rows):
        columns = _columns(row, known, with_years)
        if all(c in columns.values() for c in required) and len(columns) >= 2:
            return index, columns
    names = ", ".join(f"“{known[c][0].capitalize()}”" for c in required)
    raise FileProblem(
        gettext("No header row found: the table needs a row naming its columns, e.g. %(names)s.")
        % {"names": names}
    )


def _cells(row: Row, columns: dict[int, str]) -> dict[str, str]:
    return {c: row.cells[i] if i < len(row.cells) else "" for i, c in columns.items()}


def read_status(text: str) -> str:
    key = _key(text)
    if not key:
        return "planned"
    for status, words in STATUS_WORDS.items():
        if key in words or any(key.startswith(w + " ") for w in words):
            return status
    raise ValueError(gettext("Unknown status “%(value)s”.", value=text))


def _amount(text: str, what: str) -> Decimal | None:
    try:
        return parse_amount(text)
    except ValueError:
        raise ValueError(
            gettext("“%(value)s” is not an amount (%(what)s).", value=text, what=what)
        ) from None


def _too_long(raw: dict) -> None:
    for column, limit in LIMITS.items():
        if len(raw.get(column, "")) > limit:
            raise ValueError(
                gettext("%(column)s is longer than %(max)s characters.", column=column, max=limit)
            )


def _institutions() -> dict[str, int]:
    return dict(db.session.execute(sa.select(Organisation.search_key, Organisation.id)).all())


def _names(text: str) -> list[str]:
    return [n.strip() for part in split_lines(text) for n in part.split(";") if n.strip()]


# --- a plan's structure and measures ------------------------------------------------------


def plan_structure(plan: Plan, data: bytes, filename: str) -> ImportPlan:
    rows = read_table(data, filename)
    header, columns = _header(rows, PLAN_COLUMNS, ("number", "title"), with_years=True)
    directions = {d.number: d for d in plan.directions}
    goals = {g.number: g for d in plan.directions for g in d.goals}
    measures = {
        m.number: m
        for m in db.session.scalars(sa.select(Measure).where(Measure.plan_id == plan.id))
    }
    known_institutions = _institutions()
    plans: list[StructureRow] = []
    seen: dict[tuple[str, str], int] = {}
    direction_number = goal_number = ""
    for row in rows[header + 1 :]:
        if row.blank:
            continue
        raw = _cells(row, columns)
        try:
            _too_long(raw)
            if raw.get("direction_number"):
                direction_number = raw["direction_number"].rstrip(".")
                plans += _part_row(
                    row.line,
                    "direction",
                    direction_number,
                    raw.get("direction_title", ""),
                    directions,
                    seen,
                )
            if raw.get("goal_number"):
                goal_number = raw["goal_number"].rstrip(".")
                if not direction_number:
                    raise ValueError(gettext("Goal %(n)s has no action direction.", n=goal_number))
                plans += _part_row(
                    row.line,
                    "goal",
                    goal_number,
                    raw.get("goal_title", ""),
                    goals,
                    seen,
                    direction=direction_number,
                )
            if raw.get("number") or raw.get("title"):
                if not goal_number:
                    raise ValueError(gettext("The measure has no goal."))
                if goal_number not in goals and ("goal", goal_number) not in seen:
                    raise ValueError(
                        gettext("Goal %(n)s is neither in the plan nor in the file.", n=goal_number)
                    )
                plans.append(
                    _measure_row(
                        row.line, raw, plan, goal_number, measures, known_institutions, seen
                    )
                )
        except ValueError as error:
            name = " ".join(c for c in row.cells if c)[:100]
            plans.append(StructureRow(row.line, "error", name, reason=str(error)))
    return ImportPlan(plans, rows[header].line)


def _part_row(line, kind, number, title, existing, seen, direction=None) -> list[StructureRow]:
    """A direction or goal named on this line: once per file (a repeated one is skipped),
    created, renamed, or left as it is."""
    if (kind, number) in seen:
        return []
    seen[(kind, number)] = line
    current = existing.get(number)
    if current is None and not title:
        raise ValueError(gettext("%(what)s %(n)s has no title.", what=_kind_word(kind), n=number))
    values = {"number": number, "title": title or current.title, "direction": direction}
    changes = {}
    if current is None or (title and title != current.title):
        changes["title"] = (current.title if current else None, values["title"])
    action = "create" if current is None else ("update" if changes else "unchanged")
    return [
        StructureRow(
            line, action, f"{number}. {values['title']}", changes, kind=kind, values=values
        )
    ]


def _kind_word(kind: str) -> str:
    return {"direction": gettext("Action direction"), "goal": gettext("Goal")}[kind]


def _measure_row(line, raw, plan, goal_number, measures, institutions, seen) -> StructureRow:
    number, title = raw.get("number", "").rstrip("."), raw.get("title", "")
    if not number:
        raise ValueError(gettext("The measure has no number."))
    if not title:
        raise ValueError(gettext("Measure %(n)s has no title.", n=number))
    if ("measure", number) in seen:
        raise ValueError(gettext("Same measure as line %(line)s.", line=seen[("measure", number)]))
    seen[("measure", number)] = line
    status = read_status(raw.get("status", ""))
    reason = raw.get("status_reason", "")
    funding = {}
    for column, text in raw.items():
        if column.startswith("funding_") and text:
            year = int(column.removeprefix("funding_"))
            if year not in plan.years:
                raise ValueError(
                    gettext(
                        "Funding for %(year)s is outside the plan's years (%(period)s).",
                        year=year,
                        period=plan.period,
                    )
                )
            funding[year] = _amount(text, str(year))
    responsible = raw.get("responsible", "")
    implementers = _names(raw.get("implementers", ""))
    new_institutions = [
        name
        for name in [responsible, *implementers]
        if name and search_key(name) not in institutions
    ]
    values = {
        "goal": goal_number,
        "number": number,
        "title": title,
        "status": status,
        "status_reason": reason,
        "result": raw.get("result", ""),
        "indicators": raw.get("indicators", ""),
        "responsible": responsible,
        "implementers": implementers,
        "funding": funding,
    }
    current = measures.get(number)
    changes = {}
    for key in ("title", "status", "status_reason", "result", "indicators"):
        old = getattr(current, key) if current else None
        if values[key] and values[key] != old:
            changes[key] = (old, values[key])
    if "status" in changes:
        changes["status"] = tuple(label("measure_status", v) for v in changes["status"])
    if responsible and (current is None or str(current.responsible or "") != responsible):
        changes["responsible"] = (str(current.responsible or "") if current else None, responsible)
    had = sorted(search_key(o.name) for o in current.implementers) if current else []
    if implementers and had != sorted(search_key(n) for n in implementers):
        changes["implementers"] = (None, "; ".join(implementers))
    if funding:
        old = {f.year: f.amount for f in current.funding} if current else {}
        if any(old.get(year) != amount for year, amount in funding.items()):
            changes["funding"] = (old, funding)
    if new_institutions:
        changes["new_institutions"] = (None, "; ".join(dict.fromkeys(new_institutions)))
    action = "create" if current is None else ("update" if changes else "unchanged")
    return StructureRow(line, action, f"{number}. {title}", changes, kind="measure", values=values)


def apply_structure(plan: Plan, import_plan: ImportPlan, skip_unreadable: bool = False) -> int:
    """Write the plan's directions, goals and measures; the caller commits once."""
    if import_plan.errors and not skip_unreadable:
        raise UnreadableRows(len(import_plan.errors))
    directions = {d.number: d for d in plan.directions}
    goals = {g.number: g for d in plan.directions for g in d.goals}
    institutions = _institutions()
    written = 0
    for row in import_plan.rows:
        if row.action not in ("create", "update"):
            continue
        values = row.values
        if row.kind == "direction":
            if row.action == "create":
                directions[values["number"]] = services.add_direction(
                    plan, values["number"], values["title"]
                )
            else:
                directions[values["number"]].title = values["title"]
        elif row.kind == "goal":
            if row.action == "create":
                goals[values["number"]] = services.add_goal(
                    directions[values["direction"]], values["number"], values["title"]
                )
            else:
                goals[values["number"]].title = values["title"]
        else:
            _write_measure(plan, values, goals, institutions)
        written += 1
    db.session.flush()
    return written


def _institution(name: str, institutions: dict[str, int]) -> int | None:
    if not name:
        return None
    key = search_key(name)
    if key not in institutions:
        organisation = Organisation(name=name, kind="other", status="active")
        db.session.add(organisation)
        db.session.flush()
        institutions[key] = organisation.id
    return institutions[key]


def _write_measure(plan: Plan, values: dict, goals: dict, institutions: dict) -> None:
    goal = goals[values["goal"]]  # the plan or an earlier row has it: planning checked
    fields = {
        key: values[key]
        for key in ("number", "title", "status", "status_reason", "result", "indicators")
        if values[key] or key in ("number", "title", "status")
    }
    responsible_id = _institution(values["responsible"], institutions)
    if responsible_id:
        fields["responsible_id"] = responsible_id
    implementer_ids = [_institution(n, institutions) for n in values["implementers"]]
    measure = db.session.scalar(
        sa.select(Measure).where(Measure.plan_id == plan.id, Measure.number == values["number"])
    )
    if measure is None:
        services.add_measure(
            plan,
            goal_id=goal.id,
            implementer_ids=implementer_ids,
            funding=values["funding"],
            **fields,
        )
    else:
        services.update_measure(
            measure,
            measure.version,
            goal_id=goal.id,
            implementer_ids=implementer_ids or None,
            funding=values["funding"] or None,
            **fields,
        )


# --- a task's indicators ------------------------------------------------------------------


def plan_indicators(task: DelegatedTask, data: bytes, filename: str) -> ImportPlan:
    rows = read_table(data, filename)
    header, columns = _header(rows, INDICATOR_COLUMNS, ("name",))
    existing = {search_key(i.name): i for i in task.indicators}
    seen: dict[str, int] = {}
    plans = []
    for row in rows[header + 1 :]:
        if row.blank:
            continue
        raw = _cells(row, columns)
        name = raw.get("name", "")
        try:
            if not name:
                raise ValueError(gettext("The indicator has no name."))
            if len(name) > 500 or len(raw.get("unit", "")) > 100:
                raise ValueError(gettext("The name or the unit is too long."))
            key = search_key(name)
            if key in seen:
                raise ValueError(gettext("Same indicator as line %(line)s.", line=seen[key]))
            seen[key] = row.line
            values = {
                "name": name,
                "unit": raw.get("unit", ""),
                "target": _amount(raw.get("target", ""), gettext("Target")),
                "achieved": _amount(raw.get("achieved", ""), gettext("Achieved")),
                "note": raw.get("note", ""),
            }
        except ValueError as error:
            label = name or " ".join(c for c in row.cells if c)[:100]
            plans.append(StructureRow(row.line, "error", label, reason=str(error)))
            continue
        current = existing.get(key)
        if current is not None:
            values["name"] = current.name  # matched on the name: keep the task's spelling
        changes = {
            k: (getattr(current, k) if current else None, v)
            for k, v in values.items()
            if v not in (None, "") and (current is None or getattr(current, k) != v)
        }
        action = "create" if current is None else ("update" if changes else "unchanged")
        plans.append(
            StructureRow(
                row.line,
                action,
                name,
                changes,
                kind="indicator",
                values=values,
                record_id=current.id if current else None,
            )
        )
    return ImportPlan(plans, rows[header].line)


def apply_indicators(
    task: DelegatedTask, import_plan: ImportPlan, skip_unreadable: bool = False
) -> int:
    if import_plan.errors and not skip_unreadable:
        raise UnreadableRows(len(import_plan.errors))
    written = 0
    for row in import_plan.changes:
        fields = {k: v for k, v in row.values.items() if v not in (None, "")}
        if row.action == "create":
            services.add_task_row(task, "indicators", **fields)
        else:
            indicator = db.session.get(Indicator, row.record_id)
            services.update_task_row(indicator, "indicators", indicator.version, **fields)
        written += 1
    db.session.flush()
    return written


IMPORTS = {
    "plans": (Plan, plan_structure, apply_structure),
    "tasks": (DelegatedTask, plan_indicators, apply_indicators),
}

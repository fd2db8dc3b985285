"""The programmes' charts, drawn by the one chart helper (core/charts.py): a plan's
measures by status and by action direction, a task's indicators target vs achieved, and
its budget planned vs spent by year."""

from flask_babel import gettext

from ..core.charts import Chart, bar_chart, grouped_bar_chart
from ..core.labels import label
from .models import STATUS_ORDER

#: a status keeps its colour in every chart: done green, under way blue, not funded
#: orange, cancelled grey
STATUS_COLORS = {
    "carried_out": "#3c8d5a",
    "in_progress": "#1f5f8b",
    "planned": "#8c4f9f",
    "not_funded": "#d9822b",
    "cancelled": "#7a7a7a",
}


def _present(counts: dict[str, int]) -> list[str]:
    return [status for status in STATUS_ORDER if counts.get(status)]


def status_chart(counts: dict[str, int]) -> Chart | None:
    statuses = _present(counts)
    if not statuses:
        return None
    return bar_chart(
        gettext("Measures by status"),
        [(label("measure_status", s), counts[s]) for s in statuses],
        value_title=gettext("Measures"),
        category_title=gettext("Status"),
        colors=[STATUS_COLORS[s] for s in statuses],
    )


def direction_chart(directions: list[tuple[str, dict[str, int]]]) -> Chart | None:
    """`directions`: (direction's name, {status: n}) in the plan's order."""
    totals: dict[str, int] = {}
    for _, counts in directions:
        for status, n in counts.items():
            totals[status] = totals.get(status, 0) + n
    statuses = _present(totals)
    if not statuses:
        return None
    return grouped_bar_chart(
        gettext("Measures by action direction"),
        [name for name, _ in directions],
        [
            (label("measure_status", s), [counts.get(s, 0) for _, counts in directions])
            for s in statuses
        ],
        value_title=gettext("Measures"),
        category_title=gettext("Action direction"),
        colors=[STATUS_COLORS[s] for s in statuses],
    )


def indicator_chart(indicators) -> Chart | None:
    rows = [i for i in indicators if i.target is not None or i.achieved is not None]
    if not rows:
        return None
    return grouped_bar_chart(
        gettext("Result indicators: target and achieved"),
        [f"{i.name} ({i.unit})" if i.unit else i.name for i in rows],
        [
            (gettext("Target"), [i.target for i in rows]),
            (gettext("Achieved"), [i.achieved for i in rows]),
        ],
        value_title=gettext("Quantity"),
        category_title=gettext("Indicator"),
    )


def budget_chart(lines) -> Chart | None:
    if not lines:
        return None
    return grouped_bar_chart(
        gettext("State budget by year: planned and spent"),
        [str(line.year) for line in lines],
        [
            (gettext("Planned"), [line.planned for line in lines]),
            (gettext("Spent"), [line.spent for line in lines]),
        ],
        value_title=gettext("EUR"),
        category_title=gettext("Year"),
        money=True,
    )


def plan_charts(plan, counts: dict[str, int], by_direction: dict[int, dict[str, int]]) -> list:
    """A plan's charts today: by status, and by action direction."""
    found = [
        status_chart(counts),
        direction_chart([(str(d), by_direction.get(d.id, {})) for d in plan.directions]),
    ]
    return [chart for chart in found if chart is not None]


def report_charts(entries, counts: dict[str, int]) -> list:
    """A report's charts, from the statuses it froze."""
    by_direction: dict[str, dict[str, int]] = {}
    for entry in entries:
        key = f"{entry.direction_number}. {entry.direction_title}"
        statuses = by_direction.setdefault(key, {})
        statuses[entry.status] = statuses.get(entry.status, 0) + 1
    found = [status_chart(counts), direction_chart(list(by_direction.items()))]
    return [chart for chart in found if chart is not None]


def task_charts(task) -> list:
    found = [indicator_chart(task.indicators), budget_chart(task.budget_lines)]
    return [chart for chart in found if chart is not None]

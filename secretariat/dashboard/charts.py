"""The dashboard's charts, drawn by the one chart helper (core/charts.py) from what
queries.py counted: meetings by kind by month, attendance, actions over time and by owner,
and the planning regions."""

from flask_babel import gettext

from ..core.charts import Chart, bar_chart, grouped_bar_chart, stacked_bar_chart
from ..core.dates import to_riga
from ..core.labels import REGIONS, label
from ..meetings.models import MEETING_KINDS
from .periods import Period
from .queries import ActionFlow, OwnerLoad, Turnout

#: each kind of meeting keeps its colour
KIND_COLORS = {
    "session": "#1f5f8b",
    "extended_session": "#8c4f9f",
    "visiting_session": "#d9822b",
    "forum": "#3c8d5a",
    "signatory_call": "#7a7a7a",
    "working_group": "#b23b3b",
}


def _bucket_of(period: Period, day) -> int:
    for index, (first, last) in enumerate(period.buckets()):
        if first <= day <= last:
            return index
    return -1


def meetings_chart(period: Period, meetings) -> Chart | None:
    """Meetings of each kind in each month (or year) of the period."""
    buckets = period.buckets()
    counts = {kind: [0] * len(buckets) for kind in MEETING_KINDS}
    for kind, starts_at in meetings:
        index = _bucket_of(period, to_riga(starts_at).date())
        if index >= 0:
            counts[kind][index] += 1
    kinds = [kind for kind in MEETING_KINDS if any(counts[kind])]
    if not kinds:
        return None
    return stacked_bar_chart(
        gettext("Meetings by kind"),
        [period.bucket_label(first) for first, _ in buckets],
        [(label("meeting_kind", kind), counts[kind]) for kind in kinds],
        value_title=gettext("Meetings"),
        category_title=gettext("Month") if period.by_month else gettext("Year"),
        colors=[KIND_COLORS[kind] for kind in kinds],
    )


def turnout_chart(title: str, category_title: str, rows: list[Turnout]) -> Chart | None:
    if not rows:
        return None
    return bar_chart(
        title,
        [(f"{row.name} ({row.present}/{row.recorded})", row.rate) for row in rows],
        value_title=gettext("Present, %"),
        category_title=category_title,
    )


def actions_chart(period: Period, flow: list[ActionFlow]) -> Chart | None:
    if not any(f.opened or f.closed or f.overdue for f in flow):
        return None
    return grouped_bar_chart(
        gettext("Follow-up actions over time"),
        [period.bucket_label(f.first) for f in flow],
        [
            (gettext("Opened"), [f.opened for f in flow]),
            (gettext("Done"), [f.closed for f in flow]),
            (gettext("Overdue at the end"), [f.overdue for f in flow]),
        ],
        value_title=gettext("Actions"),
        category_title=gettext("Month") if period.by_month else gettext("Year"),
        colors=["#1f5f8b", "#3c8d5a", "#b23b3b"],
    )


def owners_chart(owners: list[OwnerLoad]) -> Chart | None:
    if not owners:
        return None
    return grouped_bar_chart(
        gettext("Open follow-up actions by owner"),
        [owner.name for owner in owners],
        [
            (gettext("Open"), [owner.open for owner in owners]),
            (gettext("Of them overdue"), [owner.overdue for owner in owners]),
        ],
        value_title=gettext("Actions"),
        category_title=gettext("Owner"),
        colors=["#1f5f8b", "#b23b3b"],
    )


def _regions(counts: dict[str, int]) -> list[str]:
    others = sorted(region for region in counts if region not in REGIONS)
    return [*REGIONS, *others]


def region_charts(found: dict[str, dict[str, int]]) -> list[Chart]:
    """Visiting sessions and active signatory NGOs by planning region: two charts, since a
    few sessions beside hundreds of organisations would not show."""
    charts = []
    for what, title, value_title in (
        ("visiting", gettext("Visiting sessions by planning region"), gettext("Sessions")),
        ("ngos", gettext("Active signatory NGOs by planning region"), gettext("NGOs")),
    ):
        counts = found[what]
        if not counts:
            continue
        charts.append(
            bar_chart(
                title,
                [
                    (region or gettext("Not given"), counts.get(region, 0))
                    for region in _regions(counts)
                ],
                value_title=value_title,
                category_title=gettext("Planning region"),
            )
        )
    return charts

"""The one chart helper: data in, SVG out, with the same numbers as text and as a table.

Every chart the app draws (a plan's measures by status, a task's indicators target vs
achieved, a budget planned vs spent by year, a dashboard's counts) goes through here, so
it looks and reads the same in a page, a PDF and the monthly update. Two shapes cover
them:

    bar_chart(title, [("Īstenoti", 38), ("Nav finansējuma", 10), ("Atcelts", 1)],
              value_title="Pasākumi")
        one bar per category;

    grouped_bar_chart(title, ["2020", "2021"],
                      [("Plānots", [Decimal("16000.00"), None]),
                       ("Izlietots", [Decimal("16000.00"), None])],
                      value_title="EUR", money=True)
        a bar per series beside each other in every category (target vs achieved,
        planned vs spent); None is a missing value, drawn as no bar and written "—";

    stacked_bar_chart(title, ["09.2025.", "10.2025."],
                      [("Sēdes", [1, 1]), ("Izbraukuma sēdes", [1, 1])],
                      value_title="Sanāksmes")
        the series one after another in one bar per category, its total written at its
        end (meetings of each kind in each month: many categories, few bars to read).

Both return a `Chart`:

- `svg`: an inline ``<svg role="img" aria-label=…>`` (Markup) to place straight into a
  page or a PDF template — no JavaScript, nothing fetched; each bar's value is written
  beside it as real text (searchable in the PDF, readable by a screen reader's browse
  mode), Latvian diacritics in the labels, numbers formatted as the reader's language
  does (16 000,00 in Latvian);
- `alt`: the text alternative, one sentence naming every value;
- `columns` and `rows`: the same numbers as a table of formatted strings, to show beside
  the chart (templates/_macros/charts.html renders the whole figure).

Values are ints or Decimals. Money is formatted from the Decimal (exact to the cent);
only the bars' lengths are drawn from a float. The Vega-Lite specification is built with
Altair and rendered by vl-convert in-process (no browser). Rendered SVG is cached in
memory by everything that decides it — the shape, the data, the titles, the colours and
the language — so a page that shows the same chart again renders nothing; the cache
keeps the 256 most recently used charts per process.
"""

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from flask_babel import get_locale, gettext
from markupsafe import Markup

from .numbers import format_money, format_quantity

FONT = "Secretariat Sans, DejaVu Sans, sans-serif"  # the PDFs' family first (templates/…/pdf)
FONTS = Path(__file__).resolve().parent.parent / "static" / "fonts"
#: the palette for series and categories: readable on white, told apart without colour too
#: (every bar carries its value and the table repeats it)
PALETTE = ("#1f5f8b", "#d9822b", "#3c8d5a", "#8c4f9f", "#7a7a7a", "#b23b3b")
MISSING = "—"
PLOT_WIDTH = 360
BAR = 18
LABEL_LIMIT = 220  # px: longer category names are cut in the chart, never in the table
CACHE_SIZE = 256
#: d3-format's words for Latvian numbers (vl-convert ships no "lv" locale)
D3_LOCALES = {
    "lv": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0€"]},
    "en": "en-US",
}

Number = int | Decimal


@dataclass(frozen=True)
class Chart:
    title: str
    svg: Markup
    alt: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _locale(locale: str | None) -> str:
    code = str(locale or get_locale() or "lv")
    return code if code in D3_LOCALES else "lv"


def _text(value: Number | None, money: bool, locale: str) -> str:
    if value is None:
        return MISSING
    return format_money(value, locale) if money else format_quantity(value, locale)


def bar_chart(
    title: str,
    items: Sequence[tuple[str, Number]],
    *,
    value_title: str,
    category_title: str = "",
    money: bool = False,
    colors: Sequence[str] | None = None,
    locale: str | None = None,
) -> Chart:
    """One horizontal bar per (category, value), in the order given. `colors` gives each
    category its own colour (e.g. a status's); otherwise all bars share the first."""
    locale = _locale(locale)
    texts = [_text(value, money, locale) for _, value in items]
    data = tuple(
        (str(category), "", str(value), text)
        for (category, value), text in zip(items, texts, strict=True)
    )
    svg = _svg("bar", data, str(value_title), bool(money), tuple(colors or PALETTE[:1]), (), locale)
    alt = f"{title}: " + "; ".join(
        f"{category} — {text}" for (category, _), text in zip(items, texts, strict=True)
    )
    return Chart(
        title=str(title),
        svg=_accessible(svg, alt),
        alt=alt + ".",
        columns=(str(category_title), str(value_title)),
        rows=tuple((str(category), text) for (category, _), text in zip(items, texts, strict=True)),
    )


def grouped_bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number | None]]],
    *,
    value_title: str,
    category_title: str = "",
    money: bool = False,
    colors: Sequence[str] | None = None,
    locale: str | None = None,
) -> Chart:
    """For every category, one bar per series side by side, with a legend of the series.
    Each series gives one value (or None) per category, in the categories' order."""
    locale = _locale(locale)
    table = []
    data = []
    for index, category in enumerate(categories):
        cells = []
        for name, values in series:
            value = values[index]
            text = _text(value, money, locale)
            cells.append(text)
            if value is not None:
                data.append((str(category), str(name), str(value), text))
        table.append((str(category), *cells))
    names = tuple(str(name) for name, _ in series)
    svg = _svg(
        "grouped",
        tuple(data),
        str(value_title),
        bool(money),
        tuple(colors or PALETTE[: len(names)]),
        names,
        locale,
        tuple(str(c) for c in categories),
    )
    alt = f"{title}: " + "; ".join(
        f"{row[0]}: "
        + ", ".join(f"{name} {cell}" for name, cell in zip(names, row[1:], strict=True))
        for row in table
    )
    return Chart(
        title=str(title),
        svg=_accessible(svg, alt),
        alt=alt + ".",
        columns=(str(category_title), *names),
        rows=tuple(table),
    )


def stacked_bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    value_title: str,
    category_title: str = "",
    colors: Sequence[str] | None = None,
    locale: str | None = None,
) -> Chart:
    """For every category, one bar of the series' counts one after another, with a legend
    and the total at the bar's end; the table has a column per series and the total."""
    locale = _locale(locale)
    names = tuple(str(name) for name, _ in series)
    table, data, totals = [], [], []
    for index, category in enumerate(categories):
        values = [values[index] or 0 for _, values in series]
        total = sum(values)
        texts = [_text(value, False, locale) for value in values]
        total_text = _text(total, False, locale)
        for name, value, text in zip(names, values, texts, strict=True):
            if value:
                data.append((str(category), name, str(value), text))
        totals.append((str(category), "", str(total), total_text))
        table.append((str(category), *texts, total_text))
    svg = _svg(
        "stacked",
        tuple(data),
        str(value_title),
        False,
        tuple(colors or PALETTE[: len(names)]),
        names,
        locale,
        tuple(str(c) for c in categories),
        tuple(totals),
    )
    total_title = gettext("Total")
    alt = f"{title}: " + "; ".join(
        f"{row[0]}: "
        + ", ".join(f"{name} {cell}" for name, cell in zip(names, row[1:-1], strict=True))
        + f" ({total_title.lower()} {row[-1]})"
        for row in table
    )
    return Chart(
        title=str(title),
        svg=_accessible(svg, alt),
        alt=alt + ".",
        columns=(str(category_title), *names, total_title),
        rows=tuple(table),
    )


def _accessible(svg: str, alt: str) -> Markup:
    """The SVG as one image with its text alternative (Vega's own ARIA is switched off)."""
    attributes = str(Markup(' role="img" aria-label="{}"').format(alt))
    return Markup(svg.replace("<svg ", "<svg" + attributes + " ", 1))


# --- rendering (cached) -------------------------------------------------------------------

_fonts_registered = False


@lru_cache(maxsize=CACHE_SIZE)
def _svg(
    shape: str,
    data: tuple[tuple[str, str, str, str], ...],
    value_title: str,
    money: bool,
    colors: tuple[str, ...],
    series: tuple[str, ...],
    locale: str,
    categories: tuple[str, ...] = (),
    totals: tuple[tuple[str, str, str, str], ...] = (),
) -> str:
    """The SVG of one chart. Every argument is part of the cache key: (category, series,
    value as exact text, value as shown) rows and what else decides the drawing."""
    import vl_convert

    global _fonts_registered
    if not _fonts_registered:
        # text is measured with the fonts the PDF embeds, so labels fit there too
        vl_convert.register_font_directory(str(FONTS))
        _fonts_registered = True
    spec = _spec(shape, data, value_title, money, colors, series, categories, totals)
    svg = vl_convert.vegalite_to_svg(
        spec, vl_version=_vl_version(), format_locale=D3_LOCALES[locale]
    ).strip()
    # Vega still gives layered and grouped marks ARIA roles of their own, which screen
    # readers (and axe: svg-img-alt) take for nameless images inside the one the chart is;
    # the figure's table holds the values
    return _INNER_ROLES.sub("", svg)


_INNER_ROLES = re.compile(r'\s(?:role|aria-roledescription)="[^"]*"')


def _vl_version() -> str | None:
    import altair
    import vl_convert

    version = altair.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]
    return version if version in vl_convert.get_vegalite_versions() else None


def _rows(data) -> list[dict]:
    return [
        {"category": c, "series": s, "value": float(Decimal(v)), "label": text}
        for c, s, v, text in data
    ]


def _spec(shape, data, value_title, money, colors, series, categories, totals=()) -> dict:
    import altair as alt

    rows = _rows(data)
    order = list(categories) if categories else [row["category"] for row in rows]
    axis_format = ",.0f" if money else ",~f"
    base = alt.Chart(alt.Data(values=rows))
    y = alt.Y(
        "category:N",
        sort=order,
        scale=alt.Scale(domain=order),
        title=None,
        axis=alt.Axis(labelLimit=LABEL_LIMIT, labelPadding=6),
    )
    x = alt.X(
        "value:Q",
        title=value_title,
        axis=alt.Axis(format=axis_format, tickMinStep=1, grid=True),
        scale=alt.Scale(zero=True, nice=True),
    )
    if shape == "grouped":
        color = alt.Color(
            "series:N",
            sort=list(series),
            scale=alt.Scale(domain=list(series), range=list(colors)),
            legend=alt.Legend(title=None, orient="bottom"),
        )
        encoding = {"y": y, "x": x, "yOffset": alt.YOffset("series:N", sort=list(series))}
        bars = base.mark_bar().encode(color=color, **encoding)
        labels = base.mark_text(align="left", dx=3, fontSize=10).encode(text="label:N", **encoding)
        step = BAR * max(1, len(series)) + 8
    elif shape == "stacked":
        color = alt.Color(
            "series:N",
            sort=list(series),
            scale=alt.Scale(domain=list(series), range=list(colors)),
            legend=alt.Legend(title=None, orient="bottom"),
        )
        stack_x = alt.X(
            "value:Q",
            title=value_title,
            stack="zero",
            axis=alt.Axis(format=axis_format, tickMinStep=1, grid=True),
            scale=alt.Scale(zero=True, nice=True),
        )
        stacking = alt.Order("rank:Q")
        ranked = [{**row, "rank": list(series).index(row["series"])} for row in rows]
        bars = (
            alt.Chart(alt.Data(values=ranked))
            .mark_bar()
            .encode(y=y, x=stack_x, color=color, order=stacking)
        )
        labels = (
            alt.Chart(alt.Data(values=_rows(totals)))
            .mark_text(align="left", dx=3, fontSize=10)
            .encode(y=y, x=alt.X("value:Q"), text="label:N")
        )
        step = BAR + 8
    else:
        color = alt.Color(
            "category:N", sort=order, scale=alt.Scale(domain=order, range=list(colors)), legend=None
        )
        bars = base.mark_bar().encode(y=y, x=x, color=color)
        labels = base.mark_text(align="left", dx=3, fontSize=10).encode(y=y, x=x, text="label:N")
        step = BAR + 8
    chart = (
        alt.layer(bars, labels)
        .properties(width=PLOT_WIDTH, height=alt.Step(step))
        .configure(font=FONT, aria=False, background="white")
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=11, titleFontSize=11)
        .configure_legend(labelFontSize=11)
    )
    # label text reaches past the longest bar: leave it room on the right
    chart = chart.configure_scale(bandPaddingInner=0.15)
    spec = chart.to_dict()
    spec["padding"] = {"left": 5, "top": 5, "bottom": 5, "right": 70}
    return json.loads(json.dumps(spec))


def cache_info():
    """How the render cache does (hits, misses, size): for the bench and tests."""
    return _svg.cache_info()

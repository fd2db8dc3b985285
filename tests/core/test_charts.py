"""The one chart helper: SVG with its numbers as text, formatted the reader's way, a text
alternative and a table of the same numbers, and a cache that renders each chart once."""

import re
from decimal import Decimal

from flask_babel import force_locale

from secretariat.core import charts


def svg_texts(svg: str) -> list[str]:
    return [t.replace("\xa0", " ") for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_a_bar_chart_carries_its_labels_and_numbers_as_text(app):
    with app.test_request_context(), force_locale("lv"):
        chart = charts.bar_chart(
            "Pasākumi pēc statusa",
            [("Īstenoti", 38), ("Nav finansējuma", 10), ("Atcelts", 1)],
            value_title="Pasākumi",
            category_title="Statuss",
        )
    texts = svg_texts(chart.svg)
    for expected in ("Īstenoti", "Nav finansējuma", "Atcelts", "38", "10", "1", "Pasākumi"):
        assert expected in texts, expected
    assert chart.svg.startswith('<svg role="img" aria-label="Pasākumi pēc statusa: Īstenoti — 38;')
    assert "<script" not in chart.svg and "href=" not in chart.svg.replace("xmlns:xlink", "")
    assert chart.alt == "Pasākumi pēc statusa: Īstenoti — 38; Nav finansējuma — 10; Atcelts — 1."
    assert chart.columns == ("Statuss", "Pasākumi")
    assert chart.rows == (("Īstenoti", "38"), ("Nav finansējuma", "10"), ("Atcelts", "1"))


def test_a_chart_is_one_image_with_no_roles_inside(app):
    """Layered and grouped marks get ARIA roles from Vega; inside the one image they would
    be images without a name to a screen reader (axe's svg-img-alt)."""
    with app.test_request_context(), force_locale("lv"):
        chart = charts.grouped_bar_chart(
            "Rādītāji", ["Nodarbības"], [("Plānots", [13]), ("Sasniegts", [15])], value_title="x"
        )
        stacked = charts.stacked_bar_chart(
            "Sanāksmes", ["09.2025."], [("Sēdes", [1]), ("Forumi", [1])], value_title="y"
        )
    for svg in (chart.svg, stacked.svg):
        assert re.findall(r'\srole="([^"]*)"', svg) == ["img"]
        assert "aria-roledescription" not in svg


def test_a_stacked_chart_writes_each_bars_total(app):
    with app.test_request_context(), force_locale("lv"):
        chart = charts.stacked_bar_chart(
            "Sanāksmes",
            ["09.2025.", "10.2025."],
            [("Sēdes", [1, 2]), ("Izbraukuma sēdes", [1, 0])],
            value_title="Sanāksmes",
            category_title="Mēnesis",
        )
    assert chart.columns == ("Mēnesis", "Sēdes", "Izbraukuma sēdes", "Kopā")
    assert chart.rows == (("09.2025.", "1", "1", "2"), ("10.2025.", "2", "0", "2"))
    assert chart.alt == (
        "Sanāksmes: 09.2025.: Sēdes 1, Izbraukuma sēdes 1 (kopā 2); "
        "10.2025.: Sēdes 2, Izbraukuma sēdes 0 (kopā 2)."
    )
    texts = svg_texts(chart.svg)
    assert texts.count("2") >= 2 and "Izbraukuma sēdes" in texts and "10.2025." in texts


def test_money_is_formatted_the_readers_way_and_missing_values_say_so(app):
    series = [("Plānots", [Decimal("16000.00"), None]), ("Izlietots", [Decimal("15999.99"), None])]
    with app.test_request_context(), force_locale("lv"):
        chart = charts.grouped_bar_chart(
            "Budžets", ["2020", "2021"], series, value_title="EUR", money=True
        )
    texts = svg_texts(chart.svg)
    assert "16 000,00" in texts and "15 999,99" in texts and "2021" in texts
    assert "16 000" in texts  # the axis ticks use the same grouping
    assert chart.rows[0] == ("2020", "16\xa0000,00", "15\xa0999,99")
    assert chart.rows[1] == ("2021", "—", "—")
    assert "2021: Plānots —, Izlietots —" in chart.alt
    with app.test_request_context(), force_locale("en"):
        english = charts.grouped_bar_chart(
            "Budget", ["2020", "2021"], series, value_title="EUR", money=True
        )
    assert "16,000.00" in svg_texts(english.svg) and "16,000" in svg_texts(english.svg)


def test_each_chart_is_rendered_once(app):
    items = [("Ābele", 3), ("Ķirsis", Decimal("1.5"))]
    with app.test_request_context(), force_locale("lv"):
        first = charts.bar_chart("Koki", items, value_title="Skaits")
        before = charts.cache_info()
        again = charts.bar_chart("Koki", items, value_title="Skaits")
        after = charts.cache_info()
        other = charts.bar_chart("Koki", [("Ābele", 4), ("Ķirsis", 1)], value_title="Skaits")
    assert again.svg == first.svg and "1,5" in svg_texts(first.svg)
    assert (after.hits, after.misses) == (before.hits + 1, before.misses)
    assert other.svg != first.svg


def test_typed_labels_stay_text(app):
    """Labels come from what staff type (a direction's title, an indicator's name)."""
    hostile = [("<script>alert(1)</script>", 1), ('"><img src=x onerror=alert(2)>', 2)]
    with app.test_request_context(), force_locale("lv"):
        chart = charts.bar_chart("Virzieni <b>", hostile, value_title="<i>Skaits</i>")
    assert "<script" not in chart.svg and "<img" not in chart.svg and "<i>" not in chart.svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in chart.svg
    assert 'aria-label="Virzieni &lt;b&gt;: &lt;script&gt;' in chart.svg

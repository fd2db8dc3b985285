"""Charts drawn from the database (SQLite or PostgreSQL, whichever the suite runs on): the
plan's and the task's pages carry their numbers as SVG text, with a table beside them."""

import re

from ..helpers import text_of


def _svg_texts(body: str) -> list[list[str]]:
    return [
        [t.replace("\xa0", " ") for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
        for svg in re.findall(r"<svg\b.*?</svg>", body, flags=re.S)
    ]


def test_the_plan_charts_carry_the_counts(client, login_as, make_plan):
    plan_id = make_plan()
    login_as("staff")
    response = client.get(f"/programmes/plans/{plan_id}")
    by_status, by_direction = _svg_texts(response.get_data(as_text=True))
    for expected in ("Īstenots", "Nav finansējuma", "Atcelts", "38", "10", "1"):
        assert expected in by_status
    # 49 measures dealt over the nine goals in turn: 14, 12 and 12 carried out
    assert "1. Rīcības virziens Nr. 1" in by_direction
    assert {"14", "12", "4", "3"} <= set(by_direction)
    page = text_of(response)
    assert "Statuss Pasākumi Īstenots 38 Nav finansējuma 10 Atcelts 1" in page  # the tables
    assert "1. Rīcības virziens Nr. 1 14 4 0 2. Rīcības virziens Nr. 2 12 3 1" in page


def test_the_task_charts_carry_the_amounts(client, login_as, make_task):
    task_id = make_task()
    login_as("staff")
    indicators, budget = _svg_texts(
        client.get(f"/programmes/tasks/{task_id}").get_data(as_text=True)
    )
    assert {"12", "10", "40", "50"} <= set(indicators)
    assert "16 000,00" in budget and "15 999,99" in budget and "2021" in budget

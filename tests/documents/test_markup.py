"""Typed Markdown's headings nest under the page's own, as a screen reader lists them."""

import re

import pytest

from secretariat.documents.markup import markdown


def outline(html) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])>", str(html))]


@pytest.mark.parametrize(
    "typed, top, expected",
    [
        ("### Sēdes\n\n### Darba grupas\n\n#### Sīkāk", 2, [2, 2, 3]),  # the drafts' ###
        ("# Virsraksts\n\n## Apakšvirsraksts", 2, [2, 3]),  # # and ## no longer vanish
        ("# A\n\n### skips one\n\n## B", 3, [3, 4, 4]),  # never more than one level down
        ("<h1>raw</h1>\n\n###### deep", 4, [4, 5]),
        ("###### deep\n\n###### deeper", 6, [6, 6]),
    ],
)
def test_headings_start_at_top_and_never_skip_a_level(typed, top, expected):
    html = markdown(typed, top)
    assert outline(html) == expected
    assert all(f"</h{level}>" in str(html) for level in expected)

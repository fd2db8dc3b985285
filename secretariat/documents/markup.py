"""Text staff typed, as safe HTML: Markdown rendered, then sanitised with nh3."""

import markdown as markdown_lib
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h3",
    "h4",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
}


def markdown(text: str | None) -> Markup:
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"])
    # no images, no styles, no scripts: links keep their text and lose nothing else
    return Markup(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes={"a": {"href"}},
            url_schemes={"http", "https", "mailto"},
        )
    )

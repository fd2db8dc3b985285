"""Text staff typed, as safe HTML: Markdown rendered, then sanitised with nh3."""

import html as html_lib
import re

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


def plain_text(text: str | None) -> str:
    """Markdown as an e-mail's plain-text part: rendered, every tag dropped, entities read,
    links written out after their text, paragraphs kept apart."""
    html = markdown_lib.markdown(text or "", extensions=["sane_lists"])
    html = re.sub(
        r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>',
        lambda m: m.group(2) if m.group(1) in m.group(2) else f"{m.group(2)} ({m.group(1)})",
        html,
        flags=re.S,
    )
    html = re.sub(r"<li>", "- ", html)
    html = re.sub(r"</(p|li|h\d|ul|ol|blockquote|tr)>", "\n", html)
    bare = nh3.clean(html, tags=set())  # any tag left, including typed HTML, goes
    lines = (" ".join(line.split()) for line in html_lib.unescape(bare).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()

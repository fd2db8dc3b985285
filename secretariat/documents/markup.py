"""Text staff typed, as safe HTML: Markdown rendered, then sanitised with nh3."""

import functools
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
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
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


#: a list item as people type it: "- ", "* ", "1. " or "1) " at the start of a line
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+\S")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


def lists_as_typed(text: str) -> str:
    """Lists work as people type them, as in the seeds' minutes: a line starting with "- "
    (or "1. ") right after a line of text starts a list, without the blank line Markdown
    wants before it, and a line of text after the list ends it. "1)" is read as "1."
    (Markdown knows only the latter). Fenced code is left alone."""
    lines, fenced, previous = [], False, ""
    for line in text.replace("\r\n", "\n").split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and _LIST_ITEM.match(line):
            line = re.sub(r"^(\s{0,3}\d{1,3})\)", r"\1.", line)
            if (
                previous.strip()
                and not _LIST_ITEM.match(previous)
                and not previous.startswith((" ", "\t"))
            ):
                lines.append("")
        elif (
            not fenced
            and line.strip()
            and not line.startswith((" ", "\t"))
            and _LIST_ITEM.match(previous)
        ):
            lines.append("")  # and a line of text after the list is a paragraph again
        lines.append(line)
        previous = line
    return "\n".join(lines)


_HEADING = re.compile(r"<(/?)h([1-6])(?=[\s/>])", re.I)


def nest_headings(html: str, top: int) -> str:
    """Headings as typed (# to ######, or raw <h1>) placed under the page's own: the
    text's highest level becomes <h{top}>, each lower level the next one down, and no
    heading is more than one level below the heading before it (nor below <h6>)."""
    found = _HEADING.findall(html)
    ranks = {
        level: n for n, level in enumerate(sorted({int(lv) for close, lv in found if not close}))
    }
    state = {"previous": top - 1, "open": top}

    def place(match: re.Match) -> str:
        if match.group(1):  # a closing tag closes the heading just opened
            return f"</h{state['open']}"
        level = min(6, top + ranks[int(match.group(2))], state["previous"] + 1)
        state["previous"] = state["open"] = level
        return f"<h{level}"

    return _HEADING.sub(place, html)


def markdown(text: str | None, top: int = 3) -> Markup:
    """`top` is the level the text's highest heading takes: one below the heading the
    page shows the text under (an update under its <h1> title: 2)."""
    return _rendered(text or "", top)


@functools.lru_cache(maxsize=256)
def _rendered(text: str, top: int) -> Markup:
    """The same text always renders the same: a feed of 24 updates, or an API list, renders
    each once per worker instead of once per request (an edited text is a new key; the
    oldest of 256 texts go)."""
    html = nest_headings(
        markdown_lib.markdown(lists_as_typed(text), extensions=["sane_lists"]), top
    )
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
    html = markdown_lib.markdown(lists_as_typed(text or ""), extensions=["sane_lists"])
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


_NUMBERED = re.compile(r"^\s*\d{1,3}\s*[.)]\s*")


def points(text: str | None) -> list[str]:
    """A decision's decided points, one per line, without the numbers typed before them
    (the minutes number them): "1. Atbalstīt …" → "Atbalstīt …"."""
    return [
        _NUMBERED.sub("", line).strip()
        for line in (text or "").splitlines()
        if _NUMBERED.sub("", line).strip()
    ]

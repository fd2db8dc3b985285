"""The Latvian catalogue is complete, compiled and covers every string the code shows."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "secretariat" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
METHOD_MAP = [
    ("secretariat/**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("templates/**.css", "jinja2"),
    ("templates/**.txt", "jinja2"),
]
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "N_": None,
    "lazy_gettext": None,
}


def _po(locale):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=locale)


def _mo(locale):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo", "rb") as f:
        return read_mo(f)


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def test_every_latvian_entry_is_translated_and_keeps_its_placeholders():
    catalogue = _po("lv")
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        for text in _strings(message):
            if not text:
                problems.append(f"untranslated: {message.id!r}")
            elif wanted - set(PLACEHOLDER.findall(text)):
                problems.append(f"placeholder lost: {message.id!r} → {text!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
    assert not problems, "\n".join(problems)
    assert not catalogue.fuzzy


def test_compiled_catalogues_match_their_sources():
    for locale in ("lv", "en"):
        source = {m.id: m.string for m in _po(locale) if m.id and any(_strings(m))}
        compiled = {m.id: m.string for m in _mo(locale) if m.id}
        assert source == compiled, f"{locale}: run `make translations` (the .mo is stale)"


def test_catalogue_covers_every_string_in_the_code():
    used = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT),
            METHOD_MAP,
            keywords=KEYWORDS,
            directory_filter=lambda path: not Path(path).name.startswith("."),
        )
    }
    known = {m.id for m in _po("lv") if m.id}
    missing = sorted(str(m) for m in used - known)
    assert not missing, "not in the Latvian catalogue (run `make translations`):\n" + "\n".join(
        missing
    )
    assert len(used) > 200  # the extraction really read the templates and the code

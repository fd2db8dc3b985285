"""The Latvian catalogue is complete, compiled and covers every string the code shows.

These tests read only files (babel.cfg, the sources, the catalogues): they need no
app, database or fixture. When one fails after a UI string changed, run
`make translations`, translate what is new in the Latvian .po, and compile again.
"""

import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "secretariat" / "translations"
LOCALES = ("lv", "en")
# %(name)s, %(max)d, %(n)05.2f …: the named placeholders Python's % operator fills in
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*(?:\d+)?(?:\.\d+)?[diouxXeEfFgGcrsa]")
# what `make translations` passes: Babel's default keywords, plus -k _l -k N_ and
# -k lazy_pgettext:1c,2 (a label with a context, e.g. a measure's status)
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "N_": None, "lazy_pgettext": ((1, "c"), 2)}
LATVIAN_PLURALS = "(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2)"

# Terms the secretariat uses in its own documents; the UI must say the same.
GLOSSARY = {
    "FOR": "PAR",
    "AGAINST": "PRET",
    "ABSTAIN": "ATTURAS",
    "none": "nav",
    "BUT": "BET",
    "Council session": "Padomes sēde",
    "Extended session with ministers": "Paplašinātā sēde ar nozaru ministriem",
    "Regional visiting session": "Izbraukuma sēde reģionā",
    "Forum": "Forums",
    "Online meeting with signatories": "Tiešsaistes tikšanās ar parakstītājām organizācijām",
    "Working group meeting": "Darba grupas sanāksme",
    "Follow-up actions": "Turpmākie uzdevumi",
    "Agenda": "Darba kārtība",
    "Attendance": "Dalībnieki",
    "Breakout groups": "Darba grupas",
    "Decision": "Lēmums",
    "Conclusions": "Secinājumi",
    "Audit trail": "Izmaiņu vēsture",
    "Protocol number": "Protokola numurs",
    "prot. No. %(n)s": "prot. Nr.%(n)s",
    "No. %(n)s": "Nr.%(n)s",
    "Sign in": "Pieslēgties",
    "Sign out": "Iziet",
    "Memorandum Council secretariat": "Memoranda padomes sekretariāts",
    "Delegated expert": "Deleģēts eksperts",
    "In person": "Klātienē",
    "Remotely": "Attālināti",
    "Absent": "Nepiedalās",
    "Excused": "Nepiedalās attaisnotu iemeslu dēļ",
    "overdue": "nokavēts",
    "Open": "Atvērts",
    "In progress": "Procesā",
    "Done": "Izpildīts",
    "Dropped": "Atcelts",
    "Planned": "Plānota",
    "Held": "Notikusi",
    "Cancelled": "Atcelta",
    "This field is required.": "Šis lauks ir obligāts.",
    "Not a valid choice.": "Nederīga izvēle.",
}


def _path(locale: str, suffix: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / f"messages.{suffix}"


def _po(locale):
    with open(_path(locale, "po"), "rb") as f:
        return read_po(f, locale=locale)


def _mo(locale):
    with open(_path(locale, "mo"), "rb") as f:
        return read_mo(f)


def _strings(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def _ids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _key(message_id, context) -> tuple:
    # a plural message's ids come as a tuple from a .po, as a list from a .mo
    return (tuple(message_id) if isinstance(message_id, list) else message_id, context or None)


def _text(string):
    return tuple(string) if isinstance(string, list) else string


def _extract() -> list[tuple[str, tuple, str | None]]:
    """(file, msgid, context) for every marked string, the way `make translations` finds them."""
    with open(ROOT / "babel.cfg") as f:
        method_map, options_map = parse_mapping_cfg(f, "babel.cfg")
    found = []
    for filename, _line, message, _comments, context in extract_from_dir(
        str(ROOT),
        method_map,
        options_map,
        keywords=KEYWORDS,
        directory_filter=lambda path: not Path(path).name.startswith((".", "__pycache__")),
    ):
        found.append((filename, message, context))
    return found


def test_latvian_catalogue_header():
    catalogue = _po("lv")
    assert str(catalogue.locale) == "lv"
    assert catalogue.num_plurals == 3
    assert catalogue.plural_expr == LATVIAN_PLURALS
    assert not catalogue.fuzzy, "the header of the Latvian catalogue is marked fuzzy"


def test_every_latvian_entry_is_translated_and_keeps_its_placeholders():
    catalogue = _po("lv")
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        wanted = set(PLACEHOLDER.findall(" ".join(_ids(message))))
        strings = _strings(message)
        if isinstance(message.id, tuple) and len(strings) != catalogue.num_plurals:
            problems.append(f"needs {catalogue.num_plurals} plural forms: {message.id!r}")
        for text in strings:
            if not text or not text.strip():
                problems.append(f"untranslated: {message.id!r}")
                continue
            have = set(PLACEHOLDER.findall(text))
            if wanted - have:
                lost = sorted(wanted - have)
                problems.append(f"placeholder lost {lost}: {message.id!r} → {text!r}")
            if have - wanted:
                problems.append(f"unknown placeholder {sorted(have - wanted)}: {message.id!r}")
        if message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
    # Babel's own checkers: placeholder types, and the number of plural forms
    for message, errors in catalogue.check():
        problems.extend(f"{error}: {message.id!r}" for error in errors)
    assert not problems, "\n".join(problems)


def test_latvian_catalogue_uses_the_secretariats_terms():
    catalogue = _po("lv")
    wrong = []
    for msgid, term in GLOSSARY.items():
        message = catalogue.get(msgid)
        if message is None:
            wrong.append(f"{msgid!r}: not in the catalogue")
        elif message.string != term:
            wrong.append(f"{msgid!r}: {message.string!r}, should be {term!r}")
    assert not wrong, "\n".join(wrong)


def test_english_catalogue_exists_and_is_not_fuzzy():
    catalogue = _po("en")
    assert str(catalogue.locale) == "en"
    assert not catalogue.fuzzy, "the header of the English catalogue is marked fuzzy"
    assert not [m.id for m in catalogue if m.id and m.fuzzy]


def test_compiled_catalogues_match_their_sources():
    for locale in LOCALES:
        source = {
            _key(m.id, m.context): _text(m.string)
            for m in _po(locale)
            if m.id and not m.fuzzy and all(_strings(m))
        }
        compiled = {_key(m.id, m.context): _text(m.string) for m in _mo(locale) if m.id}
        stale = sorted(str(k) for k in source.keys() ^ compiled.keys())
        stale += sorted(str(k) for k in source.keys() & compiled.keys() if source[k] != compiled[k])
        assert not stale, f"{locale}: the .mo is stale, run `make translations`:\n" + "\n".join(
            stale
        )


def test_catalogues_cover_every_string_in_the_code():
    found = _extract()
    # the extraction really read both the Python code and the templates
    assert any(f.startswith("secretariat") and f.endswith(".py") for f, _, _ in found)
    assert any(f.startswith("templates") and f.endswith(".html") for f, _, _ in found)
    used = {_key(message, context) for _f, message, context in found}
    for locale in LOCALES:
        known = {_key(m.id, m.context) for m in _po(locale) if m.id}
        missing = sorted(str(k[0]) for k in used - known)
        assert not missing, (
            f"not in the {locale} catalogue (run `make translations`, then translate):\n"
            + "\n".join(missing)
        )


def test_catalogues_hold_no_strings_the_code_no_longer_uses():
    used = {_key(message, context) for _f, message, context in _extract()}
    for locale in LOCALES:
        known = {_key(m.id, m.context) for m in _po(locale) if m.id}
        unused = sorted(str(k[0]) for k in known - used)
        assert not unused, (
            f"the {locale} catalogue has strings no code uses (run `make translations`):\n"
            + "\n".join(unused)
        )

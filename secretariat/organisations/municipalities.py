"""Latvia's 43 municipalities: which region each belongs to, and the names one goes by.

The regions are the app's REGIONS. For most municipalities that is their planning
region (Rīga's includes Pierīga). Sēlija is a historical land, not a planning region:
seed 004's contacts directory counts Jēkabpils, Aizkraukle, Augšdaugava and Krāslava as
Sēlija's municipalities, and visiting sessions there are Sēlija's, so they map to Sēlija.

One municipality appears under several names — "Jēkabpils novads" in the contacts
directory, "Jēkabpils novada pašvaldība" in the register — and `municipality_key`
gives them all one key, so the register holds one organisation per municipality.
"""

import re

from ..core.text import search_key

#: the name's stem as written before "novads"/"valstspilsēta" (search_key form) → region
MUNICIPALITIES = {
    # 36 novadi
    "aizkraukles": "Sēlija",
    "aluksnes": "Vidzeme",
    "augsdaugavas": "Sēlija",
    "adazu": "Rīga",
    "balvu": "Latgale",
    "bauskas": "Zemgale",
    "cesu": "Vidzeme",
    "dienvidkurzemes": "Kurzeme",
    "dobeles": "Zemgale",
    "gulbenes": "Vidzeme",
    "jelgavas": "Zemgale",
    "jekabpils": "Sēlija",
    "kraslavas": "Sēlija",
    "kuldigas": "Kurzeme",
    "kekavas": "Rīga",
    "limbazu": "Rīga",
    "livanu": "Latgale",
    "ludzas": "Latgale",
    "madonas": "Vidzeme",
    "marupes": "Rīga",
    "ogres": "Rīga",
    "olaines": "Rīga",
    "preilu": "Latgale",
    "rezeknes": "Latgale",
    "ropazu": "Rīga",
    "salaspils": "Rīga",
    "saldus": "Kurzeme",
    "saulkrastu": "Rīga",
    "siguldas": "Rīga",
    "smiltenes": "Vidzeme",
    "talsu": "Kurzeme",
    "tukuma": "Rīga",
    "valkas": "Vidzeme",
    "valmieras": "Vidzeme",
    "varaklanu": "Vidzeme",
    "ventspils": "Kurzeme",
    # the 7 state cities not named above (Jelgava, Rēzekne and Ventspils share a stem
    # with their novads, and a region)
    "daugavpils": "Latgale",
    "jurmalas": "Rīga",
    "liepajas": "Kurzeme",
    "rigas": "Rīga",
}
#: state cities named on their own, in the nominative ("Liepāja")
_CITY_NOMINATIVES = {
    "daugavpils": "daugavpils",
    "jelgava": "jelgavas",
    "jurmala": "jurmalas",
    "liepaja": "liepajas",
    "rezekne": "rezeknes",
    "riga": "rigas",
    "ventspils": "ventspils",
}
#: region names as territories write them ("Zemgales plānošanas reģions", "Sēlijas …")
_REGION_STEMS = {
    "rig": "Rīga",
    "vidzem": "Vidzeme",
    "kurzem": "Kurzeme",
    "zemgal": "Zemgale",
    "latgal": "Latgale",
    "selij": "Sēlija",
}
_NOVADS = re.compile(r"^(.+?) novad(?:s|a(?: pasvaldiba| dome| pasvaldibas dome)?)$")
_CITY = re.compile(r"^(.+?) (?:valsts)?pilseta(?:s(?: pasvaldiba| dome| pasvaldibas dome)?)?$")
_QUOTES = str.maketrans("", "", "\"'„“”«»")


def municipality_key(name: str) -> str | None:
    """One key for every name of one municipality: "Jēkabpils novads" and "Jēkabpils
    novada pašvaldība" → "novads:jekabpils"; "Liepāja", "Liepājas valstspilsētas
    pašvaldība" → "city:liepajas". A novads and the state city of the same stem (Rēzekne)
    stay apart. None for a name that is not a municipality's."""
    key = search_key((name or "").translate(_QUOTES))
    if match := _NOVADS.match(key):
        return f"novads:{match.group(1)}"
    if match := _CITY.match(key):
        return f"city:{match.group(1)}"
    if key in _CITY_NOMINATIVES:
        return f"city:{_CITY_NOMINATIVES[key]}"
    return None


def region_of_territory(territory: str) -> str:
    """The region a territory text names: a region itself ("Zemgales plānošanas reģions")
    or a municipality ("Jēkabpils novada teritorija"); "" when it names neither."""
    words = search_key(territory).split()
    for word in words:
        for stem, region in _REGION_STEMS.items():
            if word.startswith(stem):
                return region
    for word in words:
        stem = _CITY_NOMINATIVES.get(word, word)
        if stem in MUNICIPALITIES:
            return MUNICIPALITIES[stem]
    return ""


def region_of_municipality(name: str) -> str:
    key = municipality_key(name)
    return MUNICIPALITIES.get(key.split(":", 1)[1], "") if key else ""

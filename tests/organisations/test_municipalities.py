"""Latvia's municipalities: one key for all names of one, and the region of each."""

import pytest

from secretariat.core.labels import REGIONS
from secretariat.organisations.municipalities import (
    MUNICIPALITIES,
    municipality_key,
    region_of_municipality,
    region_of_territory,
)


def test_43_municipalities_each_in_one_of_the_apps_regions():
    cities = {"daugavpils", "jelgavas", "jurmalas", "liepajas", "rezeknes", "rigas", "ventspils"}
    novadi = set(MUNICIPALITIES) - {"daugavpils", "jurmalas", "liepajas", "rigas"}
    assert len(novadi) == 36 and len(cities) == 7
    assert set(MUNICIPALITIES.values()) <= set(REGIONS)


@pytest.mark.parametrize(
    "names",
    [
        ("Jēkabpils novads", "Jēkabpils novada pašvaldība", "JEKABPILS NOVADA DOME"),
        ("Liepāja", "Liepājas valstspilsēta", "Liepājas valstspilsētas pašvaldība"),
        ("Augšdaugavas novads", "„Augšdaugavas novada pašvaldība”"),
    ],
)
def test_one_key_for_every_name_of_a_municipality(names):
    assert len({municipality_key(name) for name in names}) == 1
    assert municipality_key(names[0]) is not None


def test_a_state_city_and_the_novads_of_its_name_stay_apart():
    assert municipality_key("Rēzeknes novads") != municipality_key("Rēzeknes valstspilsēta")
    assert municipality_key("Biedrība Jēkabpils") is None


@pytest.mark.parametrize(
    "territory, region",
    [
        ("Jēkabpils novada teritorija", "Sēlija"),
        ("Augšdaugavas un Krāslavas novadu pašvaldību teritorijas", "Sēlija"),
        ("Aizkraukles novada teritorija", "Sēlija"),
        ("Zemgales plānošanas reģions", "Zemgale"),
        ("Sēlijas teritorija", "Sēlija"),
        ("Dienvidkurzemes novads", "Kurzeme"),
        ("Rīga", "Rīga"),
        ("Liepāja un apkārtne", "Kurzeme"),
        ("Ogres novads", "Rīga"),
        ("Visa Latvija", ""),
    ],
)
def test_region_of_a_territory(territory, region):
    assert region_of_territory(territory) == region


def test_region_of_a_municipality():
    assert region_of_municipality("Valmieras novada pašvaldība") == "Vidzeme"
    assert region_of_municipality("Daugavpils valstspilsēta") == "Latgale"
    assert region_of_municipality("Valsts kanceleja") == ""

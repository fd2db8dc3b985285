from secretariat.core.text import initial_and_surname, search_key


def test_search_key_drops_diacritics_and_case():
    assert search_key("Jēkabpils Kopienu centrs") == "jekabpils kopienu centrs"
    assert search_key("  ĶĒNIŅŠ   Žagars ") == "kenins zagars"


def test_minutes_name_form():
    assert initial_and_surname("Andris Broks") == "A.Broks"
    assert initial_and_surname("Ēriks Kalniņš-Ozols") == "Ē.Kalniņš-Ozols"
    assert initial_and_surname("Madonna") == "Madonna"

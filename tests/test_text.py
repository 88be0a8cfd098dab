import pytest

from directory.text import fold_german, slugify


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Neustädter See", "neustaedter-see"),
        ("Leipziger Straße", "leipziger-strasse"),
        ("Westerhüsen", "westerhuesen"),
        ("Großer Silberberg", "grosser-silberberg"),
        ("Alt Olvenstedt", "alt-olvenstedt"),
        ("Beyendorf-Sohlen", "beyendorf-sohlen"),
        ("Ökumenisches Café – Ü30", "oekumenisches-cafe-ue30"),
        ("  ??  ", "eintrag"),
    ],
)
def test_slugs_transliterate_german_letters_the_german_way(name, slug):
    assert slugify(name) == slug


def test_folding_lowercases_and_spells_out_umlauts():
    assert fold_german("Lernförderung STRASSE Straße") == "lernfoerderung strasse strasse"


def test_clean_input_drops_control_characters_and_bounds_length():
    from directory.text import clean_input

    assert clean_input(" a\x00b\x01c\td ") == "abc\td"
    assert len(clean_input("x" * 10_000, 500)) == 500

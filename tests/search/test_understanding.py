"""Reading a request: meaningful words mapped to German concepts, filters, place, school level, what is dropped.

Small vocabularies built here keep each case readable; the last tests read the seed files, to show that
the shipped vocabulary and query words load and work together.
"""

from pathlib import Path

import pytest

from directory.geo.gazetteer import Gazetteer
from directory.search.understanding import school_level, understand
from directory.search.vocabulary import Vocabulary, concept_from_mapping, read_concepts, read_query_words

SEED = Path(__file__).resolve().parents[2] / "seed_data"


def concept(key, type_="service", implies=None, **terms):
    return concept_from_mapping({"key": key, "type": type_, "implies": implies or {}, "terms": terms})


QUERY_WORDS = {
    "de": {
        "stopwords": ["für", "der", "die", "in", "auf", "einen"],
        "request_phrases": ["ich suche", "für meinen Sohn", "hilfe beim"],
        "place_prepositions": ["in", "in der Nähe von"],
        "school_level_patterns": [r"\bklasse\s*(\d{1,2})\b", r"\b(\d{1,2})\s*\.?\s*klasse\b"],
    },
    "ar": {"stopwords": ["في", "من"], "request_phrases": ["أبحث عن"],
           "school_level_patterns": [r"(?:ال)?صف\s+(?:ال)?(سابع)"], "number_words": {"سابع": 7}},
    "tr": {"stopwords": ["için"], "request_phrases": ["arıyorum"], "place_postpositions": ["civarında"]},
}


@pytest.fixture(scope="module")
def vocabulary():
    return Vocabulary(
        [
            concept("nachhilfe", implies={"category": "lernfoerderung"},
                    de=["Nachhilfe", "Lernförderung"], en=["tutoring"], ar=["دروس خصوصية"], ru=["репетитор"],
                    uk=["репетитор"], tr=["özel ders"], fa=["کلاس تقویتی"], ku=["dersa taybet"]),
            concept("dolmetschen", de=["Dolmetscher"], en=["interpreter"], ar=["مترجم"], tr=["tercüman"],
                    ru=["переводчик"], uk=["перекладач"], ku=["wergêr"], fa=["مترجم"]),
            concept("kostenlos", "cost", {"cost": "free"}, de=["kostenlos"], en=["free"], ar=["مجاني"],
                    uk=["безкоштовно"], tr=["ücretsiz"]),
            concept("but", "cost", {"but": True}, de=["BuT", "Bildungspaket"]),
            concept("arabisch", "language", {"language": "ar"}, de=["auf Arabisch", "Arabisch"],
                    en=["in Arabic"]),
            concept("mathe", "subject", de=["Mathe", "Mathematik"], en=["maths", "math"]),
        ],
        QUERY_WORDS,
        ["Neustädter See", "Sudenburg"],
    )


def test_a_sentence_keeps_its_meaningful_words(vocabulary):
    reading = understand("Mathe Nachhilfe für meinen Sohn Klasse 7", vocabulary)
    assert reading.concepts == ["mathe", "nachhilfe"]
    assert reading.school_level == "secondary_1" and reading.grade == 7
    assert reading.school_words == "Klasse 7"
    assert reading.dropped == ["für meinen Sohn"]


@pytest.mark.parametrize(
    "query",
    ["репетитор", "tutoring", "دروس خصوصية", "الدروس الخصوصية", "özel ders", "کلاس‌های تقویتی", "dersa taybet",
     "Nachhilfe", "Lernfoerderung"],
)
def test_a_word_in_any_language_maps_to_the_german_concept(vocabulary, query):
    reading = understand(query, vocabulary)
    assert reading.concepts == ["nachhilfe"], query
    assert reading.meanings[0].search_terms[0] == "Nachhilfe"


@pytest.mark.parametrize(
    "query", ["tercümana", "tercumanı", "перекладачеві", "переводчика", "wergêrên", "wergeran", "المترجم",
              "والمترجم", "interpreters"],
)
def test_inflected_forms_find_their_term(vocabulary, query):
    assert understand(query, vocabulary).concepts == ["dolmetschen"], query


def test_cost_words_become_the_free_filter_and_offer_but(vocabulary):
    for query in ("kostenlose Nachhilfe", "free tutoring", "دروس خصوصية مجاني", "ucretsiz özel ders",
                  "безкоштовно репетитор"):
        reading = understand(query, vocabulary)
        assert reading.filters == {"cost": ("free",)}, query
        assert reading.but_offered
        assert reading.concepts == ["nachhilfe"], query
    reading = understand("Nachhilfe BuT", vocabulary)
    assert reading.filters == {"cost": ("but",)} and not reading.but_offered


def test_a_language_becomes_the_language_filter(vocabulary):
    reading = understand("Dolmetscher auf Arabisch", vocabulary)
    assert reading.filters == {"language": ("ar",)}
    assert reading.filter_words == {"language": "auf Arabisch"}
    assert reading.concepts == ["dolmetschen"]


def test_a_place_becomes_where_to_measure_from(vocabulary):
    reading = understand("Nachhilfe in Neustädter See", vocabulary)
    assert reading.place == "Neustädter See" and reading.place_words == "in Neustädter See"
    assert reading.concepts == ["nachhilfe"] and not reading.filters
    assert understand("Nachhilfe Neustaedter See", vocabulary).place == "Neustädter See"
    assert understand("Sudenburg civarında özel ders", vocabulary).place == "Sudenburg"
    assert understand("Sudenburg'da tercüman", vocabulary).place == "Sudenburg"


def test_request_phrases_and_stop_words_are_dropped_in_every_language(vocabulary):
    reading = understand("ich suche einen Dolmetscher", vocabulary)
    assert reading.concepts == ["dolmetschen"] and reading.dropped == ["ich suche", "einen"]
    reading = understand("أبحث عن مترجم", vocabulary)
    assert reading.concepts == ["dolmetschen"] and reading.dropped == ["أبحث عن"]
    assert understand("tercüman arıyorum", vocabulary).dropped == ["arıyorum"]


def test_unknown_words_are_kept_as_typed(vocabulary):
    reading = understand("Hilfe beim Jobcenter Antrag", vocabulary)
    assert [m.text for m in reading.meanings] == ["Jobcenter", "Antrag"]
    assert all(m.concept is None for m in reading.meanings)


def test_school_levels():
    assert [school_level(g) for g in (1, 4, 5, 10, 11, 13, 14)] == [
        "primary", "primary", "secondary_1", "secondary_1", "secondary_2", "secondary_2", None]


def test_school_level_in_arabic_and_with_a_dot(vocabulary):
    assert understand("الصف السابع", vocabulary).grade == 7
    assert understand("Nachhilfe 7. Klasse", vocabulary).grade == 7


def test_a_typing_error_is_corrected_only_when_asked_and_sure(vocabulary):
    assert understand("tercuamn", vocabulary).concepts == []
    reading = understand("tercuamn", vocabulary, correct=True)
    assert reading.concepts == ["dolmetschen"]
    assert reading.meanings[0].corrected_from == "tercuamn" and reading.meanings[0].text == "tercüman"


def test_nothing_raises_on_odd_input(vocabulary):
    for text in ("", "   ", "!!!", "ـــ", "\u200c", "7", "Klasse", "in", "a" * 500):
        understand(text, vocabulary, correct=True)


# --- the shipped files ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    return Vocabulary(
        read_concepts(SEED / "vocabulary.yaml"),
        read_query_words(SEED / "query_words.yaml"),
        Gazetteer.load(SEED).area_names(),
    )


def test_the_shipped_vocabulary_has_every_language_for_every_concept(shipped):
    assert len(shipped.concepts) >= 150
    for concept in shipped.concepts.values():
        assert all(concept.terms[lang] for lang in ("de", "en", "ar", "uk", "ru", "tr", "fa", "ku")), concept.key


def test_every_school_level_pattern_compiles(shipped):
    sections = read_query_words(SEED / "query_words.yaml").values()
    assert len(shipped.school_patterns) == sum(len(s.get("school_level_patterns") or ()) for s in sections)


@pytest.mark.parametrize(
    ("query", "grade"),
    [("Klasse 7", 7), ("7. Klasse", 7), ("grade 7", 7), ("الصف السابع", 7), ("7-й класс", 7), ("7 клас", 7),
     ("7. sınıf", 7), ("کلاس هفتم", 7), ("pola heftan", 7)],
)
def test_school_levels_in_each_language(shipped, query, grade):
    reading = understand(query, shipped)
    assert (reading.grade, reading.school_level) == (grade, "secondary_1"), query


def test_a_stop_word_of_one_language_is_a_term_only_among_words_of_the_other(shipped):
    german = understand("Hilfe bei der Wohnungssuche", shipped)
    assert "verein_gemeinde" not in german.concepts and "der" in german.dropped
    assert "jobsuche" not in understand("where is the interpreter", shipped).concepts
    assert understand("ev", shipped).concepts == ["wohnungssuche"]  # alone: the Turkish word

"""Normalisation per script: the query and the vocabulary's terms meet whatever keyboard typed them."""

import pytest

from directory.search.normalise import (
    arabic_forms,
    deletions,
    edit_distance,
    english_forms,
    fold_letters,
    fold_pattern,
    fold_with_offsets,
    kurmanji_forms,
    script,
    word_key,
    words,
)


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        # Arabic and Persian letter variants
        ("أحمد", "احمد"), ("إلى", "الي"), ("آخر", "اخر"), ("ٱلكتاب", "الكتاب"),
        ("مدرسة", "مدرسه"),  # ta marbuta
        ("مستشفى", "مستشفي"),  # alef maksura
        ("کلاس", "كلاس"),  # Persian keheh / Arabic kaf
        ("یک", "يك"),  # Persian yeh / Arabic yeh
        ("مـــترجم", "مترجم"),  # tatweel
        ("مُتَرْجِمٌ", "مترجم"),  # diacritics
        ("مسؤول", "مسوول"), ("هيئة", "هييه"),  # hamza on a carrier
        ("٧", "7"), ("۷", "7"),  # Arabic-Indic and Persian digits
        # Cyrillic
        ("ребёнок", "ребенок"), ("ґанок", "ганок"), ("Переводчик", "переводчик"),
        # Turkish
        ("İstanbul", "istanbul"), ("ISPARTA", "isparta"), ("ılık", "ilik"), ("Ücretsiz", "ucretsiz"),
        ("tercüman", "tercuman"), ("öğretmen", "ogretmen"), ("çocuk", "cocuk"), ("şehir", "sehir"),
        # Kurmanji with and without accents
        ("wergêr", "werger"), ("zimanê", "zimane"), ("xwendîn", "xwendin"), ("dûr", "dur"), ("çêkirin", "cekirin"),
        ("şêwirmendî", "sewirmendi"),
        # German and accents on Latin letters
        ("Förderung", "forderung"), ("Straße", "strasse"), ("Café", "cafe"),
    ],
)
def test_letter_variants_meet(typed, written):
    assert fold_letters(typed) == fold_letters(written) == written


def test_turkish_capital_i_has_no_stray_dot():
    assert "\u0307" not in fold_letters("İNGİLİZCE")
    assert fold_letters("İNGİLİZCE") == fold_letters("ingilizce") == "ingilizce"


def test_persian_zero_width_non_joiner_separates_words():
    assert words("کلاس‌های تقویتی") == words("کلاس های تقویتی")


def test_folding_with_offsets_agrees_and_points_back():
    for text in ("Mathe Nachhilfe für meinen Sohn", "مُتَرْجِمٌ في المدرسة", "İNGİLİZCE öğretmen", "Straße 7"):
        source, folded, offsets = fold_with_offsets(text)
        assert folded == fold_letters(text)
        assert len(offsets) == len(folded)
    source, folded, offsets = fold_with_offsets("für Sohn")
    start = folded.index("sohn")
    assert source[offsets[start]:offsets[start + 3] + 1] == "Sohn"


def test_apostrophes_and_hyphens():
    assert words("Jobcenter'a") == ("jobcenter",)  # a Turkish suffix after a Latin word
    assert words("п'ять") == words("п’ять") == words("пʼять") == ("пять",)
    assert words("по-русски") == words("по русски") == ("по", "русски")


def test_german_spellings_without_umlauts_meet():
    assert word_key("foerderung") == word_key(fold_letters("Förderung"))
    assert words("Lernfoerderung") == words("Lernförderung")


def test_punctuation_around_words_is_dropped():
    assert words("مترجم، من فضلك؟") == ("مترجم", "من", "فضلك")
    assert words("Nachhilfe?!") == ("nachhilfe",)


def test_patterns_are_folded_like_the_text_and_keep_their_escapes():
    assert fold_pattern(r"\bs[ıi]n[ıi]f\s*(\d{1,2})") == r"\bs[ii]n[ii]f\s*(\d{1,2})"
    assert fold_pattern("[کك]لاس") == "[كك]لاس"


def test_script():
    assert script("nachhilfe") == "latin"
    assert script("репетитор") == "cyrillic"
    assert script("مترجم") == "arabic"
    assert script("123") == "other"


def test_word_forms_of_arabic_persian_kurmanji_english():
    assert "مترجم" in arabic_forms("والمترجم")
    assert "مترجم" in arabic_forms("بالمترجم")
    assert "كلاس" in arabic_forms("كلاسها")
    assert all(len(form) >= 3 for form in arabic_forms("الاب"))
    assert "werger" in kurmanji_forms("wergeren")  # wergêrên
    assert english_forms("interpreters") == ["interpreter"]
    assert english_forms("bus") == []


def test_typing_errors():
    assert "nachilfe" in deletions("nachhilfe")
    assert edit_distance("nachilfe", "nachhilfe") == 1
    assert edit_distance("tercuamn", "tercuman") == 1  # a transposition is one error
    assert edit_distance("abc", "xyz123", 3) == 3


def test_arabic_article_and_detached_persian_endings():
    assert words("الدروس الخصوصية") == words("دروس خصوصية")
    assert words("کلاس‌های تقویتی") == words("کلاس تقویتی") == words("کلاس ها تقویتی")
    assert words("ال") == ("ال",)  # too short to be an article on a word

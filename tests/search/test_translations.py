"""Search finds offers by their translations, with the spelling variants of each script folded."""

from directory.extensions import db
from directory.models import Offer, OfferTranslation
from directory.search.analysis import analyse
from directory.search.schema import offer_document
from directory.text import fold_german, fold_scripts
from tests.factories import make_offer, reference_data
from tests.search.helpers import doc, ids, tiny_engine


def test_arabic_and_persian_spelling_variants_fold_together():
    # Diacritics, tatweel, hamza on alef, ta marbuta, and the Persian and Arabic forms of yeh and kaf.
    assert fold_scripts("مُتَرْجِم") == fold_scripts("مترجم")
    assert fold_scripts("مـتـرجـم") == fold_scripts("مترجم")
    assert fold_scripts("إرشاد") == fold_scripts("ارشاد") == fold_scripts("أرشاد")
    assert fold_scripts("مدرسة") == fold_scripts("مدرسه")
    assert fold_scripts("کمک یکی") == fold_scripts("كمك يكي")
    assert fold_scripts("۲۰۲۱") == fold_scripts("٢٠٢١") == "2021"


def test_cyrillic_turkish_and_kurmanji_variants_fold_together():
    assert fold_scripts("Учёба") == fold_scripts("учеба")
    assert fold_scripts("TERCÜMAN") == fold_scripts("tercuman")
    assert fold_scripts("ılık") == fold_scripts("ilik")
    assert fold_scripts("Navbeynkarîya zimanê") == fold_scripts("navbeynkariya zimane")


def test_german_words_are_analysed_as_before():
    for word in ("Nachhilfe", "Straße", "Lernförderung", "Café", "für"):
        assert fold_scripts(fold_german(word)) == fold_german(word)
    assert analyse("Nachhilfeangebote für Kinder") == analyse("nachhilfeangebote fuer kinder")


def test_an_arabic_word_finds_the_offer_whatever_its_spelling():
    engine = tiny_engine(
        doc("a", title="Sprachmittlung \nالوساطة اللغوية", body="مُترجِمة في المدرسة"),
        doc("b", title="Nachhilfe", body="دروس التقوية"),
    )
    assert ids(engine, "مترجمه") == ["a"]
    assert ids(engine, "الوساطه") == ["a"]
    assert ids(engine, "التقويه") == ["b"]


def test_offer_document_holds_every_searchable_translated_field(app):
    with app.app_context():
        reference_data()
        offer = make_offer("Elterncafé", summary="Austausch für Eltern.", how_to_access="Einfach kommen.",
                           limitations="Keine Kinderbetreuung.")
        offer.translations.append(OfferTranslation(
            locale="fa", title="کافه‌ی والدین", summary="گفت‌وگو برای والدین.", description="هر هفته",
            how_to_access="بدون ثبت‌نام بیایید.", limitations="مراقبت از کودک نداریم.",
        ))
        db.session.commit()
        document = offer_document(db.session.get(Offer, offer.id))
        assert "کافه‌ی والدین" in document["title"]
        assert "گفت‌وگو برای والدین." in document["summary"]
        assert "بدون ثبت‌نام بیایید." in document["body"]
        assert "مراقبت" not in document["body"] and "Kinderbetreuung" not in document["body"]
        engine = tiny_engine(document)
        assert ids(engine, "ثبتنام") == [str(offer.id)]  # typed without the zero-width non-joiner
        assert ids(engine, "والدين") == [str(offer.id)]  # Arabic yeh for the Persian one

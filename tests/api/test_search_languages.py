"""A tutoring request in each of the eight languages finds tutoring, a mediation request finds language
mediation (through the public API, on the seed with its example offers).

The requests are written here for this test, the way a parent might type them; they are not taken from the
relevance query set (bench/relevance_queries.yaml), which measures and is not tuned to.
"""

from __future__ import annotations

import pytest

TUTORING = ("lernfoerderung", "hausaufgabenhilfe")
MEDIATION = ("sprachmittlung",)

REQUESTS = [
    ("de", "Nachhilfe in Mathe für meine Tochter", TUTORING),
    ("de", "wir brauchen eine Dolmetscherin für das Gespräch mit der Lehrerin", MEDIATION),
    ("en", "looking for a private tutor for my daughter", TUTORING),
    ("en", "interpreter for a meeting at school", MEDIATION),
    ("ar", "أريد مدرس خصوصي لابنتي", TUTORING),
    ("ar", "مترجمة لموعد في المدرسة", MEDIATION),
    ("uk", "шукаю репетитора для доньки", TUTORING),
    ("uk", "потрібен перекладач у школі", MEDIATION),
    ("ru", "нужен репетитор для дочки", TUTORING),
    ("ru", "ищу переводчика для разговора в школе", MEDIATION),
    ("tr", "kızım için özel ders arıyorum", TUTORING),
    ("tr", "okulda görüşme için tercüman lazım", MEDIATION),
    ("fa", "برای دخترم معلم خصوصی می‌خواهم", TUTORING),
    ("fa", "مترجم برای جلسه مدرسه", MEDIATION),
    ("ku", "ji bo keça min dersa taybet", TUTORING),
    ("ku", "wergêr ji bo dibistanê", MEDIATION),
]


@pytest.mark.parametrize(("lang", "q", "categories"), REQUESTS, ids=[f"{r[0]}-{i}" for i, r in enumerate(REQUESTS)])
def test_a_request_in_each_language_finds_its_kind_of_offer(seeded_client, lang, q, categories) -> None:
    answer = seeded_client.get("/api/v1/offers", query_string={"q": q, "per_page": 3}).get_json()
    top = [(item.get("category") or {}).get("slug") for item in answer["items"]]
    assert any(slug in categories for slug in top), (q, answer["understood"], top)


def test_every_language_is_covered() -> None:
    languages = {lang for lang, _, categories in REQUESTS if categories == TUTORING}
    assert languages == {lang for lang, _, categories in REQUESTS if categories == MEDIATION} == {
        "de", "en", "ar", "uk", "ru", "tr", "fa", "ku"}

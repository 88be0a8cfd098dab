"""Controlled vocabularies: stored codes and their (lazily translated) German labels.

The codes are what the database, the index, URLs and the API use; the labels are for people.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

OFFER_STATUSES = {
    "active": _l("läuft"),
    "planned": _l("geplant"),
    "in_preparation": _l("in Vorbereitung"),
    "paused": _l("pausiert"),
    "ended": _l("beendet"),
}

# Publication workflow of an entry, separate from whether the offer itself runs.
WORKFLOW_STATES = {
    "draft": _l("Entwurf"),
    "review": _l("in Prüfung"),
    "published": _l("veröffentlicht"),
    "archived": _l("archiviert"),
}

COSTS = {
    "free": _l("kostenlos"),
    "reduced": _l("ermäßigt"),
    "paid": _l("kostenpflichtig"),
    # The source names no cost: the reader is asked to check with the provider, nothing is claimed.
    "unknown": _l("Kosten beim Anbieter erfragen"),
}

# Not a cost of its own: the filter value for offers that Bildung und Teilhabe (BuT) pays for (``but_eligible``).
# The search, the API and the printed lists filter costs by these codes.
BUT = "but"
COST_FILTERS = {**COSTS, BUT: _l("über Bildung und Teilhabe (BuT)")}

MODES = {
    "in_person": _l("vor Ort"),
    "phone": _l("Telefon"),
    "video": _l("Video"),
    "online": _l("online"),
    "outreach": _l("aufsuchend / mobil"),
}

TARGET_GROUPS = {
    "children": _l("Kinder"),
    "youth": _l("Jugendliche"),
    "parents": _l("Eltern"),
    "families": _l("Familien"),
    "adults": _l("Erwachsene"),
    "women": _l("Frauen"),
    "seniors": _l("Ältere Menschen"),
    "newcomers": _l("Neu Zugewanderte"),
    "professionals": _l("Fachkräfte"),
    "volunteers": _l("Ehrenamtliche"),
}

# Where language mediation takes place (for professionals looking for mediators).
SETTINGS = {
    "kita": _l("KiTa"),
    "school": _l("Schule"),
    "authority": _l("Behörde / Amt"),
    "health": _l("Gesundheit"),
    "other": _l("Sonstiges"),
}

SUBJECTS = {
    "math": _l("Mathematik"),
    "german": _l("Deutsch"),
    "english": _l("Englisch"),
    "sciences": _l("Naturwissenschaften"),
    "languages": _l("Fremdsprachen"),
    "all": _l("alle Fächer"),
}

SCHOOL_LEVELS = {
    "primary": _l("Grundschule (Klasse 1–4)"),
    "secondary_1": _l("Sekundarstufe I (Klasse 5–10)"),
    "secondary_2": _l("Sekundarstufe II / Abitur"),
    "vocational": _l("Berufsschule / Ausbildung"),
}

MEASURE_STATUSES = {
    "implemented": _l("umgesetzt"),
    "in_progress": _l("in Bearbeitung"),
    "hard_to_plan": _l("derzeit schwer planbar"),
    "planned": _l("geplant"),
    "ongoing": _l("laufend"),
}

WEEKDAYS = {
    "mon": _l("Montag"),
    "tue": _l("Dienstag"),
    "wed": _l("Mittwoch"),
    "thu": _l("Donnerstag"),
    "fri": _l("Freitag"),
    "sat": _l("Samstag"),
    "sun": _l("Sonntag"),
}

# How a place's coordinates were found, from most to least precise. "address" only with a coordinate that a
# cited source gives; the others come from the offline gazetteer (a street's midpoint, a postcode area's or a
# Stadtteil's population-weighted centre). Coarser than "street" is shown as approximate.
LOCATION_PRECISIONS = {
    "address": _l("Adresse"),
    "street": _l("Straße"),
    "postcode": _l("Postleitzahlgebiet"),
    "district": _l("Stadtteil"),
}
APPROXIMATE_PRECISIONS = ("postcode", "district")

# ISO 639 codes (639-1 where one exists, else 639-3) with their German names.
LANGUAGES = {
    "de": _l("Deutsch"),
    "en": _l("Englisch"),
    "ar": _l("Arabisch"),
    "ku": _l("Kurdisch (Kurmandschi)"),
    "ckb": _l("Kurdisch (Sorani)"),
    "fa": _l("Persisch (Farsi)"),
    "prs": _l("Dari"),
    "ps": _l("Paschtu"),
    "ti": _l("Tigrinya"),
    "ru": _l("Russisch"),
    "uk": _l("Ukrainisch"),
    "tr": _l("Türkisch"),
    "ro": _l("Rumänisch"),
    "pl": _l("Polnisch"),
    "vi": _l("Vietnamesisch"),
    "fr": _l("Französisch"),
    "so": _l("Somali"),
    "sq": _l("Albanisch"),
    "bg": _l("Bulgarisch"),
    "es": _l("Spanisch"),
    "it": _l("Italienisch"),
    "sr": _l("Serbisch"),
    "hr": _l("Kroatisch"),
    "bs": _l("Bosnisch"),
    "am": _l("Amharisch"),
    "ur": _l("Urdu"),
    "hi": _l("Hindi"),
    "zh": _l("Chinesisch"),
    "dgs": _l("Deutsche Gebärdensprache"),
}

VOCABULARIES = {
    "status": OFFER_STATUSES,
    "workflow_state": WORKFLOW_STATES,
    "cost": COSTS,
    "modes": MODES,
    "target_groups": TARGET_GROUPS,
    "settings": SETTINGS,
    "subjects": SUBJECTS,
    "school_levels": SCHOOL_LEVELS,
    "languages": LANGUAGES,
}


def label(vocabulary: dict, code: str | None) -> str:
    """The label of a code, or the code itself if the vocabulary does not know it."""
    if code is None:
        return ""
    return str(vocabulary.get(code, code))

"""Readable names for what the revisions and the audit log store as codes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "baseline": _l("Ausgangsstand"),
    "create": _l("angelegt"),
    "update": _l("bearbeitet"),
    "submit": _l("zur Prüfung eingereicht"),
    "publish": _l("veröffentlicht"),
    "unpublish": _l("zurück in den Entwurf"),
    "archive": _l("archiviert"),
    "unarchive": _l("aus dem Archiv geholt"),
    "restore": _l("Fassung wiederhergestellt"),
    "translation": _l("Übersetzung gespeichert"),
    "review": _l("Übersetzung geprüft"),
    "delete": _l("endgültig gelöscht"),
    "import": _l("per CSV importiert"),
    "verify": _l("als geprüft vermerkt"),
    "accept": _l("Vorschlag angenommen"),
    "status": _l("Stand geändert"),
    "move": _l("Reihenfolge geändert"),
    "link": _l("Angebot verknüpft"),
    "unlink": _l("Verknüpfung entfernt"),
    "dismiss": _l("Vorschlag entfernt"),
}

OBJECT_TYPE_LABELS = {
    "offer": _l("Angebot"),
    "organisation": _l("Träger"),
    "place": _l("Ort"),
    "category": _l("Kategorie"),
    "challenge": _l("Herausforderung"),
    "suggestion": _l("Vorschlag"),
    "measure": _l("Maßnahme"),
    "focus_area": _l("Schwerpunktbereich"),
    "synonym_group": _l("Synonymgruppe"),
    "vocabulary_concept": _l("Begriff des Suchvokabulars"),
}

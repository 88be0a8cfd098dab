"""Names of the seeded categories and challenges, marked for translation.

The database keeps them in German (curators may edit them); the ``content`` template filter shows the
catalog's translation of a name when there is one and otherwise the German text, marked ``lang="de"``.
``tests/test_i18n.py`` checks that every seeded name is listed here.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

CATEGORY_NAMES = (
    _l("Nachhilfe und Lernförderung"),
    _l("Hausaufgabenhilfe"),
    _l("Sprachmittlung und Dolmetschen"),
    _l("Beratung zu Teilhabe und Anträgen"),
    _l("Begegnung und Treffpunkte"),
    _l("Netzwerke und Austausch"),
    _l("Informationsangebote"),
    _l("Fortbildungen und Workshops"),
    _l("Jugendarbeit"),
    _l("Elternarbeit"),
    _l("Ehrenamt und Brückenbau"),
    _l("Nachbarschaft und Vermittlung"),
)

# The ten challenges in the workshop document's wording.
CHALLENGE_TITLES = (
    _l("Bedarf Sprachmittlung, insbesondere an KiTas und Schulen"),
    _l("zusätzliche Lernförderung"),
    _l("Unterstützung bei Antragsbearbeitung und allgemeiner Teilhabeberatung"),
    _l("Informationsmaterial und Übersichten"),
    _l("Informationsaustausch und Vernetzung"),
    _l("Begegnungsangebote"),
    _l("Brückenbauer*innen"),
    _l("Vermittlung zwischen unterschiedlichen Kulturen in Nachbarschaften"),
    _l("Partizipation von Menschen mit Migrationshintergrund"),
    _l("Workshopangebote"),
)

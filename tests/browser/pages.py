"""Every page type of the site, as the browser tests visit it.

Each entry names the endpoint it needs: a page whose code is not on this branch yet is skipped with a
reason outside CI and fails under CI (as does any page that does not answer 200).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageType:
    name: str
    path: str  # may contain {offer}: the slug of a real offer of the seed
    endpoint: str
    needs_login: bool = False
    # The reader chose "Karte laden": the page may fetch tiles from the tile server (aborted in tests).
    map_opted_in: bool = False
    role: str = "contributor"  # who logs in for a page that needs it


PAGE_TYPES = [
    PageType("home", "/", "public.home"),
    # An active filter (language) and what was read from the words (cost, school level) as removable chips.
    PageType("results", "/search?q=kostenlose+Nachhilfe+Klasse+7&language=ar", "public.search"),
    PageType("offer", "/offers/{offer}", "public.offer"),
    PageType("demo-offer", "/offers/{demo_offer}", "public.offer"),
    PageType("translated-offer", "/offers/{translated_offer}", "public.offer"),
    PageType("categories", "/categories", "public.categories"),
    PageType("category", "/categories/lernfoerderung", "public.category"),
    PageType("challenges", "/challenges", "public.challenges"),
    PageType("challenge", "/challenges/sprachmittlung", "public.challenge"),
    PageType("districts", "/districts", "public.districts"),
    PageType("district", "/districts/neustaedter-see", "public.district"),
    PageType("focus-area", "/focus-areas/neue-neustadt-neustaedter-see-kannenstieg", "public.focus_area"),
    PageType("status", "/status", "public.status"),
    PageType("tutoring-path", "/nachhilfe", "public.tutoring"),
    # An answered guided path carries the map container (before "Karte laden": no tiles, no Leaflet).
    PageType("map", "/nachhilfe?near=Neue+Neustadt&cost=free", "public.tutoring"),
    PageType("map-loaded", "/nachhilfe?near=Neue+Neustadt&cost=free&karte=1", "public.tutoring", map_opted_in=True),
    PageType("mediation-path", "/sprachmittlung?language=ar", "public.mediation"),
    PageType("results-map", "/search/karte?q=nachhilfe&near=Neue+Neustadt", "public.search_map"),
    PageType("events", "/veranstaltungen", "public.events"),
    PageType("events-filtered", "/veranstaltungen?category=information&language=ar", "public.events"),
    PageType("bookmarks", "/merkliste", "public.bookmarks"),
    PageType("print", "/print/districts/neustaedter-see", "public.print_district"),
    PageType("notice", "/print/districts/neustaedter-see/aushang", "public.print_notice"),
    PageType("easy-language", "/leichte-sprache", "public.easy_language"),
    PageType("accessibility", "/barrierefreiheit", "public.accessibility"),
    PageType("suggest", "/suggest", "public.suggest"),
    PageType("curate-login", "/curate/login", "curate.login"),
    PageType("curate-offer-form", "/curate/offers/new", "curate.offer_new", needs_login=True),
    # The team's pages: dashboard, measures, workshop view, reminders, import columns.
    PageType("status-since", "/status?focus_area=leipziger-strasse-schilfbreite&since=2021-01-01", "public.status"),
    PageType("print-status", "/print/status?since=2021-01-01", "public.print_status"),
    PageType("curate-dashboard", "/curate/", "curate.dashboard", needs_login=True, role="editor"),
    PageType("curate-measures", "/curate/measures", "curate.measures", needs_login=True, role="editor"),
    PageType("curate-measure", "/curate/measures/3?q=sprach", "curate.edit_measure", needs_login=True, role="editor"),
    PageType("curate-measure-new", "/curate/measures/new", "curate.new_measure", needs_login=True, role="editor"),
    PageType("curate-challenge-history", "/curate/challenges/1/history", "curate.challenge_history",
             needs_login=True, role="editor"),
    PageType("curate-reminders", "/curate/reminders", "curate.reminders", needs_login=True, role="editor"),
    PageType("curate-offer-edit", "/curate/offers/{offer_id}/edit", "curate.edit_offer", needs_login=True,
             role="editor"),
]

PAGE_NAMES = [page.name for page in PAGE_TYPES]
# Pages whose content comes from translation rows, checked in the right-to-left languages as well.
TRANSLATED_PAGE_NAMES = ["challenge", "category", "translated-offer", "status"]
BY_NAME = {page.name: page for page in PAGE_TYPES}

"""The two parts of a results page that repeat per result: the offer cards and the facet lists, written here
rather than in Jinja.

A results page shows twenty cards and about fifty facet links. As template loops they cost about a third of
the page's time, most of it in the template engine's own calls (macros, filters, attribute look-ups), not in
the HTML. Here each card's fixed part is the ``offer_card_body`` macro (``templates/macros/offers.html``),
rendered once per offer version and language and kept (``reference.fragment``); what changes per request, the
distance and whether the offer is open now, is added here, like the facet links. Every value is escaped with
markupsafe's ``escape``, as the templates escape; plain f-strings, since ``Markup.format`` alone cost as much
as the template loop.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

from flask import g
from markupsafe import Markup, escape

from .. import opening
from ..models import Offer
from .i18n import translate as _
from .reference import reference_cache
from .templating import format_km
from .translated import kept_html_key, reader_view, template_macro

CARD_TEMPLATE = "macros/offers.html"


class _CardFacts(NamedTuple):
    """What a card's changing part reads of an offer, kept per offer version."""

    hours: Any  # the opening hours
    intervals: list[tuple[int, int]]  # their weekly slots (``opening.week_intervals``)
    approximate: str  # "ungefähr " before the distance when the place is approximate, else ""


class _Cards:
    """What the cards of one page share: the kept fragments, the reader's language, the minute of the week and
    the texts added to cards, each found once per page rather than once per card."""

    def __init__(self) -> None:
        self.cache = reference_cache()
        self.view = reader_view()
        self.minute = opening.minute_of_week(opening.current_time())
        # (the catalog's extraction does not look into f-strings: each text is translated outside them)
        about, open_now, by_appointment = _("ungefähr"), _("jetzt geöffnet"), _("nach Vereinbarung")
        self.about = f"{escape(about)} "
        self.open_now = f'    <li class="open-now">{escape(open_now)}</li>\n'
        self.by_appointment = f"    <li>{escape(by_appointment)}</li>\n"

    def facts(self, offer: Offer, offer_id: Any, version: int) -> _CardFacts:
        """The offer's ``_CardFacts`` (``offer_id`` and ``version`` are the offer's, read once by the caller)."""
        return self.cache.fragment(
            ("card facts", offer_id, version, self.view[0]),
            lambda: _CardFacts(
                offer.opening_hours,
                opening.week_intervals(offer.opening_hours),
                self.about if offer.location_is_approximate else "",
            ),
        )

    def card(self, offer: Offer, distance: float | None) -> str:
        """An offer's card: its kept fixed part, then its distance and whether it is open now."""
        offer_id, version = offer.id, offer.version
        # The fixed part is the ``offer_card_body`` macro, which escapes as every template does (``kept_html``).
        body = self.cache.fragment(
            kept_html_key(("card", offer_id, version), self.view),
            lambda: template_macro(CARD_TEMPLATE, "offer_card_body")(offer),
        )
        facts = self.facts(offer, offer_id, version)
        parts = ['<article class="offer-card">\n', body]
        if distance is not None:
            parts.append(f"    <li>{facts.approximate}{escape(format_km(distance))}</li>\n")
        state = opening.state_at(facts.hours, self.minute, facts.intervals)
        if state == opening.OPEN:
            parts.append(self.open_now)
        elif state == opening.BY_APPOINTMENT:
            parts.append(self.by_appointment)
        parts.append("  </ul>\n</article>\n")
        return "".join(parts)


CARDS = "wegweiser_cards"  # the request's ``_Cards`` on ``g``


def _request_cards() -> _Cards:
    """The request's ``_Cards``: a listing page's cards (``result_card``, one call per card) share it too."""
    cards = g.get(CARDS)
    if cards is None or cards.view != reader_view():  # ``force_locale`` changes the language within a request
        cards = _Cards()
        setattr(g, CARDS, cards)
    return cards


def result_card(offer: Offer, distance: float | None = None) -> Markup:
    """An offer's card: its kept fixed part, then its distance and whether it is open now."""
    return Markup(_request_cards().card(offer, distance))  # noqa: S704 (every value in it is escaped)


class ResultLike(Protocol):
    offers: list[Offer]
    distances: Mapping[Any, float | None]
    remote: set[Any]
    origin: Any


def result_items(result: ResultLike) -> Markup:
    """The list items of a results page: each offer's card, and for an offer without a place when distances
    are shown, that it can be reached from anywhere."""
    cards = _request_cards()
    note = _("Ohne festen Ort: von überall erreichbar (Telefon, Video, online oder landesweit).")
    remote_note = f'      <p class="remote-note">{escape(note)}</p>\n'
    parts = []
    for offer in result.offers:
        card = cards.card(offer, result.distances.get(offer.id))
        remote = remote_note if result.origin and offer.id in result.remote else ""
        parts.append(f"    <li>\n      {card}{remote}    </li>\n")
    return Markup("".join(parts))  # noqa: S704 (the cards and the note are escaped)


class FacetLike(Protocol):
    value: str
    label: str
    count: int
    selected: bool


class LinksLike(Protocol):
    def toggled(self, name: str, values: Iterable[str]) -> list[str]: ...


# A facet value's link as HTML, apart from its address and count: whether it is chosen, and its label.
_LINK_MIDDLE = (
    '"{current}>\n              <span class="facet-box" aria-hidden="true">{box}</span>\n'
    '              {label} <span class="count">('
)


@lru_cache(maxsize=4096)
def _facet_link_middle(label: str, chosen: bool) -> str:
    """The part of a facet value's link between its address and its count (labels recur on every page)."""
    current = ' aria-current="true" class="selected"' if chosen else ""
    return _LINK_MIDDLE.format(current=current, box="☑" if chosen else "☐", label=escape(label))


def facet_lists(facets: Mapping[str, Sequence[FacetLike]], titles: Mapping[str, Any], links: LinksLike) -> Markup:
    """The facets of a result, each value a link that adds or removes it (``links.toggled``)."""
    selected = _("(ausgewählt, entfernen)")
    note = f'              <span class="visually-hidden">{escape(selected)}</span>\n'
    chosen_end = f")</span>\n{note}            </a></li>\n"
    parts = ['      <div class="facets">\n']
    for name, values in facets.items():
        if not values:
            continue
        parts.append(f'        <fieldset class="facet">\n          <legend>{escape(titles[name])}</legend>\n'
                     "          <ul>\n")
        hrefs = links.toggled(name, [facet.value for facet in values])
        for facet, href in zip(values, hrefs, strict=True):
            end = chosen_end if facet.selected else ")</span>\n            </a></li>\n"
            middle = _facet_link_middle(str(facet.label), facet.selected)
            parts.append(f'            <li><a href="{href}{middle}{int(facet.count)}{end}')
        parts.append("          </ul>\n        </fieldset>\n")
    parts.append("      </div>\n")
    return Markup("".join(parts))  # noqa: S704 (every value above is escaped)


def register(app: Any) -> None:
    app.jinja_env.globals.update(result_card=result_card, result_items=result_items, facet_lists=facet_lists)


__all__ = ["facet_lists", "register", "result_card", "result_items"]

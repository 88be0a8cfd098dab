"""Events: upcoming dated offers by day (``/veranstaltungen``), their iCalendar feeds; an Atom feed of new offers."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, abort, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ..extensions import db
from ..formats.atom import offers_feed
from ..formats.event_dates import format_day, format_event_time
from ..formats.ical import events_feed
from ..models import Category, vocab
from ..queries import events as event_queries
from . import bp


def now() -> datetime:
    """The current time; tests replace it to freeze the clock."""
    return datetime.now(UTC)


def event_time(offer) -> str:
    """The offer's date in the reader's locale: "8. Dez. 2026, 17:30–19:30 Uhr"."""
    return format_event_time(offer.starts_at, offer.ends_at, str(get_locale() or "de"))


bp.add_app_template_filter(event_time, "event_time")


def _choices(offers: list) -> dict[str, list[tuple[str, str]]]:
    """The filter values the upcoming events actually have, with their labels, sorted by label."""
    categories = {o.category.slug: o.category.name for o in offers}
    districts = {d.slug: d.name for o in offers for d in o.districts}
    districts |= {p.district.slug: p.district.name for o in offers for p in o.places if p.district}
    languages = {code: vocab.label(vocab.LANGUAGES, code) for o in offers for code in o.languages or []}
    return {
        name: sorted(values.items(), key=lambda item: item[1].casefold())
        for name, values in (("category", categories), ("district", districts), ("language", languages))
    }


@bp.get("/veranstaltungen")
def events():
    wanted = event_queries.EventFilter(
        category=request.args.get("category", "")[:100],
        district=request.args.get("district", "")[:100],
        language=request.args.get("language", "")[:20],
    )
    everything = event_queries.upcoming_events(now())
    shown = [offer for offer in everything if wanted.matches(offer)]
    locale = str(get_locale() or "de")
    days = [(format_day(day, locale), offers) for day, offers in event_queries.by_day(shown)]
    return render_template(
        "public/events.html",
        days=days,
        total=len(shown),
        wanted=wanted,
        choices=_choices(everything),
    )


def _calendar_response(offers: list, name: str, filename: str) -> Response:
    events = [(offer, url_for("public.offer", slug=offer.slug, _external=True)) for offer in offers]
    response = Response(events_feed(events, name, now()), mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@bp.get("/veranstaltungen.ics")
def events_ics():
    name = _("Veranstaltungen – %(site)s", site=current_app.config["SITE_NAME"])
    return _calendar_response(event_queries.upcoming_events(now()), name, "veranstaltungen.ics")


@bp.get("/veranstaltungen/<slug:slug>.ics")
def category_events_ics(slug: str):
    category = db.session.execute(db.select(Category).filter_by(slug=slug)).scalar_one_or_none()
    if category is None:
        abort(404)
    offers = event_queries.upcoming_events(now(), event_queries.EventFilter(category=slug))
    name = f"{category.name} – {current_app.config['SITE_NAME']}"
    return _calendar_response(offers, name, f"veranstaltungen-{slug}.ics")


@bp.get("/neu.atom")
def new_offers_feed():
    site = current_app.config["SITE_NAME"]
    entries = [
        (offer, published, url_for("public.offer", slug=offer.slug, _external=True))
        for offer, published in event_queries.newly_published()
    ]
    body = offers_feed(
        entries,
        title=_("Neue Angebote – %(site)s", site=site),
        subtitle=_("Neu veröffentlichte Unterstützungsangebote in Magdeburg"),
        feed_url=url_for("public.new_offers_feed", _external=True),
        site_url=url_for("public.home", _external=True),
        author=current_app.config.get("OPERATOR_NAME") or site,
        now=now(),
    )
    return Response(body, mimetype="application/atom+xml")

"""Browser tests: one seeded live server and one Debian Chromium per test session, driven by Playwright.

Chromium comes from the system (``/usr/bin/chromium``, installed by ``apt-get install chromium``), never from
``playwright install``. axe-core comes from the ``axe-playwright-python`` package (dev extras), which ships
``axe.min.js``. Without either, the tests skip with a reason, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select
from werkzeug.exceptions import HTTPException
from werkzeug.serving import make_server

from directory.extensions import db
from directory.models import Offer
from tests.browser.pages import PageType
from tests.conftest import IN_CI, SEED_DIR, make_app

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def unavailable(reason: str) -> None:
    """A missing browser or axe fails the run under CI and skips it elsewhere."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class LiveServer:
    url: str
    app: Flask

    def __call__(self, path: str) -> str:
        return self.url + path


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app with the full seed and demo offers on its own SQLite file, served on a free port of 127.0.0.1."""
    from directory.services.seed import seed

    root = tmp_path_factory.mktemp("live")
    app = make_app("sqlite:///" + str(root / "live.sqlite"), root / "index", TESTING=False)
    with app.app_context():
        upgrade()
        seed(SEED_DIR, demo=True)
        from .translated_offer import add_translated_offer

        add_translated_offer(root)
        from directory.search import current_search
        from directory.search.indexing import rebuild

        rebuild(current_search().store)
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        unavailable("Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_script() -> str:
    try:
        from axe_playwright_python.base import AXE_FILE_PATH
    except ImportError:
        unavailable("axe-core is not installed (pip install -e '.[dev]' brings axe-playwright-python)")
    return Path(AXE_FILE_PATH).read_text(encoding="utf-8")


@dataclass
class Site:
    """The live server plus the slugs of real seed rows that page paths refer to."""

    server: LiveServer
    slugs: dict[str, str]

    def path(self, page: PageType) -> str:
        """The page's path, or a skip (a failure under CI) when its code is not on this branch yet."""
        path = page.path.format(**self.slugs)
        adapter = self.server.app.url_map.bind("127.0.0.1")
        try:
            adapter.match(path.split("?", 1)[0], method="GET")
        except HTTPException:
            unavailable(f"{page.name}: no route for {path} on this branch yet")
        return path

    def url(self, page: PageType, lang: str | None = None) -> str:
        path = self.path(page)
        if lang:
            path += ("&" if "?" in path else "?") + "lang=" + lang
        return self.server(path)


@pytest.fixture(scope="session")
def site(live_server: LiveServer) -> Site:
    with live_server.app.app_context():
        offers = db.session.execute(
            select(Offer).where(Offer.status == "active").order_by(Offer.title)
        ).scalars().all()
        # SiSA (the fullest real offer) and an example offer with a place: each page type's richest case.
        real = next((offer for offer in offers if offer.external_id == "sisa"), offers[0])
        demo = next((offer for offer in offers if offer.demo and offer.places), offers[-1])
        from .translated_offer import EXTERNAL_ID

        translated = next(offer for offer in offers if offer.external_id == EXTERNAL_ID)
        slugs = {
            "offer": real.slug, "demo_offer": demo.slug, "offer_id": str(real.id), "translated_offer": translated.slug,
        }
        db.session.remove()
    return Site(server=live_server, slugs=slugs)


def _browser_login(browser, site: Site, role: str) -> dict:
    """A browser storage state logged in to the back office in ``role`` (editors with their second factor)."""
    import pyotp

    from directory.services import accounts

    app = site.server.app
    email, password = f"browser-{role}@team.example.org", "Lange Elbe, hohe Brücken 2026"
    secret = pyotp.random_base32()
    with app.app_context():
        user = accounts.create_user(email, password, role)
        if role != "contributor":
            user.totp_secret, user.totp_enabled = secret, True
        db.session.commit()
        db.session.remove()
    context = browser.new_context()
    page = context.new_page()
    page.goto(site.server("/curate/login"))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_load_state()
    if "/curate/login/code" in page.url:
        page.fill("input[name=code]", pyotp.TOTP(secret).now())
        page.press("input[name=code]", "Enter")
        page.wait_for_load_state()
    assert "/curate/login" not in page.url, "the back-office log-in failed"
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture(scope="session")
def login_state(browser, site: Site) -> dict:
    """A browser storage state logged in to the back office as a contributor (no second factor)."""
    return _browser_login(browser, site, "contributor")


@pytest.fixture(scope="session")
def editor_login_state(browser, site: Site) -> dict:
    """Logged in as an editor, for the team's pages (measures, dashboard, reminders)."""
    return _browser_login(browser, site, "editor")


def visit(page, url: str, **kwargs):
    """Open a URL; anything but 200 fails the test (a page type that 404s is not silently skipped)."""
    response = page.goto(url, **kwargs)
    assert response is not None, f"no response for {url}"
    assert response.status == 200, f"{url} answered {response.status}"
    return response


@pytest.fixture
def page_for(request, browser, site: Site):
    """A new page for a page type: logged in to the back office if it needs it. Closed after the test."""

    def factory(page_type: PageType, **context_options):
        site.path(page_type)  # skips (fails under CI) before logging in for a page not on this branch
        if page_type.needs_login:
            state = "editor_login_state" if page_type.role == "editor" else "login_state"
            context_options["storage_state"] = request.getfixturevalue(state)
        context_options.setdefault("locale", "de-DE")
        context = browser.new_context(**context_options)
        context.set_default_timeout(15_000)
        request.addfinalizer(context.close)
        return context.new_page()

    return factory

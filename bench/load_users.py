"""The simulated people of the load test (a locustfile; ``bench/load_test.py`` runs it).

80 % searches (the 60 requests of the wrk search mix, API and results page alike), 15 % offer pages and 5 %
saves by editors: each editor logs in as its own user (password, then the TOTP code) and saves only its own
offers through the back-office edit form, with the CSRF token and version the form carries. A save the app
refuses (another save came first: 409, or a form error: 400) is reported as "save refused", not as an error.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from html.parser import HTMLParser

import pyotp
from locust import HttpUser, between, events, task

PLAN = json.loads(open(os.environ["LOAD_TEST_PLAN"], encoding="utf-8").read())  # noqa: SIM115
SEARCHES = PLAN["searches"]
OFFER_SLUGS = PLAN["offer_slugs"]
_editors = itertools.cycle(PLAN["editors"])
TIMEOUT = 10.0  # an answer slower than this counts as an error (a timeout)
LOGIN_TIMEOUT = 60.0  # logging in hashes the password (Argon2id): set-up, not part of the measured mix


class FormFields(HTMLParser):
    """The fields a browser would send for the form with ``action``: inputs, checked boxes, selects, text areas."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.fields = action, False, []
        self._select: str | None = None
        self._select_first: str | None = None  # a single choice with nothing selected sends its first option
        self._selected = False
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside or a.get("disabled") is not None:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type", "text") not in ("submit", "button", "image", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "on" if a.get("type") in ("checkbox", "radio") else "")))
        elif tag == "select":
            self._select, self._select_first, self._selected = name, None, "multiple" in a
        elif tag == "option" and self._select:
            if self._select_first is None:
                self._select_first = a.get("value", "")
            if "selected" in a:
                self.fields.append((self._select, a.get("value", "")))
                self._selected = True
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            if not self._selected and self._select_first is not None:
                self.fields.append((self._select, self._select_first))
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None


class Reader(HttpUser):
    """Someone searching and reading offers: searches and offer pages as 80 to 15."""

    wait_time = between(0.05, 0.2)

    @task(16)
    def search(self) -> None:
        query = random.choice(SEARCHES)
        path = random.choice(("/api/v1/offers", "/search"))
        self.client.get(path + query, name=f"search {path}", timeout=TIMEOUT)

    @task(3)
    def offer_page(self) -> None:
        self.client.get(f"/offers/{random.choice(OFFER_SLUGS)}", name="offer page", timeout=TIMEOUT)


class Editor(HttpUser):
    """An editor of the team, saving its own offers in the back office."""

    fixed_count = len(PLAN["editors"])  # the rest of the users are readers
    wait_time = between(2, 4)  # with the readers' pace: about 5 % of the requests are saves

    def on_start(self) -> None:
        self.me = next(_editors)
        self.saves = itertools.count(1)
        page = self.client.get("/curate/login", name="log-in page", timeout=LOGIN_TIMEOUT)
        self.client.post("/curate/login", name="log-in", timeout=LOGIN_TIMEOUT, data={
            "csrf_token": _csrf(page.text), "email": self.me["email"], "password": self.me["password"]})
        code_page = self.client.get("/curate/login/code", name="log-in code page", timeout=LOGIN_TIMEOUT)
        response = self.client.post("/curate/login/code", name="log-in code", timeout=LOGIN_TIMEOUT, data={
            "csrf_token": _csrf(code_page.text), "code": pyotp.TOTP(self.me["totp_secret"]).now()})
        if response.status_code != 200 or "/curate/login" in (response.url or "/curate/login"):
            raise RuntimeError(f"log-in refused for {self.me['email']}: {response.status_code}")

    @task
    def save_own_offer(self) -> None:
        url = f"/curate/offers/{random.choice(self.me['offers'])}/edit"
        form = self.client.get(url, name="edit form", timeout=TIMEOUT)
        parser = FormFields(url)
        parser.feed(form.text)
        fields = [(name, value) for name, value in parser.fields if name != "title"]
        title = re.sub(r" \[\d+\]$", "", dict(parser.fields).get("title", ""))
        fields.append(("title", f"{title} [{next(self.saves)}]"))
        with self.client.post(url, data=fields, name="save", timeout=TIMEOUT, allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code in (400, 409):
                response.success()
                _refused(response, f"save refused ({response.status_code})")
            elif response.status_code != 302:
                response.failure(f"save answered {response.status_code}")


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"', html)
    return (match.group(1) or match.group(2)) if match else ""


def _refused(response, name: str) -> None:
    events.request.fire(request_type="POST", name=name, response_time=0, response_length=0,
                        response=response, context={}, exception=None)

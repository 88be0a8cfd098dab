"""Small pure text helpers shared by models, services and search."""

from __future__ import annotations

import re
import unicodedata

_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ẞ": "SS"})


def fold_german(text: str) -> str:
    """Lower-case and spell umlauts and ß the German way (ä→ae, ß→ss); strip other accents."""
    text = text.translate(_GERMAN)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower()


def slugify(text: str, max_length: int = 120) -> str:
    """A URL slug with German transliteration: "Neustädter See" → "neustaedter-see"."""
    folded = fold_german(text)
    slug = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")
    return slug[:max_length].rstrip("-") or "eintrag"


_CONTROL = {c: None for c in range(32) if chr(c) not in "\t\n\r"} | {127: None}


def clean_input(text: str, max_length: int = 500) -> str:
    """User-typed text made safe to store and query: no NUL or control characters, bounded length."""
    return text.translate(_CONTROL)[:max_length].strip()


def normalise_email(email: str) -> str:
    """How an e-mail address is stored and compared: trimmed, lower case."""
    return (email or "").strip().lower()

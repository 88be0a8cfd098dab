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


_SCRIPT_VARIANTS = str.maketrans(
    {
        "\u0640": None,  # Arabic tatweel (kashida): stretches a word, is not a letter
        "\u200c": None,  # zero-width non-joiner (Persian): spelling, not a letter
        "\u0671": "\u0627",  # alef wasla → alef (آ أ إ lose their marks in NFKD already)
        "\u06cc": "\u064a",  # Persian yeh ی → Arabic yeh ي
        "\u0649": "\u064a",  # alef maksura ى → yeh ي
        "\u06a9": "\u0643",  # Persian kaf ک → Arabic kaf ك
        "\u0629": "\u0647",  # ta marbuta ة → heh ه
        "\u0131": "i",  # Turkish dotless ı (İ becomes i + dot above, which NFKD strips)
        **{chr(0x0660 + n): str(n) for n in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + n): str(n) for n in range(10)},  # Persian digits
    }
)


def fold_scripts(text: str) -> str:
    """Fold what differs only in spelling in Arabic, Persian, Cyrillic and Turkish text, for search.

    Case is folded; diacritics (Arabic harakat, hamza on alef, Cyrillic ё/й marks, Kurmanji ê î û ç ş)
    are stripped by Unicode decomposition; then tatweel goes and letter variants are unified (ی/ي/ى, ک/ك,
    ة/ه, ı/i, Eastern digits). German text is left as it is: it has none of these letters.
    """
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(_SCRIPT_VARIANTS)


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

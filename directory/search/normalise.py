"""Script-aware normalisation for matching a query against the multilingual vocabulary.

Pure functions, no app needed. The vocabulary's terms and a reader's query go through the same steps, so
"ucretsiz" meets "ücretsiz", "كلاس" meets "کلاس" and "перекладач" meets "перекладач" typed with "ґ" or "ё"
(the rules are in ``seed_data/VOCABULARY.md``):

- ``fold_letters``: NFKC, lower case the Turkish way (İ → i, I → i), then one table of letter variants for
  every script: Turkish, Kurmanji and German letters without their marks (ı ş ç ğ ö ü ä ê î û → i s c g o u a
  e i u), Arabic and Persian letter variants (alef forms, yeh, kaf, ta marbuta, hamza carriers; tatweel and
  diacritics removed; ZWNJ → space), Cyrillic ё → е and ґ → г, Arabic-Indic and Persian digits → ASCII.
  Punctuation stays, so the school-level patterns can see "7." and "7-й".
- ``word_spans``: the words of folded text with their positions; hyphens separate words, an apostrophe inside
  a Latin word starts a suffix that is dropped ("Jobcenter'a" → "jobcenter"), inside a Cyrillic word it is
  deleted ("п'ять" → "пять").
- ``word_key``: the matching form of one word: German "ae", "oe", "ue" collapse to the vowel, so "Foerderung"
  and "Förderung" (folded to "forderung") meet; the Arabic article ال comes off. A Persian plural ending
  written apart ("کلاس های") joins the word before it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ZWNJ = "\u200c"

_LETTERS = {
    # Turkish, Kurmanji, German (also in upper case: NFKC and lower() come first, this is for safety)
    "ı": "i", "ş": "s", "ç": "c", "ğ": "g", "ö": "o", "ü": "u", "ä": "a", "ê": "e", "î": "i", "û": "u",
    "â": "a", "ô": "o", "ß": "ss",
    # Arabic and Persian
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك", "ة": "ه", "ۀ": "ه",
    "ؤ": "و", "ئ": "ي", "ـ": "", ZWNJ: " ", "\u200d": "", "،": ",", "؟": "?", "؛": ";",
    # Cyrillic
    "ё": "е", "ґ": "г",
}
_ARABIC_MARKS = [*range(0x064B, 0x0660), 0x0670, *range(0x0610, 0x061B), *range(0x06D6, 0x06EE)]
_DIGITS = {**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)}}
_TABLE = str.maketrans({**_LETTERS, **{chr(c): "" for c in _ARABIC_MARKS}, **{chr(c): d for c, d in _DIGITS.items()}})

_WORD_RE = re.compile(r"[^\W_]+(?:['’ʼ`][^\W_]+)*")
_APOSTROPHES = re.compile(r"['’ʼ`]")
_DIGRAPHS = re.compile(r"ae|oe|ue")
_LATIN = re.compile(r"[a-z]")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """One character, lower-cased (the Turkish way: "İ" → "i", not "i̇") and folded."""
    folded = ch.replace("İ", "i").lower().replace("\u0307", "").translate(_TABLE)
    if folded.isascii():
        return folded
    # Accents come off Latin letters only (é → e); Cyrillic й and Arabic letters keep their shape.
    out = []
    for part in unicodedata.normalize("NFD", folded):
        if unicodedata.combining(part) and out and "a" <= out[-1] <= "z":
            continue
        out.append(part)
    return unicodedata.normalize("NFC", "".join(out))


# Characters whose folding is not one character for one: with none of them, offsets are the identity.
_UNEVEN = re.compile("[ßİẞ\u0640\u200d\u064b-\u065f\u0670\u0610-\u061a\u06d6-\u06ed\u0300-\u036f]")


def fold_with_offsets(text: str) -> tuple[str, str, list[int]]:
    """(the text in NFKC, its folded form, for each folded character the index it came from in the first)."""
    source = unicodedata.normalize("NFKC", text or "")
    if not _UNEVEN.search(source):
        folded = fold_letters(source)
        if len(folded) == len(source):
            return source, folded, list(range(len(source)))
    folded: list[str] = []
    offsets: list[int] = []
    for index, ch in enumerate(source):
        if unicodedata.combining(ch) and folded and "a" <= folded[-1][-1:] <= "z":
            continue  # a loose accent on a Latin letter
        part = _fold_char(ch)
        folded.append(part)
        offsets.extend([index] * len(part))
    return source, "".join(folded), offsets


_LATIN_MARKS = re.compile(r"(?<=[a-z])[\u0300-\u036f]+")


def fold_letters(text: str) -> str:
    """Lower-cased text with the letter variants of all eight languages folded; punctuation kept.

    The same result as ``fold_with_offsets`` (the unit tests hold them together), in fewer steps.
    """
    text = unicodedata.normalize("NFKC", text or "").replace("İ", "i").lower().replace("\u0307", "")
    text = text.translate(_TABLE)
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", _LATIN_MARKS.sub("", unicodedata.normalize("NFD", text)))


def fold_pattern(pattern: str) -> str:
    """A regular expression written with real letters ("sınıf", "کلاس"), folded like the text it runs on.

    Only letters change: escapes such as ``\\s`` and ``\\d`` and the pattern's punctuation stay as they are.
    """
    return "".join(ch.translate(_TABLE) if ch.isalpha() or ch == ZWNJ else ch for ch in pattern)


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The matching form of one folded word (see the module docstring)."""
    if "'" in word or "’" in word or "ʼ" in word or "`" in word:
        head = _APOSTROPHES.split(word, maxsplit=1)[0]
        # A Latin word's apostrophe starts a (Turkish) suffix; in Ukrainian it is part of the word.
        word = head if head and _LATIN.search(head[-1]) else _APOSTROPHES.sub("", word)
    if _LATIN.search(word):
        word = _DIGRAPHS.sub(lambda m: m.group(0)[0], word)
    elif word.startswith("ال") and len(word) >= 5:
        word = word[2:]  # the Arabic article: "الدروس الخصوصية" and "دروس خصوصية" meet
    return word


# Persian plural endings written apart ("کلاس های", or with a ZWNJ that became a space) belong to the word.
_DETACHED_ENDINGS = frozenset({"ها", "هاي", "هايي"})


def word_spans(folded: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of each word of folded text."""
    spans = []
    for m in _WORD_RE.finditer(folded):
        key = word_key(m.group(0))
        if key in _DETACHED_ENDINGS and spans:
            spans[-1] = (spans[-1][0], m.end(), spans[-1][2])
            continue
        spans.append((m.start(), m.end(), key))
    return spans


def words(text: str) -> tuple[str, ...]:
    """The matching keys of the words of any text (a vocabulary term, a place name, a query)."""
    return tuple(key for _, _, key in word_spans(fold_letters(text)) if key)


def script(word: str) -> str:
    """"latin", "cyrillic", "arabic" or "other", from the first letter of a folded word."""
    for ch in word:
        if "a" <= ch <= "z":
            return "latin"
        if "\u0400" <= ch <= "\u04ff":
            return "cyrillic"
        if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff":
            return "arabic"
        if ch.isalpha():
            return "other"
    return "other"


# --- word forms tried when a word is not found as it is --------------------------------------------------

_AR_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_FA_SUFFIXES = ("هايي", "هاي", "ها", "ام", "ات", "اش", "ي")
_KU_SUFFIXES = ("yen", "ye", "ya", "en", "an", "e", "a")  # -yên -yê -ya -ên -an -ê -a, after folding


def arabic_forms(word: str) -> list[str]:
    """Arabic and Persian: without a leading و/ف, without the article and its prepositions, without Persian
    endings (plural, possessive, ezafe). At least three letters remain."""
    forms: list[str] = []
    bases = [word]
    if word[:1] in ("و", "ف") and len(word) > 3:
        bases.append(word[1:])
    for base in bases:
        for prefix in _AR_PREFIXES:
            if base.startswith(prefix) and len(base) - len(prefix) >= 3:
                forms.append(base[len(prefix):])
                break
        for suffix in _FA_SUFFIXES:
            if base.endswith(suffix) and len(base) - len(suffix) >= 3:
                forms.append(base[: -len(suffix)])
    if len(bases) > 1:
        forms.insert(0, bases[1])
    return list(dict.fromkeys(f for f in forms if f != word))


def kurmanji_forms(word: str) -> list[str]:
    """Kurmanji: without an ezafe or plural ending (-a, -ê, -ên, -an, -ya, -yê, -yên)."""
    return [word[: -len(s)] for s in _KU_SUFFIXES if word.endswith(s) and len(word) - len(s) >= 3]


def english_forms(word: str) -> list[str]:
    return [word[:-1]] if word.endswith("s") and len(word) > 3 else []


def deletions(word: str) -> set[str]:
    """The word with each one letter removed (for finding terms one typing error away)."""
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Levenshtein distance with adjacent transpositions counted as one edit, capped at ``limit``."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return min(previous[-1], limit)


__all__ = [
    "arabic_forms",
    "deletions",
    "edit_distance",
    "english_forms",
    "fold_letters",
    "fold_with_offsets",
    "fold_pattern",
    "kurmanji_forms",
    "script",
    "word_key",
    "word_spans",
    "words",
]

"""Operator-supplied texts (imprint, privacy notice): where they come from and how they are shown safely.

The operator writes them in Markdown (CommonMark, rendered by markdown-it-py): paragraphs, where a single
line break is kept (for addresses), headings, lists, emphasis and links. Raw HTML is escaped, never
interpreted; images are not rendered (nothing loads from another host); a link is made only to http, https,
mailto, tel or a relative address, anything else (``javascript:``, ``data:``, ``//host``) stays plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt
from markupsafe import Markup

_ALLOWED_SCHEMES = ("http:", "https:", "mailto:", "tel:")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:")


@dataclass(frozen=True)
class InfoText:
    html: Markup
    lang: str  # the language the text is written in


def allowed_link(url: str) -> bool:
    """http, https, mailto, tel, or a relative address on this site (not "//host", which is another host)."""
    url = url.strip().lower()
    if _SCHEME.match(url):
        return url.startswith(_ALLOWED_SCHEMES)
    return not url.startswith("//")


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "breaks": True, "xhtmlOut": False}).disable("image")
    md.validateLink = allowed_link
    return md


def render_markdown(text: str) -> Markup:
    """The operator's Markdown as safe HTML (see the module docstring)."""
    md = _markdown()
    tokens = md.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            # Level 1 in the file is a section of the page (the page has its own h1).
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    return Markup(md.renderer.render(tokens, md.options, {}).strip())  # noqa: S704 (html off, links checked)


def load_info_text(name: str, locale: str, *, instance_path: str, configured: str | None = None,
                   default_locale: str = "de") -> InfoText | None:
    """The operator's text for page ``name``, or None to show the built-in default.

    Looked up in order: the configured text (German), ``<instance>/<name>.<locale>.md``,
    ``<instance>/<name>.md`` (German).
    """
    if configured and configured.strip():
        return InfoText(render_markdown(configured), default_locale)
    folder = Path(instance_path)
    candidates = [(folder / f"{name}.{locale}.md", locale), (folder / f"{name}.md", default_locale)]
    for path, lang in candidates:
        if path.is_file():
            return InfoText(render_markdown(path.read_text(encoding="utf-8")), lang)
    return None


__all__ = ["InfoText", "load_info_text", "render_markdown"]

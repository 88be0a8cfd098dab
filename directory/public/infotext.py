"""Operator-supplied texts (imprint, privacy notice): where they come from and how they are shown safely.

The operator writes them in a small, safe subset of Markdown: paragraphs (a blank line between them; a
single line break is kept, for addresses), headings (``#``, ``##``, ``###``), lists (``- item``),
``**bold**`` and links ``[text](https://…)`` or ``[text](mailto:…)``. Everything else is shown as text:
raw HTML is escaped, never interpreted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

_LINK = re.compile(r"\[([^\]\n]+)\]\(((?:https?://|mailto:|/(?!/))[^\s)]*)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_ITEM = re.compile(r"^[-*]\s+(.*)$")


@dataclass(frozen=True)
class InfoText:
    html: Markup
    lang: str  # the language the text is written in


def _inline(text: str) -> str:
    """Escape a line, then turn the few allowed inline marks into HTML."""
    html = str(escape(text))
    # The URL was escaped with the rest, so it cannot break out of the attribute.
    html = _LINK.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', html)
    return _BOLD.sub(r"<strong>\1</strong>", html)


def render_markdown(text: str) -> Markup:
    """Render the safe Markdown subset described in the module docstring."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        heading = _HEADING.match(lines[0])
        if heading and len(lines) == 1:
            # Level 1 in the file is a section of the page (the page has its own h1).
            level = len(heading.group(1)) + 1
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif all(_ITEM.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_ITEM.match(line).group(1))}</li>" for line in lines)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append("<p>" + "<br>\n".join(_inline(line) for line in lines) + "</p>")
    return Markup("\n".join(out))  # noqa: S704  (every piece was escaped by _inline)


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

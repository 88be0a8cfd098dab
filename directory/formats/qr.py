"""QR codes as inline SVG, generated on the server (no image request, no script)."""

from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(data: str, css_class: str = "qr") -> Markup:
    """An inline SVG QR code for ``data`` (error correction M), sized by CSS through ``css_class``.

    Hidden from screen readers: the printed address next to it says the same.
    """
    code = segno.make(data, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=2, omitsize=True, svgclass=css_class, lineclass="qr-line")
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))  # noqa: S704 (our own SVG)

"""Draw the app icon's PNG sizes (192 and 512 px, for the web app manifest) from static/img/icon.svg.

Run after changing the SVG: ``python scripts/draw_icons.py`` (needs ``cairosvg``: ``pip install cairosvg``).
The PNGs are committed, so the app itself never needs cairosvg.
"""

from __future__ import annotations

from pathlib import Path

import cairosvg

IMG = Path(__file__).resolve().parent.parent / "static" / "img"
SIZES = (192, 512)


def main() -> None:
    svg = (IMG / "icon.svg").read_bytes()
    for size in SIZES:
        target = IMG / f"icon-{size}.png"
        cairosvg.svg2png(bytestring=svg, write_to=str(target), output_width=size, output_height=size)
        print(f"{target.name}: {target.stat().st_size} bytes")


if __name__ == "__main__":
    main()

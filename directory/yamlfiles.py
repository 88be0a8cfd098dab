"""Reading the YAML files the directory is seeded from (offers, translations, vocabulary, focus areas)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

# libyaml's C loader reads the seed files about ten times faster than the pure-Python one; both are safe loaders.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path | str, default: Any = None) -> Any:
    """The parsed content of a YAML file; ``default`` when the file is missing or empty."""
    path = Path(path)
    if not path.exists():
        return default
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or default  # noqa: S506 (a safe loader)

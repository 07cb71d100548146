"""Where the files shipped with dtrack live: inside the installed package (the wheel packs
the repository's data/ and templates/ there, see pyproject.toml), or in a source checkout."""

from __future__ import annotations

from pathlib import Path


def bundled(packaged: str, checkout: str) -> Path:
    here = Path(__file__).resolve().parent
    inside = here / packaged
    if inside.is_dir():
        return inside
    return here.parent.parent / checkout  # an editable install reads the checkout itself

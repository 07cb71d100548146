"""The geometry of the home page's bar charts, worked out at build time.

The templates draw each bar as a small inline SVG beside the agency's name (an HTML table row,
so long names wrap on a phone and a screen reader reads the figures as text). No chart library
runs in the browser.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

WIDTH = 200  # user units of a bar's viewBox; the CSS scales it


def bars(rows: list[tuple[str, str, Decimal | None, int]]) -> dict[str, Any]:
    """(name, href, on-time rate or None, overdue count) per agency -> rows with bar widths.

    Rates are on a fixed 0–100 scale; overdue counts on a scale of the largest count shown,
    rounded up to a round number, so that charts of different groups read alike."""
    most = max((n for _, _, _, n in rows), default=0)
    scale = _nice(most)
    out = []
    for name, href, rate, overdue in rows:
        out.append(
            {
                "name": name,
                "href": href,
                "rate": None if rate is None else f"{rate}".replace(".", ","),
                "rate_w": 0 if rate is None else round(float(rate) * WIDTH / 100, 1),
                "overdue": overdue,
                "overdue_w": round(overdue * WIDTH / scale, 1) if scale else 0,
            }
        )
    return {"rows": out, "width": WIDTH, "overdue_scale": scale}


def _nice(n: int) -> int:
    """The smallest of 1, 2, 5 × 10^k at or above n (0 stays 0)."""
    if n <= 0:
        return 0
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= n:
                return m * step
        step *= 10

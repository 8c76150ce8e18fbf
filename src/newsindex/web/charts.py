"""Small charts as inline SVG, drawn on the server: bars by outlet, columns over time.

Every label is escaped (markupsafe) before it is placed in the drawing; the result is Markup
the templates insert as it is. No script, no style attribute (the pages' Content-Security-Policy
allows neither): colours come from the page's stylesheet through classes.
"""

from __future__ import annotations

from markupsafe import Markup
from markupsafe import escape as _escape

from .marks import visible


def escape(text) -> Markup:
    """HTML-escaped, with control characters shown (as the templates write every value)."""
    return _escape(visible(text))

BAR_HEIGHT = 18
LABEL_WIDTH = 170
BAR_WIDTH = 300


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def bars(items: list[tuple[str, int, str | None]], *, title: str) -> Markup:
    """Horizontal bars: (label, count, link or None) per row, longest bar = the largest count.

    >>> svg = bars([("<b>FT</b>", 3, "/search?outlet=FT"), ("AP", 1, None)], title="by outlet")
    >>> "&lt;b&gt;FT&lt;/b&gt;" in svg and "<b>" not in svg, svg.count("<rect")
    (True, 2)
    """
    if not items:
        return Markup("")
    peak = max(n for _, n, _ in items) or 1
    height = BAR_HEIGHT * len(items) + 4
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [f'<svg class="chart bars" role="img" xmlns="http://www.w3.org/2000/svg" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}"><title>{escape(title)}</title>']
    for i, (label, n, href) in enumerate(items):
        y = i * BAR_HEIGHT + 2
        w = max(1, round(n / peak * BAR_WIDTH)) if n else 0
        text = (f'<text class="label" x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">'
                f'{escape(_clip(label, 28))}</text>')  # the bar's title has the whole name
        if href:
            text = f'<a href="{escape(href)}">{text}</a>'
        parts.append(text)
        parts.append(f'<rect class="bar" x="{LABEL_WIDTH}" y="{y + 2}" width="{w}" height="{BAR_HEIGHT - 5}">'
                     f'<title>{escape(label)}: {n:,}</title></rect>')
        parts.append(f'<text class="count" x="{LABEL_WIDTH + w + 5}" y="{y + 13}">{n:,}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def columns(points: list[tuple[str, int]], *, title: str) -> Markup:
    """Vertical columns over time: (period, count) in order; every few periods labelled.

    >>> svg = columns([("2019-01", 2), ("2019-02", 0), ("2019-03", 5)], title="per month")
    >>> svg.count('class="col"'), "2019-03" in svg
    (3, True)
    """
    if not points:
        return Markup("")
    peak = max(n for _, n in points) or 1
    plot_h, label_h = 110, 34
    step = max(6, min(40, 600 // len(points)))
    width = step * len(points) + 40
    every = -(-60 // step)  # a label about every 60 pixels
    parts = [f'<svg class="chart columns" role="img" xmlns="http://www.w3.org/2000/svg" width="{width}" '
             f'height="{plot_h + label_h}" viewBox="0 0 {width} {plot_h + label_h}"><title>{escape(title)}</title>',
             f'<text class="count" x="0" y="10">{peak:,}</text>',
             f'<line class="axis" x1="30" y1="{plot_h}" x2="{width}" y2="{plot_h}"/>']
    for i, (period, n) in enumerate(points):
        x = 32 + i * step
        h = round(n / peak * (plot_h - 16)) if n else 0
        parts.append(f'<rect class="col" x="{x}" y="{plot_h - h}" width="{max(2, step - 2)}" height="{h}">'
                     f'<title>{escape(period)}: {n:,}</title></rect>')
        if i % every == 0:
            parts.append(f'<text class="label" x="{x}" y="{plot_h + 14}">{escape(period)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))

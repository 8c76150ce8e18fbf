"""Tables that fit the terminal: ids and dates never wrap, the text column gets the width.

A layout is a list of *tiers*, widest first; each tier is a list of :class:`Field` columns. The
first tier whose columns fit the console's width (with at least ``min_text`` characters left for
its text column) is used; narrower tiers stack several values in one column (date over outlet)
instead of squeezing every column. Widths are computed here, not by rich, so the layout is
the same on every terminal of the same width:

- ``id``, ``date`` and ``number`` columns are as wide as their widest cell and never wrap;
- ``meta`` columns are as wide as their widest line, at most ``cap``, and wrap inside;
- the ``text`` column takes what is left;
- every cell is cut to ``max_lines`` lines, its last line ending in "…" when it was cut.

Cells are rich ``Text`` objects made from plain text (never markup), so user text stays inert.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

#: The fewest characters a text column may get before a narrower tier is tried.
MIN_TEXT = 40
#: A row is at most this many lines tall.
MAX_LINES = 6
ELLIPSIS = "…"


@dataclass(frozen=True)
class Field:
    """One column: its heading, the row keys it shows (stacked, one per line), and its role."""

    heading: str
    keys: tuple[str, ...]
    role: str = "meta"  # id | date | number | meta | text
    cap: int = 18  # meta: the widest it gets

    @property
    def fixed(self) -> bool:
        return self.role in ("id", "date", "number")


def _text(value):
    from rich.text import Text

    from . import cell_plain

    if isinstance(value, Text):
        return value.copy()
    return Text(cell_plain(value))


def _cell(row: dict, field: Field):
    """The Text of one cell: its keys' values, one per line (the first plain, the others dim); an
    empty value keeps its line when a later one follows, so each value stays under its heading."""
    from rich.text import Text

    parts = []
    for i, key in enumerate(field.keys):
        t = _text(row.get(key))
        if i and field.role != "id":
            t.stylize("dim")
        parts.append(t)
    while parts and not parts[-1].plain:
        parts.pop()
    return Text("\n").join(parts) if parts else Text("")


def _natural(cells, heading: str) -> int:
    """The widest line among the cells and the heading's lines."""
    from rich.cells import cell_len

    widest = max((cell_len(line) for line in heading.split("\n")), default=0)
    for t in cells:
        for line in t.plain.split("\n"):
            widest = max(widest, cell_len(line))
    return widest


def _longest_word(cells) -> int:
    from rich.cells import cell_len

    return max((cell_len(w) for t in cells for w in t.plain.split()), default=0)


def overhead(columns: int) -> int:
    """Characters a table with `columns` columns spends on borders and padding (rich's default box)."""
    return 3 * columns + 1


def _widths(tier: Sequence[Field], cells: list[list], width: int, min_text: int) -> list[int] | None:
    """The width of each column of `tier`, or None when the tier does not fit in `width`."""
    widths: list[int | None] = []
    for field, col in zip(tier, cells):
        natural = _natural(col, field.heading)
        if field.fixed:
            widths.append(natural)
        elif field.role == "meta":
            widths.append(max(1, min(field.cap, natural)))
        else:
            widths.append(None)
    used = sum(w for w in widths if w is not None) + overhead(len(tier))
    texts = [i for i, w in enumerate(widths) if w is None]
    if not texts:
        return _widen(tier, cells, widths, width) if used <= width else None
    left = width - used
    natural = [_natural(cells[i], tier[i].heading) for i in texts]
    if left < min(min_text * len(texts), sum(natural)):
        return None
    share = left // len(texts)
    for i, n in zip(texts, natural):
        widths[i] = max(1, min(n, share))
    return _widen(tier, cells, widths, width)


def _widen(tier, cells, widths: list[int], width: int) -> list[int]:
    """Room the text did not need goes to the meta columns that were cut to their cap, in order."""
    spare = width - sum(widths) - overhead(len(tier))
    for i, (field, col) in enumerate(zip(tier, cells)):
        if spare <= 0:
            break
        if field.role == "meta":
            grow = min(spare, _natural(col, field.heading) - widths[i])
            if grow > 0:
                widths[i] += grow
                spare -= grow
    return widths


def choose(tiers: Sequence[Sequence[Field]], rows: list[dict], width: int, min_text: int = MIN_TEXT):
    """The first tier that fits, its cells and its column widths (the last tier when none fits)."""
    for n, tier in enumerate(tiers):
        cells = [[_cell(row, f) for row in rows] for f in tier]
        widths = _widths(tier, cells, width, min_text)
        if widths is not None:
            return tier, cells, widths
    tier = tiers[-1]
    cells = [[_cell(row, f) for row in rows] for f in tier]
    fixed = sum(_natural(c, f.heading) for f, c in zip(tier, cells) if f.fixed)
    flexible = [i for i, f in enumerate(tier) if not f.fixed]
    left = max(len(flexible) * 8, width - fixed - overhead(len(tier)))
    widths = [(_natural(c, f.heading) if f.fixed else max(8, left // max(1, len(flexible)))) for f, c in zip(tier, cells)]
    return tier, cells, widths


def clip(text, console, width: int, max_lines: int = MAX_LINES):
    """`text` wrapped to `width` and cut to `max_lines` lines, the last ending in "…" when cut."""
    from rich.text import Text

    lines = text.wrap(console, width, overflow="fold")
    if len(lines) <= max_lines:
        return Text("\n").join(lines)
    kept = list(lines[:max_lines])
    last = kept[-1]
    last.rstrip()
    if last.cell_len >= width:
        last.truncate(width - 1)
        last.rstrip()
    last.append(ELLIPSIS)
    return Text("\n").join(kept)


def fitted_table(rows: Iterable[dict], tiers: Sequence[Sequence[Field]], *, console, width: int | None = None,
                 title=None, caption: str | None = None, max_lines: int = MAX_LINES, min_text: int = MIN_TEXT):
    """A rich Table of `rows` (dicts of plain values or rich Text) in the first tier that fits."""
    from rich.table import Table

    rows = list(rows)
    width = width or console.width
    tier, cells, widths = choose(tiers, rows, width, min_text)
    tall = any(f.role == "text" or len(f.keys) > 1 for f in tier)  # rows of several lines: ruled apart
    t = Table(title=title, caption=caption, show_lines=tall and len(rows) > 1, expand=False,
              title_justify="left")
    for field, w in zip(tier, widths):
        t.add_column(field.heading, width=w, no_wrap=field.fixed, overflow="fold",
                     justify="right" if field.role == "number" else "left")
    for i in range(len(rows)):
        t.add_row(*[c[i] if f.fixed else clip(c[i], console, w, max_lines)
                    for f, c, w in zip(tier, cells, widths)])
    return t

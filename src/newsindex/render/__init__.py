"""Rendering rows for people (rich tables) and for programs (JSON, JSON Lines, CSV).

This module holds the shared helpers (escaping, consoles, snippets); :mod:`.fit` lays tables
out to the terminal's width and :mod:`.views` has what each command's table shows.
Only the table path imports rich. User text is always escaped before rich sees it,
so markup or ANSI escapes inside an article are shown as text, never interpreted.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Iterable

_ANSI_RE = re.compile(
    r"(?:\x1b\]|\x9d)[^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)?"  # OSC (window title, hyperlink), 7- or 8-bit, whole
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI (colours, cursor moves), ESC [ or the C1 byte U+009B
    r"|\x1b[@-_]"  # other escapes
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]"  # control characters, C0, DEL and C1; lone surrogates
)
# Everything a one-line message must not carry raw: C0 (newlines included), DEL, C1, lone surrogates.
_UNSAFE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape_char(m) -> str:
    c = ord(m.group())
    if 0xDC80 <= c <= 0xDCFF:  # a byte that was not UTF-8 (a surrogate escape): the byte
        return f"\\x{c - 0xDC00:02x}"
    return f"\\x{c:02x}" if c <= 0xFF else f"\\u{c:04x}"


def inert(value) -> str:
    """Text for an error or status line: every control character (C0, DEL, C1) and undecodable
    byte shown as ``\\xNN``, so a file name cannot move the cursor, retitle or clear the terminal,
    or break the message into two lines.

    >>> inert("bad\\x1b]0;pwned\\x07name\\x9b2J.txt")
    'bad\\\\x1b]0;pwned\\\\x07name\\\\x9b2J.txt'
    """
    text = "" if value is None else str(value)
    return _UNSAFE_RE.sub(_escape_char, text) if _UNSAFE_RE.search(text) else text


def default_format(stream=None) -> str:
    """`table` on a terminal, `jsonl` when piped."""
    stream = stream or sys.stdout
    try:
        return "table" if stream.isatty() else "jsonl"
    except (AttributeError, ValueError):
        return "jsonl"


def safe_text(value) -> str:
    """User text for a terminal: control characters and escape sequences made visible, rich markup escaped.

    >>> safe_text("[bold]x[/bold] \\x1b[31mred")
    '\\\\[bold]x\\\\[/bold] red'
    """
    from rich.markup import escape

    if value is None:
        return ""
    text = _ANSI_RE.sub("", str(value))
    return escape(text)


def console(stderr: bool = False):
    """A rich Console that respects NO_COLOR and is plain when not a terminal."""
    from rich.console import Console

    return Console(stderr=stderr, no_color="NO_COLOR" in os.environ, highlight=False, soft_wrap=False)


def table(rows: Iterable[dict], columns: list[tuple[str, str]], *, title: str | None = None, caption: str | None = None):
    """A rich Table of rows; columns are (key, heading). Cells are escaped user text."""
    from rich.table import Table

    t = Table(title=title, caption=caption, show_lines=False, expand=False)
    for key, heading in columns:
        t.add_column(heading, overflow="fold")
    for row in rows:
        t.add_row(*[cell_text(row.get(key)) for key, _ in columns])
    return t


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return safe_text(", ".join(str(v) for v in value))
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e15 else f"{value:.4g}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return safe_text(value)


def cell_plain(value) -> str:
    """A cell's plain text (for a rich Text, never read as markup): lists joined with ", ",
    numbers with thousands separators, escape sequences and control characters removed.

    >>> cell_plain(["Hikvision", "Dahua"]), cell_plain(1234567), cell_plain(None), cell_plain(True)
    ('Hikvision, Dahua', '1,234,567', '', 'yes')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return plain_text(", ".join(str(v) for v in value))
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e15 else f"{value:.4g}"
    if isinstance(value, int):
        return f"{value:,}"
    return plain_text(value)


def print_table(rows, columns, *, title=None, caption=None) -> None:
    console().print(table(rows, columns, title=title, caption=caption))


# --- search results (issue 6) ------------------------------------------------------------

def plain_text(value) -> str:
    """User text for a rich Text object: escape sequences and control characters removed, no markup escaping."""
    if value is None:
        return ""
    return _ANSI_RE.sub("", str(value))


def marked_text(snippet: dict | None, style: str = "bold yellow"):
    """A snippet ``{"text", "marks"}`` as a rich Text with the query's terms styled; never reads markup."""
    from rich.text import Text

    out = Text()
    if not snippet:
        return out
    text = snippet.get("text") or ""
    pos = 0
    for start, end in sorted(snippet.get("marks") or []):
        if start < pos or end > len(text):
            continue
        out.append(plain_text(text[pos:start]))
        out.append(plain_text(text[start:end]), style=style)
        pos = end
    out.append(plain_text(text[pos:]))
    return out


def results_table(rows, columns: list[tuple[str, str]], *, snippets=None, snippet_column: str | None = None,
                  title: str | None = None, caption: str | None = None):
    """A rich Table of result rows; `snippet_column`'s cells are the marked snippets."""
    from rich.table import Table

    t = Table(title=title, caption=caption, show_lines=bool(snippet_column), expand=False)
    for key, heading in columns:
        t.add_column(heading, overflow="fold", ratio=3 if key == snippet_column else None)
    for i, row in enumerate(rows):
        cells = []
        for key, _ in columns:
            if key == snippet_column and snippets and i < len(snippets) and snippets[i]:
                cells.append(marked_text(snippets[i]))
            else:
                cells.append(cell_text(row.get(key)))
        t.add_row(*cells)
    return t


def facet_lines(facets: dict, truncated: dict | None = None) -> list[str]:
    """``Outlets: Financial Times (3), CNBC (1), …`` lines (markup-escaped) for the facet counts."""
    truncated = truncated or {}
    lines = []
    for key, heading in (("outlet", "Outlets"), ("company", "Companies")):
        pairs = facets.get(key) or []
        if not pairs:
            continue
        text = ", ".join(f"{safe_text(name)} ({count:,})" for name, count in pairs)
        if truncated.get(key):
            text += ", …"
        lines.append(f"[dim]{heading}:[/dim] {text}")
    for name, message in facets.get("errors", []) or []:
        lines.append(f"[dim]{safe_text(name)} counts failed: {safe_text(message)}[/dim]")
    return lines

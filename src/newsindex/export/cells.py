"""One value as a CSV cell or as JSON data: numbers without scientific notation, formulas guarded.

CSV cells (:func:`csv_cell`): lists of text joined with ``"; "``, lists of objects and objects
as JSON text, booleans ``true``/``false``, nulls empty, a text cell a spreadsheet would read as
a formula prefixed with ``'`` (docs/export.md, "Safe in a spreadsheet").
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Iterable

LIST_SEPARATOR = "; "
# What a spreadsheet may read as a formula (OWASP "CSV injection"; the evidence is in docs/export.md):
# a cell starting with = + - @ (or their full-width forms), possibly after white space that an
# import trims, or starting with a tab, CR, LF or NUL. Such a text cell gets a ' prefix.
FORMULA_SIGNS = "=+-@\uff1d\uff0b\uff0d\uff20"  # = + - @ and full-width ＝ ＋ － ＠
FORMULA_TRIGGERS = tuple(FORMULA_SIGNS) + ("\t", "\r", "\n", "\0")
_formula_start = re.compile(r"[\t\r\n\0]|\s*[" + re.escape(FORMULA_SIGNS) + "]").match
FORMULA_GUARD = "'"

# ---------------------------------------------------------------- values


def _clean_str(s: str) -> str:
    """Text that UTF-8 can carry: lone surrogates (from undecodable bytes) become U+FFFD."""
    if s.isascii():
        return s
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in s)


def json_value(v):
    """A value as JSON data: integral floats as ints, NaN/inf as null, dates as ISO 8601.

    >>> json_value(7500000000.0), json_value(0.25), json_value(float("nan"))
    (7500000000, 0.25, None)
    """
    if isinstance(v, str):
        return _clean_str(v)
    if v is None or isinstance(v, (bool, int)):
        return v
    if isinstance(v, float):
        if not math.isfinite(v):
            return None
        if v.is_integer() and abs(v) < 1e18:
            return int(v)
        return v
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if isinstance(v, dict):  # copied only where a value changes (exports stream millions of rows)
        out = None
        for k, x in v.items():
            y = json_value(x)
            if y is not x or not isinstance(k, str):
                out = out if out is not None else dict(v)
                out.pop(k)
                out[str(k)] = y
        return v if out is None else {str(k): out[str(k)] for k in v}
    if isinstance(v, list):
        out = None
        for i, x in enumerate(v):
            y = json_value(x)
            if y is not x:
                out = out if out is not None else list(v)
                out[i] = y
        return v if out is None else out
    if isinstance(v, (tuple, set, frozenset)):
        return [json_value(x) for x in v]
    if isinstance(v, Decimal):
        return json_value(float(v))
    return _clean_str(str(v))


def number_text(v) -> str:
    """A number for CSV, never in scientific notation; ints as ints.

    >>> number_text(7500000000.0), number_text(-5), number_text(1e-7), number_text(0.1)
    ('7500000000', '-5', '0.0000001', '0.1')
    """
    v = json_value(v)
    if v is None:
        return ""
    if isinstance(v, int):
        return str(v)
    text = format(Decimal(repr(v)), "f")
    return text


def neutralise(text: str) -> str:
    """Prefix `'` to a text cell a spreadsheet would read as a formula.

    >>> neutralise('=HYPERLINK("http://x")'), neutralise("-5"), neutralise("plain")
    ('\\'=HYPERLINK("http://x")', "'-5", 'plain')
    >>> neutralise("  =1+1"), neutralise("\uff1d1+1"), neutralise("a = b")
    ("'  =1+1", "'\uff1d1+1", 'a = b')
    """
    return FORMULA_GUARD + text if _formula_start(text) else text


def csv_cell(v) -> str:
    """One CSV cell's text (before quoting): lists of text joined with `; `, lists of objects and
    objects as JSON text, booleans true/false, nulls empty.

    >>> csv_cell(["Nvidia", "Arm"]), csv_cell([{"value": "2019-10-31", "accepted": True}])
    ('Nvidia; Arm', '[{"accepted": true, "value": "2019-10-31"}]')
    """
    if isinstance(v, str):
        return neutralise(_clean_str(v))
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (float, Decimal)):
        return number_text(v)
    if isinstance(v, (list, tuple, set, frozenset)):
        if any(isinstance(x, (dict, list, tuple)) for x in v):  # objects (date candidates): JSON text
            return neutralise(json.dumps(json_value(list(v)), ensure_ascii=False, sort_keys=True))
        return neutralise(LIST_SEPARATOR.join(_plain(x) for x in v))
    if isinstance(v, dict):
        return neutralise(json.dumps(json_value(v), ensure_ascii=False, sort_keys=True))
    return neutralise(_plain(v))


def _plain(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float, Decimal)):
        return number_text(v)
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    return _clean_str(str(v))


_needs_quotes = re.compile(r'[,"\r\n]').search


def csv_quote(text: str) -> str:
    """RFC 4180 quoting: a cell with a comma, quote, CR or LF is quoted, quotes doubled.

    (Python's csv writer leaves a lone CR unquoted when lines end in LF; this does not.)

    >>> csv_quote('say "hi", twice')
    '"say ""hi"", twice"'
    """
    if _needs_quotes(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(cells: Iterable[str]) -> str:
    """One CSV line. A row of one empty cell is written `""`: an empty line is no row to a reader.

    >>> csv_line(["a", "b,c"]), csv_line([""])
    ('a,"b,c"\\n', '""\\n')
    """
    cells = list(cells)
    if cells == [""]:
        return '""\n'
    return ",".join(csv_quote(c) for c in cells) + "\n"


_C1_RE = re.compile("[\x7f-\x9f]")


def json_text(data, indent: int | None = None) -> str:
    """JSON as UTF-8 text with DEL and the C1 controls (U+007F–U+009F) written as ``\\u00XX``:
    the same JSON data, but a terminal showing it never meets a raw 8-bit CSI or OSC.

    >>> json_text({"t": "a\\x9b2Jb"})
    '{"t": "a\\\\u009b2Jb"}'
    """
    text = json.dumps(json_value(data), ensure_ascii=False, indent=indent)
    if _C1_RE.search(text):  # only inside strings: JSON's own syntax is ASCII
        text = _C1_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text



"""The URL as the whole state of a listing: reading its parameters and writing links back.

A listing's URL names its kind by path (``/search`` articles, ``/claims``, ``/figures``,
``/companies``) and holds the query, the filters, the order and the page as parameters named as
the command line's options (``q``, ``company``, ``outlet``, ``since``, ``until``, ``speaker``,
``unit``, ``metric``, ``min``, ``max``, ``sort``, ``reverse``, ``page``). The values are read by
the library's own :func:`newsindex.search.parse_filters` and ``Filters.check``, so a bad value gets
the command line's message. Nothing here touches the index or the file system.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping
from urllib.parse import quote, urlencode

from ..errors import BadQuery
from ..query.filters import FILTERS, Filters, parse_filters

#: listing path (without the leading slash) -> kind, and back. `/` is the articles search too.
PATHS = {"search": "articles", "claims": "claims", "figures": "figures", "companies": "companies"}
PATH_OF = {kind: path for path, kind in PATHS.items()}
#: URL parameter -> parse_filters keyword (the command line's option names without dashes).
FILTER_PARAMS = {"company": "company", "outlet": "outlet", "since": "since", "until": "until",
                 "speaker": "speaker", "unit": "unit", "metric": "metric", "min": "min_value", "max": "max_value",
                 "review": "review"}  # review: verified / disputed / unreviewed (--verified, ... on the command line)
OTHER_PARAMS = ("q", "sort", "reverse", "page", "unknown")
PAGE_SIZE = 20
MAX_PAGE = 500  # deeper than anyone reads; exports are for all rows
EXPORT_FORMATS = ("csv", "jsonl")


def filter_params(kind: str) -> list[str]:
    """The URL filter parameters that apply to `kind`, in the command line's order.

    >>> filter_params("claims")
    ['company', 'outlet', 'since', 'until', 'speaker', 'review']
    """
    names = {v: k for k, v in FILTER_PARAMS.items()}
    return [names[spec.name] for spec in FILTERS if kind in spec.kinds]


@dataclass
class Listing:
    """One listing's state, read from its URL."""

    kind: str
    q: str | None = None
    filters: Filters = field(default_factory=Filters)
    given: dict[str, str] = field(default_factory=dict)  # filter parameters as written in the URL
    sort: str = "relevance"
    reverse: bool = False
    page: int = 1
    unknown: bool = False

    def state(self, **changes) -> dict[str, str]:
        """The URL parameters of this listing (empty ones left out), with `changes` applied
        (a value of None removes a parameter)."""
        params: dict[str, str] = {}
        if self.q:
            params["q"] = self.q
        params.update(self.given)
        if self.sort != "relevance":
            params["sort"] = self.sort
        if self.reverse:
            params["reverse"] = "1"
        if self.unknown:
            params["unknown"] = "1"
        if self.page != 1:
            params["page"] = str(self.page)
        for key, value in changes.items():
            if value is None or value == "":
                params.pop(key, None)
            else:
                params[key] = str(value)
        return params

    def url(self, kind: str | None = None, fmt: str | None = None, **changes) -> str:
        """The URL of this listing (or of another kind with the parameters that apply to it, or of
        its `.csv`/`.jsonl` twin), with `changes` applied."""
        kind = kind or self.kind
        params = self.state(**changes)
        if kind != self.kind:  # another tab: keep what applies there, start at its first page
            keep = {"q", *filter_params(kind)} | ({"unknown"} if kind == "companies" else set())
            params = {k: v for k, v in params.items() if k in keep}
        return listing_url(kind, params, fmt)


def listing_url(kind: str, params: Mapping[str, str], fmt: str | None = None) -> str:
    """`/claims.csv?company=Hikvision`: a listing's path and its parameters, in a stable order.

    >>> listing_url("claims", {"company": "Hikvision & Co", "q": "said"}, "csv")
    '/claims.csv?q=said&company=Hikvision+%26+Co'
    """
    order = ["q", *FILTER_PARAMS, *OTHER_PARAMS]
    items = sorted(((k, v) for k, v in params.items() if v not in (None, "")),
                   key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order))
    path = "/" + PATH_OF[kind] + (f".{fmt}" if fmt else "")
    return path + ("?" + urlencode(items) if items else "")


def record_url(kind: str, key: str) -> str:
    """`/articles/<id>`, `/claims/<id>`, `/figures/<id>`, `/companies/<name>` (the key quoted whole).

    >>> record_url("companies", "AT&T / Bell?")
    '/companies/AT%26T%20%2F%20Bell%3F'
    """
    return f"/{kind}/{quote(str(key), safe=':')}"


def _one(params, name: str) -> str | None:
    values = params.getlist(name) if hasattr(params, "getlist") else [params[name]] if name in params else []
    values = [v for v in values if v.strip()]
    if len(values) > 1:
        raise BadQuery(f"{name}: give it once (got {len(values)} values)")
    return values[0].strip() if values else None


def read_listing(kind: str, params: Mapping[str, str]) -> Listing:
    """A listing's state from its URL parameters; BadQuery (a 400 page) for anything unusable.

    >>> read_listing("figures", {"company": "Hikvision", "min": "1bn", "page": "2"}).filters.min_value
    1000000000.0
    >>> read_listing("claims", {"unit": "USD"})
    Traceback (most recent call last):
    ...
    newsindex.errors.BadQuery: `unit` does not apply to claims (it applies to: figures)
    """
    known = {"q", *FILTER_PARAMS, *OTHER_PARAMS}
    for name in params.keys():
        if name not in known:
            raise BadQuery(f"unknown parameter {name!r} (a listing takes: {', '.join(sorted(known))})")
    given = {name: v for name in FILTER_PARAMS if (v := _one(params, name)) is not None}
    unknown = _flag(_one(params, "unknown"), "unknown")
    filters = parse_filters(**{FILTER_PARAMS[k]: v for k, v in given.items()}, unknown=unknown)
    filters.check(kind)
    page_text = _one(params, "page") or "1"
    if not page_text.isdigit() or not 1 <= int(page_text) <= MAX_PAGE:
        raise BadQuery(f"page: give a number from 1 to {MAX_PAGE} (got {page_text[:20]!r})")
    return Listing(kind=kind, q=_one(params, "q"), filters=filters, given=given,
                   sort=_one(params, "sort") or "relevance", reverse=_flag(_one(params, "reverse"), "reverse"),
                   page=int(page_text), unknown=unknown)


def _flag(text: str | None, name: str) -> bool:
    if text is None or text.lower() in ("0", "false", "no", "off"):
        return False
    if text.lower() in ("1", "true", "yes", "on"):
        return True
    raise BadQuery(f"{name}: give 1 or 0 (got {text[:20]!r})")

"""Outlet names: the table in ``data/outlets.toml`` and name/alias/domain resolution.

``canonical_outlet`` is the one function that turns anything a person or a page may
call an outlet ("FT", "ft.com", "the Financial Times", "https://www.scmp.com/...")
into its canonical name. The index's ``--outlet`` filter uses it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from .. import data


@dataclass(frozen=True)
class Outlet:
    name: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    agency: bool = False
    strong_only: bool = False
    no_text_aliases: tuple[str, ...] = field(default=())
    #: ISO 3166 country of the outlet's home edition: how it writes numeric dates (US:
    #: month first; elsewhere day first) and whose currency a bare "$" is
    country: str | None = None

    def names(self) -> tuple[str, ...]:
        """Every name the outlet goes by: canonical name, aliases, publishers."""
        return (self.name, *self.aliases, *self.publishers)


_THE_RE = re.compile(r"^(?:the)\s+", re.I)
_SPACE_RE = re.compile(r"[\s\u00a0]+")


def _key(name: str) -> str:
    """Normalised lookup key: lower case, single spaces, no leading "the", no end dots.

    >>> _key("  The  Financial Times. ")
    'financial times'
    """
    s = _SPACE_RE.sub(" ", name.strip()).strip(" .,;:'\"’“”")
    s = _THE_RE.sub("", s)
    return s.casefold()


def _domain_of(text: str) -> str | None:
    """Hostname of a URL or a bare domain, without "www.", or None.

    >>> _domain_of("https://www.ft.com/content/x")
    'ft.com'
    >>> _domain_of("scmp.com")
    'scmp.com'
    >>> _domain_of("Financial Times") is None
    True
    """
    s = text.strip().strip("<>()[]")
    if not s or " " in s:
        return None
    if "://" not in s:
        if not re.match(r"^[\w-]+(\.[\w-]+)+(/.*)?$", s):
            return None
        s = "//" + s
    try:
        host = urlsplit(s).hostname or ""
    except ValueError:
        return None
    host = host.lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    return host or None


@lru_cache(maxsize=1)
def outlets() -> tuple[Outlet, ...]:
    """The outlet table, in file order."""
    rows = data.load("outlets").get("outlet", [])
    out = []
    for r in rows:
        out.append(
            Outlet(
                name=r["name"],
                aliases=tuple(r.get("aliases", [])),
                domains=tuple(d.lower() for d in r.get("domains", [])),
                publishers=tuple(r.get("publishers", [])),
                agency=bool(r.get("agency", False)),
                strong_only=bool(r.get("strong_only", False)),
                no_text_aliases=tuple(r.get("no_text_aliases", [])),
                country=r.get("country"),
            )
        )
    return tuple(out)


@lru_cache(maxsize=2)
def _name_index(text: bool = False) -> dict[str, Outlet]:
    idx: dict[str, Outlet] = {}
    for o in outlets():
        skip = {_key(n) for n in o.no_text_aliases} if text else set()
        for n in (o.name, *o.aliases, *o.publishers):
            k = _key(n)
            if k not in skip:
                idx.setdefault(k, o)
        for d in o.domains:
            idx.setdefault(d, o)
    return idx


def outlet_by_name(name: str, *, text: bool = False) -> Outlet | None:
    """The Outlet row for a name, alias, publisher, domain or URL, or None.

    ``text=True`` is for names read from an article's text: aliases that are ordinary
    words there (``no_text_aliases``: "the Post", "the Globe") do not resolve, since a
    page's "© The Post" or "the Post print edition" may be any paper called the Post.
    A user's ``--outlet Post`` or a sidecar's ``outlet = "the Post"`` still resolves.

    >>> outlet_by_name("the Post").name
    'South China Morning Post'
    >>> outlet_by_name("the Post", text=True) is None
    True
    """
    if not name or not name.strip():
        return None
    idx = _name_index(text)
    hit = idx.get(_key(name))
    if hit:
        return hit
    return outlet_for_domain(name)


def outlet_for_domain(text: str) -> Outlet | None:
    """The Outlet whose domain (or a parent domain of it) hosts ``text``, a URL or hostname."""
    host = _domain_of(text)
    if not host:
        return None
    best: Outlet | None = None
    best_len = 0
    for o in outlets():
        for d in o.domains:
            if (host == d or host.endswith("." + d)) and len(d) > best_len:
                best, best_len = o, len(d)
    return best


def canonical_outlet(name: str) -> str | None:
    """Canonical outlet name for any alias, abbreviation, publisher, domain or URL.

    >>> canonical_outlet("FT")
    'Financial Times'
    >>> canonical_outlet("the Financial Times")
    'Financial Times'
    >>> canonical_outlet("https://www.scmp.com/tech/article/1")
    'South China Morning Post'
    >>> canonical_outlet("ChinTell Ltd.")
    'Week in China'
    >>> canonical_outlet("Some Blog") is None
    True
    """
    o = outlet_by_name(name or "")
    return o.name if o else None

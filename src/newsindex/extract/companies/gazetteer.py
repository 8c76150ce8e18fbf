"""The gazetteer: known companies and their aliases from ``data/companies.toml`` (merged with a
corpus's and a user's tables), compiled into ONE regex, plus the general list of listed companies
(``general.py``).

Every alias of every entry is one branch of a trie (so the longest alias wins and thousands stay
fast), wrapped in an optional place prefix ("Hangzhou") and any number of legal suffixes and
descriptors ("Digital Technology Co"), so a legal name is one mention. Matching it against a body
is ``matching.py``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ... import data
from ...errors import GazetteerError
from ..patterns import alternation
from .general import CompanyList, company_list
from .names import _SEP, _atoms, _key, _norm, _phrases

#: environment variable naming a user's companies.toml (merged over the corpus's own)
ENV_VAR = "NEWSINDEX_COMPANIES"
#: kinds that are not companies: kept as mentions (their parent is known) but not listed
NOT_COMPANY_KINDS = frozenset({"product"})

_ENTRY_KEYS = {
    "name", "aliases", "kind", "parent", "counts_as_parent", "case_sensitive",
    "avoid_before", "avoid_after", "remove",
}
_SECTIONS = ("match", "discover", "stoplist")
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_EXACT_RE = re.compile(r"^(?:[A-Z0-9&.]{1,5}|[A-Z0-9]+\.[A-Z]{1,3})$")  # ZTE, NEC, 002415.SZ


@dataclass
class Entry:
    name: str
    aliases: list[str]
    kind: str = "company"
    parent: str | None = None
    counts_as_parent: bool = False
    case_sensitive: bool = False
    avoid_before: frozenset[str] = frozenset()
    avoid_after: frozenset[str] = frozenset()
    sector: str | None = None
    country: str | None = None


@dataclass
class _Rules:
    """The non-entry sections of the tables, merged."""

    match: dict = field(default_factory=dict)
    discover: dict = field(default_factory=dict)
    stoplist: dict = field(default_factory=dict)

    def words(self, section: str, name: str) -> list[str]:
        return list(getattr(self, section).get(name, []))


#: The longest name or alias a companies table may give (characters). Company names run to about
#: 100; an alias is matched as one regular-expression branch per character, so a run-on one is an
#: error in the table, reported as one, not a failure deep in the matcher.
MAX_ALIAS = 200


def _entry_line(source: str, j: int) -> str:
    """`` (line N)``: where the (j+1)-th ``[[company]]`` header stands in a user's table file, or ""."""
    try:
        with open(source, encoding="utf-8", errors="replace") as fh:
            seen = 0
            for n, line in enumerate(fh, 1):
                if re.match(r"\s*\[\[\s*company\s*\]\]", line):
                    if seen == j:
                        return f" (line {n})"
                    seen += 1
    except (OSError, ValueError):
        pass
    return ""


def _validate_entry(raw, where: str) -> dict:
    if not isinstance(raw, dict):
        raise GazetteerError(f"{where}: expected a table, got {type(raw).__name__}")
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise GazetteerError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise GazetteerError(f"{where}: 'name' must be a non-empty string")
    for k in ("aliases", "avoid_before", "avoid_after"):
        v = raw.get(k, [])
        if not isinstance(v, list) or not all(isinstance(a, str) and a.strip() for a in v):
            raise GazetteerError(f"{where} ({name[:60]}): '{k}' must be a list of non-empty strings")
    for text in [name, *raw.get("aliases", [])]:
        if len(text) > MAX_ALIAS:
            raise GazetteerError(f"{where} ({name[:60]}): a name or alias of {len(text):,} characters "
                                 f"(at most {MAX_ALIAS}): {text[:40]!r}…")
    for k in ("kind", "parent"):
        if k in raw and not isinstance(raw[k], str):
            raise GazetteerError(f"{where} ({name}): '{k}' must be a string")
    for k in ("counts_as_parent", "case_sensitive", "remove"):
        if k in raw and not isinstance(raw[k], bool):
            raise GazetteerError(f"{where} ({name}): '{k}' must be true or false")
    return raw


class Gazetteer:
    """Canonical companies and their aliases, compiled for matching.

    Build one with :meth:`default`, :meth:`for_corpus` or :meth:`from_tables`.
    """

    def __init__(self, entries: list[dict] | None = None, rules: _Rules | None = None, general: bool = False):
        self.rules = rules or _Rules()
        self.entries: dict[str, Entry] = {}
        for raw in entries or []:
            e = Entry(
                name=raw["name"].strip(),
                aliases=[a.strip() for a in raw.get("aliases", [])],
                kind=raw.get("kind", "company"),
                parent=raw.get("parent"),
                counts_as_parent=bool(raw.get("counts_as_parent", False)),
                case_sensitive=bool(raw.get("case_sensitive", False)),
                avoid_before=frozenset(w.casefold() for w in raw.get("avoid_before", [])),
                avoid_after=frozenset(w.casefold() for w in raw.get("avoid_after", [])),
            )
            self.entries[e.name.casefold()] = e
        self._alias: dict[str, Entry] = {}
        self._exact: dict[str, set[str]] = {}  # key -> the only written forms allowed
        for e in self.entries.values():  # later entries win an alias both claim
            for a in [e.name, *e.aliases]:
                k = _key(a)
                if self._alias.get(k) is not e:
                    self._exact.pop(k, None)
                self._alias[k] = e
                if e.case_sensitive or _EXACT_RE.match(a):
                    self._exact.setdefault(k, set()).add(_norm(a))
                else:
                    self._exact[k] = set()  # one case-insensitive alias frees the key
        self._compile()
        # the general gazetteer (data/gazetteer.json): the tables' own aliases win
        skip = set(self._alias) | {_key(n) for n in self.rules.words("stoplist", "names")} | _outlet_names()
        self.general: CompanyList | None = company_list(frozenset(skip)) if general else None
        self._general_entries: dict[str, Entry] = {}

    def general_entry(self, le) -> Entry:
        """The Entry for a general-gazetteer company (one object per name)."""
        e = self._general_entries.get(le.name)
        if e is None:
            e = self._general_entries[le.name] = Entry(
                name=le.name, aliases=[], sector=le.sector, country=le.country)
        return e

    # -- construction --------------------------------------------------------------

    @classmethod
    def from_tables(cls, *tables: dict, sources: list[str] | None = None, general: bool = True) -> "Gazetteer":
        """Merge tables in order (later ones win) and compile them.

        Entries merge by canonical name: aliases are added, other fields replace, and
        ``remove = true`` drops the entry. The [match]/[discover]/[stoplist] lists are added.
        With ``general`` (the default) the general gazetteer of listed companies
        (data/gazetteer.json) is matched too, after the tables' own aliases.
        """
        merged: dict[str, dict] = {}
        rules = _Rules()
        removed: set[str] = set()  # a removed entry is not discovered again either
        for i, table in enumerate(tables):
            where = (sources or [])[i] if sources and i < len(sources) else f"table {i}"
            if not isinstance(table, dict):
                raise GazetteerError(f"{where}: not a table")
            companies = table.get("company", [])
            if not isinstance(companies, list):
                raise GazetteerError(f"{where}: 'company' must be an array of tables ([[company]])")
            for j, raw in enumerate(companies):
                try:
                    raw = _validate_entry(raw, f"{where}: company #{j + 1}")
                except GazetteerError as e:  # a user's file: say on which line the entry starts
                    line = _entry_line(where, j) if os.path.isfile(where) else ""
                    raise GazetteerError(str(e).replace(f"company #{j + 1}", f"company #{j + 1}{line}", 1)) from None
                k = raw["name"].strip().casefold()
                if raw.get("remove"):
                    merged.pop(k, None)
                    removed.add(raw["name"].strip())
                    continue
                if k in merged:
                    old = merged[k]
                    aliases = old.get("aliases", []) + [a for a in raw.get("aliases", []) if a not in old.get("aliases", [])]
                    merged[k] = {**old, **raw, "aliases": aliases}
                else:
                    merged[k] = dict(raw)
            for section in _SECTIONS:
                sect = table.get(section, {})
                if not isinstance(sect, dict):
                    raise GazetteerError(f"{where}: [{section}] must be a table")
                target = getattr(rules, section)
                for name, values in sect.items():
                    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                        raise GazetteerError(f"{where}: [{section}] {name} must be a list of strings")
                    target[name] = target.get(name, []) + [v for v in values if v not in target.get(name, [])]
        # an alias claimed by a later table moves to that entry
        owner: dict[str, str] = {}
        for k, raw in merged.items():
            for a in [raw["name"], *raw.get("aliases", [])]:
                owner[_key(a)] = k
        for k, raw in merged.items():
            raw["aliases"] = [a for a in raw.get("aliases", []) if owner.get(_key(a)) == k]
        if removed:
            rules.stoplist["names"] = rules.stoplist.get("names", []) + sorted(removed)
        return cls(list(merged.values()), rules, general=general)

    @classmethod
    def default(cls, extra_path=None) -> "Gazetteer":
        """The built-in gazetteer (cached), merged with a user's companies.toml if given."""
        if extra_path is None:
            return _builtin()
        return _merged((str(extra_path),))

    @classmethod
    def for_corpus(cls, corpus_dir=None, environ=None) -> "Gazetteer":
        """Built-in, then ``corpus_dir/companies.toml`` if present, then $NEWSINDEX_COMPANIES."""
        environ = os.environ if environ is None else environ
        paths: list[str] = []
        if corpus_dir is not None:
            p = Path(corpus_dir) / "companies.toml"
            if p.is_file():
                paths.append(str(p))
        env = environ.get(ENV_VAR)
        if env:
            paths.append(env)
        return _merged(tuple(paths)) if paths else _builtin()

    # -- lookups -------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, name: str) -> Entry | None:
        """The entry for a canonical name or any alias (case-insensitive)."""
        e = self._lookup(name)
        return e

    def canonical(self, name: str) -> str | None:
        """The canonical name for any alias (for --company filters), or None.

        Legal names work too: place prefixes, legal suffixes and descriptors are ignored.
        """
        e = self._lookup(name)
        if e is None:
            return None
        return self._resolve(e).name

    def parent(self, name: str) -> str | None:
        e = self._lookup(name)
        return e.parent if e else None

    def _resolve(self, e: Entry) -> Entry:
        if e.counts_as_parent and e.parent:
            p = self.entries.get(e.parent.casefold())
            if p is not None:
                return p
        return e

    def _lookup(self, name: str) -> Entry | None:
        if not isinstance(name, str):
            return None
        for cand in self._variants(name):
            e = self._alias.get(_key(cand))
            if e is not None:
                return e
        if self.general is not None:
            for cand in self._variants(name):
                le = self.general.lookup(cand)
                if le is not None:
                    return self.general_entry(le)
        return None

    def _variants(self, name: str) -> list[str]:
        """The name, then the name with a place prefix and suffixes peeled off."""
        out = [name]
        words = name.replace(",", " ").split()
        tails, places = self._tail_keys, self._place_keys
        changed = True
        while changed and words:
            changed = False
            if len(words) > 1 and _key(words[0]) in places:
                words = words[1:]
                out.append(" ".join(words))
                changed = True
            low = _key(" ".join(words))
            for t in tails:
                if low.endswith(" " + t):
                    n = len(t.split())
                    words = words[:-n]
                    out.append(" ".join(words))
                    changed = True
                    break
        return out

    # -- compilation ---------------------------------------------------------------

    def _compile(self) -> None:
        latin: list[list[str]] = []
        cjk: list[list[str]] = []
        for e in self.entries.values():
            for a in [e.name, *e.aliases]:
                atoms = _atoms(a)  # case is checked after the match (match_core)
                (cjk if _CJK_RE.search(a) else latin).append(atoms)
        tails = sorted(
            set(self.rules.words("match", "legal_suffixes") + self.rules.words("match", "descriptors")),
            key=len, reverse=True,
        )
        places = sorted(set(self.rules.words("match", "place_prefixes")), key=len, reverse=True)
        tail_alt = _phrases(tails)
        place_alt = _phrases(places)
        parts = []
        if latin:
            parts.append(
                rf"(?<![\w&@])(?:(?P<prefix>(?:{place_alt}){_SEP}))??"  # lazy: a legal name listed whole wins
                rf"(?P<core>{alternation(latin, factor=True)})(?![\w+])"
                rf"(?P<tail>(?:(?:,[ \t]*|{_SEP})(?:{tail_alt})(?![\w]))*)"
            )
        if cjk:
            parts.append(rf"(?P<cjk>{alternation(cjk, factor=True)})")
        self._regex = re.compile("|".join(parts) or r"(?!)")
        self._tail_keys = sorted({_key(t) for t in tails}, key=len, reverse=True)
        self._place_keys = {_key(p) for p in places}
        self._tails = tails

    def match_core(self, text: str) -> Entry | None:
        """The entry whose alias is ``text`` as written, honouring case-sensitive aliases."""
        k = _key(text)
        e = self._alias.get(k)
        if e is None:
            return None
        exact = self._exact.get(k)
        if exact and _norm(text) not in exact:
            return None
        return e


def _table_paths_key(paths: tuple[str, ...]) -> tuple:
    key = []
    for p in paths:
        try:
            key.append((p, os.stat(p).st_mtime_ns))
        except OSError:
            key.append((p, None))
    return tuple(key)


@lru_cache(maxsize=1)
def _builtin() -> Gazetteer:
    return Gazetteer.from_tables(data.load("companies"), sources=["companies.toml (built-in)"])


def _merged(paths: tuple[str, ...]) -> Gazetteer:
    return _merged_cached(_table_paths_key(paths))


@lru_cache(maxsize=16)
def _merged_cached(key: tuple) -> Gazetteer:
    tables = [data.load("companies")]
    names = ["companies.toml (built-in)"]
    for path, mtime in key:
        if mtime is None:
            raise GazetteerError(f"{path}: no such companies table")
        try:
            tables.append(data.load_path(path))
        except (OSError, UnicodeDecodeError) as e:
            raise GazetteerError(f"{path}: cannot read companies table ({e})") from None
        except ValueError as e:  # tomllib.TOMLDecodeError
            raise GazetteerError(f"{path}: not valid TOML ({e})") from None
        names.append(path)
    return Gazetteer.from_tables(*tables, sources=names)


@lru_cache(maxsize=1)
def _outlet_names() -> frozenset[str]:
    """Outlets, agencies and their publishers are not companies to list (outlets.toml)."""
    try:
        table = data.load("outlets")
    except (OSError, ValueError, ModuleNotFoundError):
        return frozenset()
    names = set()
    for o in table.get("outlet", []) if isinstance(table, dict) else []:
        if not isinstance(o, dict):
            continue
        for n in [o.get("name"), *o.get("aliases", []), *o.get("publishers", [])]:
            if isinstance(n, str):
                names.add(_key(n))
                if _key(n).startswith("the "):
                    names.add(_key(n)[4:])
    return frozenset(names)

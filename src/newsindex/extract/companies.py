"""Companies named in a body, under one canonical name.

Two layers, both driven by ``data/companies.toml``:

* the gazetteer: every alias of every known company compiled into ONE regex (a trie of
  alternatives, so the longest alias wins and thousands of aliases stay fast), wrapped in an
  optional place prefix ("Hangzhou") and any number of legal suffixes and descriptors
  ("Digital Technology Co"), so a legal name is one mention;
* discovery, for companies the gazetteer lacks: capitalised names ending in a corporate
  suffix ("Foo Bar Co"), items of lists introduced by "investors such as", and names in
  apposition ("Ukrainian start-up Riddletag"). A stoplist keeps out places, people,
  governments, laws, programmes and outlets.

Everything here is a pure function of its text; messy text never raises.
"""

from __future__ import annotations

import bisect
import operator
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

from .. import data
from ..errors import GazetteerError
from ..records import Company, Mention
from .company_coref import resolve_reference  # noqa: F401  (public: "the company" -> its company)
from .company_context import RUN as _RUN
from .company_context import ContextRules
from .patterns import alternation
from .company_list import CompanyList, common_words, company_list, currency_codes, person_names, places

#: environment variable naming a user's companies.toml (merged over the corpus's own)
ENV_VAR = "NEWSINDEX_COMPANIES"
#: kinds that are not companies: kept as mentions (their parent is known) but not listed
NOT_COMPANY_KINDS = frozenset({"product"})

_ENTRY_KEYS = {
    "name", "aliases", "kind", "parent", "counts_as_parent", "case_sensitive",
    "avoid_before", "avoid_after", "remove",
}
_SECTIONS = ("match", "discover", "stoplist")

# Spaces and hyphens in an alias match any run of spaces, a hyphen or a line break.
_SEP = r"(?:[ \t\u00a0]*[-\u2010\u2011][ \t\u00a0]*\n?[ \t\u00a0]*|\s+)"
_APOS = "['\u2019]"
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_EXACT_RE = re.compile(r"^(?:[A-Z0-9&.]{1,5}|[A-Z0-9]+\.[A-Z]{1,3})$")  # ZTE, NEC, 002415.SZ


def _norm(name: str) -> str:
    """Written form with apostrophes unified and spaces, hyphens and soft hyphens collapsed.

    >>> _norm("  Megvii\u2019s-Face  ID. ")
    "Megvii's Face ID"
    """
    s = name.replace("\u2019", "'").replace("\u00ad", "")
    s = _SPACES_RE.sub(" ", s).strip(" \t\n,;:")
    return s if _INITIALS_END_RE.search(s) else s.rstrip(".")  # keep "S.A.", drop "Inc."


_SPACES_RE = re.compile(r"[\s\-\u2010\u2011]+")
_INITIALS_END_RE = re.compile(r"\.[A-Za-z]\.$")


@lru_cache(maxsize=8192)  # the same names recur across an article and a corpus
def _key(name: str) -> str:
    """Lookup key: the normalised form, case-folded."""
    return _norm(name).casefold()


# ---------------------------------------------------------------------------------------
# Gazetteer
# ---------------------------------------------------------------------------------------


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


def _phrases(words, fold: bool = False) -> str:
    """One trie pattern for a word list (suffixes, places, nouns); spaces match like alias spaces."""
    return alternation([_atoms(w, fold) for w in words if w.strip()], factor=True)


def _gated_phrases(words, fold: bool, not_before: str) -> str | None:
    """``(?<!not_before)`` + ``_phrases(words, fold)``, written so that a search can skip to
    the words' first characters: a character class first, then the look-behind, then each
    branch of the trie checks its first character behind it. The same matches; None when the
    rewrite does not apply (a word that opens with a hyphen; for ``\\w``, a first character
    that is not a word character, where ``\\b`` means something else)."""
    words = [w for w in words if w.strip()]
    chars: set[str] = set()
    for w in words:
        ch = w.strip()[0]
        if ch.isspace() or ch in "-\u2010\u2011":
            return None
        if ch in "'\u2019":
            chars |= {"'", "\u2019"}
        elif fold and ch.lower() != ch.upper() and len(ch.lower()) == 1 and len(ch.upper()) == 1:
            chars |= {ch.lower(), ch.upper()}
        else:
            chars.add(ch)
    if not words or (not_before == r"\w" and not all(re.fullmatch(r"\w", c) for c in chars)):
        return None
    first = "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"
    return alternation([_atoms(w, fold) for w in words], factor=True, gate=(first, not_before))


def _atoms(alias: str, fold: bool = True) -> list[str]:
    """One regex atom per character of the alias (so aliases can share a trie)."""
    atoms: list[str] = []
    for ch in alias.strip():
        if ch.isspace() or ch in "-\u2010\u2011":
            if atoms and atoms[-1] == _SEP:
                continue
            atoms.append(_SEP)
        elif ch in "'\u2019":
            atoms.append(_APOS)
        elif fold and ch.lower() != ch.upper():
            lo, up = ch.lower(), ch.upper()
            atoms.append(f"[{re.escape(up)}{re.escape(lo)}]" if len(lo) == 1 and len(up) == 1 else re.escape(ch))
        else:
            atoms.append(re.escape(ch))
    return atoms


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


# ---------------------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------------------

_PREV_WORD_RE = re.compile(r"([\w'\u2019]+)[ \t\u00a0]*$")
_NEXT_WORD_RE = re.compile(r"^[ \t\u00a0]*([\w'\u2019]+)")
# A hyphen at a line break inside a word ("Hik-\nvision") or a soft hyphen.
_BREAK_RE = re.compile(r"\u00ad|(?<=[a-z])-[ \t]*\r?\n[ \t]*(?=[a-z])")


def _unbreak(body: str) -> tuple[str, list[int] | None]:
    """Remove soft hyphens and line-break hyphenation; map each kept char to its offset."""
    if not _BREAK_RE.search(body):
        return body, None
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _BREAK_RE.finditer(body):
        out.append(body[pos:m.start()])
        offsets.extend(range(pos, m.start()))
        pos = m.end()
    out.append(body[pos:])
    offsets.extend(range(pos, len(body)))
    offsets.append(len(body))
    return "".join(out), offsets


def _core_span(m: re.Match) -> tuple[int, int]:
    g = "cjk" if _cjk(m) else "core"
    return m.start(g), m.end(g)


def _cjk(m: re.Match) -> str | None:
    """The CJK alias a gazetteer match found, if any (not every gazetteer has CJK aliases)."""
    return m.group("cjk") if "cjk" in m.re.groupindex else None


def _accept(text: str, m: re.Match, gaz: Gazetteer) -> Entry | None:
    """The entry a regex match names, or None (wrong case, mid-word end, avoided context)."""
    cs, ce = _core_span(m)
    e = gaz.match_core(text[cs:ce])
    if e is None:
        return None
    end = m.end()
    if not _cjk(m) and end < len(text) and (text[end].isalnum() or text[end] in "_+"):
        return None  # a shortened retry stopped inside a word
    if e.avoid_before:
        pw = _PREV_WORD_RE.search(text, max(0, m.start() - 40), m.start())
        if pw and pw.group(1).casefold() in e.avoid_before:
            return None
    if e.avoid_after:
        nw = _NEXT_WORD_RE.search(text[ce:ce + 40])
        if nw and nw.group(1).casefold() in e.avoid_after:
            return None
    return e


def _gazetteer_mentions(body: str, gaz: Gazetteer) -> list[Mention]:
    text, offsets = _unbreak(body)
    rx = gaz._regex
    out: list[Mention] = []
    pos = 0
    while True:
        m = rx.search(text, pos)
        if m is None:
            break
        e = _accept(text, m, gaz)
        # The trie matches case-insensitively; when the longest alias fails its case or
        # context check, retry shorter aliases at the same place ("microsoft azure").
        mm = m
        while e is None:
            limit = _core_span(mm)[1] - 1
            if limit <= m.start():
                break
            mm = rx.match(text, m.start(), limit)
            if mm is None:
                break
            e = _accept(text, mm, gaz)
        if e is None:
            pos = m.start() + 1
            continue
        start, end = mm.start(), mm.end()
        pos = end
        target = gaz._resolve(e)
        if offsets is not None:
            start, end = offsets[start], offsets[end - 1] + 1
        out.append(Mention(
            name=target.name, alias=body[start:end], start=start, end=end,
            rule="gazetteer", kind=target.kind, parent=target.parent,
        ))
    if gaz.general is not None:
        taken = _Taken(len(body), out)
        for lm in gaz.general.find(body, taken.overlaps):
            e = gaz.general_entry(lm.entry)
            out.append(Mention(name=e.name, alias=body[lm.start:lm.end], start=lm.start, end=lm.end,
                               rule="gazetteer", kind="company", sector=e.sector))
        out.sort(key=lambda m: m.start)
    return out


def find_mentions(body: str, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Every company (and product) named in ``body``, in text order.

    Gazetteer matches first; then names the gazetteer lacks, found by their corporate
    suffix, in lists of investors or clients, or in apposition; then later mentions of
    those discovered names. Spans never overlap.
    """
    if not isinstance(body, str) or not body:
        return []
    gaz = gazetteer if gazetteer is not None else Gazetteer.default()
    mentions = _gazetteer_mentions(body, gaz)
    discovered = _discover(body, gaz, mentions)
    mentions.extend(discovered)
    coordinated = _coordinated(body, gaz, mentions)
    mentions.extend(coordinated)
    discovered.extend(coordinated)
    mentions.extend(_repeat_mentions(body, gaz, mentions, discovered))
    mentions.sort(key=lambda m: (m.start, -m.end))
    return mentions


_START = operator.attrgetter("start")


def mentions_in_span(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """The mentions lying inside body[start:end].

    ``mentions`` must be in body order (by start), as ``find_mentions`` returns them: the span's
    first mention is found by bisection, so a sentence lookup costs O(log n + k), not O(n) — a
    megabyte-long article has tens of thousands of sentences and mentions.
    """
    i = bisect.bisect_left(mentions, start, key=_START)
    out = []
    for j in range(i, len(mentions)):
        m = mentions[j]
        if m.start >= end:
            break
        if m.end <= end:
            out.append(m)
    return out


def companies_in_span(mentions: list[Mention], start: int, end: int) -> list[str]:
    """Canonical names of the companies named inside body[start:end], in order of first mention.

    A product counts as its maker (Face++ -> Megvii); a product without one is left out.
    """
    seen: list[str] = []
    for m in mentions_in_span(mentions, start, end):
        name = m.parent if m.kind in NOT_COMPANY_KINDS else m.name
        if name and name not in seen:
            seen.append(name)
    return seen


def companies_in_text(text: str, gazetteer: Gazetteer | None = None) -> list[str]:
    """Canonical names of the companies named in a sentence or any text, in order."""
    if not isinstance(text, str):
        return []
    return companies_in_span(find_mentions(text, gazetteer), 0, len(text))


def title_mentions(title: str | None, gazetteer: Gazetteer | None = None) -> list[Mention]:
    """Companies a headline names: gazetteer names and names listed with them (offsets in the title).

    A headline is Title Case, so the other discovery rules (which read capitals) are not used
    on it; the body's own discoveries are matched there by ``summarise``.
    """
    if not isinstance(title, str) or not title.strip():
        return []
    title = re.sub(r"(?<= )(And|Or)(?= )", lambda m: m.group().lower(), title)  # Title Case joins a list too
    return [m for m in find_mentions(title, gazetteer) if m.rule in ("gazetteer", "coordination")]


def summarise(mentions: list[Mention], include_products: bool = False,
              title: list[Mention] | None = None) -> list[Company]:
    """One Company record per canonical name, in order of first mention.

    Products (Face++, Alipay) are not companies and are left out unless asked for. ``title``
    (``title_mentions``) adds the companies only the headline names (``mentions`` 1, for the
    headline, no spans in the body, rule ``title``).
    """
    by_name: dict[str, Company] = {}
    for m in mentions:
        if m.kind in NOT_COMPANY_KINDS and not include_products:
            continue
        c = by_name.get(m.name)
        if c is None:
            c = by_name[m.name] = Company(
                name=m.name, mentions=0, kind=m.kind, known=m.rule == "gazetteer", rule=m.rule,
            )
        c.mentions += 1
        if m.alias not in c.aliases:
            c.aliases.append(m.alias)
        c.spans.append([m.start, m.end])
    for m in title or []:
        if m.kind in NOT_COMPANY_KINDS or m.name in by_name:
            continue
        by_name[m.name] = Company(name=m.name, mentions=1, aliases=[m.alias], kind=m.kind,
                                  known=m.rule == "gazetteer", rule="title")
    return list(by_name.values())


# ---------------------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------------------

# A capitalised word: "Riddletag", "JD.com", "AT&T", "Sci-Tech", "iFuree" is not (lower start).
# A capitalised word: its capital, then the rest (the same pattern as one alternation of
# two words opening with [A-Z]: the regex parser factors that capital out anyway).
_CAP_REST = r"(?:[A-Za-z0-9]{0,30}(?:[&.\-][A-Za-z0-9]{1,30}){0,3}\.?|&[A-Z])"
_CAP = r"[A-Z]" + _CAP_REST
_CAP_RE = re.compile(_CAP)
_FOLLOWING_WORD_RE = re.compile(r"[ \t\u00a0]+([\w'\u2019.&-]+)")
_TOKEN_RE = re.compile(r"\S+")
_END_PUNCT_RE = re.compile(r"[,;:.!?)\]\"\u201d]$")
_ADJ_RE = re.compile(r"[-\u2010\u2011][a-z]")  # compound adjectives: "-based", "-listed", "-backed"
_SENT_BREAK = re.compile(r"[.!?;:\u2014\u2013()\[\]\"\u201c\u201d]|\n|\s-\s")


@dataclass
class _Found:
    display: str
    start: int
    end: int
    rule: str
    sector: str | None = None


_OLD_RULES = frozenset({"suffix", "list", "apposition"})
_COMMA_SUFFIXES = frozenset({"Inc", "Ltd", "Corp", "LLC", "Co", "Limited", "Incorporated", "plc", "PLC", "AG", "SA", "NV"})
_POSSESSOR_RE = re.compile(r"([A-Z][A-Za-z]{1,30})['\u2019]s")
_TITLE_BEFORE_RE = re.compile(
    r"(?:\b(?:chief executive|chief executive officer|CEO|CFO|chairman|chairwoman|president|founder|co-founder|"
    r"boss|director|analyst|economist|spokesman|spokeswoman|spokesperson|minister|secretary|governor|"
    r"officer|head|Mr|Mrs|Ms|Dr|Prof|Sir|Dame|Lord|Lady)\.?,?[ \t]+)$")
# a one-word name that is a word-list entry ("Smith", "Analysts") is taken only from the other rules
_WEAK_RULES = frozenset({"statement", "corporate", "shares", "coordination", "said_it", "web"})
_NOT_AFTER_TITLE = frozenset({"statement", "corporate", "said_it"})
_OUTLET_WORDS = frozenset({
    "times", "post", "news", "journal", "daily", "herald", "tribune", "gazette", "magazine", "radio", "television"})
_HARD_STOP = frozenset({
    "ministry", "department", "university", "government", "police", "party", "parliament", "senate",
    "congress", "court", "commission", "council", "agency", "bureau", "army", "navy", "administration",
    "institute", "college", "school", "academy", "hospital", "museum", "committee", "embassy", "league",
})
_PREV_CAP_RE = re.compile(r"([A-Z][a-z]+)[ \t]+$")

class _Discoverer:
    """The discovery rules, with their word lists from the gazetteer's tables."""

    def __init__(self, gaz: Gazetteer):
        r = gaz.rules
        self.gaz = gaz
        self.suffixes = sorted(set(r.words("discover", "suffixes")), key=len, reverse=True)
        self.legal = {_key(s) for s in r.words("match", "legal_suffixes") + r.words("discover", "suffixes")}
        self.descriptors = {_key(s) for s in r.words("match", "descriptors")}
        self.and_words = set(r.words("discover", "and_words"))
        self.generic = {_key(w) for w in r.words("discover", "generic_words")}
        self.stop_names = {_key(n) for n in r.words("stoplist", "names")} | _outlet_names()
        self.stop_words = {_key(w) for w in r.words("stoplist", "words") if " " not in w.strip()}
        self.stop_phrases = [_key(w) for w in r.words("stoplist", "words") if " " in w.strip()]
        # sentence openers, and nouns that introduce a name ("Brokerage Foo Group")
        self.leading = {_key(w) for w in r.words("stoplist", "leading_words")} | {
            _key(w) for w in r.words("discover", "apposition_nouns") + r.words("discover", "list_nouns")
        }
        self.labels = frozenset(r.words("stoplist", "leading_labels"))  # exact case
        self.titles = {_key(w) for w in r.words("stoplist", "titles")}
        self.places = {_key(p) for p in r.words("match", "place_prefixes")}
        self.list_stop = {_key(w) for w in r.words("discover", "list_stop")}
        self.world_places = places()
        self.currencies = currency_codes()
        self.common = common_words()
        self.names = person_names()
        self.context = ContextRules(data.load("companies").get("context", {}), self.common)
        self.strong_legal = {_key(s) for s in r.words("discover", "suffixes")} - {
            "group", "holdings", "technologies", "ventures", "venture partners", "capital partners", "capital"}
        stops = sorted({n for n in self.stop_names if " " in n}, key=len, reverse=True)
        self.stop_phrase_re = re.compile(rf"(?<![\w&])(?:{_phrases(stops, fold=True)})(?![\w&])")
        gated = _gated_phrases(self.suffixes, False, r"[\w&]")
        self.suffix_re = re.compile(
            rf"(?:{gated})(?![\w&])" if gated else rf"(?<![\w&])(?:{_phrases(self.suffixes)})(?![\w&])"
        )
        legal_alt = _phrases(set(r.words("match", "legal_suffixes")))
        self.more_legal_re = re.compile(rf"(?:\.?(?:,[ \t]*|[ \t]+)(?:{legal_alt})(?![\w&]))*")
        nouns = _gated_phrases(r.words("discover", "list_nouns"), True, r"\w")
        if nouns is None:
            nouns = r"\b(?:" + _phrases(r.words("discover", "list_nouns"), fold=True) + ")"
        links = _phrases(r.words("discover", "list_links"), fold=True)
        self.list_re = re.compile(rf"(?:{nouns}),?[ \t]+(?:{links})[ \t]+")
        appos = _phrases(r.words("discover", "apposition_nouns"))
        appos_gated = _gated_phrases(r.words("discover", "apposition_nouns"), False, r"[\w-]")
        run = rf"{_CAP}(?:[ \t]+(?:{_CAP}|&|of)){{0,6}}"  # bounded: no quadratic scans
        self.appos_before_re = re.compile(
            rf"(?:{appos_gated})[ \t]+(?P<name>{run})" if appos_gated else rf"(?<![\w-])(?:{appos})[ \t]+(?P<name>{run})"
        )
        # "(?<![\w&])" + run, with the look-behind after the capital it checks (the same
        # matches): a pattern that opens with a character class lets the search skip to capitals
        run_after = rf"[A-Z](?<![\w&][A-Z]){_CAP_REST}(?:[ \t]+(?:{_CAP}|&|of)){{0,6}}"
        self.appos_after_re = re.compile(
            rf"(?P<name>{run_after}),[ \t]+(?:a|an)[ \t]+(?:[\w'\u2019-]+[ \t]+){{0,4}}?(?:{appos})\b"
        )

    # -- helpers -----------------------------------------------------------------

    def is_stopped(self, name: str, legal: bool = False) -> bool:
        """A stoplisted name, or one holding a stop word; with ``legal`` (the name carries a legal
        suffix: "Foo Television, Inc.") the words that mark an outlet do not count."""
        k = _key(name)
        if not k or k in self.stop_names or k in self.places or k in self.leading:
            return True
        words = k.split()
        if any(w.rstrip(".") in self.titles or (w in self.stop_words and not (legal and w in _OUTLET_WORDS))
               for w in words):
            return True
        return any(f" {sw} " in f" {k} " for sw in self.stop_phrases)

    def _personal(self, words: list[str]) -> bool:
        """A given name and a surname ("Alan Joyce"), not a brand and an industry word ("Qantas Airways")."""
        last = words[-1].casefold()
        return (len(words) > 1 and words[0] in self.names and words[0].casefold() not in self.common
                and last not in self.common and words[-1] not in self.context.ind_last and last not in self.legal)

    def is_person(self, text: str, name: str) -> bool:
        """The text shows ``name`` to be a person: a given name and a surname, or a title or a
        given name before one of its mentions ("chief executive Pascal Doe", "Mr Doe", "Alan Doe")."""
        words = name.split()
        if not words:
            return False
        if self._personal(words):
            return True
        for m in re.finditer(rf"(?<![\w&]){re.escape(name)}(?![\w&])", text):
            p, lo = m.start(), max(0, m.start() - 60)
            if _TITLE_BEFORE_RE.search(text, lo, p):
                return True
            pc = _PREV_CAP_RE.search(text, lo, p)
            if pc and (self._personal([pc.group(1), *words]) or _TITLE_BEFORE_RE.search(text, lo, pc.start())):
                return True
        return False

    def soft_stopped(self, name: str) -> bool:
        """is_stopped for names in corporate context: an institution word counts only at the end
        ("Foundation Medicine" is a company, "Gates Foundation" is not)."""
        k = _key(name)
        if not k or k in self.stop_names or k in self.places or k in self.leading:
            return True
        words = k.split()
        if any(w.rstrip(".") in self.titles for w in words):
            return True
        if words[-1] in self.stop_words or any(w in _HARD_STOP for w in words):
            return True
        return any(f" {sw} " in f" {k} " for sw in self.stop_phrases)

    def not_a_company(self, surface: str, display: str, weak: bool = True) -> bool:
        """Places, currency codes, people and ordinary words (the general tables)."""
        words = display.split()
        if not words:
            return True
        k = _key(display)
        if all(_key(w).rstrip(".") in self.legal for w in words):
            return True  # "Inc." alone
        legal = _key(surface.replace(",", " ").split()[-1]) in self.strong_legal
        if not legal and (k in self.world_places or _key(self.core(display)) in self.world_places):
            return True
        if display.upper() == display and display.replace(".", "") in self.currencies:
            return True  # "USD 750 million"
        if weak and len(words) == 1 and not legal and (words[0].casefold() in self.common or words[0] in self.names):
            return True  # "Analysts", "Smith"
        if 2 <= len(words) <= 3 and not legal and all(
                w in self.names or re.fullmatch(r"[A-Z]\.?", w) for w in words):
            return True  # "Alan Joyce", "Mary J. Smith"
        return False

    def clean(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        """Trim openers and possessives; None if nothing company-like is left."""
        seg = text[start:end]
        words = list(re.finditer(r"\S+", seg))
        while words and (_key(words[0].group()) in self.leading or words[0].group() in {"&", "of", "and"}
                         or words[0].group() in self.labels
                         or _ADJ_RE.search(words[0].group())):
            words.pop(0)
        while words and words[-1].group() in {"&", "of", "and"}:
            words.pop()
        if not words:
            return None
        s, e = start + words[0].start(), start + words[-1].end()
        m = re.search(r"['\u2019]s?$", text[s:e])
        if m:
            e = s + m.start()
        while e > s and text[e - 1] in ",;:":
            e -= 1
        return (s, e) if e > s else None

    def core(self, display: str) -> str:
        """The name without place prefix, legal suffixes and descriptors."""
        words = display.split()
        changed = True
        while changed and len(words) > 1:
            changed = False
            if _key(words[0]) in self.places:
                words, changed = words[1:], True
                continue
            for n in (3, 2, 1):
                if len(words) > n and _key(" ".join(words[-n:])) in (self.legal | self.descriptors):
                    words, changed = words[:-n], True
                    break
        return " ".join(words)

    def display(self, surface: str) -> str:
        """Surface form without legal suffixes (descriptors kept)."""
        words = surface.replace(",", " ").split()
        while len(words) > 1:
            for n in (2, 1):
                if len(words) > n and _key(" ".join(words[-n:])) in self.legal - {"group", "holdings", "technologies", "capital", "ventures", "venture partners", "capital partners"}:
                    if words[-n - 1] == "&":  # "Bennett, Coleman & Co" keeps its "& Co"
                        return " ".join(words[:-n + 1] if n > 1 else words)
                    words = words[:-n]
                    break
            else:
                break
        return " ".join(words)

    # -- rules -------------------------------------------------------------------

    def by_suffix(self, text: str) -> list[_Found]:
        out = []
        for m in self.suffix_re.finditer(text):
            # walk back over capitalised words (and "&", "of", "and"+descriptor), at most 8
            base = max(0, m.start() - 120)
            tokens = _TOKEN_RE.findall(text, base, m.start())[-8:]
            start = m.start()
            nxt = m.group()
            n_core = 0
            for w in reversed(tokens):
                ts = text.rfind(w, base, start)
                dash = max(w.rfind("--"), w.rfind("\u2014"))
                if dash >= 0:  # "2006--Applied Biosystems Group": a dash ends what is before
                    cut = dash + (2 if w[dash] == "-" else 1)
                    w, ts = w[cut:], ts + cut
                    if _CAP_RE.fullmatch(w) and w.rstrip(".").casefold() not in self.legal:
                        n_core += 1
                        start = ts
                    break
                if n_core and w.endswith(",") and _CAP_RE.fullmatch(w[:-1]) and "&" in text[ts:m.start()]:
                    n_core += 1  # "Bennett, Coleman & Co"
                    start, nxt = ts, w
                    continue
                if n_core == 0 and start == m.start() and w.endswith(",") and _CAP_RE.fullmatch(w[:-1]) and nxt.rstrip(".") in _COMMA_SUFFIXES:
                    w = w[:-1]  # "Ambion, Inc."
                poss = _POSSESSOR_RE.fullmatch(w)
                if poss and n_core and _key(poss.group(1)) not in self.world_places:
                    n_core += 1  # "Hudson's Bay Co"
                    start, nxt = ts, w
                    continue
                if "\n" in text[ts + len(w):start] or _END_PUNCT_RE.search(w) and not _CAP_RE.fullmatch(w):
                    break
                if _ADJ_RE.search(w):  # "Nasdaq-listed", "Shenzhen-based": not part of the name
                    break
                if w in {"&", "of"} or (w == "and" and nxt in self.and_words):
                    pass
                elif _CAP_RE.fullmatch(w) and w.rstrip(".").casefold() not in self.legal:
                    n_core += 1
                else:
                    break
                start, nxt = ts, w
            if n_core == 0:
                continue
            end = self.more_legal_re.match(text, m.end()).end()
            after = _FOLLOWING_WORD_RE.match(text, end)
            if after and _CAP_RE.fullmatch(after.group(1)) and _key(after.group(1)) not in self.titles | self.leading:
                continue  # the name runs on ("Beijing Capital International Airport")
            span = self.clean(text, start, end)
            if span and re.fullmatch(rf"{_CAP}(?:['\u2019]s)?,?", text[span[0]:span[1]].split()[0]):
                out.append(_Found(self.display(text[span[0]:span[1]]), span[0], span[1], "suffix"))
        return out

    def name_in(self, text: str, s: int, e: int) -> tuple[int, int] | None:
        """The first capitalised run in text[s:e] that is not a place, demonym or opener.

        A possessor ("Japan's SoftBank", "Li Ka-shing's Horizons Ventures") gives way to
        the run after it.
        """
        fallback = None
        for r in re.finditer(rf"{_CAP}(?:[ \t]+(?:{_CAP}|&|of(?=[ \t]+[A-Z]))){{0,6}}", text[s:e]):
            span = self.clean(text, s + r.start(), s + r.end())
            if span is None:
                continue
            cand = text[span[0]:span[1]]
            if self.is_stopped(cand) or _key(cand) in self.world_places:
                continue
            if text[span[1]:span[1] + 2] in ("'s", "\u2019s"):
                fallback = fallback or span
                continue
            return span
        return fallback

    def by_list(self, text: str) -> list[_Found]:
        out = []
        for m in self.list_re.finditer(text):
            limit = min(len(text), m.end() + 400)  # a list ends with its sentence
            b = _SENT_BREAK.search(text, m.end(), limit)
            stop = b.start() if b else limit
            seg_start = m.end()
            items = re.split(r",[ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or|as well as)[ \t]+", text[seg_start:stop])
            pos = seg_start
            for item in items[:10]:
                i0 = text.find(item, pos) if item else pos
                if i0 < 0:
                    break
                pos = i0 + len(item)
                first = item.split()[0] if item.split() else ""
                if _key(first) in self.list_stop:
                    break
                span = self.name_in(text, i0, i0 + len(item))
                if span:
                    out.append(_Found(self.display(text[span[0]:span[1]]), span[0], span[1], "list"))
        return out

    def by_context(self, text: str) -> list[_Found]:
        """Corporate context (company_context): tickers, "shares of X", "X's chief executive", ..."""
        out = []
        for h in self.context.find(text):
            span = self.clean(text, h.start, h.end)
            if span is None:
                continue
            cand = text[span[0]:span[1]]
            if self.soft_stopped(cand) or cand.isupper() and len(cand) <= 1:
                continue
            if h.rule in _NOT_AFTER_TITLE and _TITLE_BEFORE_RE.search(text, max(0, span[0] - 40), span[0]):
                continue  # "chief executive Pascal Doe said in a statement": a person
            out.append(_Found(self.display(cand), span[0], span[1], h.rule, h.sector))
        return out

    def by_apposition(self, text: str) -> list[_Found]:
        out = []
        for rx in (self.appos_before_re, self.appos_after_re):
            for m in rx.finditer(text):
                span = self.clean(text, m.start("name"), m.end("name"))
                if span is None:
                    continue
                cand = text[span[0]:span[1]]
                if self.is_stopped(cand) or cand.isupper() and len(cand) <= 2:
                    continue
                out.append(_Found(self.display(cand), span[0], span[1], "apposition"))
        return out


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


@lru_cache(maxsize=8)
def _discoverer(gaz: Gazetteer) -> _Discoverer:
    return _Discoverer(gaz)


class _Taken:
    """Characters already claimed by a mention (linear, whatever the number of mentions)."""

    def __init__(self, size: int, mentions: list[Mention]):
        self.mask = bytearray(size + 1)
        for m in mentions:
            self.add(m.start, m.end)

    def add(self, s: int, e: int) -> None:
        self.mask[s:e] = b"\x01" * (e - s)

    def overlaps(self, s: int, e: int) -> bool:
        return 1 in self.mask[s:e]


def _discover(body: str, gaz: Gazetteer, known: list[Mention]) -> list[Mention]:
    d = _discoverer(gaz)
    taken = _Taken(len(body), known)
    rejected: dict[tuple[str, str], bool] = {}  # the same name is judged once
    out: list[Mention] = []
    people: dict[str, bool] = {}
    for f in d.by_suffix(body) + d.by_list(body) + d.by_apposition(body) + d.by_context(body):
        if taken.overlaps(f.start, f.end):
            continue
        if f.rule not in _OLD_RULES:
            if f.display not in people:
                people[f.display] = d.is_person(body, f.display)
            if people[f.display]:
                continue
        # a stoplisted phrase reaching past a candidate swallows it ("Smile" in "Smile to Pay")
        w0, w1 = max(0, f.start - 80), min(len(body), f.end + 80)
        if any(m.start() < f.end and f.start < m.end() and (m.start() < f.start or m.end() > f.end)
               for m in d.stop_phrase_re.finditer(body, w0, w1)):
            continue
        surface = body[f.start:f.end]
        verdict = rejected.get((surface, f.display))
        if verdict is None:
            core = d.core(f.display)
            if f.rule not in _OLD_RULES:
                stopped = d.soft_stopped
            elif f.rule == "suffix" and _key(surface.replace(",", " ").split()[-1]).rstrip(".") in d.strong_legal:
                stopped = partial(d.is_stopped, legal=True)
            else:
                stopped = d.is_stopped
            verdict = rejected[(surface, f.display)] = bool(
                stopped(f.display) or stopped(core) or _key(core) in d.generic
                or (gaz.canonical(surface) and f.rule in _OLD_RULES) or d.not_a_company(surface, f.display, f.rule in _WEAK_RULES))
        if verdict:
            continue
        known_as = gaz.canonical(surface)
        if known_as:  # a listed name its context confirms ("shares of Target")
            e = gaz.entry(surface)
            out.append(Mention(name=known_as, alias=surface, start=f.start, end=f.end, rule="gazetteer",
                               kind=e.kind if e else "company", sector=e.sector if e else None))
        else:
            out.append(Mention(name=f.display, alias=surface, start=f.start, end=f.end, rule=f.rule,
                               kind="company", sector=f.sector))
        taken.add(f.start, f.end)
    # one canonical display per company: the same core -> the first display seen
    by_core: dict[str, str] = {}
    core_of: dict[str, str] = {}
    for m in sorted(out, key=lambda m: m.start):
        if m.rule == "gazetteer":
            continue
        if m.name not in core_of:
            core_of[m.name] = _key(d.core(m.name))
        m.name = by_core.setdefault(core_of[m.name], m.name)
    return out


_ITEM = rf"{_RUN}(?:['\u2019]s)?"
_LIST_RE = re.compile(
    rf"{_ITEM}(?:(?:[ \t]*,[ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]*/[ \t]*|[ \t]+(?:and|or|&)[ \t]+){_ITEM}){{1,9}}")
_LIST_NEXT_RE = re.compile(r"(?:['\u2019]s)?(?:[ \t]*[,/]|[ \t]+(?:and|or|&)[ \t])")
_LIST_PREV_RE = re.compile(r"(?:[,/][ \t]*|[ \t](?:and|or|&)[ \t]+)$")
_LIST_SPLIT_RE = re.compile(r"[ \t]*,[ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]*/[ \t]*|[ \t]+(?:and|or|&)[ \t]+")


def _coordinated(body: str, gaz: Gazetteer, mentions: list[Mention]) -> list[Mention]:
    """Names listed with a company: "Carrow, Brindle and Oakmart", "Pfizer/BioNTech".

    A list of capitalised names (commas, "and", "or", "/") holding at least one company found by
    another rule: its other items are companies too, unless they are places, people, ordinary
    words, institutions or outlets.
    """
    companies = sorted((m for m in mentions if m.kind not in NOT_COMPANY_KINDS), key=lambda m: m.start)
    if not companies:
        return []
    d = _discoverer(gaz)
    taken = _Taken(len(body), mentions)
    out: list[Mention] = []
    done_to = -1
    for c in companies:
        if c.start < done_to:
            continue
        if not (_LIST_NEXT_RE.match(body, c.end) or _LIST_PREV_RE.search(body, max(0, c.start - 6), c.start)):
            continue  # not an item of a list
        lo, hi = max(0, c.start - 200), min(len(body), c.end + 200)
        for lm in _LIST_RE.finditer(body, lo, hi):
            if lm.end() <= c.start or lm.start() >= c.end or lm.end() <= done_to:
                continue
            done_to = lm.end()
            items = _LIST_SPLIT_RE.split(lm.group())
            seps = _LIST_SPLIT_RE.findall(lm.group())
            if len(items) < 3 and not any(re.search(r"\b(?:and|or)\b|[&/]", x) for x in seps):
                continue  # "Jane Doe, a graduate of Foo University, Bar Ltd said": apposition, not a list
            if any(re.search(r"['\u2019]s\s", x) for x in items):
                continue  # "Tencent's Youtu and AI Lab": the possessor's things
            pos = lm.start()
            for item in items:
                i0 = body.find(item, pos, lm.end())
                if i0 < 0 or not item:
                    continue
                pos = i0 + len(item)
                cut = re.search(r"\.[ \t]", item)  # a sentence ends inside the run
                if cut:
                    item = item[:cut.start() + 1]
                if item.endswith(".") and item[:-1].split()[-1:] and item[:-1].split()[-1] not in _COMMA_SUFFIXES:
                    item = item[:-1]
                span = d.clean(body, i0, i0 + len(item))
                if span is None or taken.overlaps(*span):
                    continue
                cand = body[span[0]:span[1]]
                disp = d.display(cand)
                if len(cand.split()) > 4 or d.soft_stopped(disp) or d.soft_stopped(d.core(disp)) \
                        or d.not_a_company(cand, disp):
                    continue
                if gaz.canonical(cand):
                    continue
                if d.is_person(body, cand):
                    continue
                out.append(Mention(name=disp, alias=cand, start=span[0], end=span[1],
                                   rule="coordination", kind="company"))
                taken.add(*span)
    return out


def _repeat_mentions(body: str, gaz: Gazetteer, mentions: list[Mention], discovered: list[Mention]) -> list[Mention]:
    """Later mentions of discovered companies, by their full or short name."""
    if not discovered:
        return []
    d = _discoverer(gaz)
    forms: dict[str, Mention] = {}
    for m in discovered:
        core = d.core(m.name).split()
        prefixes = [" ".join(core[:n]) for n in range(2, len(core))]  # "Haitong International"
        for form in {m.alias, m.name, " ".join(core), *prefixes}:
            if not form or _key(form) in d.generic or d.is_stopped(form) or len(form) < 3:
                continue
            forms.setdefault(form, m)
    if not forms:
        return []
    rx = re.compile(rf"(?<![\w&]){alternation(forms, space=_SEP)}(?![\w&])")
    taken = _Taken(len(body), mentions)
    out = []
    for m in rx.finditer(body):
        if taken.overlaps(m.start(), m.end()):
            continue
        src = forms.get(m.group()) or next((v for k, v in forms.items() if _key(k) == _key(m.group())), None)
        if src is None:
            continue
        out.append(Mention(name=src.name, alias=m.group(), start=m.start(), end=m.end(), rule=src.rule, kind="company"))
        taken.add(m.start(), m.end())
    return out

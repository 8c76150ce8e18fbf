"""Deterministic synthetic news corpus for the benchmark (scripts/bench); not part of the product.

Article ``i`` depends only on ``(seed, i)``, so the first 1,000 articles of a 10,000-article
corpus are the 1,000-article corpus. Articles imitate text copied from the web pages of many
outlets: a header block (markdown, wire, newspaper, blog or scraped page), datelines, bylines,
photo captions with credits, "Advertisement" lines, related-link lines, copyright footers; and
bodies with companies (from the gazetteer table when it exists), money, percentages and counts,
and attributed quotes, so that every extraction layer does real work.

Sizes run from 1 KB to 12 KB (about 5 KB on average).

    >>> a = article(7)
    >>> a == article(7) and a.text != article(8).text
    True
    >>> 1000 <= len(a.text.encode()) <= 12 * 1024
    True
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

GENERATOR_VERSION = 1
DEFAULT_SEED = 20191106
MIN_BYTES = 1024
MAX_BYTES = 12 * 1024

# --- data: drawn from the product's tables when they exist ---------------------------------

FALLBACK_OUTLETS = [
    ("Reuters", "reuters.com"), ("Associated Press", "apnews.com"), ("Bloomberg", "bloomberg.com"),
    ("Financial Times", "ft.com"), ("The Wall Street Journal", "wsj.com"), ("The New York Times", "nytimes.com"),
    ("The Guardian", "theguardian.com"), ("BBC News", "bbc.co.uk"), ("CNBC", "cnbc.com"),
    ("South China Morning Post", "scmp.com"), ("Nikkei Asia", "asia.nikkei.com"), ("Caixin", "caixinglobal.com"),
    ("The Straits Times", "straitstimes.com"), ("TechCrunch", "techcrunch.com"), ("The Verge", "theverge.com"),
]

FALLBACK_COMPANIES = [
    ("Alibaba", ["Alibaba Group", "Alibaba Group Holding"]), ("Tencent", ["Tencent Holdings"]),
    ("Huawei", ["Huawei Technologies"]), ("Hikvision", ["Hangzhou Hikvision Digital Technology"]),
    ("SenseTime", []), ("Megvii", ["Megvii Technology"]), ("Apple", ["Apple Inc."]),
    ("Microsoft", ["Microsoft Corp."]), ("Alphabet", ["Google"]), ("Amazon", ["Amazon.com"]),
    ("Nvidia", ["Nvidia Corp."]), ("Intel", ["Intel Corp."]), ("Samsung Electronics", ["Samsung"]),
    ("Sony", ["Sony Group"]), ("Xiaomi", ["Xiaomi Corp."]), ("ByteDance", []), ("Baidu", []),
    ("Meta", ["Meta Platforms", "Facebook"]), ("Qualcomm", []), ("TSMC", ["Taiwan Semiconductor Manufacturing"]),
    ("Foxconn", ["Hon Hai Precision Industry"]), ("SoftBank", ["SoftBank Group"]), ("Toyota", ["Toyota Motor"]),
    ("Tesla", ["Tesla Inc."]), ("BYD", []), ("JD.com", []), ("Ant Group", ["Ant Financial"]),
    ("IBM", []), ("Oracle", []), ("Dahua Technology", ["Dahua"]), ("ZTE", []), ("Lenovo", ["Lenovo Group"]),
]


def _outlets() -> list[tuple[str, str]]:
    try:
        from newsindex.data import load

        rows = [(o["name"], (o.get("domains") or [""])[0]) for o in load("outlets").get("outlet", []) if o.get("name")]
        return [r for r in rows if r[1]] or FALLBACK_OUTLETS
    except Exception:
        return FALLBACK_OUTLETS


def _companies() -> list[tuple[str, list[str]]]:
    """(canonical name, aliases) from the gazetteer table, whatever its top-level key."""
    try:
        from newsindex.data import load

        table = load("companies")
    except Exception:
        return FALLBACK_COMPANIES
    rows = []
    for value in table.values():
        if isinstance(value, list):
            for entry in value:
                if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                    aliases = [a for a in entry.get("aliases", []) if isinstance(a, str) and len(a) > 2]
                    rows.append((entry["name"], aliases))
    return rows or FALLBACK_COMPANIES


# --- vocabulary ---------------------------------------------------------------------------

WORDS = """
the of and to in a is that for on said it with as was by at be from its has are have will
company market government technology data its would also more than year which about said
industry companies china business after been new their but could into over people last
security surveillance chips chip cloud software network growth investors revenue profit
shares trade officials analysts plans billion million sales demand customers deal rules
export supply regulators services products platform digital users devices semiconductor
artificial intelligence facial recognition cameras smartphone payments banks lending
factory production capacity battery electric vehicles energy solar prices inflation rates
policy sanctions tariffs blacklist lawmakers ministry commission court ruling lawsuit
privacy consumers partners startup funding valuation round listing offering stock exchange
quarter earnings forecast outlook margin costs spending budget workers employees jobs
research development engineers design licence patents standards wireless telecom carriers
infrastructure cities police cameras monitoring systems citizens public private state
global domestic foreign overseas regional european american asian japanese korean indian
merger acquisition stake investment fund equity debt bonds capital assets holdings
retail ecommerce shopping logistics delivery shipping ports airlines travel tourism
media streaming advertising content video games music social messaging apps search
health medical drugs vaccine hospital insurance pension property housing construction
steel aluminium copper oil gas coal mining exports imports economy recovery slowdown
pandemic lockdown reopening restrictions border visas students universities schools
election parliament president minister spokesperson statement interview report survey
""".split()

PLACES = ["BEIJING", "SHANGHAI", "SHENZHEN", "HONG KONG", "SINGAPORE", "TOKYO", "SEOUL", "TAIPEI",
          "NEW YORK", "WASHINGTON", "SAN FRANCISCO", "LONDON", "BRUSSELS", "FRANKFURT", "PARIS",
          "BANGALORE", "MUMBAI", "JAKARTA", "KUALA LUMPUR", "SYDNEY"]
FIRST = ["James", "Li", "Wei", "Maria", "Sarah", "David", "Yuki", "Hiroshi", "Priya", "Ahmed", "Elena",
         "Chen", "Min-jun", "Laura", "Tom", "Aisha", "Carlos", "Nina", "Oliver", "Mei", "Rahul", "Sophie",
         "Kenji", "Grace", "Daniel", "Fatima", "Lucas", "Hannah", "Jun", "Isabel"]
LAST = ["Wang", "Zhang", "Smith", "Tanaka", "Kim", "Nguyen", "Patel", "Garcia", "Müller", "Rossi",
        "Okafor", "Johnson", "Lee", "Chan", "Sato", "Kumar", "Brown", "Dubois", "Silva", "Yamamoto",
        "Novak", "Hughes", "O'Brien", "Fischer", "Ito", "Lim", "Tan", "Wong", "Becker", "Moreau"]
ROLES = ["chief executive", "chief financial officer", "spokesperson", "vice-president", "senior analyst",
         "head of research", "managing director", "founder", "chief technology officer", "general counsel",
         "head of Asia equity strategy", "partner", "economist", "board member"]
ANALYST_FIRMS = ["Morgan Stanley", "Goldman Sachs", "Credit Suisse", "IHS Markit", "Counterpoint Research",
                 "Gartner", "IDC", "Canalys", "Bernstein", "Jefferies", "Nomura", "CLSA"]
VERBS = ["said", "said", "said", "told", "added", "noted", "warned", "argued", "says", "explained"]
REPORT_VERBS = ["said", "says", "added", "noted", "explained"]  # verbs that take a that-clause
SECTIONS = ["Technology", "Business", "Markets", "World", "China", "Asia", "Companies", "Tech", "Economy"]
PERIODS = ["the third quarter", "the first half", "last year", "the fourth quarter", "the year to March",
           "the second quarter", "2018", "the fiscal year", "the three months to June"]
METRICS = ["revenue", "net profit", "operating profit", "sales", "shipments", "capital spending",
           "research and development spending", "market value", "valuation"]
SUBJECTS = [("people", 1e3, 5e7), ("cameras", 1e4, 5e8), ("users", 1e5, 1.5e9), ("employees", 50, 3e5),
            ("cities", 3, 400), ("stores", 10, 9000), ("factories", 2, 120), ("devices", 1e4, 2e8),
            ("customers", 100, 9e8), ("countries", 3, 190)]
CURRENCY_FORMS = [  # (format, min, max): the value is drawn between min and max (base units)
    ("${n} billion", 1e9, 9e10), ("${n} million", 1e6, 9e8), ("US${n} billion", 1e9, 5e10),
    ("US${n}m", 1e6, 9e8), ("€{n}bn", 1e9, 3e10), ("£{n}m", 1e6, 9e8), ("Rmb{n} billion", 1e9, 9e10),
    ("{n} billion yuan", 1e9, 9e10), ("HK${n} billion", 1e9, 5e10), ("¥{n} trillion", 1e12, 9e12),
    ("S${n} million", 1e6, 9e8), ("RM{n}bn", 1e9, 9e10), ("{n} billion won", 1e9, 9e11),
]
QUALIFIERS = ["", "", "", "more than ", "nearly ", "about ", "at least ", "almost ", "over ", "up to "]
QUOTE_LINES = [
    "We are confident that demand will recover in the second half",
    "The rules make it much harder for us to plan our supply chain",
    "This is a long-term investment and we are not in a hurry to see returns",
    "Our customers have told us they want more control over their data",
    "Competition in this market has never been more intense",
    "We have engaged with regulators and will continue to do so",
    "The numbers show the business is growing faster than we expected",
    "Nobody in the industry can afford to ignore these restrictions",
    "We will keep hiring engineers, whatever happens to the economy",
    "It is too early to say how the tariffs will affect our margins",
]
CAPTION_SCENES = [
    "A visitor walks past a booth at a technology fair", "Surveillance cameras are mounted on a post",
    "Workers assemble circuit boards at a factory", "The company's logo is seen at its headquarters",
    "Shoppers look at smartphones at a store", "Delegates arrive for a trade conference",
    "A security camera overlooks a busy street", "An employee demonstrates facial recognition software",
]
CREDITS = ["Photo: Reuters", "Photo: AP", "Photo: AFP", "Photo: Bloomberg", "(Reuters)", "Getty Images",
           "Photographer: {name}/Bloomberg", "{name} | Getty Images", "© {name}/AFP via Getty Images",
           "Photo: {name}/SCMP", "PHOTO: EPA-EFE", "Image: Shutterstock"]
RELATED = ["Read more: {title}", "RELATED: {title}", "Also read: {title}", "Sign up for our newsletter",
           "Subscribe to our daily briefing", "Share this article", "Listen to this article",
           "Follow us on Twitter", "Advertisement", "ADVERTISEMENT", "Story continues below advertisement",
           "Click here to read the full report", "3 min read"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

_WORD_CUM = list(accumulate(1.0 / (rank + 1.5) for rank in range(len(WORDS))))


@dataclass
class Synthetic:
    """One generated article and what was put into it (for tests)."""

    index: int
    name: str
    text: str
    outlet: str
    published: dt.date
    layout: str
    companies: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    quotes: int = 0


class _Writer:
    """Builds one article from a seeded random generator."""

    def __init__(self, rng: random.Random, outlets, companies):
        self.r = rng
        self.outlets = outlets
        self.companies = companies
        self.used_companies: list[tuple[str, str]] = []  # (canonical, as written)
        self.figures: list[str] = []

    # small pieces
    def name(self) -> str:
        return f"{self.r.choice(FIRST)} {self.r.choice(LAST)}"

    def company(self) -> str:
        name, aliases = self.r.choice(self.focus)
        form = name if not aliases or self.r.random() < 0.7 else self.r.choice(aliases)
        self.used_companies.append((name, form))
        return form

    def words(self, k: int) -> list[str]:
        return self.r.choices(WORDS, cum_weights=_WORD_CUM, k=k)

    def number(self, lo: float, hi: float, unit_div: float) -> str:
        value = self.r.uniform(lo, hi) / unit_div
        if value >= 100:
            text = f"{value:,.0f}"
        elif value >= 10 or self.r.random() < 0.3:
            text = f"{value:.0f}"
        else:
            text = f"{value:.1f}"
        return text

    def money(self) -> str:
        fmt, lo, hi = self.r.choice(CURRENCY_FORMS)
        div = 1e12 if "trillion" in fmt else 1e9 if ("billion" in fmt or "bn" in fmt) else 1e6
        text = self.r.choice(QUALIFIERS) + fmt.format(n=self.number(lo, hi, div))
        self.figures.append(text)
        return text

    def percent(self) -> str:
        v = self.r.choice([f"{self.r.uniform(0.5, 20):.1f}", str(self.r.randint(1, 95))])
        text = v + self.r.choice(["%", "%", " per cent", " percent"])
        self.figures.append(text)
        return text

    def count(self) -> str:
        subject, lo, hi = self.r.choice(SUBJECTS)
        v = self.r.uniform(lo, hi)
        if v >= 1e9 and self.r.random() < 0.6:
            n = f"{v / 1e9:.1f} billion"
        elif v >= 1e6 and self.r.random() < 0.6:
            n = f"{v / 1e6:.0f} million"
        else:
            n = f"{v:,.0f}"
        text = f"{self.r.choice(QUALIFIERS)}{n} {subject}"
        self.figures.append(text)
        return text

    def sentence(self) -> str:
        w = self.words(self.r.randint(8, 22))
        if self.r.random() < 0.35:
            w.insert(self.r.randint(1, len(w) - 1), self.company())
        s = " ".join(w)
        return s[0].upper() + s[1:] + "."

    # paragraphs
    def para_figures(self) -> str:
        co = self.company()
        r = self.r
        forms = [  # built lazily: only the chosen forms draw figures
            lambda: f"{co} reported {r.choice(METRICS)} of {self.money()} for {r.choice(PERIODS)}, "
            f"up {self.percent()} from a year earlier.",
            lambda: f"Shares of {co} fell {self.percent()} on {r.choice(WEEKDAYS)}, "
            f"wiping {self.money()} off its market value.",
            lambda: f"{co} was valued at {self.money()} in its latest funding round, according to people "
            "familiar with the matter.",
            lambda: f"The company employs {self.count()} and its products are used by {self.count()}.",
            lambda: f"{co} said it would invest {self.money()} over the next five years, and expects margins to "
            f"widen by {self.percent()}.",
            lambda: f"Its market share rose to {self.percent()} in {r.choice(PERIODS)}, {r.choice(ANALYST_FIRMS)} estimates.",
        ]
        return " ".join(form() for form in r.sample(forms, r.randint(1, 3))) + " " + self.sentence()

    def para_quote(self) -> str:
        r = self.r
        who, role, co = self.name(), r.choice(ROLES), self.company()
        line = r.choice(QUOTE_LINES)
        verb = r.choice(VERBS)
        forms = [
            lambda: f"“{line},” {verb} {who}, {role} at {co}.",
            lambda: f"“{line},” {who}, a {role} at {co}, {verb}.",
            lambda: f"\"{line},\" {who} told reporters on {r.choice(WEEKDAYS)}.",
            lambda: f"{who}, {role} of {co}, {r.choice(REPORT_VERBS)} the company expected {r.choice(METRICS)} to grow by {self.percent()}.",
            lambda: f"According to {r.choice(ANALYST_FIRMS)}, {co} shipped {self.count()} in {r.choice(PERIODS)}.",
            lambda: f"“{line}. {self.sentence()}” {verb} {who}, an analyst at {r.choice(ANALYST_FIRMS)}.",
        ]
        return r.choice(forms)()

    def para_filler(self) -> str:
        return " ".join(self.sentence() for _ in range(self.r.randint(2, 6)))

    def caption(self) -> str:
        credit = self.r.choice(CREDITS).format(name=self.name())
        place = self.r.choice(PLACES).title()
        return f"{self.r.choice(CAPTION_SCENES)} in {place}. {credit}"

    def junk(self, title: str) -> str:
        return self.r.choice(RELATED).format(title=title)


def _fmt_date(r: random.Random, d: dt.date, style: str) -> str:
    hh, mm = r.randint(0, 23), r.choice([0, 5, 15, 30, 45])
    if style == "iso":
        return f"{d.isoformat()}T{hh:02d}:{mm:02d}:00+00:00"
    if style == "wire":
        return f"{MONTHS[d.month - 1][:3]} {d.day}"
    if style == "long":
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
    if style == "guardian":
        return f"{d.strftime('%a')} {d.day} {MONTHS[d.month - 1][:3]} {d.year} {hh:02d}.{mm:02d} GMT"
    if style == "scmp":
        h12 = hh % 12 or 12
        return f"{h12}:{mm:02d}{'am' if hh < 12 else 'pm'}, {d.day} {MONTHS[d.month - 1][:3]}, {d.year}"
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


LAYOUTS = ["markdown", "wire", "scraped", "newspaper", "blog", "plain", "ap", "bloomberg"]


def article(i: int, seed: int = DEFAULT_SEED, *, _outlets_cache=[], _companies_cache=[]) -> Synthetic:
    """Article number ``i`` of the corpus generated from ``seed`` (pure: same inputs, same text)."""
    if not _outlets_cache:
        _outlets_cache.extend(_outlets())
        _companies_cache.extend(_companies())
    r = random.Random(f"{seed}:{i}")
    outlet, domain = r.choice(_outlets_cache)
    layout = r.choice(LAYOUTS)
    if layout == "wire":
        outlet, domain = "Reuters", "reuters.com"
    elif layout == "ap":
        outlet, domain = "Associated Press", "apnews.com"
    elif layout == "bloomberg":
        outlet, domain = "Bloomberg", "bloomberg.com"
    day = dt.date(2015, 1, 1) + dt.timedelta(days=r.randrange(3653))
    w = _Writer(r, _outlets_cache, _companies_cache)
    w.focus = r.sample(_companies_cache, min(len(_companies_cache), r.randint(2, 6)))
    # size: 1-12 KB, skewed so the mean is about 5 KB
    target = int(min(MAX_BYTES - 700, max(MIN_BYTES + 200, r.lognormvariate(8.35, 0.55))))

    lead_co = w.company()
    title = f"{lead_co} {r.choice(['weighs', 'faces', 'plans', 'bets on', 'cuts', 'expands', 'defends'])} " + " ".join(
        w.words(r.randint(3, 8)))
    author = w.name() if r.random() < 0.85 else f"{w.name()} and {w.name()}"
    place = r.choice(PLACES)
    slug = "-".join(title.lower().split()[:8]).replace("'", "").replace(".", "")

    body: list[str] = []
    quotes: list[str] = []
    size = 0
    kinds = ["figures", "quote", "filler", "filler", "quote", "figures", "filler"]
    while size < target:
        kind = r.choice(kinds)
        p = w.para_figures() if kind == "figures" else w.para_quote() if kind == "quote" else w.para_filler()
        if kind == "quote":
            quotes.append(p)
        body.append(p)
        size += len(p.encode()) + 2
        if r.random() < 0.08:
            body.append(w.caption())
        if r.random() < 0.06:
            body.append(w.junk(title))
    if not quotes:
        quotes.append(w.para_quote())
        body.insert(min(1, len(body)), quotes[-1])
    if not w.figures:
        body.insert(0, w.para_figures())

    head: list[str] = []
    foot: list[str] = []
    year = day.year
    if layout == "markdown":
        head = [f"# {title}", "", f"**{outlet}** | {_fmt_date(r, day, 'long')}", f"By {author}", "",
                f"Source: https://www.{domain}/{SECTIONS[i % len(SECTIONS)].lower()}/{day.isoformat()}/{slug}", ""]
        foot = ["", "---", f"© {year} {outlet}. All rights reserved."]
    elif layout == "wire":
        head = [title, "", f"By {author}", "", f"{r.randint(2, 6)} MIN READ", ""]
        body[0] = f"{place}, {_fmt_date(r, day, 'wire')} (Reuters) - {body[0]}"
        foot = ["", f"(Reporting by {author}; Editing by {w.name()})",
                "Our Standards: The Thomson Reuters Trust Principles."]
    elif layout == "ap":
        head = [title, "", f"By {author.upper()} Associated Press", _fmt_date(r, day, "long"), ""]
        body[0] = f"{place} (AP) — {body[0]}"
        foot = ["", f"Copyright {year} The Associated Press. All rights reserved. This material may not be "
                "published, broadcast, rewritten or redistributed without permission."]
    elif layout == "bloomberg":
        head = [title, "", f"{author}", f"{_fmt_date(r, day, 'long')}, {r.randint(1, 11)}:{r.choice(['00', '30'])} AM GMT+8", ""]
        body[0] = f"(Bloomberg) -- {body[0]}"
        foot = ["", f"To contact the reporter on this story: {author} in {place.title()} at "
                f"{author.split()[0][0].lower()}{author.split()[-1].lower()}@bloomberg.net",
                f"©{year} Bloomberg L.P."]
    elif layout == "scraped":
        head = ["Advertisement", "Advertisement", r.choice(SECTIONS), "Get more with myNEWS", "Learn more",
                w.caption(), "", title, "", f"  • {w.sentence()}", f"  • {w.sentence()}", "", author,
                f"Published: {_fmt_date(r, day, 'scmp')}", "Why you can trust us", ""]
        foot = ["", "Advertisement", f"Copyright © {year} {outlet}. All rights reserved."]
    elif layout == "newspaper":
        head = [title, w.sentence(), "", f"{author} in {place.title()}", _fmt_date(r, day, "guardian"), "",
                w.caption(), ""]
        foot = ["", f"© {year} {outlet}", "Topics", r.choice(SECTIONS), "Reuse this content"]
    elif layout == "blog":
        handle = author.split()[0].lower()
        head = [title, "", f"{author} @{handle} / {r.randint(1, 12)}:{r.choice(['00', '30'])} PM UTC • "
                f"{_fmt_date(r, day, 'long')}", "", w.caption(), ""]
        foot = ["", "Comment", f"© {year} {outlet}. All rights reserved."]
    else:  # plain: title, date line, body, footer only
        head = [title, _fmt_date(r, day, "dmy"), ""]
        foot = ["", f"Copyright {year} {outlet}"]
    sep = "\n" if layout == "scraped" else "\n\n"  # scraped pages lose their blank lines
    while True:
        text = "\n".join(head) + "\n" + sep.join(body) + "\n" + "\n".join(foot) + "\n"
        if len(text.encode("utf-8")) <= MAX_BYTES or len(body) < 3:
            break
        body.pop(-2 if body[-2] not in quotes else -3)
    digest = hashlib.sha256(f"{seed}:{i}".encode()).hexdigest()[:10]
    ext = ".md" if layout == "markdown" else ".txt"
    name = f"{i // 1000:03d}/{i:06d}_{digest}{ext}"
    companies = list(dict.fromkeys(c for c, form in w.used_companies if form in text))
    figures = [f for f in w.figures if f in text]
    return Synthetic(i, name, text, outlet, day, layout, companies, figures, sum(q in text for q in quotes))


def data_fingerprint() -> str:
    """A hash of the outlet and company tables the articles are drawn from (a cached corpus made
    from other tables is made again)."""
    blob = json.dumps([_outlets(), _companies()], sort_keys=True).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]


def iter_articles(n: int, seed: int = DEFAULT_SEED):
    for i in range(n):
        yield article(i, seed)


MANIFEST = "bench-manifest.json"


def ensure_corpus(n: int, folder: Path, seed: int = DEFAULT_SEED, log=None) -> tuple[Path, dict]:
    """Write the corpus into ``folder/corpus`` once; reuse it when its manifest matches.

    Returns the corpus folder and the manifest (n, seed, version, files, bytes).
    """
    folder = Path(folder)
    corpus = folder / "corpus"
    manifest_path = folder / MANIFEST
    want = {"n": n, "seed": seed, "version": GENERATOR_VERSION, "data": data_fingerprint()}
    if manifest_path.is_file():
        try:
            manifest = json.loads(manifest_path.read_text())
        except ValueError:
            manifest = {}
        if all(manifest.get(k) == v for k, v in want.items()):
            return corpus, manifest
    total = 0
    for a in iter_articles(n, seed):
        path = corpus / a.name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = a.text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
        if log and (a.index + 1) % 10000 == 0:
            log(f"  generated {a.index + 1:,} articles")
    manifest = dict(want, files=n, bytes=total)
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return corpus, manifest


BACKUP = "originals"


def change_one_percent(corpus: Path, n: int, seed: int = DEFAULT_SEED, fraction: float = 0.01,
                       backup: Path | None = None) -> dict[Path, bytes]:
    """Edit ``fraction`` of the articles in place (an update paragraph with a corrected figure).

    The choice is deterministic. Returns the original bytes of each changed file, so the caller
    can put them back (``restore``) and keep the cached corpus pristine; with ``backup`` (a folder)
    the originals are also copied there first, so a killed run can be repaired (``restore_backup``).
    """
    r = random.Random(f"{seed}:changes")
    k = max(1, round(n * fraction))
    chosen = sorted(r.sample(range(n), k))
    originals: dict[Path, bytes] = {}
    for i in chosen:
        name = article(i, seed).name
        path = corpus / name
        data = path.read_bytes()
        originals[path] = data
        if backup is not None:
            (backup / name).parent.mkdir(parents=True, exist_ok=True)
            (backup / name).write_bytes(data)
    for path, data in originals.items():
        update = (f"\n\nUpdate: This story has been updated to include comments from the company, which said "
                  f"revenue rose {r.randint(2, 40)}% to ${r.randint(2, 90)} billion.\n")
        path.write_bytes(data + update.encode("utf-8"))
    return originals


def restore(originals: dict[Path, bytes]) -> None:
    for path, data in originals.items():
        path.write_bytes(data)


def restore_backup(corpus: Path, backup: Path) -> int:
    """Put back the files a killed run left changed; returns how many. Removes the backup."""
    import shutil

    if not backup.is_dir():
        return 0
    count = 0
    for p in backup.rglob("*"):
        if p.is_file():
            (corpus / p.relative_to(backup)).write_bytes(p.read_bytes())
            count += 1
    shutil.rmtree(backup)
    return count


def stats(n: int, seed: int = DEFAULT_SEED) -> dict:
    """Size distribution of the first n articles (for the docs)."""
    sizes = sorted(len(article(i, seed).text.encode()) for i in range(n))
    return {"min": sizes[0], "max": sizes[-1], "mean": sum(sizes) / n, "median": sizes[n // 2],
            "p95": sizes[min(n - 1, int(n * 0.95))]}


if __name__ == "__main__":  # pragma: no cover
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    if n <= 5:
        for a in iter_articles(n):
            print(f"=== {a.name} [{a.layout}, {a.outlet}, {a.published}] ===\n{a.text}")
    else:
        print(stats(n))

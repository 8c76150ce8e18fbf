"""Names listed with a company ("Carrow, Brindle and Oakmart", "Pfizer/BioNTech"), and later
mentions of discovered companies by their full or short name."""

from __future__ import annotations

import re

from ...records import Mention
from .context import RUN as _RUN
from .discovery import _COMMA_SUFFIXES, _discoverer
from .gazetteer import NOT_COMPANY_KINDS, Gazetteer
from .matching import _Taken
from .names import _SEP, _key
from ..patterns import alternation

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
            if not form or _key(form) in d.generic or d.is_stopped(form, outlet_ok=True) or len(form) < 3:
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


_WORD_AFTER_RE = re.compile(r"[ \t\u00a0]+[A-Z&]")
_NOT_BEFORE_RE = re.compile(r"[\w&.-]")
_INITIALS_RE = re.compile(r"(?:[A-Z]\.){1,3}|[A-Z]{1,2}")
_NOT_AFTER_RE = re.compile(r"[\w&-]")


def _first_word_mentions(body: str, gaz: Gazetteer, mentions: list[Mention],
                         named: list[Mention] = ()) -> list[Mention]:
    """Later mentions of a company by the first word of its name: "Novo" after "Novo Nordisk",
    "Kelvora" after "Kelvora Therapeutics", "Reynolds" after "R.J. Reynolds Tobacco" (initials
    passed over). ``named``: companies the headline or a caption names (their names only).

    Only a word that names nothing else: capitalised, not an ordinary word, a given name or a
    surname (a surname after initials is the company's: "R.J. Reynolds"), a place, a stop word or
    another company's alias, and the first word of one company's name in the text (two "Tata"
    companies: neither); and never a word a person bears in the text ("Ryan Reynolds").
    """
    firsts: dict[str, set[str]] = {}
    written: dict[str, int] = {}  # how often each word opens a mention
    after_initials: set[str] = set()
    for m in [*mentions, *named]:
        words = m.alias.split()
        if not words:
            continue
        i = 0
        while i < len(words) - 1 and _INITIALS_RE.fullmatch(words[i]):
            i += 1
        w = words[i].rstrip(",")
        if i:
            after_initials.add(w)
        if m in mentions:
            written[w] = written.get(w, 0) + 1
        if m.kind not in NOT_COMPANY_KINDS and len(words) > i + 1 and len(w) >= 3 and w[:1].isupper():
            firsts.setdefault(w, set()).add(m.name)
    # the cheap tests first: the word stands in the text outside the mentions it opens
    cands = {w: next(iter(names)) for w, names in firsts.items()
             if len(names) == 1 and w[1:].replace("-", "").isalpha() and body.count(w) > written.get(w, 0)}
    if not cands:
        return []
    d = _discoverer(gaz)
    forms = {}
    for w, name in cands.items():
        k = _key(w)
        if (k in d.common or (w in d.names and w not in after_initials) or k in d.world_places or k in d.generic
                or k in d.legal or d.is_stopped(w)):
            continue
        if w in after_initials and re.search(rf"\b[A-Z][a-z]+[ \t]+{re.escape(w)}\b", body):
            continue  # a person bears the name here ("Ryan Reynolds")
        known = gaz.canonical(w)
        if known is None or known == name:
            forms[w] = name
    if not forms:
        return []
    taken = _Taken(len(body), mentions)
    out = []
    for w, name in forms.items():  # a few words: found with str.find, not a regex compiled per text
        i = body.find(w)
        while i >= 0:
            e = i + len(w)
            if (i == 0 or not _NOT_BEFORE_RE.match(body, i - 1)) and not _NOT_AFTER_RE.match(body, e) \
                    and not taken.overlaps(i, e) and not _WORD_AFTER_RE.match(body, e):
                # not part of a name already found, nor of a longer name ("Novo Holdings")
                out.append(Mention(name=name, alias=w, start=i, end=e, rule="short_form", kind="company"))
                taken.add(i, e)
            i = body.find(w, e)
    out.sort(key=lambda m: m.start)
    return out

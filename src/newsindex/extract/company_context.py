"""Discovery by corporate context: names the gazetteer lacks, found by what is said around them.

Each rule is a pattern whose name slot is a run of capitalised words; the companies layer
(``companies._discover``) trims the run, drops places, people, outlets and institutions, and
keeps the rest as a discovered company. The rules, each with its ``rule`` name:

* ``ticker``      — a name before an exchange ticker: "Qantas Airways (ASX: QAN)", "(NYSE:F)";
* ``shares``      — "shares of X", "shares in X", "a stake in X", "X shares rose";
* ``possessive``  — "X's chief executive", "X's shares", "X's net profit";
* ``title``       — "X chief executive Jane Doe", "X CEO", "X boss", "a X analyst";
* ``statement``   — "X said in a statement", "X said in a filing", "X told the stock exchange";
* ``corporate``   — a corporate verb after X: "X reported a net profit", "X laid off",
  "X posted", "X agreed to buy", "acquired by X", "X announced" plus a corporate object;
* ``industry``    — a name ending in an industry word: "Tata Motors", "Foo Securities",
  "Bar Pharmaceuticals" (a first word that is an ordinary English word is not enough:
  "Clean Energy" is not a company);
* ``bank_of``     — "Royal Bank of Canada", "Commonwealth Bank of Australia"; a central
  bank ("Bank of Canada", "Reserve Bank of India") is not a company.

The word lists are in ``data/companies.toml`` ([context]).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# a capitalised word (as companies._CAP) and a run of them (with "&", "of", "and" inside)
CAP = r"[A-Z](?:[A-Za-z0-9]{0,30}(?:[&.\-'\u2019][A-Za-z0-9]{1,30}){0,3}\.?|&[A-Z])"
RUN = rf"{CAP}(?:[ \t]+(?:{CAP}|&|of(?=[ \t]+[A-Z]))){{0,5}}"
# the same run, looked for backwards from a fixed point: capitalised words right before it
_RUN_BEFORE = rf"(?:{CAP}[ \t]+(?:(?:&|of|and)[ \t]+)?){{0,5}}{CAP}"


@dataclass
class Hit:
    start: int
    end: int
    rule: str
    sector: str | None = None


def _alt(words) -> str:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in words) or r"(?!)"


class ContextRules:
    """The rules compiled from the [context] table."""

    def __init__(self, table: dict, common_words: frozenset[str]):
        t = table
        self.common = common_words
        ex = _alt(t.get("exchanges", []))
        self.ticker_re = re.compile(
            rf"(?P<name>{RUN})(?:,[ \t]*(?:Inc|Corp|Ltd|Co|plc|PLC)\.?)?[ \t]*\([ \t]*(?:{ex})[ \t]*:[ \t]*[A-Z0-9][A-Z0-9.\-]{{0,9}}[ \t]*[,;)]")
        self.shares_re = re.compile(
            rf"\b(?i:shares|stock|stake|stakes|holding|investment|shareholding)[ \t]+(?:of|in)[ \t]+(?P<name>{RUN})")
        self.shares_after_re = re.compile(
            rf"(?P<name>{RUN})(?:['\u2019]s)?[ \t]+(?:shares|stock)[ \t]+(?:rose|fell|jumped|climbed|slumped|dropped|surged|tumbled|gained|slid|were|closed|have|had|plunged|soared|traded|ended)\b")
        poss = _alt(t.get("possessed", []))
        self.possessive_re = re.compile(
            rf"(?P<name>{RUN})['\u2019]s[ \t]+(?:[a-z-]+[ \t]+){{0,2}}?(?:{poss})\b")
        titles = _alt(t.get("titles", []))
        self.title_re = re.compile(
            rf"(?P<name>{RUN})[ \t]+(?:{titles})[ \t]+(?:[A-Z][a-z]+[ \t]+)?[A-Z][a-z'\u2019-]+")
        self.analyst_re = re.compile(rf"\b(?:a|an|the)[ \t]+(?P<name>{RUN})[ \t]+(?:analyst|analysts|economist|strategist)\b")
        stmt = _alt(t.get("statements", []))
        self.statement_re = re.compile(
            rf"(?P<name>{RUN})[ \t]+(?:said|says|announced|confirmed|added)(?:[ \t]+on[ \t]+[A-Z][a-z]+)?[ \t]+(?:{stmt})\b")
        verbs = _alt(t.get("corporate_verbs", []))
        self.corporate_re = re.compile(
            rf"(?P<name>{RUN})(?:[ \t]+(?:on|last|this)[ \t]+[A-Z]?[a-z]+)?[ \t]+(?:{verbs})\b")
        by = _alt(t.get("acquired_by", []))
        self.acquired_re = re.compile(rf"\b(?:{by})[ \t]+(?P<name>{RUN})")
        ind = _alt(t.get("industry_words", []))
        self.industry_re = re.compile(rf"(?P<name>{_RUN_BEFORE}[ \t]+(?:{ind}))(?![\w&])")
        self.bank_of_re = re.compile(
            rf"(?P<name>(?:{CAP}[ \t]+){{0,3}}Bank[ \t]+of[ \t]+(?:the[ \t]+)?{CAP}(?:[ \t]+{CAP})?)")
        lists = t.get("lists", {})
        self.central = {w.casefold() for w in lists.get("central_banks", [])}
        self.not_bank_words = {w.casefold() for w in lists.get("not_bank_words", [])}
        self.sectors = {k.casefold(): v for k, v in t.get("industry_sectors", {}).items()}

    def find(self, text: str) -> list[Hit]:
        out: list[Hit] = []
        for rule, rx in (("ticker", self.ticker_re), ("shares", self.shares_re), ("shares", self.shares_after_re),
                         ("possessive", self.possessive_re), ("title", self.title_re),
                         ("title", self.analyst_re), ("statement", self.statement_re),
                         ("corporate", self.corporate_re), ("corporate", self.acquired_re)):
            for m in rx.finditer(text):
                out.append(Hit(m.start("name"), m.end("name"), rule))
        for m in self.industry_re.finditer(text):
            name = m.group("name")
            words = name.split()
            first = words[0].casefold().rstrip(".")
            if len(words) == 2 and (first in self.common or first in self.not_bank_words):
                continue  # "Clean Energy", "Social Media"
            out.append(Hit(m.start("name"), m.end("name"), "industry", self.sectors.get(words[-1].casefold())))
        for m in self.bank_of_re.finditer(text):
            name = re.sub(r"\s+", " ", m.group("name"))
            head = name.split(" Bank of ")[0].split() if " Bank of " in name else []
            if name.casefold() in self.central or (head and head[-1].casefold() in self.not_bank_words):
                continue  # "Bank of Canada", "Reserve Bank of India": central banks
            if not head and any(name.casefold().startswith(c + " ") for c in self.central):
                continue  # "Bank of England Governor"
            out.append(Hit(m.start("name"), m.end("name"), "bank_of", "bank"))
        return out

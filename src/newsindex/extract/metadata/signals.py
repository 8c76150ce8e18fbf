"""The places in a page that name its outlet, and the choice among them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ... import data
from ..clean import Para
from ..outlets import outlet_by_name, outlets
from .common import _Header, _outlet_words, _table
from .datelines import Dateline


@dataclass
class OutletSignal:
    """One place in the text that names an outlet (kept for ``explain``)."""

    outlet: str  # canonical name (or the name as written, for a dateline tag the table lacks)
    weight: int
    kind: str  # header / print edition / copyright / publisher / contributor / dateline / url / ...
    text: str  # the line it came from
    #: "writer": who wrote the copy (by-line, dateline, sign-off, wire credit, "originally
    #: published in"); "site": whose page carries it (masthead, copyright, URL, notices)
    role: str = "site"


@lru_cache(maxsize=1)
def _signal_rules() -> tuple[tuple[str, int, tuple[str, ...], str, str | None, re.Pattern], ...]:
    return tuple(
        (s["name"], int(s["weight"]), tuple(s.get("kinds", [])), s.get("role", "site"), s.get("outlet"),
         re.compile(s["pattern"], re.I))
        for s in _table()["outlet_signal"]
    )


def _resolve(value: str, rule_text: str, group: str) -> str | None:
    o = outlet_by_name(value, text=True) if "@" in rule_text and group == "outlet" else None
    return o.name if o else _outlet_words(value)


def _outlet_signals(paras: list[Para], header: _Header, dateline: Dateline | None, dateline_para: Para | None,
                    byline_outlets: list[tuple[str, str]]) -> list[OutletSignal]:
    sig: list[OutletSignal] = []
    for name, line in header.outlet_names:
        o = _outlet_words(name)
        if o:
            sig.append(OutletSignal(o, 10, "header", line))
    for url, line in header.urls:
        o = outlet_by_name(url, text=True)
        if o:
            sig.append(OutletSignal(o.name, 6, "url", line))
    for o, line in byline_outlets:
        sig.append(OutletSignal(o, 7, "byline", line[:200], "writer"))
    if dateline is not None:
        for o in dateline.outlets[:1]:
            known = outlet_by_name(o, text=True) is not None
            sig.append(OutletSignal(o, 7 if known else 5, "dateline", (dateline_para.text if dateline_para else dateline.text)[:120], "writer"))
    for p in paras:
        if p.kind in ("sponsor", "header", "title"):
            continue
        kind = p.kind or "body"
        if kind == "body" and "reporting by" not in p.text.lower():
            continue  # the one rule read in story paragraphs is the wire credit
        for name, weight, kinds, role, fixed, rx in _signal_rules():
            if kinds and kind not in kinds:
                continue
            if "body" not in kinds and len(p.text) > _MAX_FOOTER_CHARS:
                continue  # credits, footers and notices are short (and this keeps the patterns linear)
            if not kinds and kind in ("body", "caption", "credit", "top", "subhead"):
                continue
            if fixed:
                if rx.search(p.text):
                    sig.append(OutletSignal(fixed, weight, name, p.text[:200], role))
                continue
            for m in rx.finditer(p.text):
                for group in ("outlet", "publisher", "outlet2"):
                    if group not in rx.groupindex or not m.group(group):
                        continue
                    name_o = _resolve(m.group(group), m.group(), group)
                    if not name_o:
                        continue
                    if name == "photo credit" and (outlet_by_name(name_o, text=True) or _AGENCY).agency:
                        continue  # an agency's photo credit never names the outlet
                    sig.append(OutletSignal(name_o, weight, name, p.text[:200], role))
    # outlet-specific fixed phrases of page chrome (outlets.toml `signatures`)
    weight = int(_table()["signature"]["weight"])
    chrome = [p.text for p in paras if p.kind not in (None, "caption", "credit")]
    for o, rx in _signature_res():
        for t in chrome:
            if rx.search(t):
                sig.append(OutletSignal(o, weight, "signature", t[:200]))
                break
    return sig


#: the longest line read for a credit, footer or notice
_MAX_FOOTER_CHARS = 600


class _Agency:
    agency = True


_AGENCY = _Agency()


@lru_cache(maxsize=1)
def _signature_res() -> tuple[tuple[str, re.Pattern], ...]:
    rows = data.load("outlets").get("outlet", [])
    return tuple((r["name"], re.compile(s, re.I)) for r in rows for s in r.get("signatures", []))


@lru_cache(maxsize=1)
def _strong_only() -> frozenset[str]:
    return frozenset(o.name for o in outlets() if o.strong_only)


def _choose(signals: list[OutletSignal]) -> str | None:
    strong_only = _strong_only()
    score: dict[str, tuple[int, int, int]] = {}
    for i, s in enumerate(signals):
        best, total, first = score.get(s.outlet, (0, 0, -i))
        score[s.outlet] = (max(best, s.weight), total + s.weight, first)
    ranked = sorted(score.items(), key=lambda kv: kv[1], reverse=True)
    for name, (best, _total, _first) in ranked:
        if best < 4 or (name in strong_only and best < 6):
            continue
        return name
    return None


def _choose_outlet(signals: list[OutletSignal]) -> tuple[str | None, str | None]:
    """(outlet, site): who wrote the copy, and the site that carries it when another.

    A by-line, dateline, sign-off or wire credit names the writer: agency copy on a
    newspaper's site is the agency's story (outlet), carried by the site (site).
    """
    writer = _choose([s for s in signals if s.role == "writer"])
    site = _choose([s for s in signals if s.role != "writer"])
    if writer is None:
        return site, None
    return writer, (site if site != writer else None)

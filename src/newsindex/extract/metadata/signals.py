"""The places in a page that name its outlet, and the choice among them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ... import data
from ..clean import Para
from ..outlets import outlet_by_name, outlets
from .common import _Header, _outlet_words, _table
from .dates import _dateline_res


@dataclass
class OutletSignal:
    """One place in the text that names an outlet (kept for ``explain``)."""

    outlet: str  # canonical name
    weight: int
    kind: str  # header / print edition / copyright / publisher / contributor / dateline / url / ...
    text: str  # the line it came from


@lru_cache(maxsize=1)
def _signal_rules() -> tuple[tuple[str, int, tuple[str, ...], re.Pattern], ...]:
    return tuple(
        (s["name"], int(s["weight"]), tuple(s.get("kinds", [])), re.compile(s["pattern"], re.I))
        for s in _table()["outlet_signal"]
    )


# ---------------------------------------------------------------------------------------
# outlet


def _outlet_signals(paras: list[Para], header: _Header, first_body: Para | None) -> list[OutletSignal]:
    sig: list[OutletSignal] = []
    for name, line in header.outlet_names:
        o = _outlet_words(name)
        if o:
            sig.append(OutletSignal(o, 10, "header", line))
    for url, line in header.urls:
        o = outlet_by_name(url)
        if o:
            sig.append(OutletSignal(o.name, 6, "url", line))
    for p in paras:
        if p.kind is None or p.kind in ("caption", "credit", "sponsor", "header", "title", "top"):
            continue
        for name, weight, kinds, rx in _signal_rules():
            if kinds and p.kind not in kinds:
                continue
            for m in rx.finditer(p.text):
                for group in ("outlet", "publisher"):
                    if group not in rx.groupindex or not m.group(group):
                        continue
                    value = m.group(group)
                    o = outlet_by_name(value) if "@" in m.group() and group == "outlet" else None
                    name_o = o.name if o else _outlet_words(value)
                    if name_o:
                        sig.append(OutletSignal(name_o, weight, name, p.text[:200]))
    if first_body is not None:
        for rx in _dateline_res():
            m = rx.match(first_body.text)
            if m and m.groupdict().get("agency"):
                o = _outlet_words(m.group("agency"))
                if o:
                    sig.append(OutletSignal(o, 6, "dateline", first_body.text[:120]))
                break
    # outlet-specific fixed phrases of page chrome (outlets.toml `signatures`)
    weight = int(_table()["signature"]["weight"])
    chrome = [p.text for p in paras if p.kind not in (None, "caption", "credit")]
    for o, rx in _signature_res():
        for t in chrome:
            if rx.search(t):
                sig.append(OutletSignal(o, weight, "signature", t[:200]))
                break
    return sig


@lru_cache(maxsize=1)
def _signature_res() -> tuple[tuple[str, re.Pattern], ...]:
    rows = data.load("outlets").get("outlet", [])
    return tuple((r["name"], re.compile(s, re.I)) for r in rows for s in r.get("signatures", []))


def _choose_outlet(signals: list[OutletSignal]) -> str | None:
    strong_only = {o.name for o in outlets() if o.strong_only}
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

"""Matching the gazetteer against a body: the compiled regex, then each match checked for case and
context (an alias written in the wrong case, ending inside a word, or after / before a word its
entry avoids is retried shorter or dropped); then the general list of listed companies."""

from __future__ import annotations

import re

from ...records import Mention
from .gazetteer import Entry, Gazetteer

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

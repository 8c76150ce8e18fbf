"""Near-duplicates: the same story syndicated or re-published, grouped; what each copy adds.

Pure functions. A document is shingled into overlapping runs of ``K`` (5) words, lower-cased,
punctuation dropped. Two documents are copies when the share of shingles they have in common
reaches ``THRESHOLD`` (0.8) of the smaller one (*containment*: a copy with a paragraph cut or
a correction appended still counts). Documents with fewer than ``MIN_SHINGLES`` shingles are
never grouped (a two-line brief shares most of its words with anything on the topic). Groups
are closed under "is a copy of" with union-find, so A~B and B~C put A, B, C together.

Each group has a *representative*: the earliest published, then the longest, then the
smallest id. ``copy_differences`` says what each copy adds: sentences and figures that no
other copy in its group has.
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Iterable, Iterator, Mapping

K = 5
THRESHOLD = 0.8
MIN_SHINGLES = 10
#: shingles found in more documents than this are boilerplate ("click here to subscribe ..."),
#: not evidence of copying, and are not counted
MAX_POSTINGS = 200

_TOKEN_RE = re.compile(r"\w+(?:['’]\w+)*")


def tokens(text: str) -> list[str]:
    """Lower-cased words, typographic quotes folded, punctuation dropped.

    >>> tokens("China’s “Skynet” — 200m cameras!")
    ["china's", 'skynet', '200m', 'cameras']
    """
    text = unicodedata.normalize("NFKC", str(text or "")).replace("’", "'").lower()
    return _TOKEN_RE.findall(text)


def shingles(text: str, k: int = K) -> set[int]:
    """Stable 64-bit hashes of every run of k words (the same on every run and machine)."""
    words = tokens(text)
    if len(words) < k:
        return {_hash(" ".join(words))} if words else set()
    return {_hash(" ".join(words[i:i + k])) for i in range(len(words) - k + 1)}


def _hash(s: str) -> int:
    return int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big")


def similarity(a: set, b: set) -> dict:
    """Jaccard and containment (shared / smaller set) of two shingle sets.

    >>> similarity({1, 2, 3, 4}, {1, 2, 3, 4, 5, 6, 7, 8})
    {'jaccard': 0.5, 'containment': 1.0, 'shared': 4}
    """
    if not a or not b:
        return {"jaccard": 0.0, "containment": 0.0, "shared": 0}
    shared = len(a & b)
    return {
        "jaccard": round(shared / len(a | b), 4),
        "containment": round(shared / min(len(a), len(b)), 4),
        "shared": shared,
    }


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class DuplicateGroup:
    """Copies of one story: ``ids[0]`` is the representative."""

    ids: list[str]
    pairs: list[dict] = field(default_factory=list)  # {a, b, jaccard, containment}

    @property
    def representative(self) -> str:
        return self.ids[0]

    @property
    def copies(self) -> list[str]:
        return self.ids[1:]

    def to_dict(self) -> dict:
        return {"representative": self.representative, **asdict(self)}


def _doc_id(doc: Mapping) -> str:
    return str(doc.get("id") or doc.get("article_id") or "")


def duplicate_groups(docs: Iterable[Mapping], *, threshold: float = THRESHOLD, k: int = K,
                     min_shingles: int = MIN_SHINGLES) -> list[DuplicateGroup]:
    """Group documents (dicts with ``id``, ``body`` and optionally ``published``) that are copies.

    Only groups of two or more are returned, ordered by their representative's id.
    """
    docs = [d for d in docs if _doc_id(d)]
    sets = {}
    meta = {}
    for d in docs:
        s = shingles(d.get("body") or "", k)
        if len(s) >= min_shingles:
            sets[_doc_id(d)] = s
            meta[_doc_id(d)] = d
    postings: dict[int, list[str]] = {}
    for doc_id, s in sets.items():
        for h in s:
            postings.setdefault(h, []).append(doc_id)
    shared: dict[tuple[str, str], int] = {}
    for ids in postings.values():
        if len(ids) < 2 or len(ids) > MAX_POSTINGS:
            continue
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                key = (a, b) if a < b else (b, a)
                shared[key] = shared.get(key, 0) + 1
    uf = _UnionFind()
    pairs: list[dict] = []
    for (a, b), n in shared.items():
        smaller = min(len(sets[a]), len(sets[b]))
        if n / smaller >= threshold:
            uf.union(a, b)
            sim = similarity(sets[a], sets[b])
            pairs.append({"a": a, "b": b, "jaccard": sim["jaccard"], "containment": sim["containment"]})
    members: dict[str, list[str]] = {}
    for doc_id in sets:
        if doc_id in uf.parent:
            members.setdefault(uf.find(doc_id), []).append(doc_id)
    groups = []
    for ids in members.values():
        if len(ids) < 2:
            continue
        ids.sort(key=lambda i: _rep_key(meta[i]))
        inside = set(ids)
        gp = sorted((p for p in pairs if p["a"] in inside), key=lambda p: (p["a"], p["b"]))
        groups.append(DuplicateGroup(ids, gp))
    groups.sort(key=lambda g: g.representative)
    return groups


def _rep_key(doc: Mapping):
    published = str(doc.get("published") or "")
    return (published == "", published, -len(doc.get("body") or ""), _doc_id(doc))


def group_index(groups: Iterable[DuplicateGroup]) -> dict[str, DuplicateGroup]:
    """Document id -> its group, for every member of every group."""
    return {i: g for g in groups for i in g.ids}


def _norm_sentence(text: str) -> str:
    return " ".join(tokens(text))


def _figure_key(fig: Mapping) -> tuple:
    value = fig.get("value")
    try:
        value = round(float(value), 6)
    except (TypeError, ValueError):
        value = str(value)
    return (value, str(fig.get("unit") or ""), str(fig.get("qualifier") or "").lower())


def copy_differences(docs: list[Mapping], sentence_splitter=None) -> list[dict]:
    """For each copy in one group: the sentences and figures no other copy has.

    ``docs`` are article dicts (``id``, ``body``, optionally ``figures``, ``outlet``,
    ``published``). Sentences are compared after lower-casing and dropping punctuation, so a
    changed quote mark is not a difference but a changed word is. Figures are compared by
    value, unit and qualifier.
    """
    if sentence_splitter is None:
        from .extract.sentences import sentences as sentence_splitter
    sents = {}
    figs = {}
    for d in docs:
        did = _doc_id(d)
        sents[did] = [(s.text, _norm_sentence(s.text)) for s in sentence_splitter(d.get("body") or "")]
        figs[did] = [(f, _figure_key(f)) for f in (d.get("figures") or [])]
    out = []
    for d in docs:
        did = _doc_id(d)
        others_s = {n for o, ss in sents.items() if o != did for _, n in ss}
        others_f = {k for o, fs in figs.items() if o != did for _, k in fs}
        seen_s: set[str] = set()
        only_s = []
        for text, n in sents[did]:
            if n and n not in others_s and n not in seen_s:
                seen_s.add(n)
                only_s.append(text)
        only_f = [
            {"id": f.get("id"), "text": f.get("text"), "value": f.get("value"), "unit": f.get("unit")}
            for f, k in figs[did] if k not in others_f
        ]
        out.append({
            "id": did,
            "outlet": d.get("outlet"),
            "published": d.get("published"),
            "sentences_only_here": only_s,
            "figures_only_here": only_f,
        })
    return out


def fold(rows: Iterable[Mapping], groups: Iterable[DuplicateGroup] | Mapping, *, id_key: str = "id",
         text_key: str | None = None) -> Iterator[tuple[int, dict]]:
    """(position, row) of the rows that stay when copies are folded: the first row of each
    duplicate group stays, with ``copies`` (the other members' ids) and ``copies_n``; later rows
    of the same group go. Rows without copies stay with ``copies`` empty.

    ``groups`` maps an article id to its group (a :class:`DuplicateGroup` or a list of ids,
    representative first), or is a list of groups. ``id_key`` names the article id in a row
    (``article_id`` for claim and figure rows); with ``text_key`` (e.g. ``"text"``) rows fold only
    when their text is the same too, so a claim one copy adds is still listed.
    """
    index = groups if isinstance(groups, Mapping) else group_index(groups)
    seen: set = set()
    for pos, row in enumerate(rows):
        row = dict(row)
        aid = str(row.get(id_key) or "")
        g = index.get(aid)
        ids = g.ids if isinstance(g, DuplicateGroup) else g
        if not ids:
            row.setdefault("copies", [])
            row.setdefault("copies_n", 0)
            yield pos, row
            continue
        key = (ids[0], _norm_sentence(row.get(text_key) or "") if text_key else None)
        if key in seen:
            continue
        seen.add(key)
        row["copies"] = [i for i in ids if i != aid]
        row["copies_n"] = len(row["copies"])
        yield pos, row


def collapse_rows(rows: Iterable[Mapping], groups: Iterable[DuplicateGroup] | Mapping, *,
                  id_key: str = "id", text_key: str | None = None) -> list[dict]:
    """The rows of :func:`fold`, without their positions."""
    return [row for _, row in fold(rows, groups, id_key=id_key, text_key=text_key)]


# --- signatures for finding copies among many: one-permutation MinHash -----------------------

#: Signature length (bins) and the LSH bands it is cut into: BANDS * ROWS == BINS. Two documents
#: whose shingle sets have Jaccard similarity s share at least one band with probability
#: 1 - (1 - s**ROWS)**BANDS: 0.87 at s = 0.5, 0.99 at 0.6, 0.9996 at 0.7; 0.0002 at 0.05.
BINS, BANDS, ROWS = 128, 32, 4
_EMPTY = 1 << 64


def signature(text: str, k: int = K) -> tuple[int, bytes | None]:
    """(number of shingles, MinHash signature) of a text; no signature below ``MIN_SHINGLES``.

    One-permutation hashing: each shingle's 64-bit hash goes to one of ``BINS`` bins by its
    low bits and each bin keeps its smallest value (one pass over the shingles, not ``BINS``
    hash functions per shingle); an empty bin takes its right-hand neighbour's value shifted by
    the distance (rotation densification), so short texts do not match on empty bins. The
    chance that two signatures agree in a bin is the Jaccard similarity of the two sets.
    Stored as ``BINS`` little-endian 32-bit values.

    >>> n, sig = signature(" ".join(f"w{i}" for i in range(40)))
    >>> n, len(sig)
    (36, 512)
    >>> signature("too short to sign")
    (1, None)
    """
    hashes = shingles(text, k)
    if len(hashes) < MIN_SHINGLES:
        return len(hashes), None
    bins = [_EMPTY] * BINS
    mask = BINS - 1
    for h in hashes:
        b = h & mask
        if h < bins[b]:
            bins[b] = h
    out = [0] * BINS
    for i in range(BINS):
        j, d = i, 0
        while bins[j] == _EMPTY:
            j, d = (j + 1) & mask, d + 1
        out[i] = ((bins[j] >> 7) + d * 0x9E3779B1) & 0xFFFFFFFF
    return len(hashes), struct.pack(f"<{BINS}I", *out)


def band_keys(sig: bytes) -> list[int]:
    """The LSH keys of a signature: one signed 64-bit integer per band (band number included)."""
    values = struct.unpack(f"<{BINS}I", sig)
    return [hash((band, *values[band * ROWS:(band + 1) * ROWS])) for band in range(BANDS)]


def estimated_jaccard(a: bytes, b: bytes) -> float:
    """The share of bins in which two signatures agree: an estimate of the sets' Jaccard similarity."""
    return sum(x == y for x, y in zip(struct.unpack(f"<{BINS}I", a), struct.unpack(f"<{BINS}I", b))) / BINS


def estimated_containment(jaccard: float, n_a: int, n_b: int) -> float:
    """Containment (shared / smaller set) from a Jaccard estimate and the two sets' sizes."""
    if not n_a or not n_b:
        return 0.0
    shared = jaccard * (n_a + n_b) / (1 + jaccard)
    return shared / min(n_a, n_b)


def groups_from_pairs(pairs: Iterable[tuple[str, str]], rep_key) -> list[list[str]]:
    """Groups (lists of ids, representative first: smallest ``rep_key(id)``) closed over the pairs."""
    uf = _UnionFind()
    for a, b in pairs:
        uf.union(a, b)
    members: dict[str, list[str]] = {}
    for x in list(uf.parent):
        members.setdefault(uf.find(x), []).append(x)
    out = [sorted(ids, key=rep_key) for ids in members.values() if len(ids) > 1]
    out.sort(key=lambda ids: ids[0])
    return out


def copies_of(ix, record: dict) -> list[dict]:
    """What each copy of this article's story adds ([] when it has no copies): `show` and the
    article page. `ix` is an opened index (its ``copies`` and ``show``)."""
    ids = ix.copies([record["id"]]).get(record["id"])
    if not ids:
        return []
    docs = [record if i == record["id"] else ix.show(i) for i in ids]
    return copy_differences(docs)

"""Snippets: a window of text around the query's words, with their spans marked."""

from __future__ import annotations

import functools
import re

from .language import _walk


SNIPPET_WIDTH = 200


#: Which text is shown as the snippet, and which query field's terms are marked in it.
SNIPPET_FIELD = {"articles": "body", "claims": "text", "figures": "text"}


def _query_terms(user_q, reader, fieldnames, lexicon: dict | None = None) -> set[str]:
    """The indexed terms of the query in these fields, wildcards expanded (for marking snippets).

    `lexicon` names the article field whose terms expand a claim or figure field's wildcards.
    """
    from whoosh.query import MultiTerm

    from ..store.whoosh_internals import expansions

    if user_q is None:
        return set()
    out = set()
    for node in _walk(user_q):
        fname = getattr(node, "fieldname", None)
        if fname not in fieldnames:
            continue
        if isinstance(node, MultiTerm):
            try:
                if lexicon and fname in lexicon:
                    node = node.copy()
                    node.fieldname = lexicon[fname]
                for i, text in enumerate(expansions(node, reader)):
                    if i >= 200:
                        break
                    out.add(text)
            except Exception:
                continue
        else:
            for f, text in node.iter_all_terms() if hasattr(node, "iter_all_terms") else ():
                if f == fname:
                    out.add(text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text))
    return out


#: Words as Whoosh's default tokenizer finds them (``RegexTokenizer``).
_WORD = re.compile(r"\w+(?:\.?\w+)*", re.UNICODE)


_TERM_CACHES: dict[int, tuple[object, dict]] = {}


def _term_cache(analyzer) -> dict:
    """word -> the term the analyser makes of it, kept per analyser across searches (bounded)."""
    held = _TERM_CACHES.get(id(analyzer))
    if held is None or held[0] is not analyzer:
        held = _TERM_CACHES[id(analyzer)] = (analyzer, {})
    if len(held[1]) > 200_000:
        held[1].clear()
    return held[1]


@functools.lru_cache(maxsize=256)
def _candidate_pattern(prefixes: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, prefixes)) + ")", re.IGNORECASE)


def _candidates(terms: set[str]) -> re.Pattern:
    """Where words that may analyse to one of `terms` start: a stem is a prefix of its word but
    for its last letter (Porter turns a final y into i), so the stems less one letter are looked for."""
    prefixes = {t[:-1] if len(t) > 3 else t for t in terms if t}
    return _candidate_pattern(tuple(sorted(prefixes, key=lambda p: (-len(p), p))))


def _term(analyzer, word: str) -> str:
    toks = [t.text for t in analyzer(word, removestops=False, mode="index")]
    return toks[0] if len(toks) == 1 else ""


def snippet(text: str, terms: set[str], analyzer, width: int = SNIPPET_WIDTH) -> dict:
    """A window of `text` around the densest run of query terms, with their spans marked.

    Plain data: ``{"text": str, "marks": [[start, end], ...]}`` (offsets into ``text`` of the snippet).
    """
    flat = " ".join((text or "").split())
    spans: list[tuple[int, int]] = []
    if terms and flat:
        term_of = _term_cache(analyzer)
        for m in _candidates(terms).finditer(flat):
            w = _WORD.match(flat, m.start())
            word = w.group()
            term = term_of.get(word)
            if term is None:
                term = term_of[word] = _term(analyzer, word)
            if term in terms and (not spans or w.start() >= spans[-1][1]):
                spans.append(w.span())
    if not spans:
        cut = flat[:width]
        if len(flat) > width:
            cut = cut.rsplit(" ", 1)[0] + " …"
        return {"text": cut, "marks": []}
    best, best_count = 0, 0
    for i, (s, _) in enumerate(spans):
        n = sum(1 for s2, e2 in spans[i:] if e2 <= s + width)
        if n > best_count:
            best, best_count = i, n
    start = max(0, spans[best][0] - width // 5)
    if start:
        space = flat.find(" ", start)
        start = space + 1 if 0 <= space < spans[best][0] else start
    end = min(len(flat), start + width)
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        end = space if space > spans[best][1] else end
    prefix = "… " if start else ""
    suffix = " …" if end < len(flat) else ""
    marks = [[s - start + len(prefix), e - start + len(prefix)] for s, e in spans if s >= start and e <= end]
    return {"text": prefix + flat[start:end] + suffix, "marks": marks}


def _snippets(ix, kind, rows, user_q) -> list[dict | None]:
    from ..store.schema import query_schema

    fname = SNIPPET_FIELD[kind]
    searcher = ix.searcher()
    terms = _query_terms(user_q, searcher.reader(), {fname}, lexicon={"text": "body"})
    analyzer = query_schema(kind)[fname].analyzer
    out = []
    for row in rows:
        if kind == "articles":
            text = row.get("body") or ix.body(row["id"])
        elif kind == "claims":
            text = row.get("text") or ""
        else:
            text = row.get("sentence") or row.get("text") or ""
        out.append(snippet(text, terms, analyzer))
    return out

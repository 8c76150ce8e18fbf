"""Rules that look at a paragraph's neighbours: a caption directly above a credit line, the
summary bullets under "Key Points", subheads and embedded video titles (short standalone lines
without terminal punctuation), related-article questions, pull quotes that repeat the body and
their attribution, the author's bio at the end."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .paragraphs import Para, ends_sentence, is_bullet, is_story_sentence, normalise, split_paragraphs
from .classify import _ctx, classify_rule

def classify_all(paras: list[Para]) -> None:
    """Set ``kind`` on every paragraph the context-free rules catch (others stay None)."""
    for p in paras:
        if p.kind is None:
            kind, rule = classify_rule(p.text)
            if kind:
                p.kind, p.rule = kind, rule


def mark_captions(paras: list[Para]) -> None:
    """A paragraph directly above a credit line (no blank line between) is its caption."""
    limit = _ctx("caption_max_words")
    for a, b in zip(paras, paras[1:]):
        if a.kind is None and b.kind == "credit" and b.first == a.last + 1 and a.words <= limit:
            a.kind, a.rule = "caption", "line above a credit"


def mark_summary(paras: list[Para], start: int = 0) -> None:
    """Bullets under a "Key Points" heading, or right under the headline, are the summary."""
    in_summary = False
    seen_body = False
    for i, p in enumerate(paras):
        if i < start:
            continue
        if p.kind == "keypoints":
            in_summary = True
            continue
        if is_bullet(p.text):
            if p.kind is None and (in_summary or not seen_body):
                p.kind, p.rule = "summary", "summary bullet"
            continue
        if p.kind is None and (p.words > _ctx("subhead_max_words") or ends_sentence(p.text)):
            seen_body = True
        in_summary = False


def mark_context(paras: list[Para], start: int = 0, author: str | None = None) -> None:
    """Contextual rules over the body candidates from ``start`` on."""
    mark_summary(paras, start)
    body = [p for p in paras[start:] if p.kind is None]
    _mark_pull_quotes(body)
    body = [p for p in body if p.kind is None]
    _mark_bio(body, author)
    body = [p for p in body if p.kind is None]
    _mark_short_lines(body)


def _mark_short_lines(body: list[Para]) -> None:
    sub_max = _ctx("subhead_max_words")
    q_min, q_max = _ctx("question_min_words"), _ctx("question_max_words")
    for i, p in enumerate(body):
        if is_bullet(p.text):
            continue
        s = p.text
        if p.words <= sub_max and not ends_sentence(s) and not is_story_sentence(s):
            p.kind, p.rule = "subhead", "short line without terminal punctuation"
        elif (
            i > 0
            and s.endswith("?")
            and q_min <= p.words <= q_max
            and s[0] not in "\"“‘'"
            and not re.search(r"[.!?]\s", s[:-1])
        ):
            p.kind, p.rule = "related", "standalone question between paragraphs"


def _mark_pull_quotes(body: list[Para]) -> None:
    min_words = _ctx("pullquote_min_words")
    attr_max = _ctx("attribution_max_words")
    max_words = _ctx("pullquote_max_words")
    norms: list[str] = []
    everything = ""
    same: Counter = Counter()
    for i, p in enumerate(body):
        # a pull quote is a lone sentence without a full stop, or one in quotation marks
        if not min_words <= p.words <= max_words or is_bullet(p.text):
            continue
        if ends_sentence(p.text) and p.text[0] not in "\"“‘'":
            continue
        if not norms:
            norms = [normalise(q.text) for q in body]
            everything, same = "\x00".join(norms), Counter(norms)
        n = norms[i]
        # found more often than the paragraphs identical to it: inside a longer one
        if n and everything.count(n) > same[n]:
            p.kind, p.rule = "pullquote", "repeats a body paragraph"
            if i + 1 < len(body):
                nxt = body[i + 1]
                if nxt.first == p.last + 1 and nxt.words <= attr_max and not ends_sentence(nxt.text):
                    nxt.kind, nxt.rule = "attribution", "attribution of a pull quote"


@lru_cache(maxsize=1)
def _bio_res() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in _ctx("bio_patterns"))


def _mark_bio(body: list[Para], author: str | None) -> None:
    limit = _ctx("bio_max_words")
    names = [a.strip() for a in (author or "").split(";") if a.strip()]
    for p in body[-2:]:
        if p.words > limit:
            continue
        if any(r.search(p.text) for r in _bio_res()) or any(
            p.text.startswith(n + " ") and re.match(r"\s*(is|was|has|covers|writes)\b", p.text[len(n):]) for n in names
        ):
            p.kind, p.rule = "bio", "author's bio at the end"


def body_text(paras: list[Para]) -> str:
    """The body: the paragraphs still unclassified, separated by one blank line."""
    return "\n\n".join(p.text for p in paras if p.kind is None)


def clean_body(text: str) -> str:
    """Raw text -> body without boilerplate (no header/title handling; see extract_metadata)."""
    paras = split_paragraphs(text)
    classify_all(paras)
    mark_captions(paras)
    mark_context(paras)
    return body_text(paras)

"""Paragraphs of a copied news page, and which of them are boilerplate.

The rules are data (``data/boilerplate.toml``). Two layers:

* ``classify_line(text)`` looks at one line or paragraph alone: ads, navigation,
  credits, captions with an inline credit, copyright, sponsor and disclaimer footers,
  correction notes, contributor lines, newsletter promos, stray one-word lines.
* ``mark_context(paras, ...)`` looks at neighbours: a caption directly above a credit
  line, the summary bullets under "Key Points", subheads and embedded video titles
  (short standalone lines without terminal punctuation), related-article questions,
  pull quotes that repeat the body and their attribution, the author's bio at the end.

``split_paragraphs`` turns raw text into paragraphs, each one line of text: it joins
hard-wrapped lines and keeps one-paragraph-per-line text apart. ``clean_body`` is the
whole pipeline for callers who only want the body (metadata.extract_metadata also
removes the header, title and byline).

The package: ``classify`` (the context-free rules, compiled, and ``classify_line``), ``prefilter``
(the literal prefilter that skips rules a line cannot match), ``paragraphs`` (paragraphs and line
shapes), ``context`` (the rules that look at neighbours, and the pipeline).
"""

from __future__ import annotations

from .context import (
    body_text, classify_all, clean_body, mark_captions, mark_context, mark_summary,
)
from .paragraphs import (
    Para, ends_sentence, is_bullet, is_story_sentence, normalise, split_paragraphs, strip_closing,
)
from .prefilter import fold
from .classify import Rule, classify_line, classify_rule, rules, table

__all__ = [
    "Para", "Rule", "body_text", "classify_all", "classify_line", "classify_rule", "clean_body", "ends_sentence",
    "fold", "is_bullet", "is_story_sentence", "mark_captions", "mark_context", "mark_summary", "normalise", "rules",
    "split_paragraphs", "strip_closing", "table",
]

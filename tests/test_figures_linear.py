"""Figures on run-on text: what a figure carries, and the memory used, grow linearly with the input.

Issue 21 item 8: each figure used to carry its whole "sentence", so 40 KB of ``6% `` wrote half a
gigabyte of JSON. These tests measure sizes (bytes written, peak memory), never time.
"""

from __future__ import annotations

import json
import tracemalloc

import pytest

from newsindex.extract.figures import SENTENCE_MAX, SENTENCE_REACH, extract_figures
from newsindex.parse import parse_text

PATTERNS = ["6% ", "1,2,3.4 $5 bn 6% "]


def _run(pattern: str, size: int, *, whole_parse: bool = False) -> tuple[int, int, int]:
    """(figures, JSON bytes of the figures, peak traced memory) for `size` characters of `pattern`."""
    body = (pattern * (size // len(pattern) + 1))[:size]
    tracemalloc.start()
    try:
        figs = parse_text(body).figures if whole_parse else extract_figures(body, "x", [])
        out = sum(len(json.dumps(f.to_dict())) for f in figs)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return len(figs), out, peak


@pytest.mark.parametrize("pattern", PATTERNS)
def test_output_and_memory_grow_linearly(pattern):
    n1, out1, mem1 = _run(pattern, 20_000)
    n2, out2, mem2 = _run(pattern, 80_000)
    assert n1 > 0 and n2 >= 3.9 * n1
    assert out2 <= 2 * 4 * out1  # within 2x of linear
    assert mem2 <= 2 * 4 * mem1


def test_the_issue_sizes_through_the_whole_parser():
    """40 KB of "6% " and 250 KB of "1,2,3.4 $5 bn 6% ": output within 2x of a linear extrapolation."""
    _, out_small, _ = _run("6% ", 4_000, whole_parse=True)
    _, out_big, _ = _run("6% ", 40_000, whole_parse=True)
    assert out_big <= 2 * 10 * out_small
    _, out_small, _ = _run("1,2,3.4 $5 bn 6% ", 25_000, whole_parse=True)
    _, out_big, _ = _run("1,2,3.4 $5 bn 6% ", 250_000, whole_parse=True)
    assert out_big <= 2 * 10 * out_small


def test_a_long_sentence_is_cut_to_a_window_around_the_figure():
    body = "word " * 400 + "It earned $5bn there. " + "more " * 400
    body = body.replace(". ", " and ")  # one run-on sentence
    (f,) = extract_figures(body, "x", [])
    assert f.text == "$5bn"
    assert f.text in f.sentence and f.sentence in body
    assert len(f.sentence) <= 2 * SENTENCE_REACH + len(f.text)
    assert not f.sentence.startswith(" ") and not f.sentence.endswith(" ")


def test_an_ordinary_sentence_is_carried_whole():
    text = "Revenue rose to $5bn. " + "The board, which met in London on a wet afternoon, " * 10 + "approved 12% more."
    second = text[len("Revenue rose to $5bn. "):]
    assert 2 * SENTENCE_REACH < len(second) <= SENTENCE_MAX
    a, b = extract_figures(text, "x", [])
    assert (a.sentence, b.sentence) == ("Revenue rose to $5bn.", second)

"""Phrase queries against a plain position check over the stored text (issue 18, item 6).

A phrase matches an article whose title or body holds the phrase's words in a row, stop words and
single letters included, each word as the stemming analyser makes it. The oracle tokenises the
stored title and body with Whoosh's own tokenizer, lower-case and stem filters (no stop filter),
independently of the index's fast path, and looks for the phrase position by position.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from newsindex import search as S
from newsindex.errors import BadQuery
from newsindex.index import build, open_index

STOP = ["the", "of", "to", "that", "a", "and", "in", "is", "be", "on", "for", "it"]
WORDS = ["facial", "recognition", "cameras", "camera", "supply", "chain", "state", "art", "China's", "U.S.",
         "face-recognition", "3.5", "2019", "billion", "police", "data", "x", "Hikvision", "it's", "e-mail"]
VOCAB = STOP + WORDS


def _oracle_tokens(text: str | None) -> list[str]:
    from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter

    return [t.text for t in (RegexTokenizer() | LowercaseFilter() | StemFilter())(text or "")]


def _holds(tokens: list[str], phrase: list[str]) -> bool:
    n = len(phrase)
    return any(tokens[i:i + n] == phrase for i in range(len(tokens) - n + 1))


@pytest.fixture(scope="module")
def phrase_index(tmp_path_factory):
    rng = random.Random(18)
    root = tmp_path_factory.mktemp("phrases")
    corpus = root / "corpus"
    corpus.mkdir()
    for i in range(40):
        title = " ".join(rng.choice(VOCAB) for _ in range(6)).capitalize()
        sentences = [" ".join(rng.choice(VOCAB) for _ in range(rng.randint(8, 16))).capitalize() + "."
                     for _ in range(rng.randint(3, 8))]
        body = " ".join(sentences)
        (corpus / f"story{i:02d}.txt").write_text(f"Story {i}: {title}\n\n{body}\n", encoding="utf-8")
    idx = root / "index"
    build(corpus, idx)
    with open_index(idx) as ix:
        texts = {}
        for (aid,) in ix.db.execute("SELECT article_id FROM articles"):
            texts[aid] = (_oracle_tokens(ix.record(aid).get("title")), _oracle_tokens(ix.body(aid)))
    assert sum(1 for t, b in texts.values() if b) >= 30, "the generated stories parse into bodies"
    return idx, texts


def _check(phrase_index, words: list[str]) -> None:
    idx, texts = phrase_index
    phrase = " ".join(words)
    tokens = _oracle_tokens(phrase)
    assume(len(tokens) >= 2)
    try:
        got = {r["id"] for r in S.search("articles", f'"{phrase}"', index_dir=idx, limit=0).rows}
    except BadQuery:  # only stop words: nothing to search for
        assume(False)
    want = {aid for aid, (title, body) in texts.items() if _holds(title, tokens) or _holds(body, tokens)}
    assert got == want, phrase


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_phrases_taken_from_the_stored_text(phrase_index, data):
    """Phrases of 2–4 words cut from a stored body (so most have matches), stop words and all."""
    idx, texts = phrase_index
    aid = data.draw(st.sampled_from(sorted(texts)))
    body = texts[aid][1]
    assume(len(body) > 5)
    n = data.draw(st.integers(2, 4))
    start = data.draw(st.integers(0, len(body) - n))
    # the stored tokens are stems: write the phrase with vocabulary words that stem to them
    stems = {}
    for w in VOCAB:
        for t in _oracle_tokens(w):
            stems.setdefault(t, w)
    words = [stems.get(t) for t in body[start:start + n]]
    assume(all(words))
    _check(phrase_index, words)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(VOCAB), min_size=2, max_size=4))
def test_any_phrase_of_the_vocabulary(phrase_index, words):
    """Random phrases (most match nothing; stop words between words must not be skipped)."""
    _check(phrase_index, words)


@pytest.mark.parametrize("phrase,text,matches", [
    ("facial recognition", "The facial recognition cameras", True),
    ("facial recognition", "The facial to that recognition cameras", False),  # trap: stop words between
    ("facial recognition", "facial, recognition", True),  # punctuation is not a word
    ("state of the art", "a state of the art system", True),
    ("state of the art", "a state art system", False),  # trap: the stop words are part of the phrase
    ("face-recognition system", "a face recognition system", True),  # a hyphen splits words
    ("China's cameras", "China's cameras", True),
    ("China's cameras", "China cameras", False),  # trap: the s of China's is a word
    ("3.5 billion", "worth 3.5 billion dollars", True),
    ("3.5 billion", "worth 3 5 billion dollars", False),  # trap: a decimal is one word
])
def test_phrase_rows(tmp_path, phrase, text, matches):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text(f"A headline about cameras\n\nResidents said {text} was seen on Monday. "
                                    "Officials declined to comment on the matter when asked.\n", encoding="utf-8")
    build(corpus, tmp_path / "index")
    got = S.search("articles", f'"{phrase}"', index_dir=tmp_path / "index", limit=0).total
    assert got == (1 if matches else 0)

"""Near-duplicate detection on a small corpus with a lightly edited, syndicated copy of one story."""

from __future__ import annotations

import random

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from newsindex import dedup
from newsindex.cli import cli
from newsindex.index import build, open_index
from newsindex.parse import parse_text

# A wire story (Reuters style) ...
WIRE = """Chinese drone maker Skyward raised $600 million in a funding round led by state-backed investors, valuing the company at about $5 billion, two people familiar with the matter said on Tuesday.

The Shenzhen-based company, which sells inspection drones to power utilities and police forces, plans to use the money to expand overseas and to build a second factory in Guangdong province.

Skyward's revenue more than doubled to 3.2 billion yuan last year, one of the people said, declining to be named because the information is private.

The round comes as Washington weighs adding more Chinese technology firms to its trade blacklist, a move that would cut them off from American chips and software.

"We are confident in our long-term strategy," a company spokeswoman said in an emailed statement, declining to comment on the valuation.

Skyward competes with larger rival DJI, which controls about 70 per cent of the global consumer drone market."""

# ... re-published by another outlet (Straits Times style): one word changed, the quote's
# paragraph cut, one sentence with a new figure appended.
COPY = """Chinese drone maker Skyward raised $600 million in a funding round led by state-backed investors, valuing the company at about $5 billion, two people familiar with the matter said on Tuesday.

The Shenzhen-based company, which sells inspection drones to power utilities and police forces, plans to use the money to expand abroad and to build a second factory in Guangdong province.

Skyward's revenue more than doubled to 3.2 billion yuan last year, one of the people said, declining to be named because the information is private.

The round comes as Washington weighs adding more Chinese technology firms to its trade blacklist, a move that would cut them off from American chips and software.

Skyward competes with larger rival DJI, which controls about 70 per cent of the global consumer drone market.

The company employs about 4,000 people, according to its website."""

# Trap: another story on the same topic, in the same words' neighbourhood, is not a copy.
OTHER = """Skyward, the Chinese drone maker, has been hit by a new round of US export controls that bar American suppliers from selling it chips without a licence, the Commerce Department said on Friday.

The company said it would comply with the rules and that its inspection drones for power utilities did not rely on American software.

Analysts at Bernstein said the curbs could slow Skyward's plans to expand overseas, where it hopes to win contracts from European grid operators.

DJI, its larger rival, was added to the same list last year and has since shifted some production to Malaysia."""

BRIEF = "Skyward raised $600 million."  # trap: too short to judge

DOCS = [
    {"id": "wire", "body": WIRE, "published": "2019-06-04", "outlet": "Reuters",
     "figures": [{"id": "wire:f1", "text": "$600 million", "value": 6e8, "unit": "USD"},
                 {"id": "wire:f2", "text": "about $5 billion", "value": 5e9, "unit": "USD", "qualifier": "about"}]},
    {"id": "copy", "body": COPY, "published": "2019-06-05", "outlet": "The Straits Times",
     "figures": [{"id": "copy:f1", "text": "$600 million", "value": 6e8, "unit": "USD"},
                 {"id": "copy:f2", "text": "about $5 billion", "value": 5e9, "unit": "USD", "qualifier": "about"},
                 {"id": "copy:f3", "text": "about 4,000 people", "value": 4000, "unit": "count", "qualifier": "about"}]},
    {"id": "other", "body": OTHER, "published": "2019-06-07", "outlet": "Bloomberg"},
    {"id": "brief", "body": BRIEF, "published": "2019-06-04", "outlet": "AP"},
]


def test_tokens_and_shingles_are_stable():
    assert dedup.tokens("It’s “Skynet”") == dedup.tokens("it's Skynet")
    assert dedup.shingles("one two three four five six") == dedup.shingles("One, two, three; four five six.")
    assert len(dedup.shingles("one two three four five six")) == 2


@pytest.mark.parametrize("a, b, copy", [
    ("wire", "copy", True),  # lightly edited copy
    ("wire", "other", False),  # trap: same company, same topic, different story
    ("copy", "other", False),
    ("wire", "brief", False),  # trap: a one-line brief fully contained in the story
])
def test_pairs(a, b, copy):
    docs = [d for d in DOCS if d["id"] in (a, b)]
    groups = dedup.duplicate_groups(docs)
    assert (len(groups) == 1) is copy


def test_similarity_of_the_copy_is_high_but_not_identical():
    s = dedup.similarity(dedup.shingles(WIRE), dedup.shingles(COPY))
    assert 0.8 <= s["containment"] < 1.0
    assert s["jaccard"] < s["containment"]


def test_groups_and_representative():
    groups = dedup.duplicate_groups(DOCS)
    assert [g.ids for g in groups] == [["wire", "copy"]]  # the earlier one represents the story
    assert groups[0].copies == ["copy"]
    assert groups[0].pairs[0]["containment"] >= 0.8


def test_union_find_closes_chains():
    # a ~ b and b ~ c, while a and c alone fall short: all three are one story
    words = [f"w{i}" for i in range(100)]
    a = " ".join(words[:80])
    b = " ".join(words[5:85])
    c = " ".join(words[20:100])
    docs = [{"id": "a", "body": a}, {"id": "b", "body": b}, {"id": "c", "body": c}]
    assert dedup.similarity(dedup.shingles(a), dedup.shingles(c))["containment"] < 0.8
    assert [sorted(g.ids) for g in dedup.duplicate_groups(docs)] == [["a", "b", "c"]]


def test_what_each_copy_adds():
    diffs = {d["id"]: d for d in dedup.copy_differences(DOCS[:2])}
    wire, copy = diffs["wire"], diffs["copy"]
    assert wire["sentences_only_here"] == [
        "The Shenzhen-based company, which sells inspection drones to power utilities and police forces, "
        "plans to use the money to expand overseas and to build a second factory in Guangdong province.",
        "\"We are confident in our long-term strategy,\" a company spokeswoman said in an emailed statement, "
        "declining to comment on the valuation.",
    ]
    assert copy["sentences_only_here"] == [
        "The Shenzhen-based company, which sells inspection drones to power utilities and police forces, "
        "plans to use the money to expand abroad and to build a second factory in Guangdong province.",
        "The company employs about 4,000 people, according to its website.",
    ]
    assert wire["figures_only_here"] == []
    assert [f["id"] for f in copy["figures_only_here"]] == ["copy:f3"]


def test_collapse_rows_for_search():
    groups = dedup.duplicate_groups(DOCS)
    rows = [{"id": "copy", "title": "B"}, {"id": "other", "title": "O"}, {"id": "wire", "title": "A"}]
    out = dedup.collapse_rows(rows, groups)
    assert [(r["id"], r["copies_n"], r["copies"]) for r in out] == [("copy", 1, ["wire"]), ("other", 0, [])]
    # claim rows fold only when the text is the same in both copies
    claims = [
        {"article_id": "wire", "text": "We are confident."},
        {"article_id": "copy", "text": "We are confident."},
        {"article_id": "copy", "text": "A new claim."},
    ]
    folded = dedup.collapse_rows(claims, groups, id_key="article_id", text_key="text")
    assert [(c["article_id"], c["text"]) for c in folded] == [("wire", "We are confident."), ("copy", "A new claim.")]


def test_on_parsed_articles():
    """Through the parser: the cleaned bodies of a story and its copy are grouped."""
    a = parse_text("Skyward raises $600m\n\n" + WIRE, path="reuters_skyward.txt")
    b = parse_text("Drone maker Skyward raises US$600m\n\n" + COPY, path="st_skyward.txt")
    c = parse_text("US curbs hit Skyward\n\n" + OTHER, path="bloomberg_skyward.txt")
    groups = dedup.duplicate_groups([x.to_dict() for x in (a, b, c)])
    assert len(groups) == 1 and set(groups[0].ids) == {a.id, b.id}


def test_search_and_show_fold_copies(tmp_path):
    """`search` shows one row per story with "+N copies"; `show` lists the copies and what each adds."""
    import json

    from click.testing import CliRunner

    from newsindex.cli import cli

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "reuters_skyward.txt").write_text("Skyward raises $600m\n\n" + WIRE, encoding="utf-8")
    (corpus / "st_skyward.txt").write_text("Drone maker Skyward raises US$600m\n\n" + COPY, encoding="utf-8")
    (corpus / "bloomberg_skyward.txt").write_text("US curbs hit Skyward\n\n" + OTHER, encoding="utf-8")
    loc = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
    runner = CliRunner()
    rows = [json.loads(x) for x in runner.invoke(cli, ["search", "Skyward", "--format", "jsonl", *loc]).stdout.splitlines()]
    assert len(rows) == 3  # machine output keeps every row
    table = runner.invoke(cli, ["search", "Skyward", "--format", "table", *loc])
    assert table.exit_code == 0, table.output
    assert table.stdout.count("(+1 copy)") == 1
    assert "Drone maker Skyward" not in table.stdout or "Skyward raises $600m" not in table.stdout
    rid = next(r["id"] for r in rows if r["path"].endswith("st_skyward.txt"))
    shown = runner.invoke(cli, ["show", rid, "--format", "table", *loc])
    assert shown.exit_code == 0, shown.output
    flat = " ".join(shown.stdout.split())
    assert "Copies of this story (1 besides this one)" in flat
    assert "+ The company employs about 4,000 people, according to its website." in flat
    assert "a company spokeswoman said in an emailed statement" in flat  # what the other copy adds


# --- found by the build, incrementally, and only read by searches (issue 18, item 1) -------------------


def _store(idx):
    with open_index(idx) as ix:
        return ix.gen_dir / "store.sqlite"


def _groups(idx) -> list[set[str]]:
    with open_index(idx) as ix:
        paths = {r[0]: r[1] for r in ix.db.execute("SELECT article_id, path FROM files")}
        reps: dict[str, set] = {}
        for aid, rep in ix.db.execute("SELECT article_id, rep FROM dup_groups"):
            reps.setdefault(rep, set()).add(paths.get(aid, aid))
        return sorted(reps.values(), key=sorted)


@pytest.fixture
def corpus(tmp_path):
    c = tmp_path / "corpus"
    c.mkdir()
    (c / "reuters_skyward.txt").write_text("Skyward raises $600m\n\n" + WIRE, encoding="utf-8")
    (c / "bloomberg_skyward.txt").write_text("US curbs hit Skyward\n\n" + OTHER, encoding="utf-8")
    return c


def test_a_copy_added_later_is_found_by_the_build_that_adds_it(corpus, tmp_path):
    idx = tmp_path / "index"
    build(corpus, idx)
    assert _groups(idx) == []
    (corpus / "st_skyward.txt").write_text("Drone maker Skyward raises US$600m\n\n" + COPY, encoding="utf-8")
    report = build(corpus, idx)
    assert report.added == 1 and report.unchanged == 2
    assert _groups(idx) == [{"reuters_skyward.txt", "st_skyward.txt"}]
    with open_index(idx) as ix:
        (a, b, containment), = ix.db.execute("SELECT a, b, containment FROM dup_pairs")
        assert containment >= dedup.THRESHOLD


def test_a_removed_or_rewritten_copy_leaves_its_group(corpus, tmp_path):
    idx = tmp_path / "index"
    (corpus / "st_skyward.txt").write_text("Drone maker Skyward raises US$600m\n\n" + COPY, encoding="utf-8")
    (corpus / "scmp_skyward.txt").write_text("Skyward's $600m round\n\n" + COPY, encoding="utf-8")
    build(corpus, idx)
    assert _groups(idx) == [{"reuters_skyward.txt", "st_skyward.txt", "scmp_skyward.txt"}]
    (corpus / "scmp_skyward.txt").unlink()
    build(corpus, idx)
    assert _groups(idx) == [{"reuters_skyward.txt", "st_skyward.txt"}]
    (corpus / "st_skyward.txt").write_text("Skyward and the grid\n\n" + OTHER.replace("Skyward", "Skyward Ltd"),
                                           encoding="utf-8")
    build(corpus, idx)
    assert _groups(idx) == [{"bloomberg_skyward.txt", "st_skyward.txt"}]  # now a copy of the other story
    with open_index(idx) as ix:  # nothing left of the removed article
        assert ix.db.execute("SELECT COUNT(*) FROM neardup").fetchone()[0] == 3
        assert ix.db.execute("SELECT COUNT(DISTINCT doc) FROM lsh").fetchone()[0] == 3


def test_the_search_process_computes_nothing(corpus, tmp_path, monkeypatch):
    """Table search and show read the groups the build stored: shingling in the query process fails the test."""
    idx = tmp_path / "index"
    (corpus / "st_skyward.txt").write_text("Drone maker Skyward raises US$600m\n\n" + COPY, encoding="utf-8")
    build(corpus, idx)

    def refuse(*a, **k):
        raise AssertionError("near-duplicates computed in the query process")

    monkeypatch.setattr(dedup, "shingles", refuse)
    monkeypatch.setattr(dedup, "duplicate_groups", refuse)
    loc = ["--corpus", str(corpus), "--index", str(idx)]
    table = CliRunner().invoke(cli, ["search", "Skyward", "--format", "table", *loc])
    assert table.exit_code == 0, table.output
    assert table.stdout.count("(+1 copy)") == 1


def test_signatures_agree_in_about_the_share_of_the_jaccard_similarity():
    rng = random.Random(7)
    words = [f"w{rng.randrange(5000)}" for _ in range(1200)]
    for keep in (1200, 1000, 800, 600):  # a copy with the end cut and new text appended
        other = words[:keep] + [f"x{i}" for i in range(1200 - keep)]
        a, b = dedup.shingles(" ".join(words)), dedup.shingles(" ".join(other))
        true = len(a & b) / len(a | b)
        est = dedup.estimated_jaccard(dedup.signature(" ".join(words))[1], dedup.signature(" ".join(other))[1])
        assert abs(est - true) < 0.15, (keep, true, est)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([f"w{i}" for i in range(60)]), min_size=0, max_size=80))
def test_a_text_shares_every_band_with_itself_and_short_texts_get_no_signature(words):
    text = " ".join(words)
    n, sig = dedup.signature(text)
    assert n == len(dedup.shingles(text))
    if n < dedup.MIN_SHINGLES:
        assert sig is None
    else:
        assert len(sig) == 4 * dedup.BINS and dedup.estimated_jaccard(sig, sig) == 1.0
        assert dedup.band_keys(sig) == dedup.band_keys(dedup.signature(text)[1])


def test_unrelated_texts_rarely_share_a_band():
    """Traps: different stories on one topic (shared vocabulary, no shared runs of five words)."""
    rng = random.Random(11)
    vocab = [f"w{i}" for i in range(400)]
    sigs = [dedup.signature(" ".join(rng.choice(vocab) for _ in range(300)))[1] for _ in range(60)]
    keys = [set(dedup.band_keys(s)) for s in sigs]
    shared = sum(1 for i in range(len(keys)) for j in range(i) if keys[i] & keys[j])
    assert shared == 0

"""The benchmark's synthetic corpus generator (scripts/synth_corpus.py): deterministic, varied,
parseable, and carrying companies, figures and quotes. No timing here: the benchmark itself is
scripts/bench and is not part of the test suite."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from newsindex.parse import parse_text

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "synth_corpus.py"


def _load():
    spec = importlib.util.spec_from_file_location("synth_corpus", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("synth_corpus", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


synth = _load()
SAMPLE = [synth.article(i) for i in range(240)]


def first_of(layout):
    return next(a for a in SAMPLE if a.layout == layout)


def test_same_seed_and_index_give_the_same_bytes():
    assert [synth.article(i).text for i in range(20)] == [a.text for a in SAMPLE[:20]]


def test_another_seed_gives_another_corpus():
    assert all(synth.article(i, seed=1).text != SAMPLE[i].text for i in range(20))


def test_articles_differ_from_each_other():
    assert len({a.text for a in SAMPLE}) == len(SAMPLE)
    assert len({a.name for a in SAMPLE}) == len(SAMPLE)


def test_sizes_stay_between_1_and_12_kb_and_average_about_5_kb():
    sizes = [len(a.text.encode("utf-8")) for a in SAMPLE]
    assert min(sizes) >= 1024
    assert max(sizes) <= 12 * 1024
    assert 4000 <= sum(sizes) / len(sizes) <= 6500


def test_the_corpus_is_varied():
    assert set(Counter(a.layout for a in SAMPLE)) == set(synth.LAYOUTS)
    assert len({a.outlet for a in SAMPLE}) >= 10
    years = {a.published.year for a in SAMPLE}
    assert min(years) == 2015 and max(years) == 2024 and len(years) == 10


@pytest.mark.parametrize(
    "layout, pattern",
    [
        ("wire", r"\n[A-Z][A-Z ]+, [A-Z][a-z]{2} \d{1,2} \(Reuters\) - "),
        ("wire", r"Thomson Reuters Trust Principles"),
        ("ap", r"\n[A-Z][A-Z ]+ \(AP\) — "),
        ("ap", r"Copyright \d{4} The Associated Press"),
        ("bloomberg", r"\(Bloomberg\) -- "),
        ("bloomberg", r"To contact the reporter on this story"),
        ("markdown", r"^# \S"),
        ("markdown", r"Source: https://www\.[a-z.]+/"),
        ("scraped", r"^Advertisement\nAdvertisement\n"),
        ("scraped", r"\n  • "),
        ("scraped", r"Published: \d{1,2}:\d\d[ap]m, \d{1,2} [A-Z][a-z]{2}, \d{4}"),
        ("newspaper", r"\n[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4} \d\d\.\d\d GMT\n"),
        ("newspaper", r"Reuse this content"),
        ("blog", r" @[a-z\-]+ / \d{1,2}:\d\d PM UTC • "),
        ("plain", r"^[^\n]+\n\d{1,2} [A-Z][a-z]+ \d{4}\n"),
    ],
)
def test_each_layout_carries_its_outlet_furniture(layout, pattern):
    assert re.search(pattern, first_of(layout).text)


@pytest.mark.parametrize(
    "layout, absent",
    [  # traps: furniture of one layout must not leak into another
        ("wire", "(AP) —"),
        ("ap", "(Reuters) -"),
        ("markdown", "Advertisement\nAdvertisement"),
        ("plain", "(Bloomberg) --"),
    ],
)
def test_layouts_do_not_mix(layout, absent):
    assert all(absent not in a.text for a in SAMPLE if a.layout == layout)


VERB = r"\b(said|told|added|noted|warned|argued|says|explained)\b"
ATTRIBUTION = rf"[”\"][^\n“]{{0,80}}{VERB}|{VERB} the company expected|According to "


def test_every_article_names_companies_states_figures_and_quotes_someone():
    for a in SAMPLE:
        assert a.companies and a.figures and a.quotes >= 1, a.name
        assert all(f in a.text for f in a.figures), a.name
        assert re.search(ATTRIBUTION, a.text), a.name


@pytest.mark.parametrize(
    "written, figure_kind",
    [
        (r"(US|HK|S)?\$\d[\d,.]* (billion|million)|US\$\d[\d,.]*m", "dollars"),
        (r"(€|£|RM|Rmb)\d[\d.]*(bn|m| billion)", "other currencies"),
        (r"\d[\d.]* billion (yuan|won)|¥\d[\d.]* trillion", "currency after the number"),
        (r"\d[\d.]*(%| per cent| percent)", "percentages"),
        (r"\d[\d,.]*( million| billion)? (people|cameras|users|employees|cities|stores|devices|customers)", "counts"),
        (r"(more than|nearly|about|at least|almost|over|up to) \S*\d", "qualified figures"),
    ],
)
def test_figures_come_in_many_written_forms(written, figure_kind):
    hits = sum(1 for a in SAMPLE if re.search(written, a.text))
    assert hits >= len(SAMPLE) // 10, figure_kind


def test_companies_come_from_the_gazetteer_table_when_it_exists():
    names = {name for name, _ in synth._companies()}
    used = {c for a in SAMPLE for c in a.companies}
    assert used <= names
    assert len(used) >= min(15, len(names))


def test_articles_parse_without_errors_into_titled_records():
    for a in SAMPLE[:60]:
        record = parse_text(a.text, path=a.name)
        assert record.title, a.name
        assert record.body.strip(), a.name
        assert any(f in record.body for f in a.figures), a.name


def test_corpus_is_written_once_and_reused(tmp_path):
    corpus, manifest = synth.ensure_corpus(12, tmp_path)
    files = sorted(p for p in corpus.rglob("*") if p.is_file())
    assert len(files) == 12 == manifest["files"]
    assert sum(p.stat().st_size for p in files) == manifest["bytes"]
    mtimes = [p.stat().st_mtime_ns for p in files]
    synth.ensure_corpus(12, tmp_path)
    assert [p.stat().st_mtime_ns for p in files] == mtimes


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one(tmp_path):
    small, _ = synth.ensure_corpus(5, tmp_path / "a")
    large, _ = synth.ensure_corpus(9, tmp_path / "b")
    for p in small.rglob("*.*"):
        assert (large / p.relative_to(small)).read_bytes() == p.read_bytes()


def test_one_percent_change_is_deterministic_and_restorable(tmp_path):
    corpus, _ = synth.ensure_corpus(200, tmp_path)
    before = {p: p.read_bytes() for p in corpus.rglob("*.*")}
    originals = synth.change_one_percent(corpus, 200)
    assert len(originals) == 2
    changed = {p for p in before if p.read_bytes() != before[p]}
    assert changed == set(originals)
    synth.restore(originals)
    assert all(p.read_bytes() == data for p, data in before.items())
    assert set(synth.change_one_percent(corpus, 200)) == changed


def test_a_killed_run_is_repaired_from_the_backup(tmp_path):
    corpus, _ = synth.ensure_corpus(100, tmp_path)
    before = {p: p.read_bytes() for p in corpus.rglob("*.*")}
    backup = tmp_path / "originals"
    synth.change_one_percent(corpus, 100, backup=backup)  # ...and the run dies before restoring
    assert any(p.read_bytes() != data for p, data in before.items())
    assert synth.restore_backup(corpus, backup) == 1
    assert all(p.read_bytes() == data for p, data in before.items())
    assert not backup.exists()
    assert synth.restore_backup(corpus, backup) == 0


def test_a_cached_corpus_made_from_other_data_tables_is_made_again(tmp_path):
    import json

    synth.ensure_corpus(3, tmp_path)
    manifest = tmp_path / synth.MANIFEST
    stale = dict(json.loads(manifest.read_text()), data="another table")
    manifest.write_text(json.dumps(stale))
    _, fresh = synth.ensure_corpus(3, tmp_path)
    assert fresh["data"] == synth.data_fingerprint() != "another table"

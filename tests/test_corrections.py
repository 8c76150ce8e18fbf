"""Issue 19, part 1: corrections and reviews kept in <corpus>/corrections.toml, applied by every build.

The library (newsindex.corrections) and the build hook; the commands are tested in test_correct_cli.py.
The articles are written for these tests (no dev-set text).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsindex import corrections as C
from newsindex.errors import ConfigError, UsageError
from newsindex.records import Article, Claim, Figure
from newsindex.store.build import build
from newsindex.store.reader import open_index

SAMPLES = Path(__file__).parent / "articles" / "corrections"  # written for these tests
ROBOTS = (SAMPLES / "robots.txt").read_text(encoding="utf-8")
FERRY = (SAMPLES / "ferry.txt").read_text(encoding="utf-8")
EDIT = ("By Jane Roe\n\n", "By Jane Roe\n\nAn editor's note added later moves every paragraph below it down.\n\n")


def _article(index_dir, name: str) -> dict:
    with open_index(index_dir) as ix:
        (aid,) = [r[0] for r in ix.db.execute("SELECT article_id FROM files WHERE path = ?", (name,))]
        return ix.article(aid)


def _find(article: dict, kind: str, words: str | None) -> dict | None:
    if kind == "article":
        return article
    return next((r for r in article[kind + "s"] if words in r["text"]), None)


@pytest.fixture()
def corpus(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "robots.txt").write_text(ROBOTS, encoding="utf-8")
    (root / "ferry.txt").write_text(FERRY, encoding="utf-8")
    return root


def _build(root, **kw):
    return build(root, root / ".newsindex", workers=1, **kw)


def _correct(root, name, kind, words, table="correction", **changes):
    art = _article(root / ".newsindex", name)
    rec = _find(art, kind, words)
    assert rec is not None, (kind, words)
    status = changes.pop("status", None)
    entry = C.make_entry(table, art, rec["id"], changes=changes, status=status, note="checked", by="alice",
                         at="2026-12-01T22:50:00Z")
    return C.append_entry(root, entry)


# one row per kind of correction: (kind, the record's words, changes, what the corrected record holds)
KINDS = [
    pytest.param("claim", "The school says", {"speaker": "Harbour Research"},
                 lambda r: r["speaker"] == "Harbour Research", id="claim-speaker"),
    pytest.param("claim", "Our robots pick", {"companies": ["+Acme Ventures", "-Quokka Robotics"]},
                 lambda r: r["companies"] == ["Acme Ventures"], id="claim-company"),
    pytest.param("figure", "$40 million", {"value": "45m", "unit": "AUD"},
                 lambda r: (r["value"], r["unit"]) == (45_000_000, "AUD"), id="figure-value-unit"),
    pytest.param("figure", "12 per cent", {"metric": "market growth", "companies": ["+Quokka Robotics"]},
                 lambda r: (r["metric"], r["companies"]) == ("market_growth", ["Quokka Robotics"]), id="figure-metric-company"),
    pytest.param("article", None, {"outlet": "FT", "published": "2021-03-04", "title": "Quokka Robotics raises money"},
                 lambda r: (r["outlet"], r["published"], r["title"], r["published_source"])
                 == ("Financial Times", "2021-03-04", "Quokka Robotics raises money", "correction"), id="article"),
]


@pytest.mark.parametrize("kind,words,changes,holds", KINDS)
def test_a_correction_survives_a_rebuild_and_an_edit_elsewhere(corpus, kind, words, changes, holds):
    _build(corpus)
    _correct(corpus, "robots.txt", kind, words, **changes)
    assert not _build(corpus).corrections
    for step in ("applied", "rebuild", "edited"):
        if step == "rebuild":
            assert not _build(corpus, rebuild=True).corrections
        if step == "edited":
            (corpus / "robots.txt").write_text(ROBOTS.replace(*EDIT), encoding="utf-8")
            report = _build(corpus)
            assert (report.updated, report.corrections) == (1, [])
        art = _article(corpus / ".newsindex", "robots.txt")
        rec = _find(art, kind, words)
        assert holds(rec), (step, rec)
        assert rec["corrected"][-1]["by"] == "alice" and rec["corrected"][-1]["note"] == "checked"
        assert set(rec["corrected"][-1]["fields"]) == {"companies" if k == "companies" else k for k in changes}


def test_not_a_claim_removes_the_claim_and_says_so_on_the_article(corpus):
    _build(corpus)
    _correct(corpus, "robots.txt", "claim", "Analysts expect", not_a_claim=True)
    for rebuild in (False, True):
        _build(corpus, rebuild=rebuild)
        art = _article(corpus / ".newsindex", "robots.txt")
        assert _find(art, "claim", "Analysts expect") is None
        assert _find(art, "claim", "The school says") is not None  # the others stay
        (note,) = art["corrected"]
        assert note["fields"] == {"not_a_claim": {"from": note["record"], "to": True}}
        assert note["text"].startswith("Analysts expect")


def test_a_review_marks_the_record_and_the_last_review_counts(corpus):
    _build(corpus)
    _correct(corpus, "robots.txt", "claim", "Our robots pick", table="review", status="verified")
    _correct(corpus, "robots.txt", "figure", "12 per cent", table="review", status="verified")
    _correct(corpus, "robots.txt", "figure", "12 per cent", table="review", status="disputed")
    _build(corpus, rebuild=True)
    art = _article(corpus / ".newsindex", "robots.txt")
    assert _find(art, "claim", "Our robots pick")["review"] == {
        "status": "verified", "by": "alice", "at": "2026-12-01T22:50:00Z", "note": "checked"}
    assert _find(art, "figure", "12 per cent")["review"]["status"] == "disputed"
    assert _find(art, "claim", "The school says")["review"] is None
    with open_index(corpus / ".newsindex") as ix:
        assert sorted(ix.db.execute("SELECT kind, status FROM reviews")) == [("c", "verified"), ("f", "disputed")]


def test_review_filters_select_claims_and_figures(corpus):
    from newsindex.search import iter_rows, parse_filters

    _build(corpus)
    _correct(corpus, "robots.txt", "claim", "Our robots pick", table="review", status="verified")
    _correct(corpus, "robots.txt", "claim", "The school says", table="review", status="disputed")
    _build(corpus)

    def texts(kind, review):
        rows = iter_rows(kind, None, parse_filters(review=review), index_dir=corpus / ".newsindex")
        return sorted(r["text"][:15] for r in rows)

    assert texts("claims", "verified") == ['"Our robots pic']
    assert texts("claims", "disputed") == ["The school says"]
    unreviewed = texts("claims", "unreviewed")
    assert '"Our robots pic' not in unreviewed and "The school says" not in unreviewed and len(unreviewed) >= 2
    assert texts("figures", "verified") == []


def test_a_correction_whose_text_is_gone_is_reported_by_every_build_and_kept(corpus):
    _build(corpus)
    _correct(corpus, "robots.txt", "claim", "The school says", speaker="Harbour Research")
    _correct(corpus, "ferry.txt", "claim", "These boats", speaker="Tom Ash")
    kept = (corpus / C.CORRECTIONS).read_bytes()
    (corpus / "robots.txt").write_text(ROBOTS.replace("The school says the robots are safe", "Robots are safe"),
                                       encoding="utf-8")
    for _ in range(2):  # the second build parses nothing and still reports it
        report = _build(corpus)
        (line,) = report.corrections
        assert line[0] == "corrections.toml"
        assert line[1].startswith("correction 1 (") and " in robots.txt: its text is no longer in the article: “The school says" in line[1]
        assert "correction(s) could not be applied" in report.summary()
    assert (corpus / C.CORRECTIONS).read_bytes() == kept  # the build never writes the file
    assert _find(_article(corpus / ".newsindex", "ferry.txt"), "claim", "These boats")["corrected"]


def test_changing_only_the_corrections_file_reparses_only_the_files_it_names(corpus):
    _build(corpus)
    assert not _build(corpus).changed
    _correct(corpus, "ferry.txt", "article", None, title="Wombat Ferries buys electric boats")
    report = _build(corpus)
    assert (report.updated, report.unchanged) == (1, 1)
    assert _article(corpus / ".newsindex", "ferry.txt")["title"] == "Wombat Ferries buys electric boats"
    (corpus / C.CORRECTIONS).unlink()  # removing the correction restores what the text says
    _build(corpus)
    assert _article(corpus / ".newsindex", "ferry.txt")["title"] == "Wombat Ferries orders two electric boats"


def test_a_moved_file_and_unusable_entries_are_reported_not_dropped(corpus):
    _build(corpus)
    _correct(corpus, "ferry.txt", "article", None, outlet="Reuters")
    with open(corpus / C.CORRECTIONS, "a", encoding="utf-8") as fh:
        fh.write('\n[[correction]]\nid = "abc:c1"\nfile = "robots.txt"\nspan = [0, 4]\ntext = "PERTH"\n'
                 'unit = "USD"\n')
    shutil.move(corpus / "ferry.txt", corpus / "ferry2.txt")
    messages = [m for _, m in _build(corpus).corrections]
    assert any("correction 1 (" in m and "its file 'ferry.txt' is not in the corpus" in m for m in messages)
    assert any("correction 2 (abc:c1): 'unit' cannot be corrected on a claim" in m for m in messages)


def test_a_corrections_file_that_is_not_toml_stops_the_build(corpus):
    _build(corpus)
    (corpus / C.CORRECTIONS).write_text("[[correction]\nid = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"corrections.toml: not valid TOML .* nothing was built"):
        _build(corpus)


def test_appending_keeps_the_bytes_already_there(corpus):
    _build(corpus)
    mine = "# my notes, kept as I wrote them\n\n[[review]]   # checked by phone\nid = 'x'\nfile = 'gone.txt'\nstatus = 'verified'"
    (corpus / C.CORRECTIONS).write_text(mine, encoding="utf-8")  # no final newline, odd quoting
    added = _correct(corpus, "ferry.txt", "claim", "These boats", speaker="Tom Ash")
    text = (corpus / C.CORRECTIONS).read_text(encoding="utf-8")
    assert text.startswith(mine + "\n") and added.number == 1 and added.changes == {"speaker": "Tom Ash"}
    assert [e.table for e in C.load(corpus).entries] == ["correction", "review"]


def test_appending_to_a_broken_file_writes_nothing(corpus):
    _build(corpus)
    (corpus / C.CORRECTIONS).write_text("[[correction\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        _correct(corpus, "ferry.txt", "claim", "These boats", speaker="Tom Ash")
    assert (corpus / C.CORRECTIONS).read_text(encoding="utf-8") == "[[correction\n"


# --- re-anchoring (pure) ---------------------------------------------------------------------------

def _entry(span, text, before="", after=""):
    return C.Entry("correction", 1, "a:f1", "x.txt", span=span, text=text, before=before, after=after)


@pytest.mark.parametrize("body,entry,expected", [
    pytest.param("Sales: $4bn. Cost: $4bn.", _entry((7, 11), "$4bn"), (7, 11), id="in place"),
    pytest.param("Intro. Sales: $4bn. Cost: $4bn.", _entry((7, 11), "$4bn", "Sales: ", "."), (14, 18),
                 id="moved: nearest with its context"),
    pytest.param("Intro. Cost: $4bn. Sales: $4bn.", _entry((7, 11), "$4bn", "Sales: ", "."), (26, 30),
                 id="the context wins over distance"),
    pytest.param("Up $4bn here and $4bn there", _entry((20, 24), "$4bn"), (17, 21), id="no context: nearest"),
    pytest.param("She said the\nrobots are safe.", _entry((0, 30), "She said the robots are safe."), (0, 29),
                 id="white space changed"),
    pytest.param("Nothing left here.", _entry((0, 4), "$4bn"), None, id="trap: the text is gone"),
    pytest.param("$4 bn", _entry((0, 4), "$4bn"), None, id="trap: similar is not the same"),
])
def test_anchor(body, entry, expected):
    assert C.anchor(body, entry) == expected


def test_apply_reports_a_record_the_extractor_no_longer_makes():
    art = Article(id="a", path="x.txt", sha256="", body="Acme said profit rose. Other text.",
                  claims=[Claim(id="a:c1", text="Acme said profit rose.", start=0, end=22)],
                  figures=[Figure(id="a:f1", text="5%", value=5, unit="percent", start=0, end=2)])
    speaker = C.Entry("correction", 1, "a:c1", "x.txt", span=(0, 22), text="Acme said profit rose.",
                      changes={"speaker": "Acme"})
    figure = C.Entry("correction", 2, "a:f9", "x.txt", span=(23, 28), text="Other", changes={"unit": "USD"})
    gone = C.Entry("correction", 3, "a:c1", "x.txt", span=(23, 28), text="Other", changes={"not_a_claim": True})
    outcome = C.apply(art, [speaker, figure, gone])
    assert art.claims[0].speaker == "Acme"
    assert [e.number for e in outcome.placed] == [1, 3]  # nothing to remove where no claim is
    assert outcome.messages("x.txt") == [
        "correction 2 (a:f9) in x.txt: no figure is found at its text any more: “Other” (kept in the file)"]


# --- making entries: what the person asked wrongly ---------------------------------------------------

ART = {"id": "abc123", "path": "x.txt", "body": "Acme said sales rose 5%.",
       "claims": [{"id": "abc123:c1", "text": "Acme said sales rose 5%.", "start": 0, "end": 24}],
       "figures": [{"id": "abc123:f1", "text": "5%", "start": 21, "end": 23}]}


@pytest.mark.parametrize("table,rid,changes,status,message", [
    ("correction", "abc123:c1", {"unit": "USD"}, None, "--unit does not apply to a claim (it takes: --speaker, --company, --not-a-claim)"),
    ("correction", "abc123:f1", {"speaker": "X"}, None, "--speaker does not apply to a figure"),
    ("correction", "abc123", {"value": "5"}, None, "--value does not apply to an article"),
    ("correction", "abc123:f1", {"value": "lots"}, None, "--value: cannot read 'lots' as a number"),
    ("correction", "abc123", {"published": "someday"}, None, "--published: cannot read 'someday' as a date"),
    ("correction", "abc123:c1", {}, None, "nothing to correct: give one of --speaker, --company, --not-a-claim"),
    ("correction", "abc123:c9", {"speaker": "X"}, None, "no claim abc123:c9 in article abc123"),
    ("correction", "abc123:company:Acme", {"speaker": "X"}, None, "not an article, claim or figure id"),
    ("correction", "abc123:c1", {"speaker": "   "}, None, "--speaker: give some text"),
    ("review", "abc123:c1", {}, "maybe", "give --verified or --disputed"),
])
def test_make_entry_refuses_what_does_not_apply(table, rid, changes, status, message):
    with pytest.raises(UsageError) as info:
        C.make_entry(table, ART, rid, changes=changes, status=status)
    assert message in str(info.value)


def test_make_entry_keeps_the_span_its_text_and_context():
    e = C.make_entry("correction", ART, "abc123:f1", changes={"unit": "pct"}, by="bo", at="2026-12-01T00:00:00Z")
    assert (e.span, e.text, e.before, e.after, e.changes) == ((21, 23), "5%", ART["body"][:21], ".", {"unit": "percent"})
    text = C.entry_text(e)
    assert text.splitlines()[:3] == ["[[correction]]", 'id = "abc123:f1"', 'file = "x.txt"']
    assert "at = 2026-12-01T00:00:00Z" in text


def test_who_is_newsindex_user_else_the_login_name(monkeypatch):
    monkeypatch.setenv("NEWSINDEX_USER", "Ada Lovelace")
    assert C.current_user() == "Ada Lovelace"
    monkeypatch.delenv("NEWSINDEX_USER")
    import getpass

    assert C.current_user() == getpass.getuser()


def test_entries_appended_at_once_all_land(tmp_path):
    import threading

    entries = [C.make_entry("review", ART, "abc123:c1", status="verified", note=f"n{i}", by="bo") for i in range(8)]
    threads = [threading.Thread(target=C.append_entry, args=(tmp_path, e)) for e in entries]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(e.note for e in C.load(tmp_path).entries) == sorted(f"n{i}" for i in range(8))


@pytest.mark.parametrize("review", ["verified", "disputed", "unreviewed"])
def test_the_opensearch_backend_refuses_the_review_filter_rather_than_ignore_it(review):
    from newsindex.backends.opensearch.dsl import filter_dsl
    from newsindex.errors import BadQuery
    from newsindex.search import parse_filters

    with pytest.raises(BadQuery, match=f"--{review}: the OpenSearch backend cannot filter on reviews yet"):
        filter_dsl("claims", parse_filters(review=review))

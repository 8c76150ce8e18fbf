"""The OpenSearch backend's builds, mapping, records by id and connection errors.

Run against an osmem-server started on 127.0.0.1 (``opensearch_url`` in conftest), or against
the cluster ``NEWSINDEX_TEST_OPENSEARCH_URL`` names.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from newsindex.backends.opensearch import ClusterError, OpenSearchBackend
from newsindex.backends.opensearch import client as C
from newsindex.backends.opensearch.documents import KINDS, alias, mapping, mapping_version
from newsindex.errors import NoIndex, UsageError


def _corpus(tmp_path, kit) -> Path:
    return kit.write_corpus(tmp_path / "corpus", seeds=False)


def _ids(backend, kind):
    return sorted(h["_source"]["id"] for h in backend.scan(kind, None, ["id"]))


def _whoosh(tmp_path, corpus, kit):
    from newsindex.backends.whoosh import WhooshBackend

    w = WhooshBackend(tmp_path / "whoosh-index")
    from newsindex.store.build import build

    build(corpus, w.index_dir, parser=kit.parser)
    return w


def test_first_build_creates_three_indices_behind_aliases(os_backend, tmp_path, kit):
    corpus = _corpus(tmp_path, kit)
    report = os_backend.build(corpus, parser=kit.parser)
    assert not report.failed and report.added == len(kit.articles)
    live = os_backend.live_indices()
    assert set(live) == set(KINDS)
    assert all(live[k].startswith(f"{alias(k, os_backend.prefix)}-v{mapping_version()}-") for k in KINDS)
    assert os_backend.live_version(live) == mapping_version()
    w = _whoosh(tmp_path, corpus, kit)
    for kind in KINDS:  # every record, claim and figure the Whoosh backend holds, and no other
        ids = _ids(os_backend, kind)
        assert ids == sorted(r["id"] for r in w.iter_rows(kind, None, _filters()))
    assert os_backend.records(ids[:3]) == w.records(ids[:3])


def _filters(**kw):
    from newsindex.search import parse_filters

    return parse_filters(**kw)


def test_show_and_records_are_the_whoosh_records(os_backend, tmp_path, kit):
    corpus = _corpus(tmp_path, kit)
    os_backend.build(corpus, parser=kit.parser)
    w = _whoosh(tmp_path, corpus, kit)
    for rec in w.iter_rows("articles", None, _filters()):
        assert os_backend.show(rec["id"]) == w.show(rec["id"])
        assert os_backend.show(rec["id"][:8]) == w.show(rec["id"])  # a unique prefix
    claim = next(iter(w.iter_rows("claims", None, _filters())))
    assert os_backend.show(claim["id"])["id"] == claim["article_id"]
    assert os_backend.records([claim["id"]]) == {claim["id"]: claim}
    assert os_backend.gaps() == w.gaps()
    assert os_backend.missing_rows() == w.missing_rows()
    assert os_backend.article_count() == w.article_count()
    assert os_backend.company_counts() == w.company_counts()
    assert os_backend.outlet_counts() == w.outlet_counts()
    assert sorted(os_backend.speakers()) == sorted(w.speakers())
    from newsindex.errors import NotFound

    with pytest.raises(NotFound, match="no article has the id"):
        os_backend.show("zzzzzz")


def test_incremental_build_sends_only_what_changed(os_backend, tmp_path, kit):
    corpus = _corpus(tmp_path, kit)
    os_backend.build(corpus, parser=kit.parser)
    first = os_backend.live_indices()
    again = os_backend.build(corpus, parser=kit.parser)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, len(kit.articles))
    assert os_backend.last_bulk is None  # nothing sent at all
    name = next(iter(kit.articles))
    (corpus / name).write_text((corpus / name).read_text() + "\nA closing line was added.\n")
    removed = list(kit.articles)[1]
    (corpus / removed).unlink()
    report = os_backend.build(corpus, parser=kit.parser)
    assert (report.updated, report.removed, report.unchanged) == (1, 1, len(kit.articles) - 2)
    assert os_backend.last_bulk.sent_docs >= 1
    assert os_backend.live_indices() == first  # incremental: the same indices, written in place
    w = _whoosh(tmp_path, corpus, kit)
    for kind in KINDS:
        assert _ids(os_backend, kind) == sorted(r["id"] for r in w.iter_rows(kind, None, _filters()))


def test_rebuild_switches_aliases_and_drops_the_old_indices(os_backend, tmp_path, kit):
    corpus = _corpus(tmp_path, kit)
    os_backend.build(corpus, parser=kit.parser)
    old = os_backend.live_indices()
    os_backend.build(corpus, rebuild=True, parser=kit.parser)
    new = os_backend.live_indices()
    assert set(old.values()).isdisjoint(new.values())
    existing = os_backend.client.indices.get(index=f"{os_backend.prefix}-*")
    assert set(existing) == set(new.values())


def test_a_build_stopped_before_the_switch_leaves_the_previous_indices(os_backend, tmp_path, kit, monkeypatch):
    corpus = _corpus(tmp_path, kit)
    os_backend.build(corpus, parser=kit.parser)
    before = os_backend.live_indices()
    count = {"n": 0}

    def dying_parser(path, rel, source):
        count["n"] += 1
        if count["n"] == 3:
            raise KeyboardInterrupt  # the build is stopped half-way
        return kit.parser(path, rel, source)

    with pytest.raises(KeyboardInterrupt):
        os_backend.build(corpus, rebuild=True, parser=dying_parser)
    assert os_backend.live_indices() == before
    assert set(os_backend.client.indices.get(index=f"{os_backend.prefix}-*")) == set(before.values())
    os_backend.forget()
    assert len(_ids(os_backend, "articles")) == len(kit.articles)


def test_a_killed_full_build_leaves_leftovers_that_later_builds_remove(os_backend, tmp_path, kit, monkeypatch):
    """kill -9 between writing the new indices and the switch: the aliases stay on the previous
    indices, searches read those, the next build completes, and the leftovers go once an hour old."""
    from newsindex.backends.opensearch import build as B

    corpus = _corpus(tmp_path, kit)
    os_backend.build(corpus, parser=kit.parser)
    before = os_backend.live_indices()

    def killed(*a, **kw):
        raise SystemExit(137)

    monkeypatch.setattr(os_backend.client.indices, "update_aliases", killed)
    monkeypatch.setattr(os_backend.client.indices, "delete", lambda *a, **kw: None)  # a dead process cleans nothing
    with pytest.raises(SystemExit):
        os_backend.build(corpus, rebuild=True, parser=kit.parser)
    monkeypatch.undo()
    assert os_backend.live_indices() == before
    leftovers = set(os_backend.client.indices.get(index=f"{os_backend.prefix}-*")) - set(before.values())
    assert len(leftovers) == 3
    assert len(_ids(os_backend, "articles")) == len(kit.articles)
    report = os_backend.build(corpus, parser=kit.parser)  # the next build: nothing of this corpus changed
    assert report.unchanged == len(kit.articles)
    monkeypatch.setattr(B, "LEFTOVER_SECONDS", 0)
    os_backend.build(corpus, rebuild=True, parser=kit.parser)
    assert set(os_backend.client.indices.get(index=f"{os_backend.prefix}-*")) == set(os_backend.live_indices().values())


def test_two_corpora_share_a_cluster(os_backend, tmp_path, kit, monkeypatch):
    """Disjoint folders built into one cluster (as from two machines): each build adds and removes
    only its own corpus's articles, and a full build of one keeps the other's."""
    names = list(kit.articles)
    one, two = tmp_path / "one" / "part-a", tmp_path / "two" / "part-b"
    full = _corpus(tmp_path, kit)
    for folder, picked in ((one, names[:3]), (two, names[3:])):
        folder.mkdir(parents=True)
        for n in picked:
            shutil.copy(full / n, folder / n)
        shutil.copy(full / "sources.toml", folder / "sources.toml")
    os_backend.build(one, parser=kit.parser)
    os_backend.build(two, parser=kit.parser)
    assert len(_ids(os_backend, "articles")) == len(names)
    (one / names[0]).unlink()
    os_backend.build(one, parser=kit.parser)
    assert len(_ids(os_backend, "articles")) == len(names) - 1
    os_backend.build(two, rebuild=True, parser=kit.parser)  # new indices: part-a's articles copied over
    assert len(_ids(os_backend, "articles")) == len(names) - 1
    again = os_backend.build(one, parser=kit.parser)
    assert again.unchanged == 2 and again.added == 0


def test_mapping_is_strict_and_versioned():
    m = mapping()
    assert isinstance(m["version"], int)
    for kind in KINDS:
        props = m["mappings"][kind]["properties"]
        assert m["mappings"][kind]["dynamic"] == "strict"
        for field in ("outlet", "companies", "published", "id", "record"):
            assert field in props
    arts = m["mappings"]["articles"]["properties"]
    assert arts["title"]["type"] == arts["body"]["type"] == "text"
    assert {arts[f]["type"] for f in ("outlet", "companies", "authors", "language", "sha256", "path")} == {"keyword"}
    assert arts["published"]["type"] == "date"
    figs = m["mappings"]["figures"]["properties"]
    assert figs["value"]["type"] == "double" and figs["unit"]["type"] == figs["metric"]["type"] == "keyword"


def test_the_cluster_rejects_a_field_outside_the_mapping(os_backend, tmp_path, kit):
    from newsindex.backends.opensearch.build import Bulk

    os_backend.build(_corpus(tmp_path, kit), parser=kit.parser)
    bulk = Bulk(os_backend)
    bulk.add(alias("articles", os_backend.prefix), "articles", {"id": "x", "unknown_field": 1})
    with pytest.raises(ClusterError, match=r"rejected document 'x'.*strict"):
        bulk.flush()


@pytest.mark.parametrize("text, expected", [
    ("Stop words and single letters go: The U.S. cameras", ["stop", "word", "singl", "letter", "go", "u.", "camera"]),
    ("Hikvision’s face-recognition", ["hikvis", "face", "recognit"]),
])
def test_the_analyzer_makes_whooshs_terms(os_backend, tmp_path, kit, text, expected):
    from newsindex.store.terms import stem_tokens

    os_backend.build(_corpus(tmp_path, kit), parser=kit.parser)
    got = os_backend.client.indices.analyze(index=os_backend.live_indices()["articles"],
                                            body={"analyzer": "news_stem", "text": text})
    assert [t["token"] for t in got["tokens"]] == expected == stem_tokens(text)


def test_no_index_yet_says_build_first(os_backend):
    with pytest.raises(NoIndex, match="newsindex build --backend opensearch"):
        os_backend.show("abc")


def test_a_cluster_that_is_down_is_one_line():
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    b = OpenSearchBackend.from_url(f"http://127.0.0.1:{port}")
    with pytest.raises(ClusterError, match=r"cannot reach the OpenSearch cluster at http://127.0.0.1:\d+"):
        b.article_count()


@pytest.mark.parametrize("url", ["ftp://host", "localhost:9200", "http://", ""])
def test_a_url_that_is_no_cluster_address_is_a_usage_error(url):
    with pytest.raises(UsageError, match="is not a cluster address"):
        C.check_url(url)


def test_credentials_never_in_the_url():
    with pytest.raises(UsageError, match="must not carry a user name or password"):
        C.check_url("https://admin:secret@cluster.example:9200")


def test_credentials_from_the_environment_then_netrc(tmp_path, monkeypatch):
    for name in ("NEWSINDEX_OPENSEARCH_USER", "NEWSINDEX_OPENSEARCH_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    netrc = tmp_path / "netrc"
    netrc.write_text("machine search.example login reader password s3cret\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NEWSINDEX_NETRC", str(netrc))
    assert C.credentials("https://search.example:9200") == ("reader", "s3cret")
    assert C.credentials("https://other.example:9200") is None
    monkeypatch.setenv("NEWSINDEX_OPENSEARCH_USER", "env-user")
    monkeypatch.setenv("NEWSINDEX_OPENSEARCH_PASSWORD", "env-pass")
    assert C.credentials("https://search.example:9200") == ("env-user", "env-pass")
    netrc.write_text("machine\n")
    monkeypatch.delenv("NEWSINDEX_OPENSEARCH_USER")
    with pytest.raises(ClusterError, match="cannot read the credentials file"):
        C.credentials("https://search.example:9200")


def test_tls_is_verified_unless_turned_off(monkeypatch):
    pytest.importorskip("opensearchpy")
    monkeypatch.delenv("NEWSINDEX_OPENSEARCH_INSECURE", raising=False)
    kwargs = C.connect("https://search.example:9200").transport.kwargs
    assert kwargs.get("verify_certs") is True and kwargs.get("use_ssl") is True
    monkeypatch.setenv("NEWSINDEX_OPENSEARCH_INSECURE", "1")
    assert C.connect("https://search.example:9200").transport.kwargs.get("verify_certs") is False
    assert "use_ssl" not in C.connect("http://127.0.0.1:9200").transport.kwargs  # plain http: no TLS to verify


def test_busy_answers_are_retried_then_reported(monkeypatch):
    from opensearchpy import exceptions as E

    monkeypatch.setattr(C, "BACKOFF", 0.0)
    calls = {"n": 0}

    def busy_twice():
        calls["n"] += 1
        if calls["n"] <= 2:
            raise E.TransportError(429, "too_many_requests", {"error": {"type": "es_rejected_execution_exception",
                                                                         "reason": "queue full"}})
        return {"ok": True}

    assert C.call("http://x", "sending", busy_twice) == {"ok": True} and calls["n"] == 3

    def always_busy():
        raise E.TransportError(503, "unavailable", {})

    with pytest.raises(ClusterError, match=r"HTTP 503"):
        C.call("http://x", "sending", always_busy)

    def refused():
        raise E.AuthenticationException(401, "security_exception", {})

    with pytest.raises(ClusterError, match="refused the credentials"):
        C.call("http://x", "searching", refused)


def test_mapping_file_is_valid_json_in_the_package():
    from importlib import resources

    text = resources.files("newsindex.backends.opensearch").joinpath("mapping.json").read_text("utf-8")
    assert json.loads(text)["version"] == mapping_version()


def test_shards_and_replicas_from_the_environment(monkeypatch):
    from newsindex.backends.opensearch.documents import index_body

    monkeypatch.setenv("NEWSINDEX_OPENSEARCH_SHARDS", "articles=12,claims=8")
    monkeypatch.setenv("NEWSINDEX_OPENSEARCH_REPLICAS", "1")
    got = {k: index_body(k)["settings"]["index"] for k in KINDS}
    assert [(got[k]["number_of_shards"], got[k]["number_of_replicas"]) for k in KINDS] == [(12, 1), (8, 1), (1, 1)]
    assert mapping()["settings"]["index"]["number_of_shards"] == 1  # the file's own settings untouched
    monkeypatch.setenv("NEWSINDEX_OPENSEARCH_SHARDS", "many")
    with pytest.raises(UsageError, match="NEWSINDEX_OPENSEARCH_SHARDS='many'"):
        index_body("articles")

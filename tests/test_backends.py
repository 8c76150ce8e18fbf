"""The backend seam: choosing a backend, and the library answering through whichever it is given."""

from __future__ import annotations

import pytest

from newsindex import search as S
from newsindex.backends import as_backend, backend_name, open_backend
from newsindex.backends.base import Backend
from newsindex.backends.whoosh import WhooshBackend
from newsindex.errors import UsageError


@pytest.fixture(autouse=True)
def _no_backend_env(monkeypatch):
    for name in ("NEWSINDEX_BACKEND", "NEWSINDEX_OPENSEARCH_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("option, env, expected", [
    (None, None, "whoosh"),
    ("opensearch", None, "opensearch"),
    (None, "opensearch", "opensearch"),
    ("whoosh", "opensearch", "whoosh"),  # the option wins over the environment
    (" OpenSearch ", None, "opensearch"),
])
def test_backend_name(monkeypatch, option, env, expected):
    if env:
        monkeypatch.setenv("NEWSINDEX_BACKEND", env)
    assert backend_name(option) == expected


@pytest.mark.parametrize("bad", ["solr", "elastic", "whoosh2"])
def test_unknown_backend_is_a_usage_error(bad):
    with pytest.raises(UsageError, match="unknown backend"):
        backend_name(bad)


def test_opensearch_without_url_is_a_usage_error():
    with pytest.raises(UsageError, match="--url URL or NEWSINDEX_OPENSEARCH_URL"):
        open_backend(backend="opensearch")


def test_url_without_opensearch_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="--backend opensearch"):
        open_backend(url="http://127.0.0.1:9200", index_dir=tmp_path)


def test_default_is_whoosh_on_the_folder(tmp_path):
    b = open_backend(index_dir=tmp_path / "ix")
    assert isinstance(b, WhooshBackend) and b.name == "whoosh"
    assert b.location == str((tmp_path / "ix").resolve())


def test_as_backend_wraps_folders_and_open_indexes(index_dir):
    from newsindex.store.reader import open_index

    b, owned = as_backend(index_dir)
    assert isinstance(b, WhooshBackend) and owned
    b.close()
    with open_index(index_dir) as ix:
        b, owned = as_backend(ix)
        assert b.ix is ix and not owned
        b.close()  # not the owner: the index stays open
        assert ix.records([]) == {}
    other = WhooshBackend(index_dir)
    assert as_backend(other) == (other, False)


def _same(a, b):
    return [r.get("id", r.get("name")) for r in a] == [r.get("id", r.get("name")) for r in b]


@pytest.mark.parametrize("kind, query, filters", [
    ("articles", "surveillance", {}),
    ("articles", None, {"outlet": "Reuters"}),
    ("claims", None, {"company": "Hikvision"}),
    ("figures", None, {"unit": "USD"}),
    ("companies", None, {}),
])
def test_whoosh_backend_gives_what_the_library_gave(index_dir, kind, query, filters):
    """The library through a folder, and the Whoosh backend directly: the same rows, totals and facets."""
    f = S.parse_filters(**filters)
    via_folder = S.search(kind, query, f, index_dir=index_dir, limit=None)
    with WhooshBackend(index_dir) as b:
        direct = b.search(kind, query, S.parse_filters(**filters), limit=None)
        rows = list(b.iter_rows(kind, query, S.parse_filters(**filters)))
    assert _same(via_folder.rows, direct.rows) and via_folder.total == direct.total
    assert via_folder.facets == direct.facets
    assert [r.get("id", r.get("name")) for r in rows] == [r.get("id", r.get("name")) for r in via_folder.rows]


class Recorder(Backend):
    """A backend that answers from fixed rows and records what it was asked: the library must
    need nothing else from it (nothing above the seam knows the Whoosh index)."""

    name = "recorder"

    def __init__(self):
        self.calls = []
        self.rows = {"articles": [{"id": "a1", "title": "T", "outlet": "O", "published": "2020-01-05",
                                   "companies": [{"name": "Acme"}], "path": "x.txt", "sha256": "h"}],
                     "claims": [], "figures": [{"id": "a1:f1", "article_id": "a1", "value": 3.0, "unit": "USD",
                                               "metric": "revenue", "subject": "revenue", "text": "$3",
                                               "sentence": "Acme made $3 in revenue.", "companies": ["Acme"],
                                               "published": "2020-01-05", "outlet": "O"}]}

    location = "recorder://"
    generation = 7

    def build(self, corpus, *, rebuild=False, progress=None):
        self.calls.append("build")

    def search(self, kind, query, filters, **kw):
        from newsindex.query.api import SearchResult

        self.calls.append(("search", kind, query))
        rows = self.rows.get(kind, [])
        return SearchResult(kind, query, rows, len(rows))

    def iter_rows(self, kind, query, filters, **kw):
        self.calls.append(("iter_rows", kind, query, kw.get("sort")))
        return iter(self.rows.get(kind, []))

    def outlets(self, filters):
        self.calls.append("outlets")
        return [{"outlet": "O", "articles": 1, "first": "2020-01-05", "last": "2020-01-05"}]

    def show(self, record_id):
        self.calls.append(("show", record_id))
        return dict(self.rows["articles"][0], body="Body.", claims=[], figures=self.rows["figures"])

    def records(self, ids):
        return {r["id"]: r for r in self.rows["articles"] if r["id"] in set(ids)}

    def company_counts(self):
        return [{"name": "Acme", "kind": "company", "known": True, "articles": 1, "mentions": 1, "aliases": []}]

    def outlet_counts(self):
        return self.outlets(None)

    def speakers(self):
        return ["Jane Doe"]

    def article_count(self):
        return 1

    def gaps(self):
        from newsindex.gaps import Gaps

        return Gaps(1, 0, 0, 0)

    def missing_rows(self, field=None):
        return []


def test_library_functions_answer_through_any_backend(tmp_path):
    from newsindex import gaps, suggest
    from newsindex.export import run_export

    b = Recorder()
    assert S.search("articles", "x", index_dir=b).rows[0]["id"] == "a1"
    assert [r["id"] for r in S.iter_rows("figures", None, index_dir=b)] == ["a1:f1"]
    assert S.outlets(index_dir=b)[0]["outlet"] == "O"
    assert S.show("a1:f1", index_dir=b)["body"] == "Body."
    points, n = S.timeline("articles", None, index_dir=b, interval="year")
    assert n == 1 and [(p.period, p.count) for p in points] == [("2020", 1)]
    assert gaps.gaps(b).articles == 1 and gaps.missing_rows(b) == []
    assert suggest.speaker_suggestions(b, "Jane Doe") is None
    out = tmp_path / "a.jsonl"
    result = run_export("articles", None, None, index_dir=b, fmt="jsonl", out=out)
    assert result.rows == 1 and result.manifest["index"] == "recorder://" and result.manifest["index_generation"] == 7
    assert result.manifest["sources"] == [{"article_id": "a1", "path": "x.txt", "sha256": "h"}]
    assert ("iter_rows", "articles", None, "relevance") in b.calls


def test_python_api_takes_a_backend_name(tmp_path, monkeypatch):
    import newsindex

    with pytest.raises(UsageError, match="--url"):
        newsindex.open(tmp_path, backend="opensearch", build=False)


@pytest.mark.parametrize("args, env, message", [
    (["search", "x", "--backend", "opensearch"], {}, "--url URL or NEWSINDEX_OPENSEARCH_URL"),
    (["search", "x", "--url", "http://127.0.0.1:9"], {}, "--backend opensearch"),
    (["build", "--backend", "opensearch", "--url", "ftp://x"], {}, "is not a cluster address"),
    (["show", "abc", "--backend", "opensearch", "--url", "http://u:p@127.0.0.1:9"], {}, "must not carry a user name"),
    (["search", "x"], {"NEWSINDEX_BACKEND": "solr"}, "unknown backend 'solr'"),
])
def test_cli_backend_options_usage_errors(tmp_path, monkeypatch, args, env, message):
    from click.testing import CliRunner

    from newsindex.cli import cli

    for k, v in env.items():
        monkeypatch.setenv(k, v)
    result = CliRunner().invoke(cli, [*args, "--corpus", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert result.output.count("\n") == 1  # one line


def test_cli_opensearch_without_the_client_names_the_extra(tmp_path, monkeypatch):
    import builtins

    from click.testing import CliRunner

    from newsindex.cli import cli

    real = builtins.__import__

    def no_client(name, *args, **kwargs):
        if name.startswith("opensearchpy"):
            raise ImportError("no opensearchpy")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_client)
    result = CliRunner().invoke(cli, ["search", "x", "--backend", "opensearch", "--url", "http://127.0.0.1:9"])
    assert result.exit_code == 2
    assert "pip install 'newsindex[opensearch]'" in result.output

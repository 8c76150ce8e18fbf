"""The web view (`newsindex serve`), every route through Starlette's test client: the pages show
what the library finds, the exports are `newsindex export`'s bytes, bad parameters get the
command line's message on a 400 page, hostile text is shown as text, and no URL reaches a file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re

import pytest
from click.testing import CliRunner

pytest.importorskip("starlette")
pytest.importorskip("jinja2")

from starlette.testclient import TestClient  # noqa: E402

from newsindex.cli import cli  # noqa: E402
from newsindex.web import make_app  # noqa: E402


@pytest.fixture(scope="module")
def client(index_dir):
    return TestClient(make_app(index_dir, allowed_hosts=["testserver"]))


@pytest.fixture(scope="module")
def ids(index_dir):
    """Article id by file name, and the claim/figure ids of the annotated corpus."""
    from newsindex.search import iter_rows

    arts = {r["path"].rsplit("/", 1)[-1]: r["id"] for r in iter_rows("articles", None, None, index_dir=index_dir)}
    return arts


def _text(html: str) -> str:
    """The page's text, roughly as a reader sees it (tags dropped, entities decoded)."""
    import html as H

    return H.unescape(re.sub(r"<[^>]+>", "", html))


def _cli(index_dir, *args) -> str:
    result = CliRunner().invoke(cli, [*args, "--index", str(index_dir)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


# --- the pages -------------------------------------------------------------------------------

def test_home_lists_articles_newest_first_with_facets_and_exports(client):
    r = client.get("/")
    assert r.status_code == 200
    titles = re.findall(r'class="title" href="/articles/[0-9a-f]+">([^<]+)<', r.text)
    assert titles[0] == "China&#39;s 200 million cameras"  # 2019-12-20, the newest
    assert 'href="/search.csv"' in r.text and 'href="/search.jsonl"' in r.text
    assert "by outlet" in r.text and 'data-facet="company"' in r.text


def test_search_marks_the_query_words_and_keeps_the_state_in_the_form(client):
    r = client.get("/search?q=sensetime&outlet=Bloomberg")
    assert r.status_code == 200
    assert "<mark>SenseTime</mark>" in r.text
    assert 'name="q" value="sensetime"' in r.text
    assert 'name="outlet" value="Bloomberg"' in r.text
    assert "1–1 of 1 articles" in r.text


@pytest.mark.parametrize("url, expected, absent", [
    ("/claims?company=Hikvision", ["a Hikvision spokesperson said", "a Hikvision executive said"], ["Feldstein"]),
    ("/claims?speaker=Feldstein", ["Steven Feldstein"], ["Hikvision spokesperson"]),
    ("/figures?unit=USD&min=5bn", ["$7.7 billion", "$7.5 billion"], ["$4.5 billion", "HK$ 3.9 billion"]),
    ("/figures?metric=valuation&sort=value", ["$7.7 billion"], ["HK$ 3.9 billion"]),
    ("/companies", ["Hikvision", "SenseTime", "Megvii"], []),
    ("/companies?q=sense", ["SenseTime"], ["Hikvision"]),
])
def test_listings_show_what_the_filters_find(client, url, expected, absent):
    r = client.get(url)
    assert r.status_code == 200
    text = _text(r.text)
    for e in expected:
        assert e in text
    for a in absent:
        assert a not in text


def test_figures_sorted_by_value_come_largest_first(client):
    r = client.get("/figures?unit=USD&sort=value")
    values = re.findall(r'<td class="num">([\d,]+)</td>', r.text)
    assert values == sorted(values, key=lambda v: -int(v.replace(",", "")))
    assert values[0] == "7,700,000,000"


def test_a_facet_link_adds_its_filter_and_keeps_the_others(client):
    r = client.get("/claims?q=said")
    link = re.search(r'data-facet="company" href="([^"]+)">Hikvision<', r.text).group(1)
    import html as H

    link = H.unescape(link)
    assert link == "/claims?q=said&company=Hikvision"
    r2 = client.get(link)
    assert "company: Hikvision" in _text(r2.text)
    assert _text(r2.text).count("Hikvision executive said") == 1
    remove = H.unescape(re.search(r'href="([^"]+)" title="remove this filter"', r2.text).group(1))
    assert remove == "/claims?q=said"


def test_tabs_keep_the_query_and_the_filters_that_apply(client):
    r = client.get("/figures?q=billion&company=SenseTime&unit=USD")
    import html as H

    tabs = dict((label, H.unescape(href)) for href, label in
                re.findall(r'<a href="([^"]+)"(?: class="active" aria-current="page")?>(\w+)</a>',
                           r.text.split('class="tabs"')[1].split("</nav>")[0]))
    assert tabs["Claims"] == "/claims?q=billion&company=SenseTime"  # unit applies to figures only
    assert tabs["Articles"] == "/search?q=billion&company=SenseTime"
    assert tabs["Figures"] == "/figures?q=billion&company=SenseTime&unit=USD"


def test_pages_split_a_listing_and_link_to_each_other(client, monkeypatch):
    from newsindex.web import params

    monkeypatch.setattr(params, "PAGE_SIZE", 3)
    first = client.get("/search")
    second = client.get("/search?page=2")
    t1 = re.findall(r'class="title" href="(/articles/[0-9a-f]+)"', first.text)
    t2 = re.findall(r'class="title" href="(/articles/[0-9a-f]+)"', second.text)
    assert len(t1) == 3 and len(t2) == 3 and not set(t1) & set(t2)
    assert 'rel="next" href="/search?page=2"' in first.text and 'rel="prev"' not in first.text
    assert 'rel="prev" href="/search"' in second.text and 'rel="next" href="/search?page=3"' in second.text
    assert "4–6 of" in second.text


def test_company_page_has_aliases_charts_claims_by_speaker_figures_by_metric_and_the_ledger(client):
    r = client.get("/companies/SenseTime")
    assert r.status_code == 200
    outlets_svg = r.text.split('<svg class="chart bars"')[1].split("</svg>")[0]
    assert outlets_svg.count("<rect") == 2  # Associated Press and Bloomberg
    assert "Associated Press" in outlets_svg and "Bloomberg" in outlets_svg
    assert '<svg class="chart columns"' in r.text
    ledger = r.text.split('id="ledger"')[1].split("</section>")[0]
    assert "valuation" in ledger and "7.5bn" in ledger and "7.7bn" in ledger
    text = _text(r.text)
    assert "Figures by metric" in text and "funding" in text
    assert "No claims about SenseTime." in text


def test_company_page_groups_claims_by_speaker(client):
    r = client.get("/companies/Hikvision")
    claims = _text(r.text.split('id="claims"')[1].split("</section>")[0])
    assert "Hikvision spokesperson" in claims and "Hikvision executive" in claims


def test_company_page_takes_an_alias(client):
    r = client.get("/companies/Zhejiang%20Dahua")
    assert r.status_code == 200
    assert '<h1 class="company-name">Dahua</h1>' in r.text


def test_unknown_company_is_404_with_close_names(client):
    r = client.get("/companies/Hikvison")
    assert r.status_code == 404
    assert "No company named &#39;Hikvison&#39; in the index; did you mean: Hikvision?" in r.text


def test_article_page_marks_claims_and_figures_in_the_body(client, ids):
    aid = ids["reuters_blacklist.txt"]
    r = client.get(f"/articles/{aid}")
    assert r.status_code == 200
    body = r.text.split('<div class="body">')[1].split("</div>")[0]
    assert f'<a class="claim" href="/claims/{aid}:c1">' in body
    assert f'<a class="figure" href="/figures/{aid}:f1">$7.5 billion</a>' in body
    assert "from: sources" in r.text  # where the date came from
    assert "Reuters" in r.text


def test_article_page_lists_near_duplicate_copies(tmp_path, kit):
    from newsindex.index import build

    story = ("Acme buys Widget Corp for $2 billion\n\n" + " ".join(
        f"Sentence number {i} about the Acme and Widget deal says something new." for i in range(30)) + "\n")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "one.txt").write_text(story)
    (tmp_path / "c" / "two.txt").write_text(story + "\nOne more line only this copy has, with 7 figures.\n")
    build(tmp_path / "c", tmp_path / "ix")
    client = TestClient(make_app(tmp_path / "ix", allowed_hosts=["testserver"]))
    listing = client.get("/search")
    assert "(+1 copy)" in listing.text
    aid = re.search(r'href="/articles/([0-9a-f]+)"', listing.text).group(1)
    page = client.get(f"/articles/{aid}")
    assert "Copies of this story (1 besides this one)" in page.text
    assert "One more line only this copy has" in page.text


@pytest.mark.parametrize("kind", ["claims", "figures"])
def test_claim_and_figure_pages_are_the_explain_view(client, ids, index_dir, kind):
    aid = ids["reuters_blacklist.txt"]
    rid = f"{aid}:{kind[0]}1"
    r = client.get(f"/{kind}/{rid}")
    assert r.status_code == 200
    para = r.text.split('<blockquote class="paragraph">')[1].split("</blockquote>")[0]
    explained = json.loads(_cli(index_dir, "explain", rid, "--format", "json"))
    s, e = explained["highlight"]
    assert f"<mark>{_html(explained['paragraph_text'][s:e])}</mark>" in para
    assert f'href="/articles/{aid}"' in r.text
    from newsindex.web import review

    if review.available():  # the corrections workflow: its forms (tests/test_web_review.py)
        assert f'action="/{kind}/{rid}/review"' in r.text and f'action="/{kind}/{rid}/correct"' in r.text
    else:
        assert "This view is read-only" in r.text


def _html(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


# --- exports ---------------------------------------------------------------------------------

@pytest.mark.parametrize("url, argv", [
    ("/claims.csv?company=Hikvision", ["export", "claims", "--company", "Hikvision", "--format", "csv"]),
    ("/claims.jsonl?company=Hikvision", ["export", "claims", "--company", "Hikvision", "--format", "jsonl"]),
    ("/figures.csv?unit=USD&sort=value", ["export", "figures", "--unit", "USD", "--sort", "value", "--format", "csv"]),
    ("/search.csv?q=surveillance", ["export", "articles", "surveillance", "--format", "csv"]),
    ("/articles.jsonl?outlet=FT", ["export", "articles", "--outlet", "FT", "--format", "jsonl"]),
    ("/companies.csv", ["export", "companies", "--format", "csv"]),
])
def test_exports_are_the_bytes_newsindex_export_writes(client, index_dir, url, argv):
    r = client.get(url)
    assert r.status_code == 200
    assert r.content.decode("utf-8") == _cli(index_dir, *argv)
    assert "attachment" in r.headers["content-disposition"]
    assert 'rel="describedby"' in r.headers["link"]


@pytest.mark.parametrize("name, kind", [("search", "articles"), ("articles", "articles"), ("claims", "claims"),
                                        ("figures", "figures"), ("companies", "companies")])
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_every_listing_has_both_twins_and_their_manifests(client, index_dir, name, kind, fmt):
    r = client.get(f"/{name}.{fmt}")
    assert r.status_code == 200
    assert r.content.decode("utf-8") == _cli(index_dir, "export", kind, "--format", fmt)
    m = client.get(f"/{name}.{fmt}.manifest.json").json()
    assert m["kind"] == kind and m["format"] == fmt
    assert m["output_sha256"] == hashlib.sha256(r.content).hexdigest()
    assert m["rows"] == len(r.content.decode().splitlines()) - (1 if fmt == "csv" else 0)


def test_export_manifest_describes_the_export(client):
    body = client.get("/claims.csv?company=Hikvision").content
    link = client.get("/claims.csv?company=Hikvision").headers["link"]
    url = re.match(r"<([^>]+)>", link).group(1)
    assert url == "/claims.csv.manifest.json?company=Hikvision"
    m = client.get(url).json()
    assert m["command"] == "newsindex export claims --format csv --company Hikvision"
    assert m["rows"] == len(list(csv.DictReader(io.StringIO(body.decode())))) == 2
    assert m["output_sha256"] == hashlib.sha256(body).hexdigest()
    assert {s["article_id"] for s in m["sources"]} == {row["article_id"] for row in
                                                     csv.DictReader(io.StringIO(body.decode()))}


def test_listing_links_its_exports_with_the_same_state(client):
    r = client.get("/figures?company=SenseTime&sort=value&page=1")
    assert 'href="/figures.csv?company=SenseTime&amp;sort=value"' in r.text
    assert 'href="/figures.jsonl?company=SenseTime&amp;sort=value"' in r.text


def test_a_large_export_streams_in_chunks(client, index_dir, monkeypatch):
    from newsindex.web import exports

    monkeypatch.setattr(exports, "CHUNK", 50)
    with client.stream("GET", "/search.jsonl") as r:
        chunks = list(r.iter_bytes())
    assert len(chunks) > 3
    assert b"".join(chunks).decode() == _cli(index_dir, "export", "articles", "--format", "jsonl")


# --- bad input: the command line's messages, never a traceback -------------------------------

@pytest.mark.parametrize("url, cli_args", [
    ("/search?since=someday", ["search", "--since", "someday"]),
    ("/search?since=2020&until=2019", ["search", "--since", "2020", "--until", "2019"]),
    ("/figures?min=5bn&max=1bn", ["figures", "--min", "5bn", "--max", "1bn"]),
    ("/figures?min=lots", ["figures", "--min", "lots"]),
    ("/search?q=%22unbalanced", ["search", '"unbalanced']),
    ("/search?q=nofield%3Ax", ["search", "nofield:x"]),
    ("/claims?sort=value", ["claims", "--sort", "value"]),
    ("/claims?unit=USD", ["export", "claims", "--unit", "USD"]),
    ("/companies?q=*", ["companies", "*"]),
    ("/claims.csv?q=date%3Ablah", ["claims", "date:blah"]),
])
def test_bad_parameters_get_a_400_page_with_the_cli_message(client, index_dir, url, cli_args):
    result = CliRunner().invoke(cli, [*cli_args, "--index", str(index_dir)])
    assert result.exit_code == 2
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("Error: ")
    r = client.get(url)
    assert r.status_code == 400
    assert "Traceback" not in r.text
    shown = r.text if url.split("?")[0].endswith(".csv") else _text(r.text)
    assert message in shown


@pytest.mark.parametrize("url, message", [
    ("/search?page=0", "page: give a number from 1 to 500"),
    ("/search?page=x", "page: give a number from 1 to 500"),
    ("/search?colour=red", "unknown parameter 'colour'"),
    ("/search?company=A&company=B", "company: give it once"),
    ("/search?reverse=maybe", "reverse: give 1 or 0"),
])
def test_bad_page_parameters_are_400(client, url, message):
    r = client.get(url)
    assert r.status_code == 400 and message in _text(r.text)


@pytest.mark.parametrize("url", [
    "/articles/ffffffffffff", "/claims/ffffffffffff:c1", "/figures/ffffffffffff:f9",
    "/claims/abc", "/nowhere",
])
def test_unknown_ids_and_pages_are_404(client, url):
    r = client.get(url)
    assert r.status_code == 404
    assert "Traceback" not in r.text


def test_a_claim_id_of_the_wrong_kind_is_404(client, ids):
    r = client.get(f"/claims/{ids['reuters_blacklist.txt']}:f1")
    assert r.status_code == 404 and "is not a claim id" in _text(r.text)


def test_an_unexpected_error_is_a_500_page_without_a_traceback(index_dir, monkeypatch):
    from newsindex.web import pages

    def boom(*a, **k):
        raise RuntimeError("secret detail /etc/passwd")

    monkeypatch.setattr(pages, "listing", boom)
    r = TestClient(make_app(index_dir, allowed_hosts=["testserver"]), raise_server_exceptions=False).get("/")
    assert r.status_code == 500
    assert "unexpected RuntimeError" in r.text
    assert "Traceback" not in r.text and "secret detail" not in r.text


def test_a_missing_index_is_an_error_page(tmp_path):
    r = TestClient(make_app(tmp_path / "none", allowed_hosts=["testserver"])).get("/claims")
    assert r.status_code == 500 and "no index at" in r.text


# --- safety ----------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "/articles/..%2F..%2F..%2Fetc%2Fpasswd", "/articles/../../pyproject.toml", "/companies/..%2F..%2Fsetup.py",
    "/static/style.css", "/templates/base.html", "/style.css/..%2F__init__.py", "/static/", "/web/",
    "/claims/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
])
def test_no_url_reaches_the_file_system(client, url):
    r = client.get(url)
    assert r.status_code in (400, 404)
    assert "root:" not in r.text and "[build-system]" not in r.text and "def " not in r.text


def test_only_the_stylesheet_is_served_as_a_file(client):
    r = client.get("/style.css")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/css")


def test_every_response_forbids_scripts_and_framing(client):
    for url in ["/", "/claims.csv", "/nowhere", "/search?page=0"]:
        h = client.get(url).headers
        assert "default-src 'none'" in h["content-security-policy"]
        assert "script-src" not in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"
        assert h["x-frame-options"] == "DENY"


def test_another_host_name_is_refused(index_dir):
    client = TestClient(make_app(index_dir))  # the loopback names only
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 400
    assert client.get("/", headers={"host": "127.0.0.1:8001"}).status_code == 200
    assert client.get("/", headers={"host": "localhost:8001"}).status_code == 200


@pytest.fixture(scope="module")
def hostile_pages(hostile_index):
    from newsindex.search import iter_rows

    client = TestClient(make_app(hostile_index, allowed_hosts=["testserver"]))
    aid = next(iter_rows("articles", None, None, index_dir=hostile_index))["id"]
    from newsindex.web.params import record_url

    company = next(iter_rows("companies", None, None, index_dir=hostile_index))["name"]
    urls = ["/", "/search?q=acme", "/claims", "/claims?q=sales", "/figures", "/companies", f"/articles/{aid}",
            f"/claims/{aid}:c1", f"/figures/{aid}:f1", record_url("companies", company)]
    return {u: client.get(u) for u in urls}


def test_hostile_text_is_escaped_on_every_page(hostile_pages):
    for url, r in hostile_pages.items():
        assert r.status_code == 200, url
        html = r.text.lower()
        assert "<script" not in html, url
        for tag in ("<img", "<iframe", "<svg onload", "<b>bold", "<i onmouseover"):
            assert tag not in html, (url, tag)
        hrefs = re.findall(r'(?:href|src|action)="([^"]*)"', r.text)
        assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:"))], url
        assert "\x1b" not in r.text and "\x07" not in r.text, url


def test_hostile_text_is_shown_literally(hostile_pages, hostile):
    article = next(r for u, r in hostile_pages.items() if u.startswith("/articles/"))
    text = _text(article.text)
    assert "<script>window.__pwned=1</script>Acme wins <b>bold</b> \\x1b[31mred\\x1b[0m" in text  # title
    assert hostile["outlet"] in text and hostile["author"] in text and hostile["url"] in text
    assert "Acme <script>window.__pwned=9</script> wins" in text  # body
    assert '<a href="javascript:window.__pwned=10">said</a>' in text
    assert "[bold red]markup[/bold red]" in text and "\\x1b]0;title\\x07" in text
    claim = next(r for u, r in hostile_pages.items() if u.startswith("/claims/"))
    assert hostile["speaker"] in _text(claim.text)
    company = next(r for u, r in hostile_pages.items() if u.startswith("/companies/"))
    assert hostile["company"] in _text(company.text) and hostile["alias"] in _text(company.text)
    figure = next(r for u, r in hostile_pages.items() if u.startswith("/figures/"))
    assert hostile["metric"] in _text(figure.text)


def test_hostile_company_name_round_trips_through_its_link(hostile_pages, hostile_index):
    listing = hostile_pages["/companies"]
    import html as H

    href = H.unescape(re.search(r'class="company" href="([^"]+)"', listing.text).group(1))
    assert href.startswith("/companies/%3Cscript%3E")
    client = TestClient(make_app(hostile_index, allowed_hosts=["testserver"]))
    assert client.get(href).status_code == 200


def test_company_page_flags_figures_that_disagree(tmp_path):
    from newsindex.index import build, parse_source
    from newsindex.records import Company, Figure

    values = {"a.txt": ("Reuters", "2021-03-01", 3.5e9, "$3.5 billion"), "b.txt": ("AP", "2021-03-03", 9e9, "$9 billion")}

    def parser(path, rel, source):
        a = parse_source(path, rel, source)
        outlet, day, value, text = values[path.name]
        a.outlet, a.published = outlet, day
        sentence = a.body.strip()
        a.companies = [Company(name="Acme", mentions=1, aliases=["Acme"])]
        a.figures = [Figure(id=f"{a.id}:f1", text=text, value=value, unit="USD", metric="valuation",
                            subject="valuation", companies=["Acme"], sentence=sentence,
                            start=sentence.find(text), end=sentence.find(text) + len(text))]
        return a

    (tmp_path / "c").mkdir()
    for name, (_, _, _, text) in values.items():
        (tmp_path / "c" / name).write_text(f"Acme valuation\n\nAcme is valued at {text}, investors said.\n")
    build(tmp_path / "c", tmp_path / "ix", parser=parser)
    r = TestClient(make_app(tmp_path / "ix", allowed_hosts=["testserver"])).get("/companies/Acme")
    ledger = r.text.split('id="ledger"')[1].split("</section>")[0]
    assert '<div class="group verdict-discrepancy">' in ledger
    assert ledger.count('<tr class="flagged">') == 2
    assert "⚑ <strong>discrepancy</strong>: $3.5 billion (Reuters, 2021-03-01) vs $9 billion (AP, 2021-03-03)" in ledger


def test_the_web_view_reads_an_opensearch_index_through_the_seam(os_backend, opensearch_url, tmp_path, kit,
                                                                  client, monkeypatch):
    """The same pages from the OpenSearch backend as from the Whoosh folder."""
    pytest.importorskip("newsindex.backends.opensearch.dsl", reason="the OpenSearch backend answers no queries yet")
    corpus = kit.write_corpus(tmp_path / "corpus")  # with the seeds, as `client`'s index has them
    os_backend.build(corpus, parser=kit.parser)
    monkeypatch.setenv("NEWSINDEX_OPENSEARCH_PREFIX", os_backend.prefix)
    remote = TestClient(make_app(backend="opensearch", url=opensearch_url, allowed_hosts=["testserver"]))

    def rows(c, url):
        return re.findall(r'class="(?:title|claim|figure|company)" href="([^"]+)"', c.get(url).text)

    for url in ["/claims?company=Hikvision", "/figures?unit=USD&sort=value", "/search?q=surveillance&sort=date"]:
        got = remote.get(url)
        assert got.status_code == 200, url
        assert rows(remote, url) and len(rows(remote, url)) == len(rows(client, url)), url
    page = remote.get("/companies/SenseTime")
    assert page.status_code == 200 and "7.7bn" in page.text.split('id="ledger"')[1]
    claim = re.search(r'href="(/claims/[^"]+)"', remote.get("/claims?company=Hikvision").text).group(1)
    assert "<mark>" in remote.get(claim).text
    assert remote.get("/claims.csv?company=Hikvision").text.count("\n") == 3


def test_a_build_while_serving_is_not_held_up_and_shows_on_the_next_pages(tmp_path, monkeypatch):
    import time

    from newsindex.index import build
    from newsindex.web import app as web_app

    monkeypatch.setattr(web_app, "KEEP_OPEN", 0.3)
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "one.txt").write_text("Acme opens a plant\n\nAcme opened a plant in Lyon on Monday.\n")
    build(corpus, tmp_path / "ix")
    client = TestClient(make_app(tmp_path / "ix", allowed_hosts=["testserver"]))
    assert "1–1 of 1 articles" in client.get("/").text  # the index is now kept open for 0.3 s
    (corpus / "two.txt").write_text("Acme closes a plant\n\nAcme closed a plant in Turin on Friday.\n")
    report = build(corpus, tmp_path / "ix")  # its commit waits for the kept index to be let go
    assert report.added == 1
    time.sleep(0.4)
    assert "1–2 of 2 articles" in client.get("/").text

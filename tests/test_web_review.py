"""The claim and figure pages' review and correction forms: POST with a CSRF token, appended to
the corpus's corrections.toml by the function `newsindex review` and `newsindex correct` call,
applied by the next build. Skipped where the corrections workflow is not part of this version."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("starlette")
pytest.importorskip("newsindex.corrections", reason="the corrections workflow is not part of this version")

from starlette.testclient import TestClient  # noqa: E402

from newsindex.web import make_app  # noqa: E402


ARTICLE = ("Acme opens a plant in Lyon\n\n"
           "LYON - Acme Corp opened a battery plant in Lyon on Monday, the company said.\n\n"
           "\"We are proud of this plant and of the 400 people who will work in it,\" said Jane Roe, "
           "the chief executive of Acme.\n")


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A corpus of its own (the forms write to it), built by the real parser (the build applies
    corrections to what it parses), and a client holding the token cookie of a claim's page."""
    from newsindex.index import build
    from newsindex.search import iter_rows

    monkeypatch.setenv("NEWSINDEX_USER", "alice")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "acme.txt").write_text(ARTICLE, encoding="utf-8")
    index = tmp_path / "index"
    build(corpus, index)
    claims = list(iter_rows("claims", None, None, index_dir=index))
    assert claims, "the parser found no claim in the sample article"
    claim = claims[0]
    client = TestClient(make_app(index, corpus=corpus, allowed_hosts=["testserver"]))
    page = client.get(f"/claims/{claim['id']}")
    token = re.search(r'name="csrf" value="([0-9a-f]{64})"', page.text).group(1)
    assert client.cookies.get("newsindex_csrf") == token
    return {"client": client, "corpus": corpus, "index": index, "claim": claim, "token": token}


def _post(site, action: str, **fields):
    return site["client"].post(f"/claims/{site['claim']['id']}/{action}", data=fields, follow_redirects=False)


def test_verify_appends_a_review_and_returns_to_the_page(site):
    r = _post(site, "review", csrf=site["token"], status="verified", note="checked against the recording")
    assert r.status_code == 303
    assert r.headers["location"] == f"/claims/{site['claim']['id']}?recorded=review"
    text = (site["corpus"] / "corrections.toml").read_text()
    assert 'status = "verified"' in text and "checked against the recording" in text and '"alice"' in text
    back = site["client"].get(r.headers["location"])
    assert "The review is recorded" in back.text


def test_a_correction_shows_on_the_page_after_the_next_build(site):
    from newsindex.index import build

    r = _post(site, "correct", csrf=site["token"], speaker="Harbour Research", note="the report says it")
    assert r.status_code == 303
    build(site["corpus"], site["index"])
    page = site["client"].get(f"/claims/{site['claim']['id']}").text
    assert "corrected by alice" in page and "the report says it" in page
    assert '<td class="speaker">Harbour Research</td>' in page


def test_a_dispute_shows_as_the_review_state_after_the_build(site):
    from newsindex.index import build

    _post(site, "review", csrf=site["token"], status="disputed", note="<script>window.__pwned=1</script>")
    build(site["corpus"], site["index"])
    page = site["client"].get(f"/claims/{site['claim']['id']}").text
    assert '<p class="review-state disputed">disputed by alice' in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page and "<script>" not in page


@pytest.mark.parametrize("fields, headers", [
    ({"status": "verified"}, {}),  # no token
    ({"status": "verified", "csrf": "0" * 64}, {}),  # another token
    ({"status": "verified", "csrf": None}, {"origin": "http://attacker.example"}),  # the right token, another site
])
def test_a_form_without_the_token_or_from_another_site_is_refused(site, fields, headers):
    data = {k: (site["token"] if v is None else v) for k, v in fields.items()}
    r = site["client"].post(f"/claims/{site['claim']['id']}/review", data=data, headers=headers,
                            follow_redirects=False)
    assert r.status_code == 403
    assert not (site["corpus"] / "corrections.toml").exists()


def test_a_form_without_the_cookie_is_refused(site):
    site["client"].cookies.clear()
    r = _post(site, "review", csrf=site["token"], status="verified")
    assert r.status_code == 403 and not (site["corpus"] / "corrections.toml").exists()


@pytest.mark.parametrize("action, fields, message", [
    ("review", {"status": "maybe"}, "review: choose verified or disputed"),
    ("review", {}, "review: choose verified or disputed"),
])
def test_bad_forms_get_a_400_page_and_write_nothing(site, action, fields, message):
    r = _post(site, action, csrf=site["token"], **fields)
    assert r.status_code == 400 and message in r.text
    assert not (site["corpus"] / "corrections.toml").exists()


def test_an_empty_correction_is_refused_with_the_commands_message(site):
    r = _post(site, "correct", csrf=site["token"])
    assert r.status_code == 400 and "Error: " in r.text
    assert not (site["corpus"] / "corrections.toml").exists()


def test_only_urlencoded_forms_are_read(site):
    r = site["client"].post(f"/claims/{site['claim']['id']}/review", content=b'{"status": "verified"}',
                            headers={"content-type": "application/json"}, follow_redirects=False)
    assert r.status_code == 400


def test_an_unknown_record_is_refused(site):
    r = site["client"].post("/claims/ffffffffffff:c1/review", data={"csrf": site["token"], "status": "verified"},
                            follow_redirects=False)
    assert r.status_code == 400 and "ffffffffffff" in r.text
    assert not (site["corpus"] / "corrections.toml").exists()


def test_get_on_a_form_address_is_not_allowed(site):
    assert site["client"].get(f"/claims/{site['claim']['id']}/review").status_code == 405


def test_the_review_filter_of_a_listing_and_its_export(site):
    from newsindex.index import build

    _post(site, "review", csrf=site["token"], status="verified")
    build(site["corpus"], site["index"])
    client = site["client"]
    verified = client.get("/claims?review=verified")
    assert site["claim"]["id"] in verified.text
    assert site["claim"]["id"] not in client.get("/claims?review=disputed").text
    m = client.get("/claims.csv.manifest.json?review=verified").json()
    assert m["command"] == "newsindex export claims --format csv --verified" and m["rows"] == 1


def test_listings_mark_reviewed_and_corrected_rows(site):
    from newsindex.index import build

    _post(site, "review", csrf=site["token"], status="disputed")
    _post(site, "correct", csrf=site["token"], speaker="Harbour Research")
    build(site["corpus"], site["index"])
    row = site["client"].get("/claims").text.split(f'/claims/{site["claim"]["id"]}"')[1].split("</tr>")[0]
    assert '<span class="badge review-state disputed"' in row and '<span class="badge corrected">corrected</span>' in row

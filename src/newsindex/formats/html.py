"""Saved web pages: the main text and metadata of an HTML page, with trafilatura.

The page's own structured metadata comes first: JSON-LD (``NewsArticle`` and its kin:
``headline``, ``datePublished``, ``author``, ``publisher``), then OpenGraph and ``<meta>``
tags (``og:site_name``, ``article:published_time``, ``author``), then what trafilatura
finds (its date is htmldate's guess). The body is trafilatura's main text, one paragraph
per block; the text parser then runs over it like over any copied article.
"""

from __future__ import annotations

import json
import logging
import re

from .document import Document, paragraphs, split_authors

#: JSON-LD types that describe an article
ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
                 "backgroundnewsarticle", "blogposting", "webpage", "report", "liveblogposting", "scholarlyarticle",
                 "techarticle", "socialmediaposting"}

#: <meta> names and properties of the publication time, best first
DATE_META = ("article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
             "publish-date", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dc.date", "dcterms.date",
             "date", "citation_publication_date")
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "citation_author")
SITE_META = ("og:site_name", "application-name", "publisher", "dc.publisher", "citation_journal_title")


def read_page(raw: bytes, *, fmt: str = "html", url: str | None = None, part: int | None = None,
              fetched: str | None = None, name: str = "<page>") -> Document:
    """An HTML page's bytes -> a Document. Raises ValueError when the page has no article text."""
    import lxml.html
    from lxml import etree

    try:
        tree = lxml.html.fromstring(raw)
    except (etree.ParserError, ValueError) as e:
        raise ValueError(f"not readable as HTML ({e})") from None
    meta = _page_meta(tree)
    body, tmeta = _main_text(raw, url or meta.get("url"))
    doc = Document(body=body, format=fmt, part=part, url=url or meta.get("url") or tmeta.get("url"),
                   fetched=fetched)
    # trafilatura's title is a guess from <title> or the first heading; without either it is page chrome
    has_heading = tree.find(".//title") is not None or tree.find(".//h1") is not None
    doc.title = meta.get("title") or (tmeta.get("title") if has_heading else None)
    doc.page_text = _visible_text(tree)
    doc.authors = meta.get("authors") or split_authors(tmeta.get("author"))
    if meta.get("published"):
        doc.published, doc.published_source = meta["published"], meta["published_from"]
    elif tmeta.get("date"):
        doc.published, doc.published_source = tmeta["date"], "htmldate"
    doc.published_text = doc.published
    for site in (meta.get("publisher"), meta.get("site"), tmeta.get("sitename")):
        if site and site not in doc.outlets:
            doc.outlets.append(site)
    if doc.url:
        doc.outlets.append(doc.url)
    doc.language = meta.get("language") or tmeta.get("language")
    if not body.strip():
        raise ValueError("no article text found in the page")
    return doc


BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "td", "th", "section", "article",
          "header", "footer", "time", "figcaption", "blockquote", "dd", "dt", "address", "title", "nav", "aside"}


def _visible_text(tree) -> str:
    """The page as a person copying it would get it: block elements as paragraphs, no scripts."""
    import copy

    from lxml import etree

    root = copy.deepcopy(tree)
    for bad in root.xpath("//script|//style|//noscript|//template|//head|//nav|//aside|//form|//button|//select"):
        bad.drop_tree() if hasattr(bad, "drop_tree") else bad.getparent().remove(bad)
    for foot in root.xpath("//footer"):  # links and legal chrome; a copyright line names the outlet: kept
        if not re.search(r"(?i)©|\(c\)|copyright|rights reserved", foot.text_content()):
            foot.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in BLOCKS:
            el.tail = "\n\n" + (el.tail or "")
            el.text = "\n\n" + (el.text or "")
    text = etree.tostring(root, method="text", encoding="unicode", with_tail=False) or ""
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)[:200_000]


def _main_text(raw: bytes, url: str | None) -> tuple[str, dict]:
    import trafilatura

    for name in ("trafilatura", "htmldate", "courlan", "justext"):  # their notes would reach stderr
        logging.getLogger(name).setLevel(logging.CRITICAL)

    result = trafilatura.bare_extraction(raw, url=url, with_metadata=True, include_comments=False,
                                         include_tables=True, deduplicate=False)
    if result is None:
        return "", {}
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = data.get("text") or ""
    lines = text.split("\n")
    title = " ".join((data.get("title") or "").split())
    if lines and title and " ".join(lines[0].split()) == title:
        lines = lines[1:]  # trafilatura repeats the <h1>
    return paragraphs(lines), data


def _page_meta(tree) -> dict:
    """JSON-LD, OpenGraph and <meta> values of a page (a key only where the page states it)."""
    out: dict = {}
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang:
        out["language"] = lang.split("-")[0].lower()
    nodes = sorted(_jsonld_articles(tree), key=lambda n: str(n.get("@type")).lower() == "webpage")
    for node in nodes:
        headline = node.get("headline") or node.get("name")
        if isinstance(headline, str) and headline.strip() and "title" not in out:
            out["title"] = " ".join(headline.split())
        date = node.get("datePublished") or node.get("dateCreated")
        if isinstance(date, str) and date.strip() and "published" not in out:
            out["published"], out["published_from"] = date.strip(), "json-ld"
        authors = split_authors(node.get("author") or node.get("creator"))
        if authors and "authors" not in out:
            out["authors"] = authors
        pub = node.get("publisher") or node.get("sourceOrganization")
        pub_name = pub.get("name") if isinstance(pub, dict) else pub if isinstance(pub, str) else None
        if isinstance(pub_name, str) and pub_name.strip() and "publisher" not in out:
            out["publisher"] = pub_name.strip()
        page = node.get("url") or node.get("mainEntityOfPage")
        page = page.get("@id") if isinstance(page, dict) else page
        if isinstance(page, str) and page.startswith(("http://", "https://")) and "url" not in out:
            out["url"] = page
    metas = {}
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        value = (m.get("content") or "").strip()
        if key and value and key not in metas:
            metas[key] = value
    if "title" not in out and metas.get("og:title"):
        out["title"] = " ".join(metas["og:title"].split())
    if "published" not in out:
        for key in DATE_META:
            if metas.get(key):
                out["published"] = metas[key]
                out["published_from"] = "opengraph" if ":" in key else "meta"
                break
    if "authors" not in out:
        for key in AUTHOR_META:
            names = split_authors(metas.get(key))
            if names:
                out["authors"] = names
                break
    for key in SITE_META:
        if metas.get(key):
            out["site"] = metas[key]
            break
    if "url" not in out:
        for link in tree.iter("link"):
            if (link.get("rel") or "").lower() == "canonical" and (link.get("href") or "").startswith("http"):
                out["url"] = link.get("href").strip()
                break
        else:
            if metas.get("og:url", "").startswith("http"):
                out["url"] = metas["og:url"]
    return out


def _jsonld_articles(tree):
    """Article-like objects in the page's JSON-LD blocks (also inside @graph and lists)."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = (script.text or "").strip()
        if not text:
            continue
        try:
            data = json.loads(text, strict=False)
        except ValueError:
            try:  # a trailing comma or a stray semicolon is common
                data = json.loads(re.sub(r",\s*([\]}])", r"\1", text.rstrip(";")), strict=False)
            except ValueError:
                continue
        yield from _walk(data, 0)


def _walk(node, depth: int):
    if depth > 6:
        return
    if isinstance(node, list):
        for n in node:
            yield from _walk(n, depth + 1)
    elif isinstance(node, dict):
        types = node.get("@type")
        types = types if isinstance(types, list) else [types]
        if any(isinstance(t, str) and t.lower() in ARTICLE_TYPES for t in types):
            yield node
        if "@graph" in node:
            yield from _walk(node["@graph"], depth + 1)

"""Nexis Uni and LexisNexis exports: hundreds of articles per file, split on their separators.

* **Nexis Uni** (``.docx``, also saved as text): articles end with an ``End of Document`` line;
  each starts with the headline, the publication and the date, then labelled lines (``Section:``,
  ``Length:``, ``Byline:``, a no-break space after the colon), a ``Body`` line, the body, and
  indexing lines (``Classification``, ``Language:``, ``Load-Date:``). A download's cover page
  (user name, job number, the list of documents) comes before the first article.
* **LexisNexis** text exports: articles start with ``N of M DOCUMENTS``; then the publication,
  the date (and edition), the headline, upper-case labels (``BYLINE:``, ``SECTION:``,
  ``LENGTH:``), the body, and ``LOAD-DATE:``, ``LANGUAGE:`` lines.

The publication line is the outlet. ``Load-Date`` is when the database loaded the article, not
its publication date: it is kept in ``format_fields`` only. Labels and words: ``data/exports.toml``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .document import Document, paragraphs

_LEXIS_SEP = re.compile(r"^[ \t]*\d{1,6} of \d{1,6} DOCUMENTS?[ \t]*$", re.M)
_NEXIS_END = re.compile(r"^[ \t]*End of Document[ \t]*$", re.M)
_PAGE = "\f"  # a page break in a Word file (the docx reader writes one)


@lru_cache(maxsize=1)
def _table() -> dict:
    from .. import data

    return data.load("exports")["lexis"]


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    """label (lower case) -> field name"""
    t = _table()
    out = {}
    for key in ("byline", "section", "length", "load_date", "language", "headline", "dateline", "url"):
        for label in t[key]:
            out[label] = key
    for label in t["other"]:
        out.setdefault(label, label.replace(" ", "_").replace("-", "_"))
    for label in t["trailer"]:
        out.setdefault(label, label.replace(" ", "_").replace("-", "_"))
    return out


@lru_cache(maxsize=1)
def _label_re() -> re.Pattern:
    names = sorted(_labels(), key=len, reverse=True)
    return re.compile(r"^\s*(" + "|".join(re.escape(n) for n in names) + r")\s*:[\s\u00a0]*(.*)$", re.I)


def read(raw: bytes, fmt: str, name: str = "<export>"):
    """The articles of an export: Nexis Uni (``.docx`` bytes or text) or a LexisNexis text export."""
    from ..corpus import decode

    if raw.startswith(b"PK\x03\x04"):
        text = docx_text(raw)
        if not _NEXIS_END.search(text):
            raise ValueError("a Word document that is not a Nexis Uni export (no \"End of Document\" line) — "
                             "newsindex reads Word files only as Nexis Uni exports")
        fmt = "nexis"
    else:
        text, _ = decode(raw, name)
        text = text.replace("\u00a0", " ")
    return _articles(text, fmt)


def docx_text(raw: bytes) -> str:
    """The paragraphs of a .docx as lines (a page break as a form feed), with the standard library's zipfile and lxml."""
    import io
    import zipfile

    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            if "word/document.xml" not in z.namelist():
                raise ValueError("a zip file that is not a Word document")
            info = z.getinfo("word/document.xml")
            if info.file_size > 200 * 1024 * 1024:
                raise ValueError("a Word document too large to read")
            xml = z.read("word/document.xml")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError) as e:
        raise ValueError(f"not a readable Word document ({e})") from None
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    try:
        root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except etree.XMLSyntaxError as e:
        raise ValueError(f"not a readable Word document ({e})") from None
    lines = []
    for p in root.iter(f"{w}p"):
        parts = []
        for node in p.iter(f"{w}t", f"{w}tab", f"{w}br"):
            if node.tag == f"{w}t":
                parts.append(node.text or "")
            elif node.tag == f"{w}tab":
                parts.append(" ")
            elif node.get(f"{w}type") == "page":
                parts.append(_PAGE)
            else:
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(lines).replace("\u00a0", " ")


def _articles(text: str, fmt: str):
    from .reader import Skipped

    if fmt == "lexisnexis":
        chunks = _LEXIS_SEP.split(text)[1:]
    else:
        chunks = _NEXIS_END.split(text)
        if chunks and not chunks[-1].strip():
            chunks = chunks[:-1]
        elif chunks and not _label_re().search(chunks[-1]) and len(chunks) > 1:
            chunks = chunks[:-1]  # the download's closing lines, not an article
    for part, chunk in enumerate(chunks, 1):
        try:
            doc = _article(chunk, fmt, part, first=part == 1)
        except ValueError as e:
            yield Skipped(part, str(e))
            continue
        yield doc


def _lines(chunk: str) -> list[str]:
    return [" ".join(line.replace(_PAGE, " ").split()) for line in chunk.split("\n")]


def _is_label(line: str):
    m = _label_re().match(line)
    return (_labels()[m.group(1).lower()], m.group(2).strip()) if m else None


def _article(chunk: str, fmt: str, part: int, first: bool) -> Document:
    if first and fmt == "nexis" and _PAGE in chunk:
        # the cover page ends at the last page break before the first labelled line
        m = _label_re().search(chunk.replace(_PAGE, "\n" + _PAGE))
        head = chunk[: m.start()] if m else chunk
        cut = head.rfind(_PAGE)
        if cut >= 0:
            chunk = chunk[cut + 1:]
    lines = _lines(chunk)
    cover = [re.compile(p) for p in _table()["cover"]]
    trailer = {t for t in _table()["trailer"]}
    fields: dict[str, str] = {}
    header: list[str] = []
    body: list[str] = []
    state = "header"
    last_label = None
    for line in lines:
        if state == "header" and not header and not line:
            continue
        label = _is_label(line)
        if label and state != "body-end":
            key, value = label
            raw_label = _label_re().match(line).group(1).lower()
            if state == "body" and raw_label not in trailer:
                body.append(line)  # "Update: ..." inside the text: not a label
                continue
            if state == "body":
                state = "trailer"
            elif state == "header":
                state = "labels"
            fields.setdefault(key, value)
            last_label = key
            continue
        if state == "header":
            if fmt == "nexis" and first and any(c.search(line) for c in cover):
                header = []  # still on the cover page
                continue
            header.append(line)
        elif state == "labels":
            if fmt == "nexis" and line.lower() == "body":
                state = "body"
            elif not line:
                last_label = None
            elif last_label and fmt == "lexisnexis":
                fields[last_label] += " " + line  # a label's value going on (no blank line after it)
            else:
                state = "body"
                body.append(line)
        elif state == "body":
            if fmt == "nexis" and line.lower() in ("classification", "graphic"):
                state = "trailer"
                continue
            body.append(line)
        # trailer: indexing lines, dropped
    return _document(header, fields, body, fmt, part)


def _document(header: list[str], fields: dict, body: list[str], fmt: str, part: int) -> Document:
    from ..extract.metadata import find_dates, parse_byline

    edition = [re.compile(p) for p in _table()["edition"]]
    header = [h for h in header if h]
    kept = [h for h in header if not any(e.search(h) for e in edition)]
    date_idx = next((i for i, h in enumerate(kept) if find_dates(h) and len(h.split()) <= 8), None)
    title = fields.get("headline")
    outlet = None
    published = None
    if date_idx is not None:
        published = kept[date_idx]
        before, after = kept[:date_idx], kept[date_idx + 1:]
        if after:  # LexisNexis: publication, date, headline
            outlet = before[-1] if before else None
            title = title or " ".join(after)
        else:  # Nexis Uni: headline, publication, date
            outlet = before[-1] if before else None
            title = title or (" ".join(before[:-1]) or None)
    elif kept:
        title = title or kept[0]
        outlet = kept[1] if len(kept) > 1 else None
    # trailing copyright lines of the body are not text
    while body and (not body[-1] or any(e.search(body[-1]) for e in edition[2:])):
        body.pop()
    text = paragraphs(_join_wrapped(body, fmt))
    if not text and not title:
        raise ValueError("no headline and no text")
    doc = Document(body=text, format=fmt, part=part, title=title)
    if fields.get("byline"):
        byline = parse_byline(fields["byline"]) or fields["byline"]
        doc.authors = [a for a in byline.split("; ") if a]
    if published:
        doc.published, doc.published_text, doc.published_source = published, published, fmt
    if outlet:
        doc.outlets = [outlet]
    if fields.get("url"):
        doc.url = fields["url"]
        doc.outlets.append(fields["url"])
    lang = fields.get("language")
    doc.language = _language(lang) if lang else None
    doc.extra = {k: v for k, v in fields.items() if k not in ("byline", "headline", "url") and v}
    if not text:
        doc.warnings.append(f"{fmt}: the article has no text")
    return doc


def _join_wrapped(lines: list[str], fmt: str) -> list[str]:
    """LexisNexis text wraps paragraphs at about 70 characters: lines are joined up to a blank line."""
    if fmt != "lexisnexis":
        return lines
    out, cur = [], []
    for line in lines + [""]:
        if line:
            cur.append(line)
        elif cur:
            out.append(" ".join(cur))
            cur = []
    return out


_LANGS = {"english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it", "portuguese": "pt",
          "dutch": "nl", "chinese": "zh", "japanese": "ja", "russian": "ru", "arabic": "ar"}


def _language(value: str) -> str:
    v = value.strip().split(";")[0].strip().lower()
    return _LANGS.get(v, v[:2] if len(v) > 3 else v)

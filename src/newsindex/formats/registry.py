"""Which format a file is in: by its extension and by its first bytes.

A file's extension says what it should be; its content says what it is. HTML saved as
``.txt`` is read as HTML, a LexisNexis export saved as ``.txt`` is split into its articles,
and a PDF or a Word file that is not a news export is refused with one line that names
the formats newsindex reads. Nothing here imports the rest of the project at import time
(``corpus.py`` imports ``EXTENSIONS``).
"""

from __future__ import annotations

import gzip
import io
import re
import zlib

#: format name -> (what it is, its extensions). "text" is the plain-text parser of corpus.py.
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "text": ("plain text", (".txt", ".md")),
    "html": ("saved web pages", (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")),
    "warc": ("web archives", (".warc", ".warc.gz")),
    "records": ("record files", (".csv", ".json", ".jsonl", ".ndjson")),
    "nexis": ("Nexis Uni exports", (".docx",)),
    "lexisnexis": ("LexisNexis text exports", ()),
    "factiva": ("Factiva exports", (".xml",)),
}

#: Extensions of documents that are looked at and refused unless their content is a news export.
REFUSED = {".pdf": "a PDF document", ".doc": "a Word 97-2003 document", ".rtf": "an RTF document",
           ".odt": "an OpenDocument text"}

EXTENSIONS: tuple[str, ...] = tuple(e for _, exts in FORMATS.values() for e in exts) + tuple(REFUSED)

#: the one line that says what is read, for refusals
READ_LIST = ("newsindex reads plain text (.txt, .md), saved web pages (.html, .htm), web archives (.warc, .warc.gz), "
             "Nexis Uni (.docx) and LexisNexis/Factiva exports, and record files (.csv, .json, .jsonl)")

#: how much of a file's start is looked at
HEAD = 65536

_HTML_RE = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
                      re.I | re.S)
_TAGS_RE = re.compile(rb"<(?:p|div|br|meta|title|a|span|article|h1|h2|script|table|td|tr)[\s/>]", re.I)
_LEXIS_RE = re.compile(rb"^[ \t]*\d{1,6} of \d{1,6} DOCUMENTS?[ \t]*\r?$", re.M)
_NEXIS_RE = re.compile(rb"^[ \t]*End of Document[ \t]*\r?$", re.M)
_FACTIVA_HTML_RE = re.compile(rb"<td[^>]*>\s*(?:<b>)?\s*HD\s*(?:</b>)?\s*</td>|class=\"?[^\">]*enHeadline", re.I)
_FACTIVA_XML_RE = re.compile(rb"<(?:article|dowjones|ppsArticle)\b[^>]*>.*?<(?:HD|hd|headline)\b", re.S)


def suffix(name: str) -> str:
    """The extension that names a format, double ones included.

    >>> suffix("Saved Page.HTML.gz"), suffix("crawl.warc.gz"), suffix("a.b.txt"), suffix("x.gz")
    ('.html.gz', '.warc.gz', '.txt', '.gz')
    """
    low = name.lower()
    for ext in sorted(EXTENSIONS, key=len, reverse=True):
        if low.endswith(ext):
            return ext
    dot = low.rfind(".")
    return low[dot:] if dot > 0 else ""


def gunzip_head(head: bytes) -> bytes:
    """The first bytes of a gzip stream's content (as many as the head holds)."""
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        return d.decompress(head, HEAD)
    except zlib.error:
        return b""


def _text_head(head: bytes) -> bytes:
    """The head as ASCII-compatible bytes (UTF-16 turned into UTF-8 for sniffing)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) > 3 and head[1:2] == b"\0" and head[3:4] == b"\0"):
        enc = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-16-le"
        return head[: len(head) // 2 * 2].decode(enc, "replace").encode("utf-8")
    if head.startswith(b"\xef\xbb\xbf"):
        return head[3:]
    return head


def sniff(name: str, head: bytes) -> str:
    """The format of a file from its name and first bytes, or raises ValueError with the reason.

    >>> sniff("a.txt", b"<!DOCTYPE html><html><p>x</p>")
    'html'
    >>> sniff("a.txt", b"Plain words.")
    'text'
    >>> sniff("a.html", b"Plain words, no markup at all.")
    'text'
    >>> sniff("crawl.warc", b"WARC/1.0\\r\\nWARC-Type: warcinfo\\r\\n")
    'warc'
    >>> sniff("paper.pdf", b"%PDF-1.7 ...")
    Traceback (most recent call last):
    ValueError: a PDF document, not a news export
    """
    ext = suffix(name)
    if head.startswith(b"\x1f\x8b"):
        inner = gunzip_head(head)
        if inner.startswith(b"WARC/"):
            return "warc"
        if ext in (".html.gz", ".htm.gz") or _HTML_RE.match(inner):
            return "html"
        raise ValueError("a gzip-compressed file that is not a web page or a web archive")
    if head.startswith(b"WARC/"):
        return "warc"
    if ext in FORMATS["text"][1] and head.startswith((b"%PDF", b"\xd0\xcf\x11\xe0", b"PK\x03\x04")):
        return "text"  # a document renamed .txt: the text reader refuses it as binary
    if head.startswith(b"%PDF"):
        raise ValueError("a PDF document, not a news export")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValueError("a Word 97-2003 (or other OLE) document, not a news export")
    if head.startswith(b"PK\x03\x04"):
        return "nexis"  # the reader checks it is a Word file holding a Nexis Uni export, and refuses it otherwise
    if head.lstrip().startswith(b"{\\rtf"):
        raise ValueError("an RTF document, not a news export")
    text = _text_head(head)
    if _FACTIVA_XML_RE.search(text) and ext not in (".html", ".htm", ".xhtml") and not _HTML_RE.match(text):
        return "factiva"
    if _HTML_RE.match(text) or (ext in (".html", ".htm", ".xhtml") and len(_TAGS_RE.findall(text)) >= 2):
        return "factiva" if _FACTIVA_HTML_RE.search(text) else "html"
    if _LEXIS_RE.search(text):
        return "lexisnexis"
    if _NEXIS_RE.search(text) and re.search(rb"(?im)^\s*(?:Load-Date|Length|Byline)\s*:", text):
        return "nexis"
    if ext in (".csv", ".json", ".jsonl", ".ndjson"):
        return "records"
    if ext in REFUSED:
        raise ValueError(f"{REFUSED[ext]}, not a news export")
    if ext == ".xml":
        raise ValueError("an XML file that is not a Factiva export")
    return "text"


def label(fmt: str) -> str:
    return FORMATS.get(fmt, (fmt,))[0]


def read_head(path) -> bytes:
    """The first HEAD bytes of a file (the caller has checked it is a readable regular file)."""
    with open(path, "rb") as fh:
        return fh.read(HEAD)


def gunzip(raw: bytes, limit: int, name: str) -> bytes:
    """A whole gzip file's content, refusing one that inflates past ``limit`` bytes."""
    out = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as gz:
            while True:
                block = gz.read(1 << 20)
                if not block:
                    break
                out.write(block)
                if out.tell() > limit:
                    raise ValueError(f"inflates past the size limit ({limit:,} bytes)")
    except (OSError, EOFError, zlib.error) as e:
        if out.tell() == 0:
            raise ValueError(f"damaged gzip data ({e})") from None
    return out.getvalue()

"""Web archives (``*.warc``, ``*.warc.gz``, e.g. Common Crawl's CC-NEWS), streamed with warcio.

Each HTML response record is read as a saved page (:mod:`.html`): ``WARC-Target-URI`` is its
URL, the record's ``WARC-Date`` is kept as ``fetched`` (the crawl date, never the publication
date), ``WARC-Record-ID`` as its source id. Non-HTML responses, error and redirect answers,
duplicates (revisit records, a payload already seen) and truncated records are skipped and
counted; the counts are one warning at the end. Records are read one at a time from the open
file, so memory does not grow with the archive's size.
"""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from pathlib import Path

from .html import read_page


def read(path: Path, limit: int):
    """The articles of a WARC file, streamed (``limit``: the largest record payload read)."""
    with open(path, "rb") as fh:
        yield from _records(fh, limit)


def read_bytes(raw: bytes, limit: int):
    """The articles of a WARC held in memory (a small archive under another name)."""
    yield from _records(io.BytesIO(raw), limit)


def _records(stream, limit: int):
    from warcio.archiveiterator import ArchiveIterator

    from .reader import Skipped

    counts: Counter = Counter()
    seen: set[str] = set()
    part = 0
    try:
        for rec in ArchiveIterator(stream, arc2warc=True):
            if rec.rec_type == "revisit":
                counts["duplicate"] += 1
                continue
            if rec.rec_type not in ("response", "resource"):
                continue
            part += 1
            headers = rec.rec_headers
            if headers.get_header("WARC-Truncated"):
                counts["truncated"] += 1
                continue
            if rec.http_headers is not None:
                status = rec.http_headers.get_statuscode() or ""
                if not status.startswith("2"):
                    counts["redirect" if status.startswith("3") else "error answer"] += 1
                    continue
                ctype = rec.http_headers.get_header("Content-Type") or ""
            else:
                ctype = headers.get_header("Content-Type") or ""
            if "html" not in ctype.lower():
                counts["non-HTML"] += 1
                continue
            payload = rec.content_stream().read(limit + 1)
            if len(payload) > limit:
                counts["too large"] += 1
                continue
            length = headers.get_header("Content-Length")
            digest = headers.get_header("WARC-Payload-Digest") or hashlib.sha1(payload).hexdigest()
            uri = headers.get_header("WARC-Target-URI") or ""
            if digest in seen:
                counts["duplicate"] += 1
                continue
            seen.add(digest)
            if length and length.isdigit() and rec.length is not None and rec.length < int(length):
                counts["truncated"] += 1
                continue
            try:
                doc = read_page(payload, fmt="warc", url=uri or None, part=part,
                                fetched=headers.get_header("WARC-Date"))
            except ValueError:
                counts["no article text"] += 1
                continue
            doc.source_id = headers.get_header("WARC-Record-ID") or None
            yield doc
    except Exception as e:  # a damaged or cut archive: what was read stands, the rest is reported
        counts_text = _summary(counts)
        yield Skipped(None, f"the archive is damaged after {part} record(s) ({type(e).__name__}: "
                            f"{' '.join(str(e).split())[:200]}): the rest was not read" + (f"; {counts_text}" if counts_text else ""))
        return
    if counts:
        yield Skipped(None, _summary(counts))


def _summary(counts: Counter) -> str:
    """One line: what was skipped and how often.

    >>> _summary(Counter({"non-HTML": 3, "duplicate": 1}))
    'skipped 4 record(s): 3 non-HTML, 1 duplicate'
    """
    if not counts:
        return ""
    parts = ", ".join(f"{n} {what}" for what, n in counts.most_common())
    return f"skipped {sum(counts.values())} record(s): {parts}"

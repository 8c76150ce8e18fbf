"""``newsindex add URL``: download pages once into the corpus, so builds never touch the network.

Each page is stored as ``<corpus>/web/<host>/<slug>.html`` and recorded in
``<corpus>/web/sources.toml`` (its ``url``, the address asked for if a redirect moved it, and
the time it was fetched), so the corpus stays the record of what was read. A URL already in the
corpus is not fetched again. Timeouts, HTTP errors, non-HTML answers, redirects and pages over
the size limit each give one line; a page is written to a temporary file and renamed only when
complete, and the sidecar is rewritten the same way, so nothing half-written is left behind.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

WEB = "web"
SIDECAR = "sources.toml"
TIMEOUT = 20.0  # seconds, per request
MAX_REDIRECTS = 5
USER_AGENT = "newsindex (+https://pypi.org/project/newsindex/) python-urllib"


class FetchError(Exception):
    """A page that could not be added: the reason, one line."""


@dataclass
class Added:
    url: str
    path: str | None  # relative to the corpus
    status: str  # added / present / failed
    message: str = ""


def slug_for(url: str) -> tuple[str, str]:
    """(host, file name) where a page is kept.

    >>> slug_for("https://www.example.com/news/2021/03/harbour-cameras/")
    ('www.example.com', 'news-2021-03-harbour-cameras.html')
    >>> slug_for("http://127.0.0.1:8080/")
    ('127.0.0.1_8080', 'index.html')
    >>> slug_for("https://example.com/story?id=7")[1]
    'story-f422c82d.html'
    """
    parts = urlsplit(url)
    host = (parts.hostname or "unknown").lower()
    if parts.port:
        host += f"_{parts.port}"
    path = re.sub(r"\.(s?html?|php|aspx?|jsp)$", "", parts.path, flags=re.I)
    words = [re.sub(r"[^\w.-]+", "-", seg).strip("-.") for seg in path.split("/")]
    slug = "-".join(w for w in words if w)[:100].strip("-.") or "index"
    if parts.query:
        slug += "-" + hashlib.sha256(parts.query.encode()).hexdigest()[:8]
    return re.sub(r"[^\w.-]", "_", host), slug + ".html"


def check_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("not an http:// or https:// address")
    return url.strip()


def add_urls(urls, corpus: Path, *, timeout: float = TIMEOUT, limit: int | None = None,
             on_result=None) -> list[Added]:
    """Fetch each URL not yet in the corpus into ``<corpus>/web``; returns what happened to each."""
    from ..corpus import max_bytes

    limit = limit or max_bytes()
    web = Path(corpus) / WEB
    known = _known(web)
    out = []
    for url in urls:
        try:
            url = check_url(url)
            if url in known:
                result = Added(url, f"{WEB}/{known[url]}", "present", "already in the corpus: not fetched again")
            else:
                result = _add_one(url, web, timeout, limit, known)
        except FetchError as e:
            result = Added(url, None, "failed", str(e))
        out.append(result)
        if on_result:
            on_result(result)
    return out


def _known(web: Path) -> dict[str, str]:
    """url (and the address asked for) -> file, from the web folder's sidecar."""
    from ..corpus import load_sidecar

    if not (web / SIDECAR).is_file():
        return {}
    table = load_sidecar(web).entries
    out = {}
    for file, entry in table.items():
        for key in ("url", "requested_url"):
            if entry.get(key):
                out[str(entry[key])] = file
    return out


def _add_one(url: str, web: Path, timeout: float, limit: int, known: dict) -> Added:
    body, final, ctype = fetch(url, timeout=timeout, limit=limit)
    host, name = slug_for(final)
    rel = f"{host}/{name}"
    folder = web / host
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    fetched = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    _write_atomic(target, body)
    entry = {"file": rel, "url": final, "fetched": fetched}
    if final != url:
        entry["requested_url"] = url
    try:
        _append_sidecar(web / SIDECAR, entry)
    except OSError:
        target.unlink(missing_ok=True)
        raise
    known[url] = known[final] = rel
    message = f"redirected to {final}" if final != url else ""
    return Added(url, f"{WEB}/{rel}", "added", message)


def fetch(url: str, *, timeout: float = TIMEOUT, limit: int = 20 * 1024 * 1024) -> tuple[bytes, str, str]:
    """(bytes, final URL, content type) of an HTML page; raises FetchError with one line."""
    import http.client
    import urllib.error
    import urllib.request

    redirects: list[str] = []

    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS

        def redirect_request(self, req, fp, code, msg, headers, newurl):
            redirects.append(newurl)
            if urlsplit(newurl).scheme not in ("http", "https"):
                raise FetchError(f"redirected to a non-web address ({newurl})")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    opener = urllib.request.build_opener(Redirects)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"})
    deadline = time.monotonic() + timeout * 3
    try:
        with opener.open(request, timeout=timeout) as resp:
            ctype = resp.headers.get("Content-Type", "")
            final = resp.geturl()
            if not re.search(r"(?i)\b(text/html|application/xhtml\+xml)\b", ctype):
                raise FetchError(f"not a web page (Content-Type: {ctype or 'none'})")
            length = resp.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise FetchError(f"too large ({int(length):,} bytes; the limit is {limit:,})")
            chunks, size = [], 0
            while True:
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out after {timeout * 3:g} s (the page kept arriving)")
                block = resp.read(65536)
                if not block:
                    break
                size += len(block)
                if size > limit:
                    raise FetchError(f"too large (over {limit:,} bytes)")
                chunks.append(block)
    except FetchError:
        raise
    except urllib.error.HTTPError as e:
        if 300 <= e.code < 400:
            where = e.headers.get("Location") or "nowhere"
            if len(redirects) >= MAX_REDIRECTS:
                raise FetchError(f"too many redirects ({len(redirects)}, the last to {where})") from None
            raise FetchError(f"HTTP {e.code}: a redirect newsindex could not follow (to {where})") from None
        raise FetchError(f"HTTP {e.code} {e.reason}") from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise FetchError(f"timed out after {timeout:g} s") from None
        raise FetchError(f"cannot connect ({getattr(reason, 'strerror', None) or reason})") from None
    except (socket.timeout, TimeoutError):
        raise FetchError(f"timed out after {timeout:g} s") from None
    except (http.client.HTTPException, ConnectionError, OSError) as e:
        raise FetchError(f"the connection failed ({type(e).__name__}: {e})") from None
    body = b"".join(chunks)
    if not body.strip():
        raise FetchError("an empty page")
    return body, final, ctype


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _toml_string(value: str) -> str:
    """A TOML basic string.

    >>> _toml_string('a "quoted" \\\\ path')
    '"a \\\\"quoted\\\\" \\\\\\\\ path"'
    """
    out = []
    for ch in value:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _append_sidecar(path: Path, entry: dict) -> None:
    """Add one [[source]] table to the web folder's sidecar (rewritten whole, atomically)."""
    old = path.read_text(encoding="utf-8") if path.is_file() else (
        "# Pages added by `newsindex add`: where each came from and when it was fetched.\n")
    block = "\n[[source]]\n" + "".join(f"{k} = {_toml_string(str(v))}\n" for k, v in entry.items())
    _write_atomic(path, (old.rstrip("\n") + "\n" + block).encode("utf-8"))


def urls_from_records(path: Path) -> list[str]:
    """The url column of a record file (``add --from-records``)."""
    from .reader import open_file

    opened = open_file(Path(path))
    if opened.format != "records":
        raise FetchError(f"{path}: not a record file (CSV, JSON, JSON Lines)")
    return [d.url for d in opened.documents if getattr(d, "url", None)]

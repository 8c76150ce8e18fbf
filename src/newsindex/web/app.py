"""The ASGI application: routes, the index opened per request, error pages, security headers.

Requests read the index through the backends' seam (:func:`newsindex.backends.open_backend`: the
Whoosh folder or an OpenSearch cluster); an opened index serves the requests of the next few
seconds and is then let go (:meth:`WebView.open_index`), so a build's commit never waits long on
the server and the pages soon after it show what it made. Routes take ids and names as data (SQLite parameters,
filter values); no part of a URL is ever a file path. Every value is written by Jinja2 with
autoescaping on, and the pages' Content-Security-Policy allows no script at all.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import (HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response,
                                 StreamingResponse)
from starlette.routing import Route

from .. import __version__
from ..errors import BadIndex, NewsIndexError, NotFound
from ..render import inert
from ..render.views import human, value_text
from . import exports, pages, review
from .marks import visible
from .params import EXPORT_FORMATS, PATH_OF, PATHS, filter_params, listing_url, read_listing, record_url

KEEP_OPEN = 3.0  # seconds an open index is reused by later requests (see WebView.open_index)
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
SECURITY_HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]


class SecurityHeaders:
    """ASGI middleware: the same security headers on every response (pages, exports, errors)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = dict(message, headers=[*message.get("headers", []), *SECURITY_HEADERS])
            await send(message)

        return await self.app(scope, receive, send_with_headers)


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("newsindex.web", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, finalize=visible)
    env.globals.update(record_url=record_url, listing_url=listing_url, PATH_OF=PATH_OF,
                       filter_params=filter_params, version=__version__)
    env.filters.update(number=value_text, human=human, names=_names)
    return env


def _names(items) -> list[str]:
    return [i.get("name", "") if isinstance(i, dict) else str(i) for i in items or []]


class WebView:
    """The app's state: where the index is, the templates, and how to open the index."""

    def __init__(self, index_dir=None, *, backend: str | None = None, url: str | None = None, corpus=None):
        from ..backends import backend_name

        self.backend, self.url = backend_name(backend), url
        self.index_dir = Path(index_dir) if index_dir is not None else None
        self.corpus = Path(corpus) if corpus is not None else None
        self.env = _environment()
        self.css = resources.files("newsindex.web").joinpath("static/style.css").read_bytes()
        self._lock = threading.Lock()
        self._kept = None  # the index kept open between requests (see open_index)
        self._opened = 0.0

    @contextmanager
    def open_index(self):
        """The index for one request, through the backends' seam (the folder's Whoosh index, or an
        OpenSearch cluster). One open index is kept for KEEP_OPEN seconds and reused by the
        requests of that time, one at a time (opening a 100,000-article index costs about half a
        second); a request that finds it in use opens its own. It is let go KEEP_OPEN seconds
        after it was opened, even while idle, so a build's commit (which waits for readers)
        waits no longer than that, and the pages after it show what the build made."""
        from ..backends import open_backend

        if not self._lock.acquire(blocking=False):
            ix = open_backend(backend=self.backend, url=self.url, index_dir=self.index_dir)
            try:
                yield ix
            finally:
                ix.close()
            return
        try:
            if self._kept is not None and time.monotonic() - self._opened > KEEP_OPEN:
                self._drop()
            if self._kept is None:
                self._kept = open_backend(backend=self.backend, url=self.url, index_dir=self.index_dir)
                self._opened = time.monotonic()
                timer = threading.Timer(KEEP_OPEN, self._expire)
                timer.daemon = True
                timer.start()
            try:
                yield self._kept
            except BaseException as e:
                if not isinstance(e, NewsIndexError) or isinstance(e, BadIndex):
                    self._drop()  # whatever failed may have left it unusable
                raise
        finally:
            self._lock.release()

    def _drop(self) -> None:
        kept, self._kept = self._kept, None
        if kept is not None:
            kept.close()

    def _expire(self) -> None:
        with self._lock:
            if self._kept is not None and time.monotonic() - self._opened >= KEEP_OPEN * 0.99:
                self._drop()

    def page(self, template: str, status: int = 200, **context) -> HTMLResponse:
        html = self.env.get_template(template).render(**context)
        return HTMLResponse(html, status_code=status)

    # --- routes ------------------------------------------------------------------------------

    def listing(self, request: Request) -> Response:
        kind = PATHS.get(request.url.path.strip("/").split(".", 1)[0] or "search")
        state = read_listing(kind, request.query_params)
        with self.open_index() as ix:
            data = pages.listing(ix, state)
        return self.page("listing.html", **data, csv_url=state.url(fmt="csv", page=None),
                         jsonl_url=state.url(fmt="jsonl", page=None),
                         manifest_url=state.url(fmt="csv.manifest.json", page=None))

    def export(self, request: Request) -> Response:
        path = request.url.path.strip("/")
        name, fmt = path.split(".", 1)
        kind = "articles" if name == "articles" else PATHS[name]
        state = read_listing(kind, request.query_params)
        body = exports.stream(state, fmt, self.open_index)
        filename = f"newsindex-{kind}.{fmt}"
        headers = {"Content-Disposition": f'attachment; filename="{filename}"',
                   "Link": f'<{state.url(fmt=f"{fmt}.manifest.json", page=None)}>; rel="describedby"; type="application/json"'}
        return StreamingResponse(body, media_type=MEDIA_TYPE[fmt], headers=headers)

    def manifest(self, request: Request) -> Response:
        path = request.url.path.strip("/")
        name, fmt = path.split(".")[0], path.split(".")[1]
        kind = "articles" if name == "articles" else PATHS[name]
        state = read_listing(kind, request.query_params)
        return JSONResponse(exports.manifest(state, fmt, self.open_index))

    def company(self, request: Request) -> Response:
        with self.open_index() as ix:
            data = pages.company(ix, request.path_params["name"])
        return self.page("company.html", **data)

    def article(self, request: Request) -> Response:
        with self.open_index() as ix:
            data = pages.article(ix, request.path_params["id"])
        return self.page("article.html", **data)

    def claim(self, request: Request) -> Response:
        return self._record(request, "claim")

    def figure(self, request: Request) -> Response:
        return self._record(request, "figure")

    def _record(self, request: Request, kind: str) -> Response:
        """A claim or figure page; where the corrections workflow is installed, with its review
        and correction forms (the cookie that carries their CSRF token is set here)."""
        with self.open_index() as ix:
            data = pages.record(ix, kind, request.path_params["id"])
        writable = review.available()
        token = review.token_of(request) or review.new_token()
        recorded = request.query_params.get("recorded")
        response = self.page("record.html", **data, kind=kind, writable=writable, csrf=token,
                             recorded=recorded if recorded in ("review", "correction") else None,
                             correct_fields=review.CORRECT_FIELDS[kind])
        if writable and review.token_of(request) != token:
            review.set_cookie(response, token)
        return response

    async def write(self, request: Request) -> Response:
        """POST /claims/<id>/review, /claims/<id>/correct (and figures): one entry appended to the
        corpus's corrections.toml, then back to the record's page (303)."""
        from starlette.concurrency import run_in_threadpool

        kind = "claim" if request.url.path.startswith("/claims/") else "figure"
        action = request.url.path.rsplit("/", 1)[1]
        form = await review.read_form(request)
        review.check(request, form)
        if not review.available():
            raise HTTPException(404, "this version of newsindex records no reviews or corrections")
        record_id = request.path_params["id"]
        table, arguments = review.entry_arguments(kind, action, form)

        def append():
            with self.open_index() as ix:
                return review.record(ix, table, record_id, self.corpus, arguments)

        await run_in_threadpool(append)
        return RedirectResponse(f"{record_url(kind + 's', record_id)}?recorded={table}", status_code=303)

    def stylesheet(self, request: Request) -> Response:
        return Response(self.css, media_type="text/css", headers={"Cache-Control": "max-age=300"})

    # --- errors ------------------------------------------------------------------------------

    def error(self, request: Request, exc: Exception) -> Response:
        """The command line's message on a page: 400 for a usage error, 404 for an unknown id,
        500 for anything else the library reports (a missing or damaged index)."""
        if isinstance(exc, HTTPException):
            status, message = exc.status_code, exc.detail if exc.status_code != 404 else "no such page"
        elif isinstance(exc, NewsIndexError):
            from ..cli.common import error_text  # the parameters it names worded as the CLI's options

            status = 404 if isinstance(exc, NotFound) else 400 if exc.exit_code == 2 else 500
            message = error_text(exc)
        elif isinstance(exc, sqlite3.DatabaseError):
            status, message = 500, (f"the index is damaged ({type(exc).__name__}: {exc}) — run "
                                    "`newsindex build --rebuild`")
        else:
            status, message = 500, f"unexpected {type(exc).__name__} (the server's log has the details)"
        if request.url.path.endswith((".csv", ".jsonl", ".json")):
            return PlainTextResponse(f"Error: {inert(message)}\n", status_code=status)
        return self.page("error.html", status=status, status_code=status, message=inert(message))


MEDIA_TYPE = exports.MEDIA_TYPES


def make_app(index_dir=None, *, backend: str | None = None, url: str | None = None, corpus=None,
             allowed_hosts: list[str] | None = None) -> Starlette:
    """The web view of the index at `index_dir` (or of the OpenSearch cluster at `url` with
    ``backend="opensearch"``; see :func:`newsindex.backends.open_backend`). `allowed_hosts`
    (default: the loopback names) are the Host headers it answers, so a web page elsewhere cannot
    reach it by DNS rebinding; ``["*"]`` answers any."""
    view = WebView(index_dir, backend=backend, url=url, corpus=corpus)
    routes = [Route("/", view.listing), Route("/style.css", view.stylesheet)]
    for name in [*PATHS, "articles"]:
        if name != "articles":
            routes.append(Route(f"/{name}", view.listing))
        for fmt in EXPORT_FORMATS:
            routes.append(Route(f"/{name}.{fmt}", view.export))
            routes.append(Route(f"/{name}.{fmt}.manifest.json", view.manifest))
    routes += [
        Route("/companies/{name:path}", view.company),
        Route("/articles/{id}", view.article),
        Route("/claims/{id}", view.claim),
        Route("/figures/{id}", view.figure),
        *[Route(f"/{kind}/{{id}}/{action}", view.write, methods=["POST"])
          for kind in ("claims", "figures") for action in ("review", "correct")],
    ]
    handlers = {Exception: view.error, HTTPException: view.error, NewsIndexError: view.error}
    app = Starlette(routes=routes, exception_handlers=handlers)
    from starlette.middleware.trustedhost import TrustedHostMiddleware

    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOOPBACK_HOSTS)
    app.add_middleware(SecurityHeaders)
    app.state.view = view
    return app

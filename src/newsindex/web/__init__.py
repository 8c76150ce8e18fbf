"""`newsindex serve`: the index as a local web site (Starlette, Jinja2, served by uvicorn).

| module | holds |
|---|---|
| :mod:`.params` | the URL as a listing's whole state: reading parameters, writing links |
| :mod:`.pages` | what each page shows, from the library's functions (plain data) |
| :mod:`.marks` | text cut into segments for highlighting (snippets, spans, the body) |
| :mod:`.charts` | inline SVG charts drawn on the server |
| :mod:`.exports` | the `.csv` / `.jsonl` twins, streamed through ``export.run_export``, and manifests |
| :mod:`.review` | the claim and figure pages' review and correction forms (POST, CSRF token) |
| :mod:`.app` | the ASGI app: routes, the index kept per few seconds, error pages, security headers |
| :mod:`.serve` | running it: the listening socket, the non-local warning, uvicorn |

Starlette and Jinja2 are the ``web`` extra; importing this package does not import them.
"""


def make_app(index_dir=None, **kwargs):
    """The ASGI app for the index at `index_dir`, or a cluster (see :func:`newsindex.web.app.make_app`)."""
    from .app import make_app as _make_app

    return _make_app(index_dir, **kwargs)

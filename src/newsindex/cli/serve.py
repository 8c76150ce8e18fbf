"""`newsindex serve`: the index as a local web site (the web view, `newsindex.web`)."""

from __future__ import annotations

import click

from .common import cli, _status, index_options, open_search_index, resolve_locations


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but 127.0.0.1/localhost makes the index readable by the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the home page in the default web browser.")
@index_options
def serve(host, port, open_browser, corpus, index_dir):
    """Serve the index as a local web site: search, claims, figures, companies, articles, explain.

    Read-only: the pages call the same library functions as the commands, and
    every listing links its CSV and JSON Lines export. With no index yet, it is
    built from the corpus first. Ctrl-C stops the server.

    Example:

        newsindex serve --open
    """
    from ..web.serve import check_installed, serve as run

    check_installed()  # before any index work: the web extra is missing, say so
    open_search_index(corpus, index_dir).close()  # a folder with no index yet is built first
    meta = click.get_current_context().meta  # --backend, --url (cli.common.index_options)
    _, index_path = resolve_locations(corpus, index_dir)
    run(index_dir=index_path, backend=meta.get("newsindex.backend"), url=meta.get("newsindex.url"),
        host=host, port=port, open_browser=open_browser, say=_status)

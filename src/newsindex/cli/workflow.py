"""The newsroom workflow: `correct` and `review` record what a person fixed or checked in
``<corpus>/corrections.toml`` (newsindex.corrections); every build applies it.

Neither command builds: each appends one entry and says on stderr that the next `newsindex build`
applies it (a build walks the whole corpus; several corrections in a row are applied by one build).
"""

from __future__ import annotations

import click

from .common import _status, cli, index_options, open_search_index, resolve_locations


def _record(table: str, record_id: str, corpus, index_dir, **kw) -> None:
    from ..corrections import record_entry

    corpus_path, _ = resolve_locations(corpus, index_dir)  # the corpus `build` with these options reads
    ix = open_search_index(corpus, index_dir)
    try:
        entry, path = record_entry(ix, table, record_id, corpus=corpus_path, **kw)
    finally:
        ix.close()
    what = entry.status if table == "review" else ", ".join(
        f"{'company' if k == 'companies' else k.replace('_', '-')} {_shown(v)}" for k, v in entry.changes.items())
    _status(f"Recorded {table} {entry.number} of {entry.id} ({what}) in {path}; "
            "the next `newsindex build` applies it.")


def _shown(value) -> str:
    if value is True:
        return "(yes)"
    if isinstance(value, list):
        return " ".join(value)
    return repr(value) if isinstance(value, str) else str(value)


@cli.command()
@click.argument("record_id")
@click.option("--speaker", default=None, help="Claims: who makes the claim.")
@click.option("--company", "companies", multiple=True,
              help="Claims and figures: +NAME adds a company, -NAME removes one (repeatable; any alias).")
@click.option("--not-a-claim", "not_a_claim", is_flag=True, help="Claims: this is not a claim (it is removed).")
@click.option("--value", default=None, help="Figures: the value in base units (13, 7.5bn, 1,200).")
@click.option("--unit", default=None, help="Figures: the unit (USD, $, percent, count, ...).")
@click.option("--metric", default=None, help="Figures: the metric (revenue, market_share, ...).")
@click.option("--outlet", default=None, help="Articles: the outlet (any alias: FT).")
@click.option("--published", default=None, help="Articles: the publication date (2021-03-04, 'Mar 4 2021').")
@click.option("--title", default=None, help="Articles: the headline.")
@click.option("--note", default=None, help="Why: kept with the correction and shown by explain.")
@index_options
def correct(record_id, note, corpus, index_dir, **changes):
    """Correct a claim, a figure or an article; kept in <corpus>/corrections.toml.

    RECORD_ID is an article id, a claim id (<article>:c3) or a figure id (<article>:f7), or a
    unique prefix of the article id. Every build applies the correction (docs/corrections.md).

    Example:

        newsindex correct 3f2a9c:c4 --speaker "Harbour Research" --note "the report says it"
    """
    changes = {k: (list(v) if k == "companies" else v) for k, v in changes.items() if v not in (None, False, ())}
    _record("correction", record_id, corpus, index_dir, changes=changes, note=note)


@cli.command()
@click.argument("record_id")
@click.option("--verified", "status", flag_value="verified", help="The record is right.")
@click.option("--disputed", "status", flag_value="disputed", help="The record is wrong or contested.")
@click.option("--note", default=None, help="Why: what it was checked against.")
@index_options
def review(record_id, status, note, corpus, index_dir):
    """Record a review of a claim, a figure or an article: --verified or --disputed.

    Kept in <corpus>/corrections.toml; `claims --verified`, `--disputed` and `--unreviewed` filter on it.

    Example:

        newsindex review 3f2a9c:c2 --verified --note "checked against the recording"
    """
    _record("review", record_id, corpus, index_dir, status=status, note=note)

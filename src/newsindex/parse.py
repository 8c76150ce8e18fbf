"""Text -> Article: runs the extraction layers in order and merges the sources sidecar.

``parse_text`` is pure; ``parse_paths`` is the I/O edge used by the CLI and the index.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .corpus import Sidecars, article_id, decode, find_sources, path_text, read_source
from .errors import SourceError
from .extract.claims import extract_claims
from .extract.companies import Gazetteer, caption_mentions, find_mentions, summarise, title_mentions
from .extract.figures import extract_figures
from .extract.outlets import outlet_by_name
from .extract.metadata import extract_metadata
from .records import Article, DateCandidate

#: sidecar keys merged over what the text says (sidecar key -> Article attribute)
SIDECAR_FIELDS = {"title": "title", "outlet": "outlet", "author": "author", "url": "url"}


def parse_text(
    text: str,
    *,
    path: str = "<text>",
    sha256: str = "",
    source: dict | None = None,
    gazetteer: Gazetteer | None = None,
    warnings: list[str] | None = None,
    document=None,
    id: str | None = None,
) -> Article:
    """Parse one decoded document into an Article record.

    ``document`` (a :class:`newsindex.formats.Document`) carries what a file format states
    (title, authors, date, site, url): used before what the text says; ``id`` replaces the
    file-based id (the articles of a multi-article file).
    """
    import hashlib

    if not sha256:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    aid = id or article_id(path, sha256)
    meta = extract_metadata(text)
    body = meta.body
    in_title = title_mentions(meta.title, gazetteer)
    in_captions = caption_mentions([t for kind, t in meta.removed if kind == "caption"], gazetteer)
    mentions = find_mentions(body, gazetteer, named=in_title + in_captions)
    figures = extract_figures(body, aid, mentions, country=outlet_country(meta.outlet, source, document))
    claims = extract_claims(body, aid, mentions, figures)
    article = Article(
        id=aid,
        path=path,
        sha256=sha256,
        body=body,
        title=meta.title,
        outlet=meta.outlet,
        site=meta.site,
        author=meta.author,
        authors=list(meta.authors),
        updated=meta.updated,
        published=meta.published,
        published_at=meta.published_at,
        published_source=meta.published_source,
        url=meta.url,
        companies=summarise(mentions, title=in_title, captions=in_captions),
        claims=claims,
        figures=figures,
        warnings=list(warnings or []) + list(meta.warnings),
        date_candidates=list(meta.date_candidates),
    )
    if document is not None:
        from .formats.merge import merge_document

        merge_document(article, document, gazetteer)
    if source:
        merge_sidecar(article, source)
        if article.author and (not article.authors or article.authors[0] != article.author):
            # the sidecar's author ("Jane Doe; John Roe" or one name) leads the list
            names = [a.strip() for a in article.author.split(";") if a.strip()]
            article.authors = names + [a for a in article.authors if a not in names]
            article.author = names[0] if names else None
    if article.title is None:
        article.warnings.append("no title found")
    dropped = _dropped_text(text, body, meta.title)
    if dropped:
        article.warnings.append(dropped)
    return article


def outlet_country(text_outlet: str | None, source: dict | None, document=None) -> str | None:
    """The home country of the article's outlet (``country`` in data/outlets.toml), from the
    sidecar's outlet, else the file format's publisher/site names, else the outlet the text names;
    None when the outlet or its country is unknown."""
    names = [source.get("outlet") if source else None, *(document.outlets if document is not None else []), text_outlet]
    for name in names:
        if isinstance(name, str) and (o := outlet_by_name(name)) is not None and o.country:
            return o.country
    return None


#: Text left out of the body beyond this many characters (and more than the body holds) is said.
DROPPED_WARNING = 10_000


def _visible(s: str) -> int:
    """How many characters of ``s`` are not whitespace (what ``str.split`` keeps), without a
    Python-level loop over its words."""
    return len("".join(s.split()))


def _dropped_text(text: str, body: str, title: str | None) -> str | None:
    """A warning when the body lost most of the text: an empty body from a text with more than a
    title, or more than DROPPED_WARNING characters (and more than the body) taken as headings,
    captions or boilerplate — a 19 MB line of digits is one "short line", but not silently.

    >>> _dropped_text("Title\\n\\n" + "1" * 20_000, "", "Title")
    'no body text: 20,000 characters were taken as headings, captions or boilerplate'
    >>> _dropped_text("Title\\n\\nA sentence.", "A sentence.", "Title") is None
    True
    """
    kept = _visible(body) if body else 0
    total = _visible(text) - _visible(title or "")
    lost = max(total - kept, 0)
    if not kept and lost:
        return f"no body text: {lost:,} characters were taken as headings, captions or boilerplate"
    if lost > DROPPED_WARNING and lost > kept:
        return f"{lost:,} characters of the text are not in the body (taken as headings, captions or boilerplate)"
    return None


def merge_sidecar(article: Article, source: dict) -> None:
    """Merge what the corpus's sidecar knows over what the text says.

    The entry is read by :func:`newsindex.sources.normalise_entry` (outlet aliases to the
    canonical name, dates through dateutil; a value it cannot read becomes a warning).
    A field the sidecar marks ``unconfirmed`` (in its ``confidence`` table) only fills a gap.
    """
    from .sources import normalise_entry

    source, problems = normalise_entry(source)
    article.warnings.extend(f"sources sidecar: {name}: {message}" for name, message in problems)
    confidence = source.get("confidence", {})
    for key, attr in SIDECAR_FIELDS.items():
        value = source.get(key)
        if not value:
            continue
        if str(confidence.get(key, "")).startswith("unconfirmed"):
            if getattr(article, attr) is None:
                setattr(article, attr, value)
                article.warnings.append(f"{attr} from the sources sidecar is unconfirmed")
            continue
        setattr(article, attr, value)
    published = source.get("published")
    if published:
        from dateutil import parser as dateparser

        dt = dateparser.isoparse(published)  # normalise_entry wrote it as ISO 8601
        text_date = article.published
        article.published = dt.date().isoformat()
        article.published_at = dt.isoformat() if "T" in published else None
        article.published_source = "sources"
        reason = str(confidence.get("published", "the corpus's sources sidecar"))
        for cand in article.date_candidates:
            if cand.accepted and cand.value[:10] != article.published:
                cand.accepted = False
                cand.reason = f"overridden by the sources sidecar ({article.published})"
        article.date_candidates.insert(
            0, DateCandidate(value=published, source="sources", text=published, accepted=True, reason=reason)
        )
        if text_date and text_date != article.published:
            article.warnings.append(f"the text says {text_date}; the sources sidecar says {article.published}")


def _shown_path(path: str) -> str:
    """A path relative to the working folder when it lies inside it."""
    import os

    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


@dataclass
class ParseResult:
    articles: list[Article]
    errors: list[SourceError]


def parse_path(path: Path, rel: str | None = None, *, source: dict | None = None,
               gazetteer: Gazetteer | None = None, columns: dict | None = None) -> Iterator:
    """Parse one file of any format: yields its Articles (one, or one per part of a multi-article
    file) and a ``formats.reader.Skipped`` for each article it could not read.

    Raises SourceError when the file itself cannot be read. ``rel`` is the record's path.
    ``columns`` ({field: [column]}, ``formats.records.parse_columns``) names a record file's
    columns; else the file's sidecar entry may (``columns = {title = "headline"}``).
    """
    from .formats.reader import Skipped, open_file
    from .formats.merge import document_id
    from .formats.records import parse_columns

    rel = path_text(rel or str(path))  # undecodable bytes of a name as \xNN
    if columns is None and source and source.get("columns"):
        try:
            columns = parse_columns(source["columns"])
        except ValueError as e:
            raise SourceError(path_text(path), f"the sources sidecar's columns: {e}") from None
    opened = open_file(path, columns)
    if opened.format == "text":
        text, warnings = decode(opened.raw, path_text(path))
        yield parse_text(text, path=rel, sha256=opened.sha256, source=source, gazetteer=gazetteer, warnings=warnings)
        return
    seen: set[str] = set()
    held: list = []  # warnings held until the first article: a file with no article is an error
    count = 0
    docs = iter(opened.documents)
    while True:
        try:
            doc = next(docs, None)
        except Exception as e:  # a reader's failure part-way: what was read stands
            if not count:
                raise SourceError(path_text(path), _reason(e)) from None
            yield Skipped(None, f"stopped reading after {count} article(s): {_reason(e)}", rel)
            return
        if doc is None:
            break
        if isinstance(doc, Skipped):
            doc.path = rel
            if count:
                yield doc
            else:
                held.append(doc)
            continue
        if not opened.multi and source and source.get("fetched") and not doc.fetched:
            doc.fetched = str(source["fetched"])  # a page added by `newsindex add`
        aid = document_id(doc, rel, opened.sha256) if opened.multi else None
        if aid in seen:
            held.append(Skipped(doc.part, f"the same article as an earlier part (id {aid}): read once", rel))
            continue
        seen.add(aid)
        try:
            article = parse_text(doc.text(), path=rel, sha256=opened.sha256, gazetteer=gazetteer,
                                 source=None if opened.multi else source, warnings=doc.warnings, document=doc, id=aid)
        except Exception as e:  # one bad article of an export is a warning, the others are read
            if not opened.multi:
                raise
            held.append(Skipped(doc.part, f"could not be parsed ({type(e).__name__}: {e})", rel))
            continue
        count += 1
        yield from held
        held = []
        yield article
    if not count:
        reasons = "; ".join(dict.fromkeys(s.message() for s in held[:3]))
        raise SourceError(path_text(path), "no article could be read from the file" + (f" ({reasons})" if reasons else ""))
    yield from held


def _reason(e: Exception) -> str:
    if isinstance(e, SourceError):
        return e.reason
    if isinstance(e, ValueError):
        return " ".join(str(e).split())
    return f"{type(e).__name__}: {' '.join(str(e).split())[:200]}"


def iter_parse(paths, *, use_sources: bool = True, gazetteer: Gazetteer | None = None,
               columns: dict | None = None) -> Iterator[Article | SourceError]:
    """Parse files and folders; yields an Article or a SourceError per file, in path order
    (several Articles for a multi-article file, and a ``Skipped`` for an article that was not read)."""
    sidecars = Sidecars()
    for root in paths:
        # the user's companies.toml in the folder given (or the file's folder), then $NEWSINDEX_COMPANIES
        folder = Path(root) if Path(root).is_dir() else Path(root).parent
        gaz = gazetteer or Gazetteer.for_corpus(folder)
        files, errors = find_sources([root])
        yield from errors
        for f in files:
            try:
                entry = sidecars.entry(f) if use_sources else None
                for problem in sidecars.take_problems():  # each sidecar's unusable parts, once, as errors
                    yield SourceError(_shown_path(problem.path), str(problem))
                yield from parse_path(f, path_text(f), source=entry, gazetteer=gaz, columns=columns)
            except SourceError as e:
                yield e


def parse_paths(paths, *, use_sources: bool = True, gazetteer: Gazetteer | None = None) -> ParseResult:
    """Parse files and folders into records; errors are collected, never raised."""
    articles: list[Article] = []
    errors: list[SourceError] = []
    for item in iter_parse(paths, use_sources=use_sources, gazetteer=gazetteer):
        if isinstance(item, SourceError):
            errors.append(item)
        elif isinstance(item, Article):
            articles.append(item)
    return ParseResult(articles, errors)


def parse_file(path, *, source: dict | None = None, gazetteer: Gazetteer | None = None) -> Article:
    """Parse one file (raises SourceError if it cannot be read); the first article of a multi-article file."""
    for item in parse_path(Path(path), path_text(path), source=source, gazetteer=gazetteer):
        if isinstance(item, Article):
            return item
    raise SourceError(path_text(path), "no article could be read from the file")

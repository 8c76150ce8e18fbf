"""Page layouts of copied news pages: where the headline, by-line and dates stand among
menus, page tools, standfirsts, live-blog stamps and glued markup. One row per layout
with the expected value, and trap rows for what must not be taken.

Every sample is written for these tests (invented names, outlets from data/outlets.toml);
none is taken from a real article.
"""

from __future__ import annotations

import pytest

from newsindex.extract.metadata import extract_metadata
from newsindex.extract.metadata.dates import find_dates

HEAD = "Harbour operator lifts its yearly profit forecast"
LEDE = (
    "The harbour operator raised its profit forecast for the year on Tuesday, citing stronger "
    "container volumes and lower fuel costs at its three terminals."
)
MORE = "Its shares rose 4 per cent in early trading, the steepest gain in two months."
DECK = "Container volumes at the three terminals rose by a tenth in the second half of the year."
MENU = ["News", "Opinion", "Sport", "Culture", "Business", "Markets"]


def article(*lines: str) -> str:
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# date forms: (line, published)

DATE_LINES = [
    ("Published On 7 Dec 20237 Dec 2023", "2023-12-07"),  # the date twice, glued by the copy
    ("December 4, 20235:00 AM ET", "2023-12-04"),  # the time glued to the year
    ("2023年12月3日 14:05 JST", "2023-12-03"),
    ("Date 03.12.2023", "2023-12-03"),
    ("Posted Sun 3 Dec 2023 at 6:15am, updated Sun 3 Dec 2023 at 11:40am", "2023-12-03"),
    ("Published on December 3, 2023, at 5:12 pm (Paris), updated at 6:40 pm", "2023-12-03"),
]


@pytest.mark.parametrize("line,published", DATE_LINES, ids=[d[0] for d in DATE_LINES])
def test_header_date_line_forms(line, published):
    m = extract_metadata(article(HEAD, line, LEDE, MORE))
    assert m.published == published
    assert m.title == HEAD


def test_glued_time_is_read_with_its_zone():
    h = find_dates("December 4, 20235:00 AM ET", with_time=True)
    assert [x.iso for x in h] == ["2023-12-04T05:00:00-05:00"]


@pytest.mark.parametrize(
    "text",
    [
        "Order 20235 shipped on Dec 3",  # a five-digit number is no year
        "Batch 2023123 arrived",
        "3 hours ago",
    ],
)
def test_date_traps(text):
    assert find_dates(text) == []


def test_relative_date_and_copyright_year_are_not_the_date():
    m = extract_metadata(article(HEAD, "Published", "3 hours ago", LEDE, MORE, "© 2023 The Guardian"))
    assert m.published is None


# ---------------------------------------------------------------------------------------
# headline layouts: (lines, title)

TITLES = [
    # a site menu, with the site's "back to home" link above it, and a section label
    (["The Guardian - Back to home", *MENU, "Business", HEAD, DECK[:-1], "By Jane Doe", "Wed 6 Dec 2023 14.32 GMT"], HEAD),
    # page tools between the date line and the story
    ([HEAD, "By Jane Doe", "Published on December 3, 2023", "Time to 3 min.", "Read in French", "Lire en français"], HEAD),
    ([HEAD, "By Jane Doe, CNN", "Updated 4:12 PM EST, Tue December 5, 2023", "Link Copied!"], HEAD),
    # a standfirst (a finished sentence) between the headline and the by-line
    ([HEAD, DECK, "By Jane Doe", "December 3, 2023"], HEAD),
    ([HEAD, DECK, DECK, "Jane Doe, Staff Writer", "December 3, 2023"], HEAD),
    # a breadcrumb glued without spaces
    (["Business News›Industry›Ports›" + HEAD, HEAD, "December 3, 2023"], HEAD),
    # a live blog: post headings under time stamps above the first post
    ([HEAD, "Updated Mon 4 Dec 2023 at 9:41am", "By Jane Doe", "Key events", "9.41am", "Terminal volumes jump in November", "9.05am", "Futures point to a higher start"], HEAD),
    # an outlet's tagline above the headline
    (["Democracy Dies in Darkness", "Opinions", HEAD, "By Jane Doe", "December 3, 2023"], HEAD),
]


@pytest.mark.parametrize("lines,title", TITLES, ids=[" / ".join(t[0])[:60] for t in TITLES])
def test_headline_layouts(lines, title):
    m = extract_metadata(article(*lines, LEDE, MORE))
    assert m.title == title
    assert LEDE in m.body
    assert not any(line in m.body for line in lines if line not in (DECK, HEAD))  # decks stay in the body
    assert m.body.startswith("The harbour operator") or m.body.startswith(DECK)


def test_tagline_names_its_outlet():
    m = extract_metadata(article("Democracy Dies in Darkness", HEAD, "By Jane Doe", "December 3, 2023", LEDE, MORE))
    assert m.outlet == "The Washington Post"


TITLE_TRAPS = [
    # (lines, what must not be the title)
    ([HEAD, "By Jane Doe", "December 3, 2023", "Lire en français"], "Lire en français"),
    (["Example Review - Back to home", HEAD, "December 3, 2023"], "Example Review - Back to home"),
    ([HEAD, "December 3, 2023", "Live updates", "10:05am", "Rival port cuts its fees"], "Rival port cuts its fees"),
]


@pytest.mark.parametrize("lines,not_title", TITLE_TRAPS, ids=[t[1] for t in TITLE_TRAPS])
def test_headline_traps(lines, not_title):
    m = extract_metadata(article(*lines, LEDE, MORE))
    assert m.title != not_title
    assert m.title == HEAD

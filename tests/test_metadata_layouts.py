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
    # published and updated glued, times glued to the years
    ("PUBLISHED SUN, DEC 3 20239:00 AM ESTUPDATED SUN, DEC 4 202311:12 AM EST", "2023-12-03"),
    ("December 3, 20239:12 PM GMT+8Updated 2 hours ago", "2023-12-03"),
    ("Published: 9:00pm, 3 Dec 2023", "2023-12-03"),  # the time before the date
    ("Posted on December 3, 2023 by Jane Doe", "2023-12-03"),
]


@pytest.mark.parametrize("line,published", DATE_LINES, ids=[d[0] for d in DATE_LINES])
def test_header_date_line_forms(line, published):
    m = extract_metadata(article(HEAD, line, LEDE, MORE))
    assert m.published == published
    assert m.title == HEAD


def test_update_line_before_the_first_publication_line():
    m = extract_metadata(article(HEAD, "Last Updated: Dec. 4, 2023 at 9:12 a.m. ET", "First Published: Dec. 3, 2023 at 7:00 p.m. ET", LEDE, MORE))
    assert (m.published, m.updated) == ("2023-12-03", "2023-12-04")


def test_glued_published_and_updated_lines_are_both_read():
    m = extract_metadata(article(HEAD, "PUBLISHED SUN, DEC 3 20239:00 AM ESTUPDATED MON, DEC 4 202311:12 AM EST", LEDE, MORE))
    assert (m.published_at, m.updated) == ("2023-12-03T09:00:00-05:00", "2023-12-04")


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
    ([HEAD, "Published: 9:00pm, 3 Dec 2023", "Why you can trust Example News"], "Why you can trust Example News"),
    # a site's name, then its tagline, on the page's first lines
    (["Harbour Notes", "A blog about ports and shipping", HEAD, "Posted on December 3, 2023 by Jane Doe"], "A blog about ports and shipping"),
]


@pytest.mark.parametrize("lines,not_title", TITLE_TRAPS, ids=[t[1] for t in TITLE_TRAPS])
def test_headline_traps(lines, not_title):
    m = extract_metadata(article(*lines, LEDE, MORE))
    assert m.title != not_title
    assert m.title == HEAD


# ---------------------------------------------------------------------------------------
# by-line layouts: (lines under the headline, authors, outlet)

BYLINE_LAYOUTS = [
    (["By business reporter Jane Doe", "Posted Sun 3 Dec 2023 at 6:15am"], ["Jane Doe"], None),
    (["By chief political correspondent Jane Doe and John Roe", "December 3, 2023"], ["Jane Doe", "John Roe"], None),
    (["Guest column by Park Ji-won", "Published : Dec. 3, 2023 - 18:05"], ["Park Ji-won"], None),
    (["Posted by Jane Doe", "December 3, 2023"], ["Jane Doe"], None),
    (["Analysis by Jane Doe, Reuters", "December 3, 2023"], ["Jane Doe"], "Reuters"),
    # a page's field table: the label without a colon; the agencies whose copy was used
    # are helpers, not the writer's outlet
    (["Date 03.12.2023", "Author Jane Doe with Reuters, dpa"], ["Jane Doe"], None),
    (["By Jane Doe (with AFP)", "December 3, 2023"], ["Jane Doe"], None),
    # the name on its own line, the role on the next
    (["Jane Doe", "Banking Reporter", "Published December 1, 2023"], ["Jane Doe"], None),
    (["Jane Doe", "Contributor", "Dec 3, 2023, 09:15am EST"], ["Jane Doe"], None),
    (["KAZUKI MORITA", "Staff writer"], ["Kazuki Morita"], None),
    # the name alone near a header date, past a show's label
    (["December 4, 20235:00 AM ET", "Heard on Morning Edition", "Jane Doe"], ["Jane Doe"], None),
    (["Rahul Menon", "7 min read", "Nov 28, 2023"], ["Rahul Menon"], None),
    (["Jane Lau in Dongguan", "Published: 9:00pm, 3 Dec 2023"], ["Jane Lau"], None),
    (["Published: 03 Dec. 2023, 18:05", "BY LEE SOO-JIN [lee.soojin@example.com]"], ["Lee Soo-jin"], None),
    (["Posted on December 3, 2023 by Jane Doe"], ["Jane Doe"], None),
    (["December 3, 2023 9:00 AM EST", "Jane Doe", "@JANEDOE"], ["Jane Doe"], None),
]


@pytest.mark.parametrize("lines,authors,outlet", BYLINE_LAYOUTS, ids=[" / ".join(b[0])[:50] for b in BYLINE_LAYOUTS])
def test_byline_layouts(lines, authors, outlet):
    m = extract_metadata(article(HEAD, *lines, LEDE, MORE))
    assert m.authors == authors
    assert m.outlet == outlet
    assert m.title == HEAD
    assert m.body.startswith("The harbour operator")


def test_byline_under_the_headline_above_a_picture_credit():
    m = extract_metadata(article("Axios", "Dec 3, 2023 - Economy", HEAD, "Jane Doe", "Illustration: John Roe/Axios", LEDE, MORE))
    assert m.authors == ["Jane Doe"]
    assert m.published == "2023-12-03"
    assert m.outlet == "Axios"


BYLINE_TRAPS = [
    # (lines under the headline): none of these names an author
    ["Key Events", "December 3, 2023"],
    ["Related Topics", "December 3, 2023"],
    ["December 3, 2023", "Morning Edition"],
    ["Jane Doe"],  # a bare name with neither a date nor a role beside it
    ["December 3, 2023", "Photo by Jane Roe"],
    ["December 3, 2023", "Illustration: Jane Roe/Axios"],
]


@pytest.mark.parametrize("lines", BYLINE_TRAPS, ids=[" / ".join(b) for b in BYLINE_TRAPS])
def test_byline_traps(lines):
    m = extract_metadata(article(HEAD, *lines, LEDE, MORE))
    assert m.authors == []


def test_translator_and_editor_at_the_end_are_not_authors():
    m = extract_metadata(article(HEAD, "Dec 03, 2023 09:41 PM", "By Jane Doe", LEDE, MORE, "Translated by Mei Lin", "Contact editor John Roe (jroe@example.com)"))
    assert m.authors == ["Jane Doe"]


def test_header_under_a_standfirst_and_page_tools():
    lines = [HEAD, "Synopsis", DECK, "ET Bureau", "Last Updated: Dec 03, 2023, 08:32:00 PM IST", "Follow us", "Share", "Font Size", "Small", "Normal"]
    m = extract_metadata(article(*lines, LEDE, MORE))
    assert m.published == "2023-12-03"
    assert m.outlet == "The Economic Times"
    assert m.title == HEAD


TITLE_KICKERS = [
    ("[Guest column] Harbour operator lifts its yearly profit forecast", HEAD),
    ("Opinion | Harbour operator lifts its yearly profit forecast", HEAD),
    ("OPINION: Harbour operator lifts its yearly profit forecast", HEAD),
    # traps: the word opens the headline
    ("Opinion polls show the harbour operator losing support", "Opinion polls show the harbour operator losing support"),
]


@pytest.mark.parametrize("line,title", TITLE_KICKERS, ids=[t[0][:30] for t in TITLE_KICKERS])
def test_section_kicker_is_not_part_of_the_headline(line, title):
    m = extract_metadata(article(line, "By Jane Doe", "December 3, 2023", LEDE, MORE))
    assert m.title == title

"""One row per written form of a by-line, dateline, sign-off, header date and headline,
each kind with trap rows: sentences of a story that look like the form and are not.

Every sample is a short text written for these tests in the layout it names; none is
taken from a real article.
"""

from __future__ import annotations

import pytest

from newsindex.extract.clean import classify_line
from newsindex.extract.metadata import extract_metadata
from newsindex.extract.metadata.bylines import read_byline
from newsindex.extract.metadata.datelines import read_dateline

HEAD = "Harbour operator lifts its yearly profit forecast"
LEDE = (
    "The harbour operator raised its profit forecast for the year on Tuesday, citing stronger "
    "container volumes and lower fuel costs at its three terminals."
)
MORE = "Its shares rose 4 per cent in early trading, the steepest gain in two months."


def article(*lines: str, tail: tuple[str, ...] = ()) -> str:
    return "\n\n".join([*lines, *tail]) + "\n"


# ---------------------------------------------------------------------------------------
# by-lines: (line, authors, outlet)

BYLINES = [
    ("By Jane Doe / Bloomberg", ["Jane Doe"], "Bloomberg"),
    ("By Jane Doe, Reuters", ["Jane Doe"], "Reuters"),
    ("Jane Doe | Reuters", ["Jane Doe"], "Reuters"),
    ("By JANE DOE Associated Press", ["Jane Doe"], "Associated Press"),
    ("Jane Doe, AP Business Writer", ["Jane Doe"], "Associated Press"),
    ("Bloomberg News staff", [], "Bloomberg"),
    ("Reuters Staff", [], "Reuters"),
    ("Story by Jane Doe", ["Jane Doe"], None),
    ("Jane Doe, Staff Writer", ["Jane Doe"], None),
    ("BY JANE DOE AND JOHN ROE / ASSOCIATED PRESS WRITERS", ["Jane Doe", "John Roe"], "Associated Press"),
    ("JANE DOE, Nikkei staff writer", ["Jane Doe"], "Nikkei Asia"),
    ("- By Jane Doe jdoe@example.com", ["Jane Doe"], None),
    ("By Jane Doe, CTVNews.ca Writer", ["Jane Doe"], "CTV News"),
    ("By Jane Doe, tech editor", ["Jane Doe"], None),
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"], None),
    ("PTI, New Delhi,", [], "PTI"),
    ("PTI", [], "PTI"),
    ("DescriptionBy JANE DOE", ["Jane Doe"], None),
    ("By Jane Doe / Staff reporter", ["Jane Doe"], None),
    ("By Jane Doe and John Roe / Staff reporter, with staff writer and CNA", ["Jane Doe", "John Roe"], None),
]


@pytest.mark.parametrize("line,authors,outlet", BYLINES, ids=[b[0] for b in BYLINES])
def test_byline_forms(line, authors, outlet):
    m = extract_metadata(article(HEAD, line, LEDE, MORE))
    assert m.authors == authors
    assert m.outlet == outlet
    assert m.title == HEAD
    assert line not in m.body and m.body.startswith("The harbour operator")


BYLINE_TRAPS = [
    "By contrast, rivals struggled to win contracts at the other ports this year.",
    "By 2022, the number of containers handled had doubled, the company said.",
    "By the end of the year, the terminal will handle twice as many ships.",
    "Jane Doe, the operator's chief editor of statistics, said volumes would keep rising.",
]


@pytest.mark.parametrize("sentence", BYLINE_TRAPS)
def test_story_sentences_are_not_bylines(sentence):
    m = extract_metadata(article(HEAD, sentence, LEDE))
    assert m.authors == [] and m.outlet is None
    assert sentence in m.body


@pytest.mark.parametrize(
    "line",
    ["Jane Roe / Reuters", "Jane Roe | Bloomberg | Getty Images", "Jane Roe/AFP via Getty Images"],
)
def test_photo_credits_are_not_bylines(line):
    m = extract_metadata(article(HEAD, "A ship at the container terminal.", line, LEDE))
    assert m.authors == [] and m.outlet is None


@pytest.mark.parametrize(
    "value,names",
    [("By contrast, rivals struggled.", None), ("Markets | Reuters", None), ("By Reuters", [])],
)
def test_read_byline_traps(value, names):
    b = read_byline(value)
    assert (b.names if b else None) == names


# ---------------------------------------------------------------------------------------
# reporting credits and sign-offs: (last paragraph, authors, outlet, published)

SIGNOFFS = [
    ("- BLOOMBERG", [], "Bloomberg", None),
    ("— Reuters", [], "Reuters", None),
    ("AFP", [], "Agence France-Presse", None),
    ("dpa", [], "dpa", None),
    ("(Reporting by Jane Doe in Rotterdam; Editing by Tom Roe)", ["Jane Doe"], "Reuters", None),
    ("(Reporting by Jane Doe and John Roe; Writing by Ann Poe; Editing by Tom Roe)", ["Jane Doe", "John Roe", "Ann Poe"], "Reuters", None),
    ("(Xinhua News Agency March 3, 2011)", [], "Xinhua", "2011-03-03"),
    ("[Copyright 2015 The Jiji Press, Ltd.]", [], "Jiji Press", None),
    ("This article originally appeared in Quartz", [], "Quartz", None),
    ("from BuzzFeed - Latest http://example.com/feed/1", [], "BuzzFeed News", None),
    ("Read the Jamaica Observer ePaper anywhere you go, on any device.", [], "Jamaica Observer", None),
    ("Disclaimer: No Business Standard journalist was involved in creation of this content", [], "Business Standard", None),
    # a by-line at the end, a desk before the role
    ("Story by Jane Doe, Resources Reporter", ["Jane Doe"], None, None),
    ("Words by Jane Doe", ["Jane Doe"], None, None),
    ("Report by Jane Doe, Energy Transition Editor", ["Jane Doe"], None, None),
    # the wire credit without brackets: weak Reuters evidence
    ("Reporting by Jane Doe; Editing by John Roe", ["Jane Doe"], "Reuters", None),
    ("Reporting by Jane Doe and Ann Poe in Lagos; Writing by Tom Roe", ["Jane Doe", "Ann Poe", "Tom Roe"], "Reuters", None),
]


@pytest.mark.parametrize("last,authors,outlet,published", SIGNOFFS, ids=[s[0][:40] for s in SIGNOFFS])
def test_signoff_and_credit_forms(last, authors, outlet, published):
    m = extract_metadata(article(HEAD, LEDE, MORE, last))
    assert (m.authors, m.outlet, m.published) == (authors, outlet, published)
    assert last not in m.body


def test_bare_wire_credit_is_weaker_than_the_sites_own_footer():
    m = extract_metadata(article(HEAD, LEDE, MORE, "Reporting by Jane Doe; Editing by John Roe", "© 2024 The Straits Times"))
    assert (m.authors, m.outlet) == (["Jane Doe"], "The Straits Times")


# an outlet's name and a date on one line under the headline: (line, outlet, published)
OUTLET_DATE_LINES = [
    ("PTI | Mar 13, 2024, 06:12 PM IST", "PTI", "2024-03-13"),
    ("Reuters | Updated 2 hours ago", "Reuters", None),
    ("AFP | 14 May 2023", "Agence France-Presse", "2023-05-14"),
    ("IANS • 2 Feb 2024", "IANS", "2024-02-02"),
]


@pytest.mark.parametrize("line,outlet,published", OUTLET_DATE_LINES, ids=[o[0] for o in OUTLET_DATE_LINES])
def test_outlet_and_date_line_forms(line, outlet, published):
    m = extract_metadata(article(HEAD, line, LEDE, MORE))
    assert (m.outlet, m.published, m.authors) == (outlet, published, [])
    assert line not in m.body and m.body.startswith("The harbour operator")


@pytest.mark.parametrize(
    "line", ["Business | Markets", "Markets | 14 May 2023", "Jane Doe | 14 May 2023 | Opinion", "The Harbour Times | 14 May 2023"]
)
def test_section_and_date_lines_name_no_outlet(line):
    m = extract_metadata(article(HEAD, line, LEDE, MORE))
    assert m.outlet is None and not any(a.startswith("The ") for a in m.authors)


def test_reporting_credit_inside_the_last_paragraph_is_read_and_cut():
    m = extract_metadata(article(HEAD, LEDE, MORE + " (Reporting by Jane Doe)"))
    assert (m.authors, m.outlet) == (["Jane Doe"], "Reuters")
    assert m.body.endswith("in two months.")


SIGNOFF_TRAPS = [
    "The company declined to comment to Reuters.",
    "Analysts at the bank expect the dividend to rise, Bloomberg reported.",
    "The deal was first reported by AFP on Monday, citing two people familiar with the matter.",
    "Reporting by the company showed a 3% rise in volumes, the regulator said.",
    "Earlier reporting by the agency suggested the sale had stalled; the company denied it.",
    "By then, reporting by the agency had moved the shares; editing by hand was not needed.",
]


@pytest.mark.parametrize("last", SIGNOFF_TRAPS)
def test_story_sentences_at_the_end_name_no_outlet(last):
    m = extract_metadata(article(HEAD, LEDE, MORE, last))
    assert m.outlet is None and m.authors == []
    assert last in m.body


# ---------------------------------------------------------------------------------------
# datelines: (first paragraph's opening, outlet, published)

DATELINES = [
    ("LONDON (Reuters) - ", "Reuters", None),
    ("Beijing (AFP) – ", "Agence France-Presse", None),
    ("NEW YORK, March 3 (AP) — ", "Associated Press", None),
    ("ROTTERDAM, Aug 12 (Reuters) - ", "Reuters", None),
    ("Rotterdam, Jun. 27, (PA Media/dpa) – ", "PA Media", None),
    ("Nagoya, Feb. 3 (Jiji Press)--", "Jiji Press", None),
    ("DENVER, Colo., Mar. 09, 2018 (GLOBE NEWSWIRE) -- ", "GlobeNewswire", "2018-03-09"),
    ("CHICAGO, June 5 /PRNewswire/ -- ", "PR Newswire", None),
    ("SAN JOSE, Calif.--(BUSINESS WIRE)--March 14, 2009--", "Business Wire", "2009-03-14"),
    ("Sept. 16 (Bloomberg) -- ", "Bloomberg", None),
    ("(Bloomberg) -- ", "Bloomberg", None),
    ("TOKYO, Kyodo — ", "Kyodo News", None),
    ("    Ottawa, Ontario (CTV Network) — ", "CTV News", None),
    ("NEW YORK (Example Health News) – ", "Example Health News", None),
    ("MONTREAL — ", None, None),
    ("SEOUL/TOKYO -- ", None, None),
    ("SEOUL, July 30 (Yonhap) -- ", "Yonhap News Agency", None),
]


@pytest.mark.parametrize("opening,outlet,published", DATELINES, ids=[d[0].strip()[:40] for d in DATELINES])
def test_dateline_forms(opening, outlet, published):
    m = extract_metadata(article(HEAD, opening + LEDE, MORE))
    assert (m.outlet, m.published) == (outlet, published)
    assert m.title == HEAD
    assert m.body.startswith(opening.strip()[:6])


DATELINE_TRAPS = [
    "Apple (AAPL) - shares of the iPhone maker rose 3 per cent on Tuesday after results beat estimates.",
    "London, England — the city has more cameras per head than any other in Europe, officials said.",
    "Shares of Example Port (EXPT) — the biggest operator in the region — rose 4 per cent on the news.",
]


@pytest.mark.parametrize("first", DATELINE_TRAPS)
def test_story_sentences_are_not_datelines(first):
    assert read_dateline(first) is None or read_dateline(first).outlets == []
    m = extract_metadata(article(HEAD, first, MORE))
    assert m.outlet is None
    assert first in m.body


def test_a_dateline_after_two_story_paragraphs_opens_a_later_item_not_the_story():
    m = extract_metadata(article(HEAD, LEDE, MORE, "LONDON (Reuters) - " + LEDE))
    assert m.outlet is None
    assert m.body.startswith("The harbour operator")


# ---------------------------------------------------------------------------------------
# header dates: (lines between headline and story, published, updated, a warning containing)

HEADER_DATES = [
    (["March 4, 2016"], "2016-03-04", None, None),
    (["Updated March 4, 2016"], "2016-03-04", "2016-03-04", "update date"),
    (["Published March 3, 2016", "Updated March 4, 2016"], "2016-03-03", "2016-03-04", None),
    (["Published Mar 4, 2019 14:15 PM"], "2019-03-04", None, None),
    (["17-February-2005"], "2005-02-17", None, None),
    (["Published Wed, Aug 7, 2019 · 09:41 AM"], "2019-08-07", None, None),
    (["  • Sep 01 2021, 17:45 IST"], "2021-09-01", None, None),
    (["Jane Doe", "April 3, 2025 10:00 am"], "2025-04-03", None, None),
]


@pytest.mark.parametrize("lines,published,updated,warning", HEADER_DATES, ids=[" / ".join(h[0]) for h in HEADER_DATES])
def test_header_date_forms(lines, published, updated, warning):
    m = extract_metadata(article(HEAD, *lines, LEDE, MORE))
    assert (m.published, m.updated) == (published, updated)
    assert m.title == HEAD
    if warning:
        assert any(warning in w for w in m.warnings)
    assert any(c.accepted for c in m.date_candidates)


@pytest.mark.parametrize(
    "copyright_line,published,other",
    [
        ("© 2025 Example Times Limited", None, None),  # no country: read day first
        ("© 2025 The Guardian", "2025-03-04", "2025-04-03"),  # a British paper: day first
        ("© 2025 Los Angeles Times", "2025-04-03", "2025-03-04"),  # an American paper: month first
    ],
)
def test_numeric_dates_are_read_by_the_outlets_country(copyright_line, published, other):
    m = extract_metadata(article(HEAD, "04/03/2025", LEDE, MORE, copyright_line))
    if published is None:
        assert m.published == "2025-03-04"
        assert any("country is unknown" in w for w in m.warnings)
    else:
        assert m.published == published
        assert any("ambiguous" in w and other in w for w in m.warnings)


def test_unambiguous_numeric_date_needs_no_warning():
    m = extract_metadata(article(HEAD, "25/03/2025", LEDE, MORE))
    assert m.published == "2025-03-25"
    assert not any("ambiguous" in w for w in m.warnings)


def test_dateline_day_takes_its_year_from_a_date_elsewhere_in_the_text():
    body = "The offer values the shares at a premium to their price on March 24, 2009, the company said."
    m = extract_metadata(article(HEAD, "CHICAGO, June 5 /PRNewswire/ -- " + LEDE, body))
    assert m.published == "2009-06-05"
    (c,) = [c for c in m.date_candidates if c.accepted]
    assert "March 24, 2009" in c.reason


def test_dateline_day_without_a_year_anywhere_is_not_guessed():
    m = extract_metadata(article(HEAD, "Rotterdam, Jun. 27, (dpa) – " + LEDE, MORE))
    assert m.published is None
    assert any(c.reason.startswith("dateline without a year") for c in m.date_candidates)


def test_dateline_years_from_several_years_are_not_guessed():
    body = "Volumes fell in March 2, 2015 and again on May 3, 2019, the operator said."
    m = extract_metadata(article(HEAD, "ROTTERDAM, Aug 12 (Reuters) - " + LEDE, body))
    assert m.published is None


DATE_TRAPS = [
    # a relative date states no day
    (["This was published 3 years ago"], None),
    # an event date in the story is not the publication date
    ([], None),
]


@pytest.mark.parametrize("lines,published", DATE_TRAPS)
def test_date_traps(lines, published):
    body = "The new terminal opens on December 1, 2019, the port authority said on its website."
    m = extract_metadata(article(HEAD, *lines, LEDE, body))
    assert m.published == published
    assert any(c.value == "2019-12-01" and not c.accepted for c in m.date_candidates)


def test_a_future_date_is_never_the_publication_date():
    m = extract_metadata(article(HEAD, "March 4, 2099", LEDE, MORE))
    assert m.published is None
    assert any("future" in c.reason for c in m.date_candidates)


# ---------------------------------------------------------------------------------------
# headlines: (lines above the story, title)

TITLES = [
    (["Home About News Polls Sports Business Sign In", HEAD], HEAD),
    (["Home >> Business >> Article", HEAD], HEAD),
    (["Example Times logo", HEAD], HEAD),
    (["BusinessMarketsWorldPoliticsOpinionSportsVideo", HEAD], HEAD),
    (["Top Story", HEAD], HEAD),
    (["Join our community of readers", HEAD], HEAD),
    (["Subscribe to our daily newsletter", HEAD], HEAD),
    (["Watch Reuters", HEAD], HEAD),
    (["Font Size 16", HEAD], HEAD),
    (["We're sorry, this feature is currently unavailable. Please try again later.", HEAD, "By Jane Doe"], HEAD),
    ([HEAD, "Its chief executive defends higher fees amid the record result"], HEAD),  # headline, then a deck
    (["Reuters Back to Home " + HEAD], HEAD),
    ([HEAD + " | Reuters"], HEAD),
    (["March 4, 2016", HEAD], HEAD),
    (["The Example Review Newspaper", "Springfield, Ohio  Est. May 19, 1883", HEAD], HEAD),
    (["(Corrects paragraph 2 to fix the volume figure)"], None),
    (["Share this article"], None),
]


@pytest.mark.parametrize("lines,title", TITLES, ids=[" / ".join(t[0])[:50] for t in TITLES])
def test_headline_forms(lines, title):
    m = extract_metadata(article(*lines, LEDE, MORE))
    assert m.title == title
    assert m.body.startswith("The harbour operator")


def test_headline_above_a_dateline_under_a_page_menu_and_a_site_blurb():
    text = article(
        "Example Wire the Company & Products",
        "Example Wire Anywhere Login",
        "Bringing readers the markets, the money and the people behind them, our desks report from forty cities around the world.",
        "Customer Support",
        "Follow Us",
        HEAD,
        "Sept. 16 (Bloomberg) -- " + LEDE,
        MORE,
    )
    m = extract_metadata(text)
    assert (m.title, m.outlet) == (HEAD, "Bloomberg")


def test_repeated_headline_under_a_featured_block():
    text = article(
        HEAD,
        "Featured",
        "Storm closes two ports on the east coast",
        "Storm closes two ports on the east coast",
        "March 4, 2016 / 8:35 PM / 3 years ago",
        HEAD,
        "Reuters Staff",
        "ROTTERDAM, March 4 (Reuters) - " + LEDE,
        MORE,
    )
    m = extract_metadata(text)
    assert (m.title, m.outlet, m.published) == (HEAD, "Reuters", "2016-03-04")


# ---------------------------------------------------------------------------------------
# syndicated copy: the agency is the outlet, the carrying site is kept


def test_agency_copy_on_a_newspaper_site():
    text = article(
        "The Korea Times",
        HEAD,
        "SEOUL (Yonhap) -- " + LEDE,
        MORE,
        "Copyright The Korea Times. All rights reserved.",
    )
    m = extract_metadata(text)
    assert (m.outlet, m.site) == ("Yonhap News Agency", "The Korea Times")


@pytest.mark.parametrize(
    "credit,outlet",
    [
        ("Ships at the terminal. Photo: Jane Roe, Taipei Times", "Taipei Times"),
        ("Ships at the terminal. Photo: Jane Roe, AFP", None),  # an agency's photo never names the outlet
    ],
)
def test_the_outlets_own_photographer_is_a_weak_outlet_signal(credit, outlet):
    assert extract_metadata(article(HEAD, LEDE, credit, MORE)).outlet == outlet


def test_a_newspapers_own_story_has_no_site():
    m = extract_metadata(article("The Korea Times", HEAD, "By Jane Doe", LEDE, MORE))
    assert (m.outlet, m.site, m.authors) == ("The Korea Times", None, ["Jane Doe"])


@pytest.mark.parametrize(
    "footer",
    ["© 2023 The Post. All rights reserved.", "This article appeared in the Post print edition as: Another headline"],
)
def test_ordinary_word_aliases_do_not_name_an_outlet_from_text(footer):
    assert extract_metadata(article(HEAD, LEDE, MORE, footer)).outlet is None


# ---------------------------------------------------------------------------------------
# the boilerplate rules added for these layouts, each with a story sentence that survives

ADDED_RULES = [
    ("The chief executive at the results briefing. Credit: Jane Roe", "caption"),
    ("from Example News - Latest http://example.com/feed/1 via IFTTT", "page_tools"),
    ("Now you can read the Example Observer ePaper anytime, anywhere.", "page_tools"),
    ("(Corrects paragraph 2 to fix the volume figure)", "correction"),
    ("(Reporting by Jane Doe; Editing by Tom Roe)", "contributor"),
    ("Compiled by Jane Doe and John Roe", "contributor"),
    ("This article originally appeared in The Example Review", "page_tools"),
]
ADDED_RULE_TRAPS = [
    "The credit line was cut by the bank, the company said. Credit: the lender's statement did not say why",
    "The app is available from the company's website, it said.",
    "Readers of the ePaper edition grew by a third last year, the publisher said.",
    "(The company corrected its forecast later in the day, a spokesman said.)",
    "Compiled by the statistics office, the figures show a 3% rise in volumes.",
    "The study originally appeared in a journal, and its findings were later disputed by other researchers.",
]


@pytest.mark.parametrize("line,kind", ADDED_RULES)
def test_added_boilerplate_rules(line, kind):
    assert classify_line(line) == kind


@pytest.mark.parametrize("line", ADDED_RULE_TRAPS)
def test_added_boilerplate_rules_keep_story_sentences(line):
    assert classify_line(line) is None


@pytest.mark.parametrize(
    "text,title,body",
    [
        ("Extra headline\n\nPlatypus story about a harbour.\n", None, "Platypus story about a harbour."),
        ("Harbour operator lifts its forecast\n\nShort story.\n", "Harbour operator lifts its forecast", "Short story."),
        ("The harbour operator is buying a rival.\n\n" + LEDE + "\n", None, "The harbour operator is buying a rival."),
    ],
)
def test_short_texts_keep_their_body(text, title, body):
    m = extract_metadata(text)
    assert m.title == title
    assert body in m.body

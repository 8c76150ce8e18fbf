"""extract_metadata on short articles written in the layouts of many outlets, plus traps.

Every sample below was written for these tests in the page layout of the outlet it
names (header, byline, date, caption and footer conventions); none is a seed text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from newsindex.extract.clean import classify_line
from newsindex.extract.metadata import extract_metadata, find_dates, parse_byline

REUTERS = """\
China's Hikvision says U.S. blacklist will hurt overseas sales

By Jane Doe, Reuters
3 Min Read

BEIJING, Nov 6 (Reuters) - China's Hikvision said on Wednesday that a U.S. trade blacklist would weigh on its overseas sales this year, in the first detailed comment from the world's biggest maker of surveillance cameras.

Hikvision shares fell 2% in Shanghai after the announcement. The company said its domestic business remained strong.

"We are confident in our long-term strategy," a spokeswoman said.

Reporting by Jane Doe; Editing by Tom Roe
"""

REUTERS_DATED = """\
China's Hikvision says U.S. blacklist will hurt overseas sales
November 6, 2019 / 9:00 AM / Updated 2 hours ago
Jane Doe
BEIJING, Nov 6 (Reuters) - China's Hikvision said on Wednesday that a U.S. trade blacklist would weigh on its overseas sales this year.
The rules take effect on December 1, 2019, the commerce ministry said.
"""

GUARDIAN = """\
Facial recognition firms face scrutiny from UK regulator

Alex Hern
Wed 6 Nov 2019 09.00 GMT

A CCTV camera at King's Cross in London. Photograph: Jason Lee/Reuters

The information commissioner has opened an investigation into the use of facial recognition cameras at a London development, saying the technology raises serious privacy questions.

Developers said the system had been used only twice, and both times to help police, the Financial Times reported last month.

Sign up to our weekly technology newsletter, TechScape.

Reuse this content

© 2019 Guardian News & Media Limited or its affiliated companies. All rights reserved.
"""

BLOOMBERG = """\
China's Surveillance Giants Brace for Fallout From U.S. Blacklist
By Jane Doe and John Roe
November 6, 2019, 9:00 AM GMT+8
Updated on November 6, 2019, 11:30 AM GMT+8
(Bloomberg) -- Hikvision and Dahua, the world's two largest makers of surveillance cameras, are stockpiling American chips as they brace for the impact of a U.S. blacklist.
A Hikvision camera in Beijing.
Photographer: Qilai Shen/Bloomberg
The companies have built up inventories worth more than $1 billion, according to people familiar with the matter.
Read more: China's Camera Makers Shrug Off Trade War
— With assistance from Ann Poe
To contact the reporter on this story: Jane Doe in Beijing at jdoe@bloomberg.net
"""

NYT = """\
Skip to content
China's Surveillance State Goes Global
By Paul Mozur and Jonah M. Kessel
Nov. 6, 2019
Cameras in Shenzhen, where officials say surveillance deters crime.
Credit...Gilles Sabrié for The New York Times
SHENZHEN, China — The cameras are everywhere in this southern city, watching intersections, subway stations and shopping malls.
Officials say the system has cut crime, though critics call it a tool of control.
A version of this article appears in print on Nov. 7, 2019, Section B, Page 1 of the New York edition with the headline: Beijing's Watchful Eyes.
"""

BBC = """\
Huawei: US blacklist 'will hurt' Chinese tech giant

By Jane Doe
Technology reporter

6 November 2019

Image source, Getty Images
Image caption, Huawei has denied the allegations

Huawei has said a US trade blacklist will cost it billions of dollars in lost sales, but insisted it will survive.

The firm's founder said revenue would fall short of earlier forecasts.

Related Topics

Copyright 2019 BBC. All rights reserved. The BBC is not responsible for the content of external sites.
"""

NIKKEI = """\
China's AI champions shrug off US sanctions
SenseTime and Megvii press ahead with listing plans despite blacklist
JANE DOE, Nikkei staff writer
November 6, 2019 09:00 JST
TOKYO -- Chinese artificial intelligence companies placed on a U.S. blacklist last month say the sanctions have had little effect on their business.
SenseTime, valued at more than $7.5 billion, said it had enough chips to last for several years.
Copyright © 2019 Nikkei Inc. All rights reserved.
"""

TECHCRUNCH = """\
SenseTime raises $620M more as it eyes a listing
Jane Doe @janedoe / 9:00 am PST • November 6, 2019
Comment
Image Credits: Qilai Shen/Bloomberg / Getty Images
SenseTime, the Chinese facial recognition startup, has raised another $620 million, the company confirmed to TechCrunch on Wednesday.
The round values the company at more than $7.5 billion, according to a person with knowledge of the deal.
URL: https://techcrunch.com/2019/11/06/sensetime-raises-620m/
"""

STRAITS_TIMES = """\
China tech firms play down US blacklist
PUBLISHED NOV 6, 2019, 9:00 AM SGT
UPDATED NOV 6, 2019, 11:00 AM SGT
BEIJING (REUTERS) - Chinese surveillance firms on Wednesday played down the impact of a US blacklist, saying they had found alternative suppliers.
A man walks past a Hikvision stand at a security fair in Beijing. PHOTO: REUTERS
The US added 28 Chinese entities to its Entity List last month.
Copyright © 2019 Singapore Press Holdings Ltd. Co. Regn. No. 198402868E. All rights reserved
"""

AP = """\
China's surveillance firms shrug off US blacklist
By JOE MCDONALD
November 6, 2019
BEIJING (AP) — China's biggest makers of surveillance cameras said Wednesday that U.S. sanctions would not derail their growth.
In this Oct. 29, 2019, photo, visitors look at cameras at a security expo in Beijing. (AP Photo/Ng Han Guan)
The companies supply police across China, including in the western region of Xinjiang.
Copyright 2019 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.
"""

WSJ = """\
U.S. Weighs Blacklisting Chinese Surveillance Firms
By Jane Doe and John Roe
Updated Nov. 6, 2019 9:00 am ET
WASHINGTON—The Trump administration is weighing whether to add more Chinese surveillance companies to a trade blacklist, people familiar with the matter said.
The companies have denied wrongdoing.
Write to Jane Doe at jane.doe@wsj.com
Appeared in the November 7, 2019, print edition as 'U.S. Eyes More Chinese Firms.'
Copyright ©2019 Dow Jones & Company, Inc. All Rights Reserved
"""

CAIXIN = """\
Exclusive: Megvii Delays Hong Kong IPO
By Jane Doe
Published: Nov. 6, 2019 9:00 a.m. GMT+8
Megvii Technology has postponed its planned Hong Kong listing, Caixin has learned, as the U.S. blacklist complicates the deal.
The company had filed its prospectus in August.
Contact reporter Jane Doe (janedoe@caixin.com)
Copyright 2019 Caixin Media Company Ltd. All Rights Reserved
"""

CNBC = """\
Markets
China's Hikvision shares slide after US blacklist report
Published Wed, Nov 6 2019 9:00 AM EST Updated Wed, Nov 6 2019 11:12 AM EST
Jane Doe @JaneDoeCNBC
Shares of Hikvision fell sharply on Wednesday after a report said the U.S. was considering further sanctions against the company.
"""

SCMP = """\
Tech/ Big Tech
Huawei unveils cloud marketplace at security expo
Chinese tech giant hopes to redefine smart video ecosystem
Sarah Dai
PUBLISHED : Friday, 01 November, 2019, 7:00am
UPDATED : Friday, 01 November, 2019, 10:52pm
Huawei Technologies used the China Public Security Expo in Shenzhen to launch an online marketplace for algorithms, the company said.
"""

ECONOMIST = """\
China
The panopticon is already here
Sep 13th 2018 | BEIJING

Few people have been so closely watched as the residents of Xinjiang, a region in China’s far west, where cameras line every street.

This article appeared in the China section of the print edition under the headline "The panopticon is already here"
"""



@dataclass
class Sample:
    id: str
    text: str
    title: str | None
    outlet: str | None
    author: str | None = None
    published: str | None = None
    published_at: str | None = None
    published_source: str | None = None
    url: str | None = None
    body_has: list[str] = field(default_factory=list)
    body_lacks: list[str] = field(default_factory=list)
    first_para: str | None = None


SAMPLES = [
    Sample(
        "reuters-wire", REUTERS,
        title="China's Hikvision says U.S. blacklist will hurt overseas sales",
        outlet="Reuters", author="Jane Doe",
        first_para="BEIJING, Nov 6 (Reuters) - China's Hikvision said on Wednesday",
        body_has=["\"We are confident in our long-term strategy,\" a spokeswoman said."],
        body_lacks=["3 Min Read", "Reporting by", "By Jane Doe"],
    ),
    Sample(
        "reuters-dated", REUTERS_DATED,
        title="China's Hikvision says U.S. blacklist will hurt overseas sales",
        outlet="Reuters", author="Jane Doe", published="2019-11-06",
        published_at="2019-11-06T09:00:00", published_source="header",
        body_has=["The rules take effect on December 1, 2019"],
        body_lacks=["Updated 2 hours ago"],
    ),
    Sample(
        "guardian", GUARDIAN,
        title="Facial recognition firms face scrutiny from UK regulator",
        outlet="The Guardian", author="Alex Hern", published="2019-11-06",
        published_at="2019-11-06T09:00:00+00:00", published_source="header",
        body_has=["the Financial Times reported last month."],
        body_lacks=["Photograph", "Reuse this content", "newsletter", "All rights reserved"],
    ),
    Sample(
        "bloomberg", BLOOMBERG,
        title="China's Surveillance Giants Brace for Fallout From U.S. Blacklist",
        outlet="Bloomberg", author="Jane Doe; John Roe", published="2019-11-06",
        published_at="2019-11-06T09:00:00+08:00", published_source="header",
        first_para="(Bloomberg) -- Hikvision and Dahua",
        body_lacks=["Photographer", "A Hikvision camera in Beijing.", "Read more", "With assistance", "To contact"],
    ),
    Sample(
        "nyt", NYT,
        title="China's Surveillance State Goes Global",
        outlet="The New York Times", author="Paul Mozur; Jonah M. Kessel", published="2019-11-06",
        published_source="header",
        first_para="SHENZHEN, China — The cameras are everywhere",
        body_lacks=["Credit...", "Cameras in Shenzhen, where", "A version of this article", "Skip to content"],
    ),
    Sample(
        "bbc", BBC,
        title="Huawei: US blacklist 'will hurt' Chinese tech giant",
        outlet="BBC News", author="Jane Doe", published="2019-11-06", published_source="header",
        first_para="Huawei has said a US trade blacklist",
        body_lacks=["Image source", "Image caption", "Technology reporter", "Related Topics", "Copyright"],
    ),
    Sample(
        "nikkei", NIKKEI,
        title="China's AI champions shrug off US sanctions",
        outlet="Nikkei Asia", author="Jane Doe", published="2019-11-06",
        published_at="2019-11-06T09:00:00+09:00", published_source="header",
        first_para="TOKYO -- Chinese artificial intelligence companies",
        body_lacks=["staff writer", "press ahead with listing plans", "Copyright"],
    ),
    Sample(
        "techcrunch", TECHCRUNCH,
        title="SenseTime raises $620M more as it eyes a listing",
        outlet="TechCrunch", author="Jane Doe", published="2019-11-06",
        published_at="2019-11-06T09:00:00-08:00", published_source="header",
        url="https://techcrunch.com/2019/11/06/sensetime-raises-620m/",
        body_lacks=["Image Credits", "Comment", "@janedoe", "URL:"],
    ),
    Sample(
        "straits-times-carries-reuters", STRAITS_TIMES,
        title="China tech firms play down US blacklist",
        outlet="Reuters", published="2019-11-06",
        published_at="2019-11-06T09:00:00+08:00", published_source="header",
        first_para="BEIJING (REUTERS) - Chinese surveillance firms",
        body_lacks=["PHOTO: REUTERS", "UPDATED", "Copyright"],
    ),
    Sample(
        "ap", AP,
        title="China's surveillance firms shrug off US blacklist",
        outlet="Associated Press", author="Joe Mcdonald", published="2019-11-06", published_source="header",
        body_lacks=["AP Photo", "Copyright"],
    ),
    Sample(
        "wsj", WSJ,
        title="U.S. Weighs Blacklisting Chinese Surveillance Firms",
        outlet="The Wall Street Journal", author="Jane Doe; John Roe", published="2019-11-06",
        published_at="2019-11-06T09:00:00-05:00", published_source="header",
        body_lacks=["Write to", "print edition", "Dow Jones"],
    ),
    Sample(
        "cnbc-published-and-updated-on-one-line", CNBC,
        title="China's Hikvision shares slide after US blacklist report",
        outlet=None, author="Jane Doe", published="2019-11-06",
        published_at="2019-11-06T09:00:00-05:00", published_source="header",
        body_lacks=["Markets", "@JaneDoeCNBC", "Updated"],
    ),
    Sample(
        "scmp-bare-byline-above-date", SCMP,
        title="Huawei unveils cloud marketplace at security expo",
        outlet=None, author="Sarah Dai", published="2019-11-01",
        published_at="2019-11-01T07:00:00", published_source="header",
        body_lacks=["Big Tech", "Sarah Dai", "PUBLISHED", "smart video ecosystem"],
    ),
    Sample(
        "economist-place-is-not-author", ECONOMIST,
        title="The panopticon is already here",
        outlet="The Economist", author=None, published="2018-09-13", published_source="header",
        body_lacks=["BEIJING", "print edition"],
    ),
    Sample(
        "caixin", CAIXIN,
        title="Exclusive: Megvii Delays Hong Kong IPO",
        outlet="Caixin", author="Jane Doe", published="2019-11-06",
        published_at="2019-11-06T09:00:00+08:00", published_source="header",
        body_lacks=["Copyright", "Published:"],
    ),
]


@pytest.mark.parametrize("s", SAMPLES, ids=[s.id for s in SAMPLES])
def test_sample_articles(s: Sample):
    m = extract_metadata(s.text)
    assert m.title == s.title
    assert m.outlet == s.outlet
    assert ("; ".join(m.authors) or None) == s.author
    assert m.author == (s.author.split("; ")[0] if s.author else None)
    assert m.published == s.published
    assert m.published_source == s.published_source
    if s.published_at is not None:
        assert m.published_at == s.published_at
    if s.url is not None:
        assert m.url == s.url
    paras = m.body.split("\n\n")
    assert all(p and "\n" not in p for p in paras)
    assert s.title not in paras
    if s.first_para:
        assert paras[0].startswith(s.first_para)
    for text in s.body_has:
        assert text in m.body
    for text in s.body_lacks:
        assert text not in m.body


# ---------------------------------------------------------------------------------------
# traps: what is NOT the outlet, the title or the date


def test_reuters_dateline_without_year_is_a_rejected_candidate():
    m = extract_metadata(REUTERS)
    assert m.published is None
    dl = [c for c in m.date_candidates if c.source == "text"]
    assert dl and not dl[0].accepted
    assert dl[0].reason.startswith("dateline without a year")


def test_header_date_beats_body_event_date():
    m = extract_metadata(REUTERS_DATED)
    body = [c for c in m.date_candidates if c.source == "body"]
    assert [c.value for c in body] == ["2019-12-01"]
    assert not body[0].accepted


def test_update_line_is_recorded_but_not_used_when_published_is_stated():
    m = extract_metadata(BLOOMBERG)
    upd = [c for c in m.date_candidates if "update" in c.reason]
    assert upd and not upd[0].accepted and upd[0].value.startswith("2019-11-06T11:30")


def test_print_edition_date_is_not_the_publication_date():
    m = extract_metadata(NYT)
    printed = [c for c in m.date_candidates if c.value == "2019-11-07"]
    assert printed and not any(c.accepted for c in printed)


def test_syndicated_wire_story_is_the_agencys_and_the_carrying_site_is_kept():
    m = extract_metadata(STRAITS_TIMES)
    assert (m.outlet, m.site) == ("Reuters", "The Straits Times")
    assert any("several outlets" in w for w in m.warnings)


CAPTION_DATE = """\
Regulators tighten rules on face scans
Surveillance cameras are mounted on a post as snow falls in Beijing, China, on Thursday, Feb. 14, 2019.
Jane Roe | Bloomberg | Getty Images
Chinese regulators have tightened the rules on the use of facial recognition in schools, the education ministry said.
"""

COPYRIGHT_YEAR = """\
Face scans spread to subway stations
Commuters in several cities can now pay for rides by scanning their faces at the gates, operators said.
Copyright The Example Times Limited 2023. All rights reserved.
"""

CREDIT_ONLY = """\
A man walks past a poster at a security fair in Beijing, China October 24, 2018. REUTERS/Jane Roe
© Reuters

What do a police force, a prison and an airport have in common? All three are testing facial recognition systems built with Chinese technology.

Critics say the exports spread surveillance.
"""

SPONSOR = """\
The face of modern retail
Shoppers in Shanghai can now pay with a smile at more than 300 stores, the operator said.
© Example Publishing Ltd. All rights reserved.
Sponsored by Bloomberg.
"""

CITED_OUTLETS = """\
Camera makers face new US curbs
The U.S. may put more camera makers on a blacklist, the New York Times reported, citing people familiar with the matter.
"It is mostly used to maintain stability," an activist told America's NPR.
"""

PHOTO_AP_TOP = """\
Advertisement
Advertisement
Technology
Get more with myPAGE
Learn more
A camera made by a Chinese company is mounted on a street in Beijing, Thursday, May 23, 2019. Photo: AP

Camera makers play down blacklist at annual fair

The fair attracted buyers from more than 150 countries despite the sanctions, organisers said on Thursday.
"""

NO_HEADLINE = """\
A worker cleans a camera on a street in Nairobi, on January 18, 2019. (Photo by Jane ROE / AFP)
Officials say the cameras cut crime © Jane Roe/AFP

Chinese companies may be the most successful, but they are not the only ones supplying surveillance technologies to governments.

Rivals from Israel, Japan and America are competing to do the same.
"""


STORY_SENTENCE_FIRST = """\
Jane Roe, the Acme chief executive, said that the company was putting share buybacks first

Acme's profit fell to $5.1 billion in the second quarter as oil and gas prices eased from last year's highs.

The company will buy back another $3 billion of its shares in the coming quarter, it said.
"""

SAYS_HEADLINE = """\
Acme boss says buybacks come first

Acme's profit fell to $5.1 billion in the second quarter as oil and gas prices eased from last year's highs.

The company will buy back another $3 billion of its shares in the coming quarter, it said.
"""


@pytest.mark.parametrize(
    "text,title,outlet,published",
    [
        pytest.param(CAPTION_DATE, "Regulators tighten rules on face scans", None, None, id="caption-date-and-credit"),
        pytest.param(COPYRIGHT_YEAR, "Face scans spread to subway stations", None, None, id="copyright-year"),
        pytest.param(CREDIT_ONLY, None, None, None, id="agency-credit-not-outlet-no-title"),
        pytest.param(SPONSOR, "The face of modern retail", None, None, id="sponsor-not-outlet"),
        pytest.param(CITED_OUTLETS, "Camera makers face new US curbs", None, None, id="outlets-cited-in-body"),
        pytest.param(PHOTO_AP_TOP, "Camera makers play down blacklist at annual fair", None, None, id="ads-nav-caption-above-title"),
        pytest.param(NO_HEADLINE, None, None, None, id="caption-then-body-no-title"),
        pytest.param(STORY_SENTENCE_FIRST, None, None, None, id="story-sentence-without-full-stop-is-no-headline"),
        pytest.param(SAYS_HEADLINE, "Acme boss says buybacks come first", None, None, id="present-tense-says-headline"),
    ],
)
def test_traps(text, title, outlet, published):
    m = extract_metadata(text)
    assert m.title == title
    assert m.outlet == outlet
    assert m.published == published
    for bad in ("Getty Images", "© Reuters", "REUTERS/", "Photo: AP", "(Photo by", "Sponsored by", "Copyright", "Advertisement", "Learn more"):
        assert bad not in m.body
        assert bad not in (m.title or "")


def test_caption_and_copyright_dates_are_rejected_with_reasons():
    m = extract_metadata(CAPTION_DATE + "\nCopyright 2023 Example Media Ltd. All rights reserved.\n")
    reasons = {c.value: (c.accepted, c.reason) for c in m.date_candidates}
    assert reasons["2019-02-14"] == (False, "photo caption")
    assert reasons["2023"][0] is False and "copyright" in reasons["2023"][1]


# ---------------------------------------------------------------------------------------
# header labels and bylines


@pytest.mark.parametrize(
    "line,field,expected",
    [
        ("# A markdown headline here", "title", "A markdown headline here"),
        ("Title: A labelled headline here", "title", "A labelled headline here"),
        ("Author: **Jane Doe**", "author", "Jane Doe"),
        ("Byline: Jane Doe and John Roe", "authors", ["Jane Doe", "John Roe"]),
        ("By Jane Doe, John Roe and Ann Poe", "authors", ["Jane Doe", "John Roe", "Ann Poe"]),
        ("By Jane Doe, John Roe and Ann Poe", "author", "Jane Doe"),
        ("By Jane Doe | Reuters", "author", "Jane Doe"),
        ("Published at: **2019-11-06T09:00:00+00:00**", "published_at", "2019-11-06T09:00:00+00:00"),
        ("Published 6 November 2019", "published", "2019-11-06"),
        ("Updated: Nov. 6, 2019 9:00 AM ET", "published_at", "2019-11-06T09:00:00-05:00"),
        ("PUBLISHED : Friday, 01 November, 2019, 7:00am", "published_at", "2019-11-01T07:00:00"),
        ("Date: 2019-11-06", "published", "2019-11-06"),
        ("Wed 6 Nov 2019 09.00 GMT", "published_at", "2019-11-06T09:00:00+00:00"),
        ("Posted on June 3, 2019 at 4:15 pm PDT", "published_at", "2019-06-03T16:15:00-07:00"),
        ("URL: https://www.example.com/a/b", "url", "https://www.example.com/a/b"),
        ("Original: [Financial Times](https://www.ft.com/content/x)", "outlet", "Financial Times"),
        ("Original: [Financial Times](https://www.ft.com/content/x)", "url", "https://www.ft.com/content/x"),
        ("Source: South China Morning Post", "outlet", "South China Morning Post"),
        ("Source: scmp.com", "outlet", "South China Morning Post"),
    ],
)
def test_header_lines(line, field, expected):
    text = f"{line}\n\nA headline for the sample story\n\nThe body of the story is a sentence long enough to read as body text, the editors said on Tuesday.\n"
    m = extract_metadata(text)
    assert getattr(m, field) == expected
    assert line not in m.body


@pytest.mark.parametrize(
    "value,expected",
    [
        ("By Jane Doe", "Jane Doe"),
        ("By Jane Doe and John Roe", "Jane Doe; John Roe"),
        ("by Jane Doe & John Roe", "Jane Doe; John Roe"),
        ("By JANE DOE", "Jane Doe"),
        ("By Jane Doe in Beijing", "Jane Doe"),
        ("By Jane Doe, Staff Writer", "Jane Doe"),
        ("By Jane Doe, Bloomberg", "Jane Doe"),
        ("By Jean-Luc de la Rue", "Jean-Luc de la Rue"),
        ("By J. K. Doe", "J. K. Doe"),
        ("By Reuters", None),
        ("by the way, this is a sentence.", None),
    ],
)
def test_parse_byline(value, expected):
    assert parse_byline(value) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "By 2022, the number of cameras is expected to reach 2.76 billion.",
        "By contrast, rivals have struggled to win contracts.",
        "By Tuesday, the company had withdrawn its application.",
    ],
)
def test_sentences_starting_with_by_are_not_bylines(sentence):
    m = extract_metadata(f"A headline for the sample story\n{sentence}\n")
    assert m.author is None
    assert sentence in m.body


# ---------------------------------------------------------------------------------------
# dates


@pytest.mark.parametrize(
    "text,dates",
    [
        ("on Thursday, Feb. 14, 2019.", ["2019-02-14"]),
        ("1 November 2019 and 2nd of March, 2020", ["2019-11-01", "2020-03-02"]),
        ("Sept. 3, 2019", ["2019-09-03"]),
        ("2019/11/06", ["2019-11-06"]),
        ("2019-11-06T09:00:00Z", ["2019-11-06"]),
        ("Feb. 30, 2019", []),
        ("in May 2019", []),
        ("the 2019 report", []),
        ("may 6 2019 be good", ["2019-05-06"]),
    ],
)
def test_find_dates(text, dates):
    assert [h.date for h in find_dates(text)] == dates


# ---------------------------------------------------------------------------------------
# the seeds (the corpus shipped with the repository)

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = sorted(CORPUS.glob("*.txt"))

SEED_EXPECT = {
    0: ("Tech: China’s surveillance giants in the eye of the storm", "The Edge Markets", "2019-11-06"),
    1: ("US takes aim at Chinese surveillance as the trade war becomes a tech war", "CNBC", None),
    2: ("The face of modern China", "Week in China", None),
    3: ("China’s surveillance industry plays down US blacklist at annual expo designed to showcase its technology", "South China Morning Post", None),
    4: (None, "Financial Times", None),
}


@pytest.mark.parametrize("i", range(5))
def test_seed_metadata(i):
    m = extract_metadata(SEEDS[i].read_text(encoding="utf-8"))
    title, outlet, published = SEED_EXPECT[i]
    assert (m.title, m.outlet, m.published) == (title, outlet, published)
    for p in m.body.split("\n\n"):
        assert classify_line(p) is None
    for bad in ("Getty Images", "© ", "Photo: AP", "Advertisement", "Key Points", "All rights reserved", "Sponsored by", "print edition", "contributed to this report", "Reuse this content"):
        assert bad not in m.body


# ---------------------------------------------------------------------------------------
# outlet signals: one row per form, and the traps that must never name the outlet

_HEAD = "A headline for the sample story\n\nThe body of the story is a sentence long enough to read as body text, officials said on Tuesday.\n\n"


@pytest.mark.parametrize(
    "footer,outlet",
    [
        ("Copyright The Financial Times Limited 2023. All rights reserved.", "Financial Times"),
        ("© 2019 Bloomberg L.P.", "Bloomberg"),
        ("Copyright 2019 The Associated Press. All rights reserved.", "Associated Press"),
        ("© ChinTell Ltd. All rights reserved.", "Week in China"),
        ("Copyright © 2019 Nikkei Inc. All rights reserved.", "Nikkei Asia"),
        ("This article appeared in the South China Morning Post print edition as: Another headline", "South China Morning Post"),
        ("The Week in China website and magazine are owned and maintained by ChinTell Limited, Hong Kong.", "Week in China"),
        ("—CNBC's Jane Doe contributed to this report.", "CNBC"),
        ("Write to Jane Doe at jane.doe@wsj.com", "The Wall Street Journal"),
        ("This article was originally published on The Conversation.", None),
        ("This article was originally published on Quartz.", "Quartz"),
        ("URL: https://www.straitstimes.com/asia/east-asia/some-story", "The Straits Times"),
        ("Source: Al Jazeera", "Al Jazeera"),
        # traps
        ("© Reuters", None),
        ("Jane Roe | Bloomberg | Getty Images", None),
        ("Photo: AP", None),
        ("Sponsored by HSBC.", None),
        ("Sponsored by Bloomberg.", None),
        ("The New York Times reported the plan last week, citing officials.", None),
        ("An activist told America's NPR that the system was mostly used for control.", None),
        ("Copyright law was changed in 2020, the Financial Times reported.", None),
        ("A camera in Beijing. Photograph: Jason Lee/Reuters", None),
    ],
)
def test_outlet_signal_forms(footer, outlet):
    assert extract_metadata(_HEAD + footer + "\n").outlet == outlet


def test_a_wire_dateline_names_the_writer_and_the_header_the_carrying_site():
    text = (
        "Original: [The Edge Markets](https://www.theedgemarkets.com/article/x)\n\n"
        "A headline for the sample story\n\n"
        "KUALA LUMPUR (Reuters) - The body of the story is a sentence long enough to read as body text.\n\n"
        "© Reuters\n"
    )
    m = extract_metadata(text)
    assert (m.outlet, m.site) == ("Reuters", "The Edge Markets")
    assert [s.kind for s in m.outlet_signals if s.outlet == "Reuters"] == ["dateline"]


# ---------------------------------------------------------------------------------------
# hostile header-shaped input: long runs of whitespace after labels must stay linear
# (a quadratic pattern turns each of these into minutes; linear code takes milliseconds)

_K = 200_000
HOSTILE = {
    "by-spaces": "By" + " " * _K + "b",
    "published-spaces": "Published" + " " * _K + "x",
    "md-title-spaces": "# T" + " " * _K + "| Reuters",
    "label-colon-spaces": "Source:" + " " * _K + "x",
    "updated-split-spaces": "Published Nov 6, 2019" + " " * _K + "Updated",
    "copyright-spaces": "© " + " " * _K + "x",
    "nbsp": "a" + "\u00a0" * _K + "b",
    "updated-chain": "Updated " * (_K // 8),
    "by-chain": "By Jane Doe and " * (_K // 16),
    "pipes": "A | " * (_K // 4),
    "dates": "Nov 6, 2019 " * (_K // 12),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_header_shapes_return(kind):
    m = extract_metadata(HOSTILE[kind])
    assert isinstance(m.body, str)
    assert m.title is None or len(m.title) <= len(HOSTILE[kind])

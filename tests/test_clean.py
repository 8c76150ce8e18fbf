"""Boilerplate classification and body cleaning: one row per rule, rows for traps,
paragraph joining in each input style, and a property test over arbitrary text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsindex.extract.clean import classify_line, clean_body, ends_sentence, is_bullet, split_paragraphs
from newsindex.extract.metadata import extract_metadata

# (line, kind) — one row per written form of each rule
BOILERPLATE = [
    ("Advertisement", "ad"),
    ("ADVERTISEMENT", "ad"),
    ("Story continues below advertisement", "ad"),
    ("Continue reading the main story", "ad"),
    ("Skip to content", "ad"),
    ("Learn more", "navigation"),
    ("Get more with myNEWS", "navigation"),
    ("Share this article", "navigation"),
    ("3 min read", "navigation"),
    ("Jump to comments section", "navigation"),
    ("Related Topics", "navigation"),
    ("Home > Tech > China", "navigation"),
    ("Key Points", "keypoints"),
    ("Key takeaways:", "keypoints"),
    ("© Reuters", "credit"),
    ("© Yasuyoshi Chiba/AFP", "credit"),
    ("Qilai Shen | Bloomberg | Getty Images", "credit"),
    ("REUTERS/Thomas Peter", "credit"),
    ("Jason Lee/Reuters", "credit"),
    ("Photo: AP", "credit"),
    ("Photograph: Jason Lee/Reuters", "credit"),
    ("Photographer: Qilai Shen/Bloomberg", "credit"),
    ("Image Credits: Qilai Shen/Bloomberg / Getty Images", "credit"),
    ("Credit...Gilles Sabrié for The New York Times", "credit"),
    ("Image source, Getty Images", "credit"),
    ("AFP via Getty Images", "credit"),
    ("Getty Images", "credit"),
    ("A camera on a street in Beijing, Thursday, May 23, 2019. Photo: AP", "caption"),
    ("A CCTV camera at King's Cross in London. Photograph: Jason Lee/Reuters", "caption"),
    ("Police in Nairobi use the cameras © Jane Roe/AFP", "caption"),
    ("A worker cleans a camera in Nairobi. (Photo by Jane ROE / AFP)", "caption"),
    ("A poster at a fair in Beijing, China October 24, 2018.   REUTERS/Jane Roe - RC1234", "caption"),
    ("(FILES) This file photo taken on June 26, 2017 shows police in Kashgar.", "caption"),
    ("In this picture taken on August 21, 2019 a woman uses a payment device.", "caption"),
    ("In this Oct. 29, 2019, photo, visitors look at cameras. (AP Photo/Jane Roe)", "caption"),
    ("LONDON, ENGLAND - JANUARY 25: A camera is pictured on a uniform in London.", "caption"),
    ("A camera at the expo (Photo credit should read JANE ROE/AFP via Getty Images)", "caption"),
    ("Copyright The Example Times Limited 2023. All rights reserved.", "copyright"),
    ("© Example Publishing Ltd. All rights reserved.", "copyright"),
    ("© 2019 Bloomberg L.P.", "copyright"),
    ("This article appeared in the Example Post print edition as: A print headline", "print_edition"),
    ("A version of this article appears in print on Nov. 7, 2019, Section B, Page 1 of the New York edition", "print_edition"),
    ("Appeared in the November 7, 2019, print edition as 'A Headline.'", "print_edition"),
    ("Sponsored by HSBC.", "sponsor"),
    ("Presented by Example Bank", "sponsor"),
    ("The Example Weekly website and magazine are owned and maintained by Example Ltd, Hong Kong.", "disclaimer"),
    ("The views expressed do not necessarily reflect the views of the sponsor.", "disclaimer"),
    ("Clarification: This article has been updated to change an attribution.", "correction"),
    ("Correction: An earlier version misstated the company's revenue.", "correction"),
    ("This article has been amended to refer to a prison in the region", "correction"),
    ("An earlier version of this story misspelled a name.", "correction"),
    ("Additional reporting by Jane Doe and John Roe in Beijing", "contributor"),
    ("—Example's Jane Doe and John Roe contributed to this report.", "contributor"),
    ("Reporting by Jane Doe; Editing by John Roe", "contributor"),
    ("— With assistance from Jane Doe", "contributor"),
    ("Write to Jane Doe at jane.doe@example.com", "contributor"),
    ("For more insights, sign up for our tech newsletters and podcasts.", "newsletter"),
    ("Sign up to our weekly technology newsletter.", "newsletter"),
    ("Reuse this content (opens in new window) CommentsJump to comments section", "page_tools"),
    ("Follow the topics in this article", "page_tools"),
    ("Read more: Camera makers shrug off the trade war", "page_tools"),
    ("https://www.example.com/story/1", "page_tools"),
    ("## A markdown subhead", "markdown"),
    ("Post", "stray"),
    ("•", "stray"),
]


@pytest.mark.parametrize("line,kind", BOILERPLATE, ids=[f"{k}:{l[:30]}" for l, k in BOILERPLATE])
def test_classify_line(line, kind):
    assert classify_line(line) == kind


# body sentences that look like boilerplate but are not
BODY_TRAPS = [
    "Reuters/Ipsos polling found that most voters backed the measure.",
    "By 2022, the number is expected to reach 2.76 billion, according to IDC.",
    "Research from Example Research shows that demand is rising.",
    "Photo sharing apps boomed in China last year, analysts said.",
    "The company said the photo was taken on Thursday.",
    "Copyright law in China was amended in 2020, lawyers said.",
    "The New York Times reported that the administration was weighing sanctions.",
    "A Hikvision spokesperson told Example News that the company takes these concerns very seriously.",
    "Its shares have fallen 20 per cent since May, Bloomberg data show.",
    "The sponsors of the bill said it would protect privacy.",
    "He did not respond to a request for comment.",
    "“The worst case scenario is that we distance ourselves from the server business,” said an executive.",
    "Advertisement revenue fell 3 per cent in the quarter.",
    "Key points of the plan were leaked last week.",
    "Updated figures show the market grew by 13.5 per cent last year.",
    "Note that the figures exclude Hong Kong.",
    # a story sentence ending with the day of an event is not a caption (the caption rule
    # that dropped it is gone: a caption is caught by the credit line under it)
    "The deal was announced at a press conference in London, on Monday, March 3, 2008.",
    "Supported by strong sales in China, the company raised its forecast.",
    "Produced by the plant in Kentucky, the sedan became the best-selling car, the company said.",
    "First published in 1851, the paper has changed owners four times.",
    "(The company's shares rose 3% on the news, it said.)",
    "Read the full report, which the company published on Tuesday, for details.",
]


@pytest.mark.parametrize("line", BODY_TRAPS)
def test_body_sentences_are_not_boilerplate(line):
    assert classify_line(line) is None


@pytest.mark.parametrize(
    "line,expected",
    [("  • First point", True), ("- a dash item", True), ("-5 per cent", False), ("*emphasis*", False), ("•", False)],
)
def test_is_bullet(line, expected):
    assert is_bullet(line) is expected


@pytest.mark.parametrize(
    "text,expected",
    [("A sentence.", True), ("He said “minimal”", True), ("A question?", True), ("He said:", True),
     ("All about face", False), ("The data", False), ("", False), ("Cameras’", False)],
)
def test_ends_sentence(text, expected):
    assert ends_sentence(text) is expected


# ---------------------------------------------------------------------------------------
# paragraphs in each input style

P1 = "The first paragraph is a sentence that ends here."
P2 = "The second paragraph also ends with a full stop."


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"{P1}\n{P2}\n", id="one-per-line"),
        pytest.param(f"{P1}\n\n{P2}\n", id="blank-separated"),
        pytest.param(f"{P1}\n\n\n\n{P2}\n", id="several-blank-lines"),
        pytest.param(f"  {P1}  \r\n\r\n\t{P2}\r\n", id="crlf-and-indent"),
        pytest.param("The first paragraph is a sentence\nthat ends here.\n\nThe second paragraph also ends\nwith a full stop.\n", id="soft-wrapped"),
    ],
)
def test_paragraph_styles(text):
    assert clean_body(text) == f"{P1}\n\n{P2}"


def test_hard_wrapped_text_is_joined_even_before_capitals():
    text = (
        "Officials in the city of Shenzhen said on Tuesday that the new system of\n"
        "cameras, installed by Example Technology Co over the past two years, had\n"
        "cut crime. The claim could not be verified independently by reporters\n"
        "who visited the site.\n"
        "\n"
        "Critics of the programme, including several rights groups based in Hong\n"
        "Kong, London and New York, said the system was a tool of social control\n"
        "and called for it to be suspended.\n"
    )
    paras = clean_body(text).split("\n\n")
    assert len(paras) == 2
    assert "system of cameras, installed" in paras[0]
    assert "based in Hong Kong, London" in paras[1]


def test_wrapped_disclaimer_is_joined_then_dropped():
    text = (
        "A short headline for the story\n"
        "The body of the story is one sentence long and ends with a full stop.\n"
        "The Example Weekly website and the weekly magazine publications are owned\n"
        "and maintained by Example Limited, Hong Kong. Neither Example Bank nor any member of the group endorses the contents and/or is\n"
        "involved in selecting the contents of the website. The views expressed are solely the views of Example Limited.\n"
    )
    m = extract_metadata(text)
    assert m.body == "The body of the story is one sentence long and ends with a full stop."
    assert m.outlet is None  # "Example Weekly" is not in the outlet table


def test_hyphen_at_line_end_joins_without_space():
    assert [p.text for p in split_paragraphs("a state-of-the-\nart system is here.")] == ["a state-of-the-art system is here."]


def test_original_characters_are_kept():
    text = "Curly “quotes”, ‘apostrophes’ — dashes… and  double  spaces stay as they are."
    assert clean_body(text) == text


# ---------------------------------------------------------------------------------------
# contextual rules

BODY_A = "Chinese regulators tightened the rules on Tuesday, the ministry said in a statement."
BODY_B = "The companies declined to comment on the new rules when contacted by reporters."
BODY_C = "Analysts expect the rules to slow the growth of the industry over the next year."


def _body(*lines: str, sep: str = "\n\n") -> list[str]:
    return clean_body(sep.join(lines)).split("\n\n")


@pytest.mark.parametrize("sep", ["\n", "\n\n"], ids=["one-per-line", "blank-separated"])
def test_subhead_is_dropped_neighbours_kept(sep):
    assert _body(BODY_A, "The data", BODY_B, sep=sep) == [BODY_A, BODY_B]


@pytest.mark.parametrize("line", [
    "Jane Roe, the Acme chief executive, said that the company would put buybacks first",
    "The lender said on Tuesday that it would cut 300 jobs",
    "Demand will stay strong this year, added the chief financial officer",
])
def test_a_story_sentence_without_its_full_stop_is_no_subhead(line):
    assert _body(BODY_A, line, BODY_B) == [BODY_A, line, BODY_B]


@pytest.mark.parametrize("line", ["The data", "Acme boss says buybacks come first", "Acme said to weigh sale of chip unit"])
def test_trap_headline_shaped_lines_are_still_subheads(line):
    assert _body(BODY_A, line, BODY_B) == [BODY_A, BODY_B]


def test_embedded_video_title_is_dropped():
    video = "Chinese robotics firms lag behind US peers: Example Bank"
    assert _body(BODY_A, video, BODY_B) == [BODY_A, BODY_B]


def test_related_article_question_is_dropped_but_quoted_question_kept():
    related = "Does facial recognition tech breach the rights of citizens?"
    quoted = "“Does this breach the rights of citizens?” one activist asked."
    assert _body(BODY_A, related, BODY_B, quoted) == [BODY_A, BODY_B, quoted]


def test_pull_quote_and_attribution_are_dropped():
    quote = "We believe human society will enter a smart era with omnipresent sensing"
    attribution = "Jane Doe, Example Technologies’ executive director"
    full = f"“{quote},” Jane Doe, Example Technologies’ executive director, told an audience of hundreds on Tuesday."
    body = clean_body(f"{BODY_A}\n\n{quote}\n{attribution}\n\n{BODY_B}\n\n{full}")
    assert body.split("\n\n") == [BODY_A, BODY_B, full]


def test_a_repeated_short_phrase_is_not_a_pull_quote():
    short = "The rules take effect on Sunday."
    assert _body(BODY_A, short, f"{BODY_B} {short}") == [BODY_A, short, f"{BODY_B} {short}"]


@pytest.mark.parametrize(
    "bio",
    [
        "Jane Doe is a technology writer based in North America",
        "Jane Doe is a senior correspondent for Example News in Beijing.",
        "John Roe covers Chinese technology companies.",
    ],
)
def test_author_bio_at_the_end_is_dropped(bio):
    assert _body(BODY_A, BODY_B, bio) == [BODY_A, BODY_B]


def test_bio_shaped_sentence_in_the_middle_is_kept():
    mid = "Jane Doe is a senior correspondent who has covered the industry for a decade, colleagues said."
    assert _body(BODY_A, mid, BODY_B, BODY_C) == [BODY_A, mid, BODY_B, BODY_C]


def test_key_points_and_summary_bullets_dropped_body_bullets_kept():
    text = "\n".join([
        "Key Points",
        "  • The first summary point is here.",
        "  • The second summary point is here.",
        BODY_A,
        "The ministry listed three measures:",
        "• Schools must ask parents before installing cameras.",
        BODY_B,
    ])
    assert clean_body(text).split("\n\n") == [
        BODY_A,
        "The ministry listed three measures:",
        "• Schools must ask parents before installing cameras.",
        BODY_B,
    ]


def test_caption_above_credit_line_is_dropped():
    caption = "Surveillance cameras on a post at a square in Beijing as snow falls."
    assert _body(BODY_A, f"{caption}\nJane Roe | Example | Getty Images", BODY_B) == [BODY_A, BODY_B]


def test_body_paragraph_separated_from_a_credit_by_a_blank_line_is_kept():
    assert _body(BODY_A, "© Reuters", BODY_B) == [BODY_A, BODY_B]


# ---------------------------------------------------------------------------------------
# property: any text -> extract_metadata returns; body holds no boilerplate line

_piece = st.one_of(
    st.text(max_size=80),
    st.sampled_from([l for l, _ in BOILERPLATE] + BODY_TRAPS + [BODY_A, BODY_B, "", "  ", "Key Points", "  • bullet", "# Title"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_piece, max_size=25), st.sampled_from(["\n", "\n\n", "\r\n", "\n  \n"]))
def test_property_any_text(pieces, sep):
    text = sep.join(pieces)
    m = extract_metadata(text)
    assert isinstance(m.body, str)
    if m.body:
        for para in m.body.split("\n\n"):
            assert para and para == para.strip()
            assert "\n" not in para
            assert classify_line(para) is None
    assert m.published is None or len(m.published) == 10
    assert m.title is None or m.title.strip()

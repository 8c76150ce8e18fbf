"""Claims: attribution patterns (one row each), traps, sample articles in other outlets' styles, seeds.

Company mentions come from a small test gazetteer (``mentions_for``) so that these tests pin the
claims layer alone; the seed tests at the end run the real companies layer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsindex.extract.claims import extract_claims
from newsindex.records import Figure, Mention

ALIASES = {
    "Alibaba Group Holding Ltd.": "Alibaba", "Alibaba": "Alibaba", "Apple": "Apple", "Bernstein": "Bernstein",
    "ByteDance": "ByteDance", "Canalys": "Canalys", "China International Capital Corp.": "CICC",
    "Credit Suisse Group AG": "Credit Suisse", "Credit Suisse": "Credit Suisse", "DJI": "DJI",
    "Everbright Securities International": "Everbright Securities", "Facebook": "Facebook",
    "Hikvision": "Hikvision", "Huawei Technologies": "Huawei", "Huawei": "Huawei", "Jefferies": "Jefferies",
    "Megvii": "Megvii", "Morgan Stanley": "Morgan Stanley", "Nvidia": "Nvidia", "SenseTime": "SenseTime",
    "SoftBank": "SoftBank", "Sony Group": "Sony", "Sony": "Sony", "TikTok": "TikTok", "Toyota Motor": "Toyota",
    "Toyota": "Toyota", "Autel Robotics": "Autel Robotics", "Xiaomi": "Xiaomi", "Counterpoint Research": "Counterpoint",
    "Dahua": "Dahua", "Qantas Airways": "Qantas", "Acme Corp": "Acme", "Walmart Inc.": "Walmart", "Walmart": "Walmart", "Exxon Mobil Corp.": "Exxon Mobil", "J.P. Morgan": "JPMorgan",
    "Procter & Gamble": "Procter & Gamble", "Volkswagen": "Volkswagen Group", "Vestas": "Vestas",
}


def mentions_for(body: str) -> list[Mention]:
    """Longest-alias-first mentions of the test gazetteer, without overlaps."""
    found = []
    for alias, name in ALIASES.items():
        for m in re.finditer(r"(?<![\w])" + re.escape(alias) + r"(?![\w])", body):
            found.append(Mention(name, alias, m.start(), m.end()))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out, last = [], -1
    for m in found:
        if m.start >= last:
            out.append(m)
            last = m.end
    return out


def claims_of(body: str, figures=()):
    return extract_claims(body, "t", mentions_for(body), list(figures))


# --------------------------------------------------------------------------- one row per pattern

# (id, body, claim text start, speaker, verb, quote, rule, companies)
PATTERNS = [
    ("said-before", "Li Wei said the company would expand into Europe next year.",
     "Li Wei said", "Li Wei", "said", False, "said_before", []),
    ("said-after-comma", "The company will expand into Europe next year, Li Wei said.",
     "The company will", "Li Wei", "said", False, "said_after", []),
    ("said-after-inverted-appositive", "Margins will improve, said Li Wei, an analyst at Jefferies.",
     "Margins", "Li Wei", "said", False, "said_after", ["Jefferies"]),
    ("quote-said-name", "“We are confident about demand,” said Tim Cook.",
     "“We are", "Tim Cook", "said", True, "said_after", []),
    ("quote-name-said", "“We are confident about demand,” Tim Cook said.",
     "“We are", "Tim Cook", "said", True, "said_after", []),
    ("quote-says-appositive", "“Demand is strong,” says Jane Doe, a fellow at Brookings, a US think-tank.",
     "“Demand", "Jane Doe", "says", True, "said_after", []),
    ("quote-multi-sentence", "“Demand is strong. Margins are better. We will grow,” Tim Cook said.",
     "“Demand is strong. Margins are better. We will grow,” Tim Cook said.", "Tim Cook", "said", True, "said_after", []),
    ("quote-question-then-name", "“Why would we stop?” Tim Cook asked.",
     "“Why would we stop?” Tim Cook asked.", "Tim Cook", "asked", True, "said_after", []),
    ("appositive-before", "Jane Doe, a fellow at Brookings, said demand was strong.",
     "Jane Doe", "Jane Doe", "said", False, "said_before", []),
    ("according-before", "According to Counterpoint Research, Huawei shipped 240 million phones.",
     "According", "Counterpoint Research", "according to", False, "according_to", ["Counterpoint", "Huawei"]),
    ("according-after-appositive", "Huawei shipped 240 million phones last year, according to Canalys, a research firm.",
     "Huawei shipped", "Canalys", "according to", False, "according_to", ["Huawei", "Canalys"]),
    ("according-research-by", "Fifty governments use the systems, according to research by the Brookings Institution.",
     "Fifty", "Brookings Institution", "according to", False, "according_to", []),
    ("according-no-comma", "Huawei supplies more countries than anyone else according to Carnegie.",
     "Huawei supplies", "Carnegie", "according to", False, "according_to", ["Huawei"]),
    ("according-role-then-name", "The data was public for months, according to the researcher, Victor Gevers.",
     "The data", "Victor Gevers", "according to", False, "according_to", []),
    ("according-descriptor-name", "Nvidia is a key supplier, according to surveillance research platform IPVM.",
     "Nvidia is", "IPVM", "according to", False, "according_to", ["Nvidia"]),
    ("told-that", "A Sony spokesperson told Reuters that the plant would reopen.",
     "A Sony spokesperson", "Sony spokesperson", "told", False, "told_that", ["Sony"]),
    ("told-after", "The plant will reopen next week, a Toyota spokesman told Reuters on Monday.",
     "The plant", "Toyota spokesman", "told", False, "said_after", ["Toyota"]),
    ("told-audience-quote", "“We will win,” Wang Tao, Huawei Technologies’ executive director, told an audience of hundreds.",
     "“We will win,”", "Wang Tao", "told", True, "said_after", ["Huawei"]),
    ("claims-that", "Megvii claims that its platform serves 400 million people.",
     "Megvii claims", "Megvii", "claims", False, "said_before", ["Megvii"]),
    ("boasts-descriptor", "Chinese telecoms company Huawei boasts that its cameras cut crime by 46 per cent.",
     "Chinese telecoms", "Huawei", "boasts", False, "said_before", ["Huawei"]),
    ("ventures-publication", "“It is a defensive move,” ventures The Information, a tech site.",
     "“It is", "The Information", "ventures", True, "said_after", []),
    ("says-org-after", "Demand is strong, says Morgan Stanley.",
     "Demand", "Morgan Stanley", "says", False, "said_after", ["Morgan Stanley"]),
    ("estimated-that", "Analysts at Bernstein estimated that the unit is worth $10 billion.",
     "Analysts", "Analysts at Bernstein", "estimated", False, "said_before", ["Bernstein"]),
    ("warned-that", "The central bank warned that growth would slow.",
     "The central bank", "central bank", "warned", False, "said_before", []),
    ("publication-reported", "The deal collapsed, the Wall Street Journal reported, citing people familiar with the matter.",
     "The deal", "Wall Street Journal", "reported", False, "said_after", []),
    ("has-reported-that", "Caixin has reported that the fund invested Rmb1.5 billion in SenseTime.",
     "Caixin", "Caixin", "reported", False, "said_before", ["SenseTime"]),
    ("possessive-role-name", "Alibaba’s chief executive Daniel Zhang said the results were strong.",
     "Alibaba’s", "Daniel Zhang", "said", False, "said_before", ["Alibaba"]),
    ("company-role-name", "Nvidia chief executive Jensen Huang said demand was strong.",
     "Nvidia chief", "Jensen Huang", "said", False, "said_before", ["Nvidia"]),
    # a plural role at a firm of several words is kept whole (not cut to its last two words)
    ("analysts-at-long-firm", "Analysts at Jefferies Financial Group said the cut was overdue.",
     "Analysts", "Analysts at Jefferies Financial Group", "said", False, "said_before", ["Jefferies"]),
    ("economists-at-firm", "Economists at Morgan Stanley said rates would fall.",
     "Economists", "Economists at Morgan Stanley", "said", False, "said_before", ["Morgan Stanley"]),
    # a descriptor before a company's name is no part of the name
    ("rival-descriptor", "Rival Toyota reported a 2% fall in sales.",
     "Rival", "Toyota", "reported", False, "said_before", ["Toyota"]),
    ("peer-descriptor", "Peer Morgan Stanley said fees would rise.",
     "Peer", "Morgan Stanley", "said", False, "said_before", ["Morgan Stanley"]),
    # trap rows: a descriptor word before a person, a role of one person at a firm
    ("analyst-person-not-descriptor", "Analyst Jane Doe said demand was strong.",
     "Analyst", "Jane Doe", "said", False, "said_before", []),
    ("head-of-not-a-group", "Head of research Jane Doe at Jefferies said demand was strong.",
     "Head", "Jane Doe", "said", False, "said_before", ["Jefferies"]),
    ("role-with-org", "Government surveillance is a growth sector, a Credit Suisse analyst told CNBC in March.",
     "Government", "Credit Suisse analyst", "told", False, "said_after", ["Credit Suisse"]),
    ("ministry-has-said", "China's foreign ministry has said the cameras ensure stability.",
     "China's", "China's foreign ministry", "said", False, "said_before", []),
    ("filler-last-week", "A state-controlled newspaper last week said the rules were fair.",
     "A state-controlled", "state-controlled newspaper", "said", False, "said_before", []),
    ("colon-quote", "Tim Cook said: “We are confident. Demand is strong.”",
     "Tim Cook said: “We are confident. Demand is strong.”", "Tim Cook", "said", True, "quote_colon", []),
    ("colon-no-verb", "Tim Cook: “We are confident.”",
     "Tim Cook:", "Tim Cook", None, True, "quote_colon", []),
    ("anonymous-people", "Alibaba plans to list in Hong Kong, people familiar with the matter said.",
     "Alibaba plans", "people familiar with the matter", "said", False, "said_after", ["Alibaba"]),
    ("found-that-research-by", "Research by the Carnegie Endowment found that Huawei supplied 50 countries.",
     "Research", "Carnegie Endowment", "found", False, "said_before", ["Huawei"]),
    ("has-learned", "Toyota has agreed to buy sensors from Sony, Nikkei has learned.",
     "Toyota has", "Nikkei", "has learned", False, "said_after", ["Toyota", "Sony"]),
    ("said-time-after", "Sony will invest 500 billion yen in sensors, the company said Wednesday.",
     "Sony will", "Sony", "said", False, "said_after", ["Sony"]),
    ("said-in-statement", "“We take these reports seriously,” Hikvision said in a statement on Tuesday.",
     "“We take", "Hikvision", "said", True, "said_after", ["Hikvision"]),
    ("straight-quotes", '"We are confident about demand," Tim Cook said.',
     '"We are', "Tim Cook", "said", True, "said_after", []),
    ("partial-quote-is-not-quote", "Face traits are “sensitive personal data”, Guo Bin said in a court submission.",
     "Face traits", "Guo Bin", "said", False, "said_after", []),
    ("company-fact-valued", "Hikvision was valued at $40 billion last year.",
     "Hikvision was", None, "was valued", False, "company_fact", ["Hikvision"]),
    ("company-fact-intro", "Founded in 2011, Megvii operates one of the largest platforms.",
     "Founded", None, "operates", False, "company_fact", ["Megvii"]),
    ("company-fact-list", "SenseTime and Megvii were poised to be listed in Hong Kong.",
     "SenseTime and", None, "were poised", False, "company_fact", ["SenseTime", "Megvii"]),
    ("company-fact-possessive", "Megvii’s technology has been deployed in 260 cities.",
     "Megvii’s", None, "has been", False, "company_fact", ["Megvii"]),
    # wire style: the full stop of "Inc.", "Corp.", "U.S." or an initial does not end the clause
    ("wire-inc-said", "Walmart Inc. said sales rose.",
     "Walmart Inc. said", "Walmart Inc", "said", False, "said_before", ["Walmart"]),
    ("wire-corp-said-time", "Exxon Mobil Corp. said on Tuesday it would cut 2,000 jobs.",
     "Exxon Mobil Corp. said", "Exxon Mobil Corp", "said", False, "said_before", ["Exxon Mobil"]),
    ("wire-us-said", "The U.S. said the tariffs would stay.",
     "The U.S. said", "U.S.", "said", False, "said_before", []),
    ("wire-initials", "J.P. Morgan said the bank would grow.",
     "J.P. Morgan said", "J.P. Morgan", "said", False, "said_before", ["JPMorgan"]),
    ("wire-inc-after", "Sales rose 5%, Walmart Inc. said.",
     "Sales rose", "Walmart Inc", "said", False, "said_after", ["Walmart"]),
    ("wire-appositive-corp", "Jane Doe, an analyst at Exxon Mobil Corp., said oil would rise.",
     "Jane Doe", "Jane Doe", "said", False, "said_before", ["Exxon Mobil"]),
    ("wire-sentence-after-inc", "Sales rose 5% at Walmart Inc. Analysts said the rise was small.",
     "Analysts said", "Analysts", "said", False, "said_before", []),
    # long appositions: the speaker is cut where the name ends
    ("appositive-founder-then-content", "Li Wei, founder of a research firm in Shanghai, said Hikvision and Dahua both use chips.",
     "Li Wei,", "Li Wei", "said", False, "said_before", ["Hikvision", "Dahua"]),
    ("dateline-descriptor-relative", "BEIJING (AP) - Chinese drone maker DJI, which is weighing a listing, said Saturday it would cut prices.",
     "BEIJING", "DJI", "said", False, "said_before", ["DJI"]),
    ("title-department-name", "Head of Asia Research Mary Jo Smith said margins would improve.",
     "Head of Asia", "Mary Jo Smith", "said", False, "said_before", []),
    ("role-of-the-institution", "The head of the Federal Reserve said rates would rise.",
     "The head", "head of the Federal Reserve", "said", False, "said_before", []),
    ("name-of-the-institution", "Maya Wang of the Harvard Business School said cameras were everywhere.",
     "Maya Wang", "Maya Wang", "said", False, "said_before", []),
    ("opener-before-name", "For Otieno, who runs a shop in Nairobi, prices are painful, he said.",
     "For Otieno", "Otieno", "said", False, "said_after", []),
    # documents are sources of their own; a named owner speaks for its document
    ("document-report-says", "The report says Hikvision supplied 50 countries.",
     "The report", "report", "says", False, "said_before", ["Hikvision"]),
    ("document-according-prospectus", "According to the prospectus, SenseTime lost money in 2020.",
     "According", "prospectus", "according to", False, "according_to", ["SenseTime"]),
    ("document-published-day", "Hikvision supplies 40 countries, according to a think tank's report published Monday.",
     "Hikvision", "think tank", "according to", False, "according_to", ["Hikvision"]),
    ("document-show-bare", "Documents show Hikvision sold cameras to the police.",
     "Documents", "Documents", "show", False, "said_before", ["Hikvision"]),
    ("document-filing-shows-that", "The filing shows that revenue rose 5%.",
     "The filing", "filing", "shows", False, "said_before", []),
    ("document-owner-speaks", "Sony's latest filing shows revenue rose 5%.",
     "Sony's", "Sony", "shows", False, "said_before", ["Sony"]),
    ("document-named-owner", "A Morgan Stanley note estimates the unit is worth $10 billion.",
     "A Morgan", "Morgan Stanley", "estimates", False, "said_before", ["Morgan Stanley"]),
    # the wider verb list
    ("verb-accused", "Apple accused Xiaomi of copying its phones.",
     "Apple", "Apple", "accused", False, "said_before", ["Apple", "Xiaomi"]),
    ("verb-argued", "Jane Doe argued the deal was unfair.",
     "Jane Doe", "Jane Doe", "argued", False, "said_before", []),
    ("verb-expect-to", "Analysts expect revenue to rise this year.",
     "Analysts", "Analysts", "expect", False, "said_before", []),
    ("verb-forecast-figure", "Toyota forecast an operating profit of 3 trillion yen.",
     "Toyota", "Toyota", "forecast", False, "said_before", ["Toyota"]),
    ("verb-denied", "Huawei denied the allegations.",
     "Huawei", "Huawei", "denied", False, "said_before", ["Huawei"]),
    ("verb-rejected", "Sony rejected the claims as baseless.",
     "Sony", "Sony", "rejected", False, "said_before", ["Sony"]),
    ("verb-insisting-participle", "In a statement, Sony defended the sensors, insisting that they were safe.",
     "In a statement", "Sony", "insisting", False, "participle", ["Sony"]),
    ("verb-confirmed", "Toyota confirmed it would close the plant.",
     "Toyota", "Toyota", "confirmed", False, "said_before", ["Toyota"]),
    ("verb-described", "Jane Doe described the quarter as difficult.",
     "Jane Doe", "Jane Doe", "described", False, "said_before", []),
    ("verb-told-audience-content", "Tim Cook told investors demand was strong.",
     "Tim Cook", "Tim Cook", "told", False, "said_before", []),
    ("verb-noted", "Jane Doe noted that margins were thin.",
     "Jane Doe", "Jane Doe", "noted", False, "said_before", []),
    ("time-after-is-not-speaker", "Hikvision shares fell 5%, the exchange said Monday.",
     "Hikvision", "exchange", "said", False, "said_after", ["Hikvision"]),
    # press releases and wire copy
    ("press-release-dateline-ticker",
     "NEW YORK, March 3, 2021 (GLOBE NEWSWIRE) -- Acme Corp (Nasdaq: ACME), a maker of widgets, today announced its "
     "fourth quarter 2020 results.", "NEW YORK", "Acme Corp", "announced", False, "said_before", ["Acme"]),
    ("told-audience-then-quote",
     'Jane Doe, managing director, South Asia, of Sony Group, told Reuters, "We do not comment on rumours."',
     "Jane Doe", "Jane Doe", "told", True, "said_before", ["Sony"]),
    ("anonymous-in-the-know", "The price was not known but sources in the know of the matter said talks had ended.",
     "The price", "sources in the know of the matter", "said", False, "said_before", []),
    ("as-per-data", "The offer was subscribed 54 times, as per exchange data.",
     "The offer", "exchange data", "as per", False, "according_to", []),
    ("clause-verb-revealed", "Earlier this year, financial analysts Jefferies revealed Sony had returned to the top.",
     "Earlier", "Jefferies", "revealed", False, "said_before", ["Jefferies", "Sony"]),
    ("clause-verb-announced", "Walmart Inc. announced it would cut 2,700 jobs.",
     "Walmart", "Walmart Inc", "announced", False, "said_before", ["Walmart"]),
    ("participle-after-quoted-rating", "Jefferies started coverage with a “buy” rating, saying the stock is cheap.",
     "Jefferies", "Jefferies", "saying", False, "participle", ["Jefferies"]),
    ("pronoun-opens-the-content", "The new president, Jane Doe, said it needed more time.",
     "The new", "Jane Doe", "said", False, "said_before", []),
    ("relative-after-the-company", "Sony makes sensors.\n\nThe company, which makes cameras with Nikon, said demand rose.",
     "The company", "Sony", "said", False, "said_before", ["Sony"]),
    ("document-seen-by", "Documents seen by Reuters show the plan was drawn up last year.",
     "Documents", "Documents", "show", False, "said_before", []),
    ("institution-of-place", "The Communications Authority of Kenya says Huawei controls 65 per cent of the market.",
     "The Communications", "Communications Authority of Kenya", "says", False, "said_before", ["Huawei"]),
    ("title-name-affiliation", "Head of European Research Anna Lee at Jefferies said the move was expected.",
     "Head of", "Anna Lee", "said", False, "said_before", ["Jefferies"]),
    ("company-fact-appositives", "SenseTime, the largest AI start-up, which was founded in 2014, is backed by SoftBank.",
     "SenseTime,", None, "is backed", False, "company_fact", ["SenseTime", "SoftBank"]),
]


@pytest.mark.parametrize(
    "body,text_start,speaker,verb,quote,rule,companies", [r[1:] for r in PATTERNS], ids=[r[0] for r in PATTERNS]
)
def test_pattern(body, text_start, speaker, verb, quote, rule, companies):
    claims = claims_of(body)
    assert len(claims) == 1, [c.text for c in claims]
    c = claims[0]
    assert c.text.startswith(text_start)
    assert (c.speaker, c.verb, c.quote, c.rule) == (speaker, verb, quote, rule)
    assert c.companies == companies
    assert body[c.start : c.end] == c.text
    assert c.id == "t:c1"


# Things that must NOT become claims.
TRAPS = [
    ("report-as-noun", "The Human Rights Watch report lists a mobile app used by the police."),
    ("claims-as-noun", "The claims are hard to verify."),
    ("passive-said-to", "The firm is said to want to raise $1 billion."),
    ("states-as-name", "The United States appears to be widening its focus on to surveillance: cameras."),
    ("adjective-estimated", "Screens showed the gender, estimated age and even emotional state of passers-by."),
    ("possessive-report", "Mr Hong helped draft the working group’s report on data protection standards."),
    ("added-bare-object", "The Trump administration added two camera makers to the Entity List."),
    ("pull-quote-alone", "“We believe human society will enter a smart era.”"),
    ("no-company-no-source", "Shares closed 3 per cent higher on Tuesday."),
    ("question", "Is Hikvision worth $40 billion?"),
    ("company-as-object", "Washington put Hikvision on a blacklist."),
    ("company-after-preposition", "Chips from Nvidia power the cameras sold in 2019."),
    ("company-no-fact", "Hikvision is a familiar name in the industry."),
    ("said-inside-quote-only", "“He said it would work, and it did.”"),
    ("year-not-speaker", "In 2017 the cameras went up."),
    ("inc-object-no-claim", "Shares of Walmart Inc. rose 3% on Tuesday."),
    ("outlook-without-figure", "The company expects growth."),
    ("outlook-passive", "Revenue is expected to rise 5%."),
    ("outlook-quantity-subject", "Revenue expected to rise 5% this year."),
    ("document-without-verb", "The report was published on Monday."),
    ("shows-without-document", "The chart shows cameras on every corner."),
    ("day-after-inversion", "Prices rose, Monday showed."),
    ("added-figure-object", "The administration added 28 companies to the list."),
    ("hyphenated-number-not-speaker", "Under the deal he would invest in 10-year notes with warrants."),
    ("us-department-added", "The U.S. Commerce Department added Hikvision to the list."),
]


@pytest.mark.parametrize("body", [r[1] for r in TRAPS], ids=[r[0] for r in TRAPS])
def test_trap(body):
    assert claims_of(body) == []


# --------------------------------------------------------------------------- sample articles

# Each: (id, body, [(text start, speaker, verb, quote, companies), ...]) — every claim expected, in order.
ARTICLES = [
    (
        "reuters",
        "SHENZHEN (Reuters) - Chinese drone maker DJI said on Tuesday it would suspend operations in Russia and "
        "Ukraine, the first major Chinese company to do so.\n\n"
        "\"DJI is internally reassessing compliance requirements in various jurisdictions,\" the company said in a "
        "statement. \"Pending the current review, DJI will temporarily suspend all business activities in Russia "
        "and Ukraine.\"\n\n"
        "The company was valued at $15 billion in a 2015 funding round, according to two people familiar with "
        "the matter.\n\n"
        "Shares of rival Autel Robotics rose 4% in Shenzhen. Analysts at Jefferies estimated that DJI controls "
        "more than 70% of the global consumer drone market.\n\n"
        "DJI did not respond to a request for further comment.",
        [
            ("SHENZHEN", "DJI", "said", False, ["DJI"]),
            ("\"DJI is internally", "DJI", "said", True, ["DJI"]),
            ("The company was valued", "two people familiar with the matter", "according to", False, ["DJI"]),
            ("Analysts at Jefferies", "Analysts at Jefferies", "estimated", False, ["Jefferies", "DJI"]),
        ],
    ),
    (
        "bloomberg",
        "Alibaba Group Holding Ltd. plans to raise as much as $15 billion in a Hong Kong listing, people familiar "
        "with the matter said, in what would be the city's biggest share sale since 2010.\n\n"
        "The Hangzhou-based company has filed confidentially for the offering, said the people, who asked not to "
        "be identified because the matter is private. Alibaba is working with China International Capital Corp. "
        "and Credit Suisse Group AG on the listing, the people said.\n\n"
        "A representative for Alibaba declined to comment. Credit Suisse declined to comment.\n\n"
        "“Hong Kong is a natural home for Chinese technology companies,” Kenny Ng, a strategist at Everbright "
        "Securities International in Hong Kong, said by phone.",
        [
            ("Alibaba Group Holding Ltd. plans", "people familiar with the matter", "said", False, ["Alibaba"]),
            ("The Hangzhou-based company", "people familiar with the matter", "said", False, ["Alibaba"]),
            ("Alibaba is working", "people familiar with the matter", "said", False, ["Alibaba", "CICC", "Credit Suisse"]),
            ("“Hong Kong is", "Kenny Ng", "said", True, ["Everbright Securities"]),
        ],
    ),
    (
        "guardian",
        "Facebook has been fined £500,000 by the UK's data watchdog for its role in the Cambridge Analytica "
        "scandal.\n\n"
        "The Information Commissioner's Office said Facebook had broken the law by failing to safeguard people's "
        "information. Elizabeth Denham, the information commissioner, said: “Facebook failed to sufficiently "
        "protect the privacy of its users before, during and after the unlawful processing of this data.”\n\n"
        "A Facebook spokesperson said the company was reviewing the decision. “We wish we had done more to "
        "investigate claims about Cambridge Analytica,” she said.\n\n"
        "Campaigners said the fine was too small.",
        [
            ("Facebook has been fined", None, "has been", False, ["Facebook"]),
            ("The Information Commissioner's Office", "Information Commissioner's Office", "said", False, ["Facebook"]),
            ("Elizabeth Denham", "Elizabeth Denham", "said", True, ["Facebook"]),
            ("A Facebook spokesperson", "Facebook spokesperson", "said", False, ["Facebook"]),
            ("“We wish", "Facebook spokesperson", "said", True, ["Facebook"]),
            ("Campaigners said", "Campaigners", "said", False, ["Facebook"]),  # names none: the article's company
        ],
    ),
    (
        "nyt",
        "WASHINGTON — The Trump administration is weighing sanctions against Hikvision, one of the world's largest "
        "makers of surveillance cameras, according to people familiar with the deliberations.\n\n"
        "The move would be the first time the administration punished a Chinese company for its role in the "
        "surveillance of Uighurs, the officials said.\n\n"
        "“We take these reports very seriously,” Hikvision said in a statement on Tuesday. The company added that "
        "it had hired a former ambassador to advise it on human rights compliance.\n\n"
        "Mr. Ross, the commerce secretary, said on Monday that the department would act “when the facts support it.”",
        [
            ("WASHINGTON", "people familiar with the deliberations", "according to", False, ["Hikvision"]),
            ("The move", "officials", "said", False, ["Hikvision"]),  # "a Chinese company for its role": Hikvision
            ("“We take", "Hikvision", "said", True, ["Hikvision"]),
            ("The company added", "Hikvision", "added", False, ["Hikvision"]),
            ("Mr. Ross", "Ross", "said", False, []),
        ],
    ),
    (
        "nikkei",
        "TOKYO -- Sony Group will invest 500 billion yen ($4.5 billion) in image sensor production through fiscal "
        "2023, the company said Wednesday.\n\n"
        "Sony holds a roughly 50% share of the global image sensor market, according to Techno Systems Research.\n\n"
        "\"Demand from smartphone makers remains strong,\" said Terushi Shimizu, head of Sony's semiconductor unit. "
        "\"We expect sensors for cars to become a second pillar.\"\n\n"
        "Toyota Motor, meanwhile, has agreed to buy sensors from Sony for its self-driving cars, Nikkei has learned.",
        [
            ("TOKYO", "Sony", "said", False, ["Sony"]),
            ("Sony holds", "Techno Systems Research", "according to", False, ["Sony"]),
            ("\"Demand from smartphone", "Terushi Shimizu", "said", True, ["Sony"]),
            ("Toyota Motor", "Nikkei", "has learned", False, ["Toyota", "Sony"]),
        ],
    ),
    (
        "techcrunch",
        "ByteDance, the parent company of TikTok, has raised $3 billion from investors including SoftBank, valuing "
        "the company at $75 billion, sources told TechCrunch.\n\n"
        "The Beijing-based company is now the world's most valuable startup. It declined to comment on the round.\n\n"
        "In a blog post, ByteDance co-founder Zhang Yiming wrote that the company would double its engineering "
        "headcount. “We are still a startup at heart,” Zhang wrote.\n\n"
        "We've reached out to SoftBank and will update this post if we hear back.",
        [
            ("ByteDance, the parent", "sources", "told", False, ["ByteDance", "TikTok", "SoftBank"]),
            ("In a blog post", "Zhang Yiming", "wrote", False, ["ByteDance"]),
            ("“We are still", "Zhang Yiming", "wrote", True, ["ByteDance"]),
        ],
    ),
    (
        "ap-colon-and-running-quote",
        "Xiaomi founder Lei Jun told shareholders:\n\n"
        "“We will not make expensive phones. We will keep our margins below 5 per cent.\n\n"
        "“That is our promise to users.”\n\n"
        "Analysts were skeptical. “It is a bold claim,” said Mark Li, an analyst at Bernstein.",
        [
            ("Xiaomi founder Lei Jun told shareholders:\n\n“We will not", "Lei Jun", "told", True, ["Xiaomi"]),
            ("“That is our promise", "Lei Jun", "told", True, ["Xiaomi"]),
            ("“It is a bold claim", "Mark Li", "said", True, ["Bernstein"]),
        ],
    ),
    (
        "scmp-pronoun-and-surname",
        "Megvii co-founder and chief executive Yin Qi said the company was well prepared for a supply shortage.\n\n"
        "“We can’t directly buy products subject to US export regulations,” he told staff in an internal letter.\n\n"
        "The company claims that it has been profitable since 2017. It sells software to 260 cities.\n\n"
        "Around half of all AI applications are based on video, according to Yin.",
        [
            ("Megvii co-founder", "Yin Qi", "said", False, ["Megvii"]),
            ("“We can’t", "Yin Qi", "told", True, ["Megvii"]),
            ("The company claims", "Megvii", "claims", False, ["Megvii"]),
            ("It sells", None, "sells", False, ["Megvii"]),
            ("Around half", "Yin Qi", "according to", False, ["Megvii"]),
        ],
    ),
]


@pytest.mark.parametrize("body,expected", [a[1:] for a in ARTICLES], ids=[a[0] for a in ARTICLES])
def test_article(body, expected):
    claims = claims_of(body)
    got = [(c.text[: len(e[0])], c.speaker, c.verb, c.quote, c.companies) for c, e in zip(claims, expected)]
    assert got == expected
    assert len(claims) == len(expected), [c.text[:40] for c in claims[len(expected):]]
    assert [c.id for c in claims] == [f"t:c{i}" for i in range(1, len(claims) + 1)]
    for c in claims:
        assert body[c.start : c.end] == c.text


def test_speaker_text_keeps_the_written_form():
    body = "Maya Wang, a researcher at Human Rights Watch, said the app tracks people.\n\nWang said it was new."
    claims = claims_of(body)
    assert [(c.speaker, c.speaker_text, c.speaker_role) for c in claims] == [
        ("Maya Wang", "Maya Wang", "researcher at Human Rights Watch"),
        ("Maya Wang", "Wang", "researcher at Human Rights Watch"),
    ]


def test_paragraph_index_and_figures_inside_the_claim():
    body = "Intro line without a source.\n\nHikvision was valued at $40 billion, analysts said."
    start = body.index("$40 billion")
    inside = Figure(id="t:f1", text="$40 billion", value=4e10, unit="USD", start=start, end=start + 11)
    outside = Figure(id="t:f2", text="line", value=1, unit="count", start=6, end=10)
    claims = claims_of(body, [inside, outside])
    assert [(c.paragraph, c.figures, c.speaker) for c in claims] == [(1, ["t:f1"], "analysts")]


def test_earlier_role_resolves_the_definite_role():
    body = "A Hikvision spokesperson told CNBC that the firm takes the concerns seriously. The spokesperson added that it had hired an expert."
    claims = claims_of(body)
    assert [(c.speaker, c.speaker_text, c.companies) for c in claims] == [
        ("Hikvision spokesperson", "A Hikvision spokesperson", ["Hikvision"]),
        ("Hikvision spokesperson", "The spokesperson", ["Hikvision"]),
    ]


def test_possessive_surname_resolves_to_full_name():
    body = (
        "Hikvision senior vice-president Huang Fanghong confirmed that supplies had resumed.\n\n"
        "“Some customers may wait and see,” said Hikvision’s Huang."
    )
    claims = claims_of(body)
    assert [(c.speaker, c.speaker_text, c.speaker_role, c.quote, c.companies) for c in claims] == [
        ("Huang Fanghong", "Hikvision senior vice-president Huang Fanghong", "Hikvision senior vice-president", False, ["Hikvision"]),
        ("Huang Fanghong", "Hikvision’s Huang", "Hikvision senior vice-president", True, ["Hikvision"]),
    ]


# (id, body, speaker, role): a role never holds the claim's own words or a document
ROLES = [
    ("according-content-is-not-role", "According to Canalys, Huawei shipped 240 million phones.", "Canalys", None),
    ("according-document-no-role", "According to the prospectus, SenseTime lost money.", "prospectus", None),
    ("according-appositive-role", "According to Jane Doe, an analyst at Jefferies, demand will rise.", "Jane Doe", "analyst at Jefferies"),
    ("its-filing-is-not-role", "Sony sells sensors. Its latest filing shows that sales rose.", "Sony", None),
    ("relative-clause-is-not-role", "Sony, which is weighing a sale, said it would close a plant.", "Sony", None),
    ("appositive-role", "Jane Doe, an analyst at Jefferies, said demand would rise.", "Jane Doe", "analyst at Jefferies"),
    ("title-role", "Head of Asia Research Mary Jo Smith said margins would improve.", "Mary Jo Smith", "Head of Asia Research"),
]


@pytest.mark.parametrize("body,speaker,role", [r[1:] for r in ROLES], ids=[r[0] for r in ROLES])
def test_speaker_role(body, speaker, role):
    claims = [c for c in claims_of(body) if c.speaker is not None]
    assert [(c.speaker, c.speaker_role) for c in claims] == [(speaker, role)]


def test_an_institution_is_a_source_of_its_own_not_a_person_quoted_earlier():
    body = (
        "Maya Wang, a researcher at Harvard Business School, said the cameras were everywhere.\n\n"
        "The device “effectively solves the problem”, the school says.\n\n"
        "The ministry says the rules are fair."
    )
    assert [(c.speaker, c.speaker_text) for c in claims_of(body)] == [
        ("Maya Wang", "Maya Wang"), ("school", "the school"), ("ministry", "The ministry"),
    ]


def test_a_person_spoken_of_after_an_opener_is_found_again():
    body = "For Otieno, who runs a shop in Nairobi, the rise hurts.\n\n“It is painful,” Otieno said."
    assert [(c.speaker, c.speaker_text) for c in claims_of(body)] == [("Otieno", "Otieno")]


# (id, body, where the claim starts, its companies): what it is about or speaks for, no more
LINKS = [
    ("speaker-company", "A Sony spokesperson said the plant would reopen.", "A Sony", ["Sony"]),
    ("the-company-said", "Toyota recalled a million cars.\n\nThe company said the fault was rare.", "The company", ["Toyota"]),
    ("sector-noun-fits", "Sony sold screens to Qantas Airways.\n\nThe airline said demand was strong.", "The airline", ["Qantas"]),
    ("description-speaker", "Sony posted a profit.\n\nThe Tokyo-based electronics giant said sales rose.", "The Tokyo", ["Sony"]),
    ("its-in-content", "Sony posted a profit.\n\nAccording to analysts, its sensor unit will grow.", "According", ["Sony"]),
    ("role-its", "Sony posted a profit.\n\nJane Doe, its new chairman, said sales rose.", "Jane Doe", ["Sony"]),
    ("role-description", "Sony posted a profit.\n\nJane Doe, chief executive of the electronics giant, said sales rose.",
     "Jane Doe", ["Sony"]),
    ("title-anywhere", "The deal was signed by Toyota chief executive Akio Toyoda on Tuesday.\n\nToyoda said it would help.",
     "Toyoda said", ["Toyota"]),
    ("hyphenated-surname", "The deal was signed by Sony chief executive Jane Smith-Jones.\n\nJones told reporters that it was good.",
     "Jones told", ["Sony"]),
    # a day word after the name is not part of it; a surname that is an ordinary word still names her
    ("title-name-then-day", "The deal, signed by Sony chief executive Jane Udvar-Bright Tuesday in Paris, was the biggest."
     "\n\nBright told reporters that it was firm.", "Bright told", ["Sony"]),
    ("ordinary-word-surname", "The order was signed by Sony chairman Jane Hazy Friday.\n\nHazy said that it was firm.",
     "Hazy said", ["Sony"]),
    # an owner named in a side clause is not the company an officer speaks for
    ("owner-in-side-clause", "Megvii posted a loss.\n\nThe company, which is controlled by the holding company SoftBank, "
     "cut its debt.\n\nChief financial officer Jane Doe said costs would fall.", "Chief financial", ["Megvii"]),
    ("subject-owner-still-speaks", "SoftBank posted a profit.\n\nChief executive Jane Doe said costs would fall.",
     "Chief executive", ["SoftBank"]),
    # the officer of an organisation the text names (a union) speaks for no company
    ("officer-of-named-organisation", "Walmart cut 2,000 jobs.\n\nUsdaw national officer Jo Pike said members would be "
     "consulted.", "Usdaw", []),
    # trap: another person with the same surname speaks for no company
    ("same-surname-other-person", "The deal, signed by Sony chief executive Jane Udvar-Bright Tuesday, was the biggest."
     "\n\nTom Bright, a passenger, said that the flight was late.", "Tom Bright", []),
    ("document-of-the-company", "Toyota sells cars.\n\nA company statement says the plant is safe.", "A company", ["Toyota"]),
    ("dashes-after-relative", "Walmart Inc. posted a profit.\n\nThe retailer, which has 18 million shoppers – up 800,000 on "
     "a year ago – said demand was strong.", "The retailer", ["Walmart"]),
    ("the-stock", "Sony jumped 7%.\n\nJefferies started coverage with a buy rating, saying the stock is cheap.",
     "Jefferies", ["Jefferies", "Sony"]),
    ("names-none-the-article-company", "Sony sold sensors. Sony raised prices. Sony hired staff.\n\n"
     "Analysts said demand was strong.", "Analysts", ["Sony"]),
    ("nationality-description", "Toyota recalled cars.\n\nThe Japanese carmaker denied that it had misled buyers.",
     "The Japanese", ["Toyota"]),
    ("bare-officer-role", "Qantas Airways posted a record profit.\n\nChief executive Jane Doe said fares would fall.",
     "Chief executive", ["Qantas"]),
    ("analyst-firm-is-not-the-company", "Qantas Airways said fares would fall.\n\nAnalysts at Jefferies said the result was good. "
     "According to the company's filing, revenue rose 7%.", "According", ["Qantas"]),
    ("committee-chairman-speaks-for-no-company", "Sony posted a profit.\n\nCommittee chairman Jane Doe said prices were high.",
     "Committee", []),
    ("broker-speaks-of-the-company", "Sony cut jobs.\n\nAccording to brokerage Jefferies, the restructuring could lift "
     "the company's margins.", "According", ["Jefferies", "Sony"]),
    # traps: an investor in a side clause, a company of a neighbouring sentence, a firm of analysts
    ("officer-is-not-the-analysts", "Financial analysts Jefferies revealed United had returned to the top.\n\n"
     "Executive vice chairman Ed Woodward said revenue would grow.", "Executive", []),
    ("side-clause-adverb", "Sony makes sensors.\n\nThe company, which is partly owned by SoftBank, said it would invest.",
     "The company", ["Sony"]),
    ("side-clause-investor", "SenseTime, which is backed by Alibaba, said it would list in Hong Kong.", "SenseTime", ["SenseTime"]),
    ("side-clause-owner", "Jane Doe, an analyst at Jefferies, owned by Nvidia, said demand would rise.", "Jane Doe", ["Jefferies"]),
    ("neighbour-sentence", "Apple sold phones to Xiaomi.\n\nJane Doe, an economist, said prices would fall.", "Jane Doe", []),
    # a short form of a company the text names speaks for it: initials, or letters of its one word
    ("initials-short-form", "Procter & Gamble raised prices.\n\nP&G said volumes held up.", "P&G said", ["Procter & Gamble"]),
    ("letters-short-form", "Volkswagen cut its outlook.\n\nVW has said it may close plants.", "VW has", ["Volkswagen Group"]),
    # traps: a short form of no company named, and one that fits two of them
    ("short-form-of-none", "Volkswagen cut its outlook.\n\nIMF said growth would slow.", "IMF said", []),
    ("short-form-of-two", "Volkswagen and Vestas cut their outlooks.\n\nVS said growth would slow.", "VS said", []),
]


@pytest.mark.parametrize("body,start,companies", [r[1:] for r in LINKS], ids=[r[0] for r in LINKS])
def test_claim_companies(body, start, companies):
    match = [c for c in claims_of(body) if c.text.startswith(start)]
    assert [c.companies for c in match] == [companies]


def test_unresolved_pronoun_has_no_speaker():
    claims = claims_of("“It works,” she said.")
    assert [(c.speaker, c.speaker_text, c.quote) for c in claims] == [(None, "she", True)]


def test_publication_short_name_resolves():
    body = "Hikvision may be blacklisted, the New York Times reported. The Times noted that the plan is not final."
    assert [c.speaker for c in claims_of(body)] == ["New York Times", "New York Times"]


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize(
    "body",
    [
        "Capital " * 150_000,
        "“" * 1_000_000,
        "”" * 500_000 + "“" * 500_000,
        '"' * 1_000_000,
        "said " * 200_000,
        ", said Wang" * 100_000,
        "According to " * 80_000,
        "Hikvision " * 100_000,
        "Mr. " * 250_000,
        "“A,” he said. " * 70_000,
        "." * 1_000_000,
        "Wang, a fellow, " * 60_000 + "said it.",
    ],
    ids=["capitals", "open-quotes", "close-open", "straight", "said", "said-name", "according", "companies", "titles",
         "quotes", "dots", "appositives"],
)
def test_adversarial_megabyte_completes(body):
    claims = extract_claims(body, "t", mentions_for(body[:2000]), [])
    for c in claims[:50]:
        assert body[c.start : c.end] == c.text


_ALPHABET = list("Aa .,:;“”\"’'()—\n") + ["said", "says", " told ", "according to ", "Hikvision", "Mr ", "he ", "The company "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=80).map("".join))
def test_property_never_raises_and_spans_are_exact(body):
    claims = claims_of(body)
    assert len({c.id for c in claims}) == len(claims)
    for c in claims:
        assert body[c.start : c.end] == c.text
        assert c.text.strip()


# --------------------------------------------------------------------------- seeds (real companies layer)

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _seed_claims(prefix):
    from newsindex.extract.companies import find_mentions
    from newsindex.extract.metadata import extract_metadata

    path = next(CORPUS.glob(prefix + "_*.txt"))
    body = extract_metadata(path.read_text(encoding="utf-8")).body
    return body, extract_claims(body, "s", find_mentions(body), [])


# (seed, where the claim text starts, speaker, verb, a company it must be linked to or None)
SEED_CLAIMS = [
    ("001", "If Washington goes ahead", "New York Times", "reported", "Hikvision"),
    ("001", "A Hikvision spokesperson told CNBC", "Hikvision spokesperson", "told", "Hikvision"),
    ("001", "The spokesperson added", "Hikvision spokesperson", "added", "Hikvision"),
    ("001", "In a recent report, Maya Wang", "Maya Wang", "claims", None),
    ("001", "Wang said the Chinese government", "Maya Wang", "said", None),
    ("002", "Founded in 2011, Megvii", None, "operates", "Megvii"),
    ("002", "It claims that its FaceID", "Megvii", "claims", "Megvii"),
    ("002", "“The reason for the overlapping", "The Next Unicorn", "ventures", "Alibaba"),
    ("003", "“We believe, over the next", "Wang Tao", "told", "Huawei"),
    ("003", "“Some customers may take", "Huang Fanghong", "said", "Hikvision"),
    ("003", "In a ranking based on", "Comparitech", "according to", None),
    ("003", "By 2022, the number is expected", "IDC", "according to", None),
    ("004", "“There are protests", "Steven Feldstein", "says", None),
    ("004", "“These companies are particularly", "Steven Feldstein", "says", None),
    ("004", "According to IHS Markit, China", "IHS Markit", "according to", None),
    ("004", "“US companies, for all the lip service", "Stephanie Hare", "says", None),
    ("004", "Chinese telecoms company Huawei boasts", "Huawei", "boasts", "Huawei"),
]


@pytest.mark.parametrize("seed,start,speaker,verb,company", SEED_CLAIMS, ids=[f"{r[0]}-{r[1][:20]}" for r in SEED_CLAIMS])
def test_seed_claim(seed, start, speaker, verb, company):
    body, claims = _seed_claims(seed)
    match = [c for c in claims if c.text.startswith(start)]
    assert match, f"no claim starting {start!r}"
    c = match[0]
    assert (c.speaker, c.verb) == (speaker, verb)
    if company:
        assert company in c.companies


# --------------------------------------------------------------------------- linear output (issue 21 item 8)

from newsindex.extract.claims.quotes import MAX_UNIT_CHARS  # noqa: E402

# one paragraph each, repeated to the size asked: claims must carry a bounded window, not the paragraph
LINEAR_PARAGRAPHS = {
    "quote-run": ("“Demand is strong,” Tim Cook said. ", "“Hikvision sells cameras to Huawei.” "),
    "unclosed-quote": ("Tim Cook said: “", "Hikvision sells cameras to Huawei. Apple buys them. "),
    "no-full-stop": ("", "Li Wei said Hikvision told Huawei that Sony said "),
    "wire-suffixes": ("", "Alibaba Group Holding Ltd. said sales rose at Apple Inc. and Sony Corp. "),
    "appositive-chain": ("", "Jane Doe, an analyst at Credit Suisse Group AG, a bank, said Sony, "),
    "according-chain": ("", "according to Canalys, Huawei shipped 240 million phones, "),
}


def _output_size(head: str, rep: str, size: int) -> tuple[int, int]:
    body = head + rep * (size // len(rep))
    claims = extract_claims(body, "t", mentions_for(body), [])
    for c in claims:
        assert body[c.start : c.end] == c.text
    return sum(len(repr(c.to_dict())) for c in claims), max((len(c.text) for c in claims), default=0)


@pytest.mark.parametrize("kind", sorted(LINEAR_PARAGRAPHS))
def test_megabyte_paragraph_gives_output_linear_in_size(kind):
    head, rep = LINEAR_PARAGRAPHS[kind]
    small, small_longest = _output_size(head, rep, 250_000)
    big, big_longest = _output_size(head, rep, 1_000_000)
    assert small > 0  # the paragraph does hold claims
    assert big <= 4 * small * 1.1  # four times the input, at most 4.4 times the output
    assert max(small_longest, big_longest) <= MAX_UNIT_CHARS

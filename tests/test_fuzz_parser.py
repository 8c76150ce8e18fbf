"""Property tests over the whole parser: any text in -> a valid record out (issue 8, part 5)."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsindex.parse import parse_text
from newsindex.records import Article

# Words that make the extractors do real work, mixed with arbitrary text.
NEWSY = st.sampled_from([
    "Hikvision", "SenseTime", "Huawei Technologies Co", "said", "says", "told", "according to",
    "\u201c", "\u201d", '"', "US$7.5 billion", "46 per cent", "1.8m people", "over", "nearly",
    "Mr", "Dr.", "U.S.", "Inc.", "\n", "\n\n", ". ", ", ", "Advertisement", "Photo: AP", "\u00a9 Reuters",
    "Published:", "Nov. 6, 2019", "# ", "By Jane Doe", "Rmb480 million ($71.4 million)", "(", ")",
    "\u2014", "2019", "14th", "a fifth", "Ltd", "Group", "investors such as Alibaba, Tencent and Baidu",
])
TEXT = st.lists(st.one_of(NEWSY, st.text(max_size=30)), max_size=60).map(" ".join)


def check_record(article: Article) -> None:
    body = article.body
    d = article.to_dict()
    json.dumps(d)  # serialisable
    assert d["schema"] == 1
    assert Article.from_dict(d).to_dict() == d
    for f in article.figures:
        assert f.text and f.text in body
        assert body[f.start:f.end] == f.text
        assert isinstance(f.value, (int, float))
    for c in article.claims:
        assert c.text and c.text in body
        assert body[c.start:c.end] == c.text
        assert set(c.figures) <= {f.id for f in article.figures}
    for co in article.companies:
        assert co.mentions >= 1 and co.name
    ids = [x.id for x in article.figures] + [x.id for x in article.claims]
    assert len(ids) == len(set(ids))
    if article.published is not None:
        assert len(article.published) == 10 and article.published[4] == "-"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_any_text_gives_a_valid_record(text):
    check_record(parse_text(text, path="fuzz.txt"))


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_arbitrary_unicode_gives_a_valid_record(text):
    check_record(parse_text(text, path="fuzz.txt"))

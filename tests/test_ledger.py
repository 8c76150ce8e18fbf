"""The figure ledger: grouping, qualifier readings, as-of dates and flags on hand-made figure sets.

The figures are written in the styles of several outlets (Reuters, Bloomberg, Nikkei, the
Guardian, TechCrunch, Caixin); rows named ``trap_...`` are things that must NOT be grouped,
dated or flagged.
"""

from __future__ import annotations

import itertools

import pytest

from newsindex import ledger

_ids = itertools.count()


def fig(text, value, unit="USD", *, qualifier=None, company=None, metric=None, subject=None,
        published="2019-05-27", outlet="Reuters", sentence=None, **extra):
    """A figure row as the index returns it: Figure keys + article fields."""
    companies = [company] if isinstance(company, str) else list(company or [])
    return {
        "id": extra.pop("id", f"a{next(_ids)}:f1"),
        "text": text,
        "value": value,
        "unit": unit,
        "qualifier": qualifier,
        "subject": subject,
        "metric": metric,
        "companies": companies,
        "sentence": sentence if sentence is not None else f"It was {text}.",
        "paragraph": 0,
        "published": published,
        "outlet": outlet,
        "title": "t",
        **extra,
    }


# --- qualifiers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("qualifier, cls", [
    (None, "exact"),
    ("", "exact"),
    ("over", "floor"),
    ("More than", "floor"),
    ("at least", "floor"),
    ("in excess of", "floor"),
    ("nearly", "near_ceiling"),
    ("almost", "near_ceiling"),
    ("about", "approximate"),
    ("around", "approximate"),
    ("roughly", "approximate"),
    ("up to", "ceiling"),
    ("less than", "ceiling"),
    ("as many as", "ceiling"),
    ("trap_unknown_word", "approximate"),  # an unknown qualifier widens, never narrows
])
def test_qualifier_class(qualifier, cls):
    q = None if qualifier is None else qualifier.replace("trap_unknown_word", "purportedly")
    assert ledger.qualifier_class(q) == cls


@pytest.mark.parametrize("row, kind, expected", [
    ({"value": 100, "qualifier": None}, "reading", (97.0, 103.0)),
    ({"value": 100, "qualifier": "about"}, "reading", (90.0, 110.0)),
    ({"value": 100, "qualifier": "over"}, "reading", (100.0, 125.0)),
    ({"value": 100, "qualifier": "over"}, "bound", (100.0, float("inf"))),
    ({"value": 100, "qualifier": "nearly"}, "reading", (85.0, 100.0)),
    ({"value": 100, "qualifier": "up to"}, "bound", (0.0, 100.0)),
    ({"value": 25, "low": 20, "high": 30}, "reading", (20.0, 30.0)),  # "20 to 30"
    ({"value": 1e7, "vague": True}, "reading", None),  # trap: "tens of millions", no range
    ({"value": None}, "reading", None),  # trap: no number
    ({"value": "n/a"}, "reading", None),  # trap: junk from a broken record
])
def test_interval(row, kind, expected):
    got = ledger.interval(row, kind)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected)


# --- measures, scope and keys -------------------------------------------------------------------

@pytest.mark.parametrize("row, keys", [
    (dict(metric="valuation", unit="USD", companies=["SenseTime"]), [("SenseTime", "valuation", "USD")]),
    (dict(subject="valuation", unit="USD", companies=["SenseTime"]), [("SenseTime", "valuation", "USD")]),
    (dict(subject="surveillance cameras", unit="count", companies=[]), [(None, "cameras", "count")]),
    (dict(subject="CCTV cameras", unit="count", companies=[]), [(None, "cameras", "count")]),
    (dict(subject="cameras", unit="count", companies=[]), [(None, "cameras", "count")]),
    (dict(subject="cities", unit="count", companies=["Megvii"]), [("Megvii", "city", "count")]),
    # the first company is the one the figure is about; investors named after it are not
    (dict(metric="valuation", unit="USD", companies=["Megvii", "Alibaba", "Foxconn"]), [("Megvii", "valuation", "USD")]),
    (dict(metric="market_share", unit="percent", companies=[]), [(None, "market_share", "percent")]),
    (dict(unit="USD", companies=["Huawei"]), []),  # trap: nothing says what is measured
])
def test_group_keys(row, keys):
    assert ledger.group_keys(row) == keys


@pytest.mark.parametrize("text, subject, sentence, scope", [
    ("over 20m", "cameras", "State media said it had over 20m AI-enabled cameras.", "ai-enabled"),
    ("200 million", "surveillance cameras", "The 200 million surveillance cameras record everything.", ""),
    ("nearly 220 million", "cameras", "It has nearly 220 million installed cameras in operation.", ""),
    ("5,000", "cameras", "Police fitted 5,000 body-worn cameras last year.", "body-worn"),
    ("1.2m", "CCTV cameras", "Britain has 1.2m CCTV cameras, a 2013 survey said.", ""),
    ("$4bn", "valuation", "It was valued at $4bn in its last round.", ""),  # trap: no noun after the number
    ("$1 billion", "funding", "SenseTime raised more than $1 billion over two rounds.", ""),  # trap: "over two" is not a modifier
    ("15%", "market share", "Its 15% global market share.", "global"),
])
def test_scope(text, subject, sentence, scope):
    assert ledger.scope_of({"text": text, "subject": subject, "sentence": sentence}) == scope


# --- as-of dates ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, sentence, published, label, forecast", [
    ("176 million", "The country had about 176 million cameras in operation as of 2016.", "2019-11-01", "2016", False),
    ("$4 billion", "Megvii was valued at more than $4 billion in May, people familiar said.", "2019-11-06", "2019-05", False),
    ("$3.5 billion", "It was valued at $3.5 billion during its latest round last December.", "2019-02-22", "2018-12", False),
    ("13.5 per cent", "China's market expanded by 13.5 per cent last year.", "2019-12-06", "2018", False),
    ("20m", "In 2017 state media boasted of over 20m AI-enabled cameras.", "2019-12-06", "2017", False),
    ("¥2tn", "Sales reached ¥2tn in fiscal 2018, Nikkei reported.", "2019-06-01", "2018", False),
    ("2.76 billion", "By 2022, the number is expected to reach 2.76 billion.", "2019-11-01", "2022", True),
    ("$500m", "The start-up is expected to raise $500m, Bloomberg reported.", "2019-03-01", "", True),
    # traps
    ("3,000 staff", "Founded in 2011, the company now has 3,000 staff.", "2019-05-27", "", False),
    ("$1.2bn", "The unit, launched in 2015, earned $1.2bn.", "2019-05-27", "", False),
    ("2019 units", "It sold 2019 units.", "2019-05-27", "", False),  # the year-like number is the figure
    ("$40m", "Sales may rise to $40m, analysts said.", "2019-05-27", "", False),  # "may" the verb
])
def test_as_of(text, sentence, published, label, forecast):
    got = ledger.as_of({"text": text, "sentence": sentence, "published": published})
    assert (got.label if got.text else "") == label
    assert got.forecast is forecast


# --- relations and flags on hand-made sets ------------------------------------------------------

SENSETIME_MAY = fig("over $4 billion", 4e9, qualifier="over", company="SenseTime", metric="valuation",
                    published="2019-05-27", outlet="CNBC")
SENSETIME_NOV = fig("over US$7.5 billion", 7.5e9, qualifier="over", company="SenseTime", metric="valuation",
                    published="2019-11-06", outlet="The Edge Markets")


@pytest.mark.parametrize("name, figures, relation", [
    ("over_4bn_may_vs_over_7_5bn_nov_is_growth", [SENSETIME_MAY, SENSETIME_NOV], "growth"),
    ("3_5bn_vs_4bn_within_a_month_is_discrepancy",
     [fig("$3.5bn", 3.5e9, company="Megvii", metric="valuation", published="2019-01-10", outlet="Bloomberg"),
      fig("$4bn", 4e9, company="Megvii", metric="valuation", published="2019-02-01", outlet="Caixin")],
     "discrepancy"),
    ("over_4bn_vs_7_5bn_same_week_is_tension",
     [fig("over $4bn", 4e9, qualifier="over", company="X", metric="valuation", published="2019-05-01"),
      fig("$7.5bn", 7.5e9, company="X", metric="valuation", published="2019-05-05")],
     "tension"),
    ("about_4bn_vs_4_3bn_agree",
     [fig("about $4bn", 4e9, qualifier="about", company="X", metric="valuation", published="2019-05-01"),
      fig("$4.3bn", 4.3e9, company="X", metric="valuation", published="2019-05-01")],
     "agree"),
    ("nearly_220m_vs_200m_agree",
     [fig("200 million", 2e8, "count", subject="surveillance cameras", published="2019-05-27"),
      fig("nearly 220 million", 2.2e8, "count", qualifier="nearly", subject="cameras", published="2019-11-06")],
     "agree"),
    ("later_lower_is_decline",
     [fig("300", 300, "count", subject="stores", company="Y", published="2018-01-10"),
      fig("200", 200, "count", subject="stores", company="Y", published="2018-09-10")],
     "decline"),
    ("range_contains_value_agree",
     [fig("20 to 30 years", 25, "year", subject="sentence", low=20, high=30, published="2019-05-01"),
      fig("25 years", 25, "year", subject="sentence", published="2019-05-02")],
     "agree"),
    ("trap_vague_outside_range_is_not_flagged",
     [fig("tens of millions of cameras", 1e7, "count", subject="cameras", vague=True, low=1e7, high=1e8,
          published="2019-05-27"),
      fig("200 million cameras", 2e8, "count", subject="cameras", published="2019-05-27")],
     "vague"),
    ("vague_inside_range_agrees",
     [fig("hundreds of millions of cameras", 1e8, "count", subject="cameras", vague=True, low=1e8, high=1e9,
          published="2019-11-06"),
      fig("200 million cameras", 2e8, "count", subject="cameras", published="2019-11-01")],
     "agree"),
    ("trap_two_values_in_one_sentence_are_contrasted_not_repeated",
     [fig("13.5 per cent", 13.5, "percent", metric="growth", id="ft1:f6", published="2019-12-06",
          sentence="China's market grew 13.5 per cent while the rest grew 5 per cent."),
      fig("5 per cent", 5, "percent", metric="growth", id="ft1:f7", published="2019-12-06",
          sentence="China's market grew 13.5 per cent while the rest grew 5 per cent.")],
     None),
    ("trap_10_000_vs_1_4bn_people_is_scale_not_discrepancy",
     [fig("over 10,000 people", 1e4, "count", qualifier="over", subject="people", published="2019-02-22"),
      fig("1.4 billion people", 1.4e9, "count", subject="people", published="2019-02-25")],
     "scale"),
    ("percent_point_different_days_same_month",
     [fig("46 per cent", 46, "percent", metric="growth", company="Huawei", published="2019-12-06"),
      fig("46%", 46, "percent", metric="growth", company="Huawei", published="2019-12-09")],
     "agree"),
])
def test_relation(name, figures, relation):
    g = ledger.build_ledger(figures)
    assert len(g) == 1, [x.to_dict() for x in g]
    assert [r.relation for r in g[0].relations] == ([relation] if relation else [])
    assert bool(g[0].flags) is (relation in ledger.FLAG_RELATIONS)


@pytest.mark.parametrize("name, figures", [
    ("trap_narrower_scope",
     [fig("200 million", 2e8, "count", subject="cameras", sentence="The 200 million cameras watch.", published="2019-05-27"),
      fig("over 20m", 2e7, "count", qualifier="over", subject="cameras",
          sentence="It had over 20m AI-enabled cameras.", published="2019-05-29")]),
    ("trap_forecast",
     [fig("176 million", 1.76e8, "count", subject="cameras", published="2019-11-01",
          sentence="It had 176 million cameras."),
      fig("2.76 billion", 2.76e9, "count", subject="cameras", published="2019-11-01",
          sentence="By 2022, the number is expected to reach 2.76 billion cameras.")]),
    ("trap_vague_without_range",
     [fig("tens of millions", 3e7, "count", subject="cameras", vague=True, published="2019-05-27"),
      fig("200 million", 2e8, "count", subject="cameras", published="2019-05-27")]),
    ("trap_conversion_of_each_other",
     [fig("RM32.6bn", 32.6e9, "USD", metric="valuation", company="Z", group="g1", published="2019-05-27"),
      fig("US$7.5bn", 7.5e9, "USD", metric="valuation", company="Z", group="g1", published="2019-05-27")]),
])
def test_not_compared(name, figures):
    g = ledger.build_ledger(figures)
    assert len(g) == 1
    assert g[0].relations == []
    assert g[0].verdict == "not comparable"


@pytest.mark.parametrize("name, figures, n_groups", [
    ("usd_vs_cny_kept_apart",
     [fig("$1bn", 1e9, "USD", company="SenseTime", metric="funding"),
      fig("Rmb1.5 billion", 1.5e9, "CNY", company="SenseTime", metric="funding")], 2),
    ("company_vs_none_kept_apart",
     [fig("$1bn", 1e9, company="SenseTime", metric="funding"), fig("$1bn", 1e9, metric="funding")], 2),
    ("valuation_vs_funding_kept_apart",
     [fig("$1bn", 1e9, company="SenseTime", metric="funding"),
      fig("$4bn", 4e9, company="SenseTime", metric="valuation")], 2),
    ("camera_synonyms_together",
     [fig("200m", 2e8, "count", subject="surveillance cameras"), fig("170m", 1.7e8, "count", subject="CCTV cameras"),
      fig("20m", 2e7, "count", subject="cameras")], 1),
    ("worth_is_valuation",
     [fig("$4bn", 4e9, company="Megvii", metric="valuation"), fig("$4bn", 4e9, company="Megvii", subject="worth")], 1),
])
def test_grouping(name, figures, n_groups):
    assert len(ledger.build_ledger(figures)) == n_groups


def test_filters_and_order():
    figures = [
        SENSETIME_NOV,
        fig("$3.5bn", 3.5e9, company="Megvii", metric="valuation", published="2019-02-22"),
        SENSETIME_MAY,
        fig("more than $1bn", 1e9, qualifier="more than", company="SenseTime", metric="funding"),
        fig("$2bn", 2e9, company=["SenseTime", "Megvii"], metric="valuation", published="2019-01-01"),
    ]
    groups = ledger.build_ledger(figures, company="sensetime", metric="valuation")
    assert [(g.company, g.measure) for g in groups] == [("SenseTime", "valuation")]
    entries = groups[0].entries
    assert [e.published for e in entries] == ["2019-01-01", "2019-05-27", "2019-11-06"]  # by publication date
    assert [e.text for e in entries][1:] == ["over $4 billion", "over US$7.5 billion"]
    assert groups[0].spread == {"min": 2e9, "max": 7.5e9, "ratio": 3.75, "n": 3}
    assert entries[2].vs_previous == "growth"
    # a figure is its first company's: Megvii's valuation is not in an investor's group
    figures.append(fig("$3.5bn", 3.5e9, company=["Megvii", "SenseTime"], metric="valuation", published="2019-03-01"))
    all_val = ledger.build_ledger(figures, metric="valuation")
    assert sorted((g.company, len(g.entries)) for g in all_val) == [("Megvii", 2), ("SenseTime", 3)]
    assert ledger.build_ledger(figures, company="Alibaba") == []


def test_subject_filter_matches_modified_subjects():
    figures = [
        fig("200 million", 2e8, "count", subject="surveillance cameras", published="2019-05-27"),
        fig("about 176 million", 1.76e8, "count", qualifier="about", subject="surveillance cameras",
            published="2019-11-01", sentence="The country had about 176 million surveillance cameras as of 2016."),
        fig("nearly 220 million", 2.2e8, "count", qualifier="nearly", subject="cameras", published="2019-11-06",
            sentence="It has nearly 220 million installed cameras in operation."),
        fig("1.4 billion people", 1.4e9, "count", subject="people"),
    ]
    groups = ledger.build_ledger(figures, subject="cameras")
    assert len(groups) == 1
    g = groups[0]
    assert [e.text for e in g.entries] == ["200 million", "about 176 million", "nearly 220 million"]
    rel = {(r.a, r.b): r.relation for r in g.relations}
    ids = [e.id for e in g.entries]
    # 176m is dated 2016 by its sentence: earlier than 200m (May 2019), so growth, not a decline
    assert rel[(ids[1], ids[0])] == "growth"
    assert rel[(ids[0], ids[2])] == "agree"
    assert g.flags == []
    assert g.verdict == "consistent growth"


def test_ledger_rows_and_dict_are_plain_data():
    import json

    groups = ledger.build_ledger([SENSETIME_MAY, SENSETIME_NOV])
    json.dumps([g.to_dict() for g in groups])  # no inf, no dataclasses
    rows = ledger.ledger_rows(groups)
    assert [r["outlet"] for r in rows] == ["CNBC", "The Edge Markets"]
    assert groups[0].to_dict()["entries"][0]["bound"] == [4e9, None]  # open bound as null in JSON
    assert rows[1]["vs_previous"] == "growth"


from hypothesis import given, settings, strategies as st  # noqa: E402

_junk = st.one_of(st.none(), st.text(max_size=30), st.integers(), st.floats(allow_nan=True), st.booleans())


@settings(max_examples=150, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "id": st.text(max_size=8), "text": _junk, "value": _junk, "unit": _junk, "qualifier": _junk,
    "subject": _junk, "metric": _junk, "companies": st.lists(st.one_of(st.none(), st.text(max_size=8)), max_size=3),
    "sentence": _junk, "published": st.one_of(st.none(), st.text(max_size=12),
                                              st.dates().map(lambda d: d.isoformat())),
    "low": _junk, "high": _junk, "vague": st.booleans(),
}), max_size=8))
def test_messy_rows_never_raise(rows):
    """Broken or odd rows from an index never make the ledger raise; every row lands in at most one group."""
    groups = ledger.build_ledger(rows)
    assert sum(len(g.entries) for g in groups) <= len(rows)
    for g in groups:
        g.to_dict()

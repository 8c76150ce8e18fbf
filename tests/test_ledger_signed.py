"""The ledger and signed figures: a loss is never growth, a fall reads negative; grouping is linear.

Issue 15 item 4 (signed amounts) and issue 21 item 9 (`compare` grew faster than the corpus:
every pair of a group was related). Figure rows are written for these tests.
"""

from __future__ import annotations

import pytest

from newsindex import ledger
from newsindex.extract.figures import extract_figures

from .test_ledger import fig


def test_a_loss_is_not_in_the_profit_group_and_a_bigger_loss_is_not_growth():
    figures = [
        fig("$1bn", 1e9, company="Acme", metric="profit", published="2018-02-01"),
        fig("3.35 billion yuan", 3.35e9, "USD", company="Acme", metric="loss", direction="down", published="2019-02-01"),
        fig("$5bn", 5e9, company="Acme", metric="loss", direction="down", published="2020-02-01"),
    ]
    groups = {g.measure: g for g in ledger.build_ledger(figures)}
    assert [e.text for e in groups["profit"].entries] == ["$1bn"]
    loss = groups["loss"]
    assert [r.relation for r in loss.relations] == ["loss widened"]
    assert loss.verdict == "loss widened"
    assert "growth" not in loss.verdict
    narrowing = ledger.build_ledger([figures[2] | {"published": "2018-01-01"}, figures[1]], metric="loss")
    assert narrowing[0].verdict == "loss narrowing"


@pytest.mark.parametrize("row,reading_sign", [
    ({"value": 5, "unit": "percent", "direction": "down"}, -1),
    ({"value": 5, "unit": "percent", "direction": "up"}, 1),
    ({"value": 5, "unit": "percent"}, 1),
    ({"value": -5, "unit": "percent", "direction": "down"}, -1),  # already signed ("-5%")
    ({"value": 3e9, "unit": "USD", "metric": "loss"}, -1),
    ({"value": 3e9, "unit": "USD", "direction": "down"}, 1),  # "fell to $3bn": a level, not a change
])
def test_reading_sign(row, reading_sign):
    lo, hi = ledger.interval(row)
    assert (lo > 0) == (reading_sign > 0) and (hi > 0) == (reading_sign > 0)


def test_a_fall_and_a_rise_of_the_same_size_do_not_agree():
    figures = [
        fig("5%", 5, "percent", company="Acme", metric="growth", direction="up", published="2019-01-01"),
        fig("5%", 5, "percent", company="Acme", metric="growth", direction="down", published="2019-01-10"),
    ]
    (g,) = ledger.build_ledger(figures)
    assert [r.relation for r in g.relations] == ["discrepancy"]


def test_extracted_losses_reach_the_ledger_as_losses():
    text = "Acme posted a net loss of $3bn in 2019. Profit was $1bn in 2018."
    rows = [f.to_dict() | {"published": "2020-01-01"} for f in extract_figures(text, "a", [])]
    assert [(r["text"], r["metric"], r["direction"]) for r in rows] == [("$3bn", "loss", "down"), ("$1bn", "profit", None)]
    assert {g.measure for g in ledger.build_ledger(rows)} == {"loss", "profit"}


def test_relations_grow_linearly_with_the_entries(monkeypatch):
    """Each entry is related to at most LOOKBACK earlier ones, and keeps at most one relation."""
    calls = []
    real = ledger.relate
    monkeypatch.setattr(ledger.groups, "relate", lambda a, b: calls.append(1) or real(a, b))
    for n in (50, 500):
        calls.clear()
        figures = [fig("$4bn", 4e9, company="Acme", metric="valuation", published=f"2019-{1 + i % 12:02d}-01")
                   for i in range(n)]
        (g,) = ledger.build_ledger(figures)
        assert len(g.entries) == n
        assert len(g.relations) <= n
        assert len(calls) <= ledger.LOOKBACK * n

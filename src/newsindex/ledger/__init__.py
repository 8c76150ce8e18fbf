"""The figure ledger: the same number across sources, side by side, disagreements flagged.

Pure functions over figure rows (dicts with the Figure keys of docs/records.md plus the
article's ``article_id``, ``outlet``, ``published`` and ``title``). The rules' data lives
in ``data/ledger.toml``; ``docs/ledger.md`` explains them for users.

Grouping (``group_key``): two figures measure the same thing when they have
  1. the same company, or both none. A figure's company is the first of its ``companies``: the
     figures layer puts first the company its clause is about, then others named in the sentence
     (investors, rivals), so "Megvii was valued at $3.5bn, with investors including Alibaba" is
     Megvii's valuation, not Alibaba's;
  2. the same *measure*: the figure's ``metric`` if it has one, else its ``subject`` reduced to
     its head noun ("surveillance cameras" -> "cameras"), both mapped through ``[measures]``;
  3. the same unit (USD is not compared with CNY: no exchange rates are assumed).
Within a group a figure also has a *scope*: words between the number and its noun that
narrow what is counted ("20m AI-enabled cameras" has scope "ai-enabled"). Only figures of
the same scope are compared; words in ``[scope] neutral`` ("installed", "surveillance") do
not narrow.

Reading a value (``interval``): a qualifier widens the value into two ranges, the *reading*
(what a reader takes it to mean) and the *bound* (what the words strictly allow):
  exact "$4bn" 0.97-1.03 x; "about" 0.9-1.1 x; "over / more than / at least" 1-1.25 x
  (bound: open above); "nearly / almost" 0.85-1 x; "up to / less than" 0.5-1 x.
Ranges (``low``/``high``) are used as they are. Vague figures ("tens of millions") are shown
and can agree with others, but never raise a flag (relation ``vague``): the words are too loose.

Dating a value (``as_of``): the figure's own date, when its sentence gives one nearest to the
number ("as of 2016", "in May", "last December", "last year"), else the publication date.
A future year or a forecast phrase ("expected to reach") marks a forecast, never compared.

Signed figures (``is_negative``): a loss (metric ``loss``) and a change stated as a fall ("down
5%") read as negative amounts; a loss is its own measure, and between losses "growth" and
"decline" are named "loss narrowed" and "loss widened": a bigger loss is never growth.

Comparing two figures of one group and scope (``relate``), each figure with the latest earlier
comparable one by as-of date (``build_group``: linear in the figures, never every pair); never two
figures of one sentence (a sentence that states two values of a measure contrasts them), in this
order:
  scale        values more than ``unrelated_ratio`` (5x) apart: different quantities, no flag;
  agree        reading ranges overlap;
  vague        one is vague and they do not overlap: no flag;
  growth       no overlap, the later (as-of) value is higher, dates >= ``change_after_days`` apart;
  decline      the same but lower (flagged: worth a check);
  tension      closer in time, only the hard bounds overlap ("over $4bn" vs "$7.5bn" in one week);
  discrepancy  closer in time and not even the bounds overlap ("$3.5bn" vs "$4bn" in one month).

The modules: :mod:`.reading` (one figure: its measure, scope, qualifier range, sign and as-of
date), :mod:`.groups` (entries, relations, groups, :func:`build_ledger`) and :mod:`.rows` (the
flat rows of ``compare --format csv``).
"""

from __future__ import annotations

from .groups import (  # noqa: F401
    FLAG_RELATIONS, LOOKBACK, LOSS_RELATIONS, Entry, Group, Relation, build_group, build_ledger, group_keys,
    make_entry, matches, primary_company, relate, spread, verdict,
)
from .reading import (  # noqa: F401
    CHANGE_UNITS, LOSS_MEASURE, MONTHS, AsOf, as_of, canonical_measure, interval, is_negative, measure_of,
    qualifier_class, rules, scope_of, singular,
)
from .rows import ledger_rows  # noqa: F401

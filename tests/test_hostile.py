"""Hostile text: adversarial input never hangs an extractor, never raises, never reaches the terminal raw.

Each extractor gets 1 MB strings built to trigger catastrophic regex backtracking. The guard is a
hang detector, not a speed test: the budget (HANG_BUDGET seconds per call, via SIGALRM) is far above
what any linear-time pass needs, so the test fails only on a pathological (super-linear) pattern.
"""

from __future__ import annotations

import signal

import pytest
from click.testing import CliRunner

from newsindex.cli import cli
from newsindex.extract.claims import extract_claims
from newsindex.extract.companies import find_mentions
from newsindex.extract.figures import extract_figures
from newsindex.extract.metadata import extract_metadata
from newsindex.extract.sentences import sentences
from newsindex.parse import parse_text

HANG_BUDGET = 120
MB = 1_000_000

ADVERSARIAL = {
    "digits": "1" * MB,
    "digits-commas": "1,0" * (MB // 3),
    "digits-spaces": "12 " * (MB // 3),
    "decimal-runs": "1.2." * (MB // 4),
    "spaces": "a" + " " * MB + "b",
    "commas": "," * MB,
    "quotes-straight": '"' * MB,
    "quotes-curly": "\u201c\u201d" * (MB // 2),
    "capitalised-words": "Hangzhou Digital Technology " * (MB // 28),
    "capitalised-no-space": "Aa" * (MB // 2),
    "said-chains": "Wang said Li said " * (MB // 18),
    "money-chains": "US$1 billion (RM4 billion (" * (MB // 27),
    "percent-chains": "per cent per cent " * (MB // 18),
    "newlines": "\n" * MB,
    "dots": "." * MB,
    "dashes": "\u2014 -" * (MB // 3),
    "brackets": "(" * (MB // 2) + ")" * (MB // 2),
    "mixed-line": ("Mr. X. Y. Co. Inc. said: \u201cA. B.\u201d " * (MB // 40)),
}


class Hang(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - only on a hang
    raise Hang()


def run_guarded(fn, *args):
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_BUDGET)
    try:
        return fn(*args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


EXTRACTORS = {
    "metadata": lambda text: extract_metadata(text),
    "sentences": lambda text: sentences(text),
    "companies": lambda text: find_mentions(text),
    "figures": lambda text: extract_figures(text, "x", []),
    "claims": lambda text: extract_claims(text, "x", [], []),
}


@pytest.mark.parametrize("extractor", sorted(EXTRACTORS))
@pytest.mark.parametrize("kind", sorted(ADVERSARIAL))
def test_adversarial_input_does_not_hang(extractor, kind):
    text = ADVERSARIAL[kind]
    try:
        run_guarded(EXTRACTORS[extractor], text)
    except Hang:  # pragma: no cover
        pytest.fail(f"{extractor} took over {HANG_BUDGET}s on 1 MB of {kind}: super-linear pattern")


MARKUP = "[bold red]PWNED[/bold red] \x1b[31mred\x1b[0m \x1b]0;title\x07 [link=http://x]y[/link]"


def test_markup_and_escapes_in_articles_are_shown_as_text(tmp_path):
    (tmp_path / "evil.txt").write_text(f"Acme wins contract\n\nBody with {MARKUP} inside.\n")
    result = CliRunner().invoke(cli, ["parse", str(tmp_path), "--format", "table"])
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output


@pytest.mark.parametrize("value", [MARKUP, "[red]x[/red]", "\x1b[2J\x1b[Hcleared", "[/]", "[link=file:///etc]a[/link]"])
def test_table_cells_show_user_text_literally(value):
    from rich.console import Console

    from newsindex.render import table

    con = Console(record=True, width=400, color_system="truecolor", force_terminal=True)
    con.print(table([{"t": value}], [("t", "T")]))
    plain = con.export_text()
    shown = value.replace("\x1b[31m", "").replace("\x1b[0m", "").replace("\x1b]0;title\x07", "")
    shown = shown.replace("\x1b[2J", "").replace("\x1b[H", "")
    assert shown in plain  # markup printed as written, not interpreted
    ansi = con.export_text(styles=True)
    assert "\x1b[2J" not in ansi and "\x1b]0;" not in ansi


def test_hostile_record_round_trips_as_json():
    rec = parse_text(f"{MARKUP}\n\n{MARKUP} body", path="evil.txt")
    assert rec.to_dict()["path"] == "evil.txt"

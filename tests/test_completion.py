"""Shell completion (README, "Shell completion"): click writes the script for bash, zsh and fish."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from newsindex.cli import cli


@pytest.mark.parametrize("shell,marker", [
    ("bash", "complete -o nosort -F _newsindex_completion newsindex"),
    ("zsh", "compdef _newsindex_completion newsindex"),
    ("fish", "complete --no-files --command newsindex"),
])
def test_the_completion_script_is_produced(shell, marker):
    result = CliRunner().invoke(cli, [], prog_name="newsindex", env={"_NEWSINDEX_COMPLETE": f"{shell}_source"})
    assert result.exit_code == 0
    assert marker in result.output


def test_commands_complete():
    env = {"_NEWSINDEX_COMPLETE": "bash_complete", "COMP_WORDS": "newsindex cla", "COMP_CWORD": "1"}
    result = CliRunner().invoke(cli, [], prog_name="newsindex", env=env)
    assert result.exit_code == 0 and "plain,claims" in result.output

"""The `newsindex` executable's entry point.

`newsindex --version` is answered here, before click (and through it `inspect`,
`typing`...) is imported: the whole start-up is then Python's own. Everything
else goes to the click group in `newsindex.cli`.

A top-level module rather than `newsindex/__main__.py`: the executable then
works with any `newsindex` package first on PYTHONPATH (scripts/bench runs
snapshots of older commits through it).
"""

import sys

from newsindex import __version__


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        # the same line click's version option prints
        sys.stdout.write(f"newsindex, version {__version__}\n")
        return
    from newsindex.cli import main as cli_main

    cli_main()

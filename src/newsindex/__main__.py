"""The `newsindex` executable's entry point (also `python -m newsindex`).

`newsindex --version` is answered here, before click (and through it `inspect`,
`typing`...) is imported: the whole start-up is then Python's own. Everything
else goes to the click group in `newsindex.cli`.
"""

import sys

from . import __version__


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        # the same line click's version option prints
        sys.stdout.write(f"newsindex, version {__version__}\n")
        return
    from .cli import main as cli_main

    cli_main()


if __name__ == "__main__":  # pragma: no cover
    main()

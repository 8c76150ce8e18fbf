"""The `newsindex` command line: parse options, call one library function, render.

Heavy modules (whoosh, rich, the parser) are imported inside the commands, so
`newsindex --help` and `--version` stay fast. The commands live in the modules of this
package, grouped by what they work on; `common` holds the group and the shared options.
"""

from .common import cli, _damage  # noqa: F401
from . import corpus, searching, exporting, analysis, serve, workflow  # noqa: F401,E402  (registers the commands)


def main() -> None:
    cli(prog_name="newsindex")

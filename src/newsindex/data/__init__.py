"""Data tables (TOML): outlets, companies, patterns. Loaded by newsindex.data.load()."""

from __future__ import annotations

import sys
from functools import lru_cache
from importlib import resources

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """Load the packaged table ``name`` (without .toml), cached."""
    text = resources.files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load_path(path) -> dict:
    """Load a user's TOML table from a path (e.g. corpus/companies.toml)."""
    from ..safeio import open_regular

    with open_regular(path) as fh:  # a FIFO or device is refused, never waited on
        return tomllib.load(fh)

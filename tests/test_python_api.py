"""The Python API: docs/python.md is run as doctests; the names in __all__ exist."""

from __future__ import annotations

import doctest
from pathlib import Path

import newsindex

DOC = Path(__file__).resolve().parent.parent / "docs" / "python.md"


def test_docs_python_md_runs():
    failures, tried = doctest.testfile(str(DOC), module_relative=False,
                                       optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert tried > 10 and failures == 0


def test_all_names_exist():
    for name in newsindex.__all__:
        assert getattr(newsindex, name) is not None


def test_pandas_is_optional(monkeypatch):
    import builtins

    real = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas":
            raise ImportError("no pandas")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    try:
        newsindex.records_to_dataframe([{"a": 1}])
    except ImportError as e:
        assert "pip install pandas" in str(e)
    else:  # pragma: no cover
        raise AssertionError("expected ImportError")

"""Exports for scripts: CSV, JSON and JSON Lines, streamed, safe in a spreadsheet.

One code path: the search commands (`search`, `claims`, `figures`, `companies`) and `export`
all write machine-readable rows through :func:`write_rows`, so the same query gives the same
rows everywhere. The modules:

- :mod:`.columns`: the columns of each kind (documented in docs/export.md), ``fields`` checking;
- :mod:`.cells`: one value as a CSV cell or JSON data (formula guard, numbers, lists);
- :mod:`.writers`: the CSV, JSON and JSON Lines writers and :func:`write_rows`;
- :mod:`.output`: ``-o PATH`` written atomically, as a shell's ``>`` would;
- :mod:`.manifest`: :func:`run_export`, an export with its manifest.

No click, no rich here: the CLI parses options and calls one function.
"""

from __future__ import annotations

from .cells import (  # noqa: F401
    FORMULA_GUARD, FORMULA_SIGNS, FORMULA_TRIGGERS, LIST_SEPARATOR, csv_cell, csv_line, csv_quote, json_text,
    json_value, neutralise, number_text,
)
from .columns import (  # noqa: F401
    COLUMNS, DERIVED, EXTRA_COLUMNS, KINDS, REVIEW_COLUMNS, columns_for, default_columns, exportable, parse_fields,
    project,
)
from .manifest import (  # noqa: F401
    ExportResult, SourceTracker, build_manifest, check_outputs, manifest_path_for, resolve_sources, run_export,
    utc_now, write_manifest,
)
from .output import atomic_output, is_regular_target, output_target  # noqa: F401
from .writers import FORMATS, WRITERS, write_rows  # noqa: F401

"""Figures: numbers that report something, normalised.

STUB (foundation): replaced by the figures layer (issue 4). Keep the signature.
"""

from __future__ import annotations

from ..records import Figure, Mention


def extract_figures(body: str, article_id: str, mentions: list[Mention]) -> list[Figure]:
    return []

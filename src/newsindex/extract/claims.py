"""Claims: attributed statements and facts about named companies.

STUB (foundation): replaced by the claims layer (issue 5). Keep the signature.
"""

from __future__ import annotations

from ..records import Claim, Figure, Mention


def extract_claims(body: str, article_id: str, mentions: list[Mention], figures: list[Figure]) -> list[Claim]:
    return []

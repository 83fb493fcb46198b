"""Readable names for claimant keys, for charts and tables."""
from functools import cache

from core.lexicon import rows


@cache
def _names() -> dict:
    return dict(rows("source_names.csv"))


def source_name(key: str) -> str:
    """'nis' -> "South Korea's NIS"; a key without a listed name reads as words ('kyiv_independent' -> 'Kyiv Independent')."""
    return _names().get(key) or key.replace("_", " ").title()

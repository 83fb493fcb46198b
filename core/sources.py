"""Readable names for claimant keys, for charts and tables; the keys stay in the frame and the URL."""
from functools import cache

from core.lexicon import rows

# Keys every source table must name readably: the canonical claimants of the gold files.
CANONICAL = ("uk_mod", "zelensky", "ukraine", "nis", "sk_military", "us_gov", "western_intel", "north_korea",
             "russia", "unattributed")


@cache
def _names() -> dict:
    return dict(rows("source_names.csv"))


def source_name(key: str) -> str:
    """'nis' -> 'NIS (South Korea)'; a key without a listed name reads as words ('kyiv_independent' -> 'Kyiv Independent')."""
    return _names().get(key) or key.replace("_", " ").title()


def source_names(keys) -> dict:
    """Claimant keys in, {key: readable name} out (for a select box's format_func or a column's labels)."""
    return {key: source_name(key) for key in keys}

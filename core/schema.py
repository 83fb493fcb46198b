"""The claims frame: column names, pandas dtypes, and validation."""
import pandas as pd

CATEGORIES = ("killed", "wounded", "killed_or_wounded", "deployed", "reinforcements", "captured", "missing")
QUALIFIERS = ("exact", "approx", "more_than", "at_least", "less_than", "up_to", "range", "vague")
DATE_BASES = ("stated", "published", "url", "dateline", "reviewed", "unknown")
STATUSES = ("auto", "confirmed", "corrected", "rejected", "added")

# Column -> dtype. Categoricals keep repeated strings (sentences, titles, sources) once in memory.
COLUMNS = {
    "claim_id": "string",
    "article_id": "category",
    "title": "category",
    "outlet": "category",
    "url": "category",
    "published": "datetime64[ns]",
    "category": pd.CategoricalDtype(CATEGORIES),
    "value": "Float64",
    "low": "Float64",
    "high": "Float64",
    "qualifier": pd.CategoricalDtype(QUALIFIERS),
    "claimant": "category",
    "claimant_text": "category",
    "period_start": "datetime64[ns]",
    "period_end": "datetime64[ns]",
    "date_basis": pd.CategoricalDtype(DATE_BASES),
    "sentence": "category",
    "figure_text": "string",
    "figure_start": "Int64",
    "figure_end": "Int64",
    "sentence_start": "Int64",
    "sentence_end": "Int64",
    "base_claim_id": "string",
    "why": "category",
    "status": pd.CategoricalDtype(STATUSES),
}
# Filled in when a frame lacks the column: the extractor's claims are unreviewed until core.reviews says otherwise.
_DEFAULTS = {"status": "auto"}


class SchemaError(ValueError):
    """A frame does not have the claims schema."""


def empty_frame() -> pd.DataFrame:
    """Return a claims frame with no rows and every column typed."""
    return coerce(pd.DataFrame({name: [] for name in COLUMNS}))


def coerce(frame: pd.DataFrame) -> pd.DataFrame:
    """Return `frame` with exactly the schema's columns, in order, cast to the schema's dtypes."""
    frame = frame.assign(**{k: v for k, v in _DEFAULTS.items() if k not in frame.columns})
    missing = [name for name in COLUMNS if name not in frame.columns]
    if missing:
        raise SchemaError(f"missing columns: {', '.join(missing)}")
    out = frame[list(COLUMNS)].copy()
    for name, dtype in COLUMNS.items():
        if str(dtype).startswith("datetime64"):
            out[name] = pd.to_datetime(out[name]).astype(dtype)
        else:
            out[name] = out[name].astype(dtype)
    return out.reset_index(drop=True)


def validate(frame: pd.DataFrame) -> pd.DataFrame:
    """Raise SchemaError unless `frame` has the schema's columns, dtypes and invariants; return it."""
    if list(frame.columns) != list(COLUMNS):
        raise SchemaError(f"columns {list(frame.columns)} != {list(COLUMNS)}")
    for name, dtype in COLUMNS.items():
        if not _same_dtype(frame[name].dtype, dtype):
            raise SchemaError(f"column {name} has dtype {frame[name].dtype}, expected {dtype}")
    if frame["claim_id"].duplicated().any():
        raise SchemaError("claim_id is not unique")
    low_ok = frame["low"].isna() | frame["value"].isna() | (frame["low"] <= frame["value"])
    high_ok = frame["high"].isna() | frame["value"].isna() | (frame["value"] <= frame["high"])
    if not (low_ok & high_ok).all():
        raise SchemaError("a claim has value outside its bounds")
    return frame


def _same_dtype(actual, expected) -> bool:
    """Equal dtypes; an open categorical ('category') accepts any categories."""
    if expected == "category":
        return isinstance(actual, pd.CategoricalDtype)
    return actual == pd.Series([], dtype=expected).dtype


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...), +cmd|...);
# a leading ' makes it text (OWASP, CSV injection). Article text and file names can start with any of them.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_for_csv(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` in which every text cell a spreadsheet would run as a formula starts with '.

    Numbers, dates and missing values stay as they are; text and category columns lose their dtype (CSV has none).
    """
    out = frame.copy()
    for name in out.columns:
        dtype = out[name].dtype
        if isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(dtype):
            out[name] = out[name].astype(object).map(_safe_cell)
    return out


def _safe_cell(value):
    # Only strings: an object column may also hold numbers, and -5 is a number, not a formula.
    return f"'{value}" if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """`frame` as UTF-8 CSV, safe to open in a spreadsheet (see safe_for_csv); `frame` itself is not changed."""
    return safe_for_csv(frame).to_csv(index=False).encode("utf-8")

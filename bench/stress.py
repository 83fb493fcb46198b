"""Pathological inputs for the extractor, timed per MB at growing sizes: a regular expression or a
per-sentence rule that took super-linear time would show as seconds per MB rising with the size."""
import gc
import statistics
import time

from core.articles import make_article
from core.extract import extract_claims

# name -> one unit of text, repeated to the wanted size
PATTERNS = {
    "digits": "1",
    "dots": ".",
    "one long line": "Laut NIS wurden rund 300 Soldaten getötet, ",
    "repeated qualifiers": "mehr als ",
    "digit groups": "000 ",
    "spaced digits": "0 1 2 3 4 5 6 7 8 9 ",
    "comma-separated numbers": "1, 2, 3, 4, 5, 6, 7, 8, 9, ",
    "numbers and a word": "1 a 2 a 3 a 4 a 5 a 6 a 7 a 8 a 9 a ",
    "claims in one sentence": "12 Soldaten, ",
    "thousands and semicolons": "1.000; 2.000; ",
    "table row": "| 300 | 400 | 500 |",
    "blank lines": "\n",
    "hyphens and dashes": "-–",
}
HEADINGS = ("pathological input", "MB", "seconds", "s/MB", "claims", "ratio")
_ROW = "{:<24} {:>6} {:>8} {:>7} {:>7} {:>6}"
_WARM_UP_MB = 0.01
_MB = 1e6


def pathological_text(unit: str, megabytes: float) -> str:
    """`unit` repeated to about `megabytes` MB of UTF-8, ending in one claim so extraction runs to the end."""
    size = int(megabytes * _MB)
    return unit * max(1, size // len(unit.encode("utf-8"))) + "\nLaut NIS sind 100 Soldaten gefallen."


def timed_extraction(unit: str, megabytes: float) -> dict:
    """Wall time of making and extracting one article of pathological text: megabytes, seconds, claims."""
    text = pathological_text(unit, megabytes)
    gc.collect()  # garbage of the previous run is not collected on this run's clock
    start = time.perf_counter()
    claims = extract_claims([make_article("stress", text)])
    seconds = time.perf_counter() - start
    return {"megabytes": len(text.encode("utf-8")) / _MB, "seconds": seconds, "claims": len(claims)}


def measure(unit: str, sizes, repeats: int = 3) -> list[dict]:
    """One row per size (MB) of `unit` text: megabytes, median seconds of `repeats` runs, s_per_mb, claims, ratio.

    ratio is s/MB over s/MB at the smallest size, so the largest size's ratio is ≈ 1.0 when time per MB is flat.
    The runs take the sizes in turn, so that a burst of load on the machine spreads over them.
    """
    timed_extraction(unit, _WARM_UP_MB)  # loads the pipeline and warms this pattern's code paths
    runs = {size: [] for size in sizes}
    for _ in range(repeats):
        for size in sizes:
            runs[size].append(timed_extraction(unit, size))
    rows = []
    for size in sizes:
        seconds = statistics.median(run["seconds"] for run in runs[size])
        row = {**runs[size][0], "seconds": seconds, "s_per_mb": seconds / runs[size][0]["megabytes"]}
        first = rows[0]["s_per_mb"] if rows else row["s_per_mb"]
        row["ratio"] = row["s_per_mb"] / first if first else float("nan")
        rows.append(row)
    return rows


def heading() -> str:
    """The heading line of the table whose lines `table_lines` gives."""
    return _ROW.format(*HEADINGS)


def table_lines(name: str, rows: list[dict]) -> list[str]:
    """One table line per row of `measure` for the pattern `name`."""
    return [
        _ROW.format(
            name, f"{row['megabytes']:.3g}", f"{row['seconds']:.3f}", f"{row['s_per_mb']:.3f}", row["claims"],
            f"{row['ratio']:.2f}",
        )
        for row in rows
    ]

"""Pathological inputs for the extractor, timed per MB at growing sizes: a regular expression or a
per-sentence rule that took super-linear time would show as seconds per MB rising with the size."""
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
    "blank lines": "\n",
    "hyphens and dashes": "-–",
}


def pathological_text(unit: str, megabytes: float) -> str:
    """`unit` repeated to about `megabytes` MB of UTF-8, ending in one claim so extraction runs to the end."""
    size = int(megabytes * 1_000_000)
    return unit * max(1, size // len(unit.encode("utf-8"))) + "\nLaut NIS sind 100 Soldaten gefallen."


def seconds_per_mb(unit: str, megabytes: float) -> float:
    """Wall time of loading and extracting one article of pathological text, per MB."""
    text = pathological_text(unit, megabytes)
    start = time.perf_counter()
    extract_claims([make_article("stress", text)])
    return (time.perf_counter() - start) / megabytes


def report(sizes=(0.5, 1, 2)) -> list[str]:
    """One line per pattern: seconds per MB at each size and the ratio of the largest to the smallest."""
    extract_claims([make_article("warm-up", "Laut NIS sind 100 Soldaten gefallen.")])  # pipeline start-up not timed
    lines = [f"{'pathological input':<22}" + "".join(f"{f'{s:g} MB s/MB':>14}" for s in sizes) + f"{'ratio':>8}"]
    for name, unit in PATTERNS.items():
        times = [seconds_per_mb(unit, size) for size in sizes]
        ratio = times[-1] / times[0] if times[0] else float("nan")
        lines.append(f"{name:<22}" + "".join(f"{t:>14.3f}" for t in times) + f"{ratio:>8.2f}")
    return lines

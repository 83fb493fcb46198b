"""`python -m bench.ui [--claims 100000]`: time the dashboard's pages on a large synthetic corpus with AppTest.

The corpus is a folder of real article files; their claims are fabricated (one German claim sentence each,
offsets exact) and handed to the app in place of the extractor, so the app runs its own loading path.
Example: `python -m bench.ui --claims 20000 --articles 1000`.
"""
import argparse
import contextlib
import datetime as dt
import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from core.schema import CATEGORIES, COLUMNS, coerce
from ui import common

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"Home": None, "Timeline": "pages/1_Timeline.py", "Source comparison": "pages/2_Source_comparison.py",
         "Passages": "pages/3_Passages.py", "Articles": "pages/4_Articles.py"}
SOURCES = ("zelensky", "nis", "pentagon", "isw", "kremlin", "gur", "un", "nato", "south_korea_jcs", "us_state",
           "uk_mod", "eu", "japan", "bild", "spiegel", "reuters", "ap", "afp", "kyiv_independent", "unattributed")
_VERBS = {"killed": "getötet", "wounded": "verwundet", "killed_or_wounded": "getötet oder verwundet",
          "deployed": "nach Russland entsandt", "reinforcements": "zusätzlich verlegt", "captured": "gefangen genommen",
          "missing": "vermisst"}
_QUALIFIERS = {"exact": "", "approx": "rund ", "more_than": "mehr als ", "up_to": "bis zu "}
_START = dt.date(2024, 6, 1)
_DAYS = 548  # 18 months


def build_corpus(folder: Path, claims: int, articles: int, seed: int = 0) -> dict:
    """Write `articles` German article files into `folder`; return {article_id: claims frame} with `claims` rows."""
    rng = np.random.default_rng(seed)
    article = np.sort(rng.integers(0, articles, claims))
    article[:articles] = np.arange(articles)  # every article holds at least one claim
    article.sort()
    category = rng.choice(CATEGORIES, claims)
    qualifier = rng.choice(list(_QUALIFIERS), claims, p=(0.4, 0.3, 0.2, 0.1))
    claimant = rng.choice(SOURCES, claims)
    value = rng.integers(1, 150, claims) * 100
    published = pd.Timestamp(_START) + pd.to_timedelta(article * _DAYS // articles, unit="D")
    stated = rng.random(claims) < 0.2
    period = published - pd.to_timedelta(rng.integers(1, 60, claims), unit="D")
    rows = []
    for index in range(articles):
        mine = np.flatnonzero(article == index)
        raw, spans = _article_text(index, published[mine[0]], mine, category, qualifier, claimant, value)
        (folder / f"a{index:05d}.txt").write_text(raw, encoding="utf-8")
        rows.extend(spans)
    spans = pd.DataFrame(rows, columns=["row", "sentence", "sentence_start", "sentence_end", "figure_start",
                                        "figure_end", "figure_text"]).set_index("row").sort_index()
    frame = coerce(spans.assign(
        claim_id=[f"c{i:07d}" for i in range(claims)], article_id=[f"a{i:05d}" for i in article],
        title=[f"Bericht {i}" for i in article], outlet="Synthetische Zeitung", url=None, published=published,
        category=category, value=value.astype(float), low=None, high=None, qualifier=qualifier,
        claimant=np.where(claimant == "unattributed", None, claimant), claimant_text=None,
        period_start=np.where(stated, period, pd.NaT), period_end=None,
        date_basis=np.where(stated, "stated", "published"), base_claim_id=None, why="synthetic"))
    # Each article's categoricals keep only its own values, as the extractor's frame of one file does: a bare slice
    # would carry all 100 000 sentences, and the app pickles every file's claims into its cache (50 GB).
    open_categories = [name for name, dtype in COLUMNS.items() if dtype == "category"]
    return {article_id: claims.assign(**{name: claims[name].cat.remove_unused_categories() for name in open_categories})
            for article_id, claims in frame.groupby("article_id", observed=True, sort=False)}


def _article_text(index, published, mine, category, qualifier, claimant, value) -> tuple:
    """An article with front matter and one claim sentence per claim; (text, [(row, sentence, offsets)])."""
    raw = f"---\ntitle: Bericht {index}\noutlet: Synthetische Zeitung\npublished: {published:%Y-%m-%d}\n---\n"
    spans = []
    for row in mine:
        figure = f"{_QUALIFIERS[qualifier[row]]}{value[row]:,}".replace(",", ".")
        who = "Unbekannten Angaben" if claimant[row] == "unattributed" else f"Angaben von {claimant[row]}"
        before = f"Nach {who} wurden "
        sentence = f"{before}{figure} nordkoreanische Soldaten {_VERBS[category[row]]}."
        start = len(raw)
        spans.append((row, sentence, start, start + len(sentence), start + len(before),
                      start + len(before) + len(figure), figure))
        raw += sentence + "\n\n"
    return raw, spans


@contextlib.contextmanager
def serving(frames: dict, folder: Path):
    """Within the block the app's corpus is `folder` and its extractor returns the fabricated `frames`."""
    extract, corpus = common.extract_claims, os.environ.get("CLAIMS_CORPUS")
    common.extract_claims = lambda articles: pd.concat([frames[a.article_id] for a in articles], ignore_index=True)
    os.environ["CLAIMS_CORPUS"] = str(folder)
    try:
        yield
    finally:
        common.extract_claims = extract
        if corpus is None:
            os.environ.pop("CLAIMS_CORPUS", None)
        else:
            os.environ["CLAIMS_CORPUS"] = corpus


def open_page(page: str | None) -> tuple:
    """Run the app on `page`; return (AppTest, seconds of the page's run)."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
    at.run()
    start = time.perf_counter()
    if page:
        at.switch_page(page).run()
    return at, time.perf_counter() - start if page else _timed(at.run)


def _timed(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def timeline_size(at) -> tuple:
    """(points, traces, kilobytes) of the first chart on the page as sent to the browser."""
    spec = at.get("plotly_chart")[0].proto.spec
    traces = json.loads(spec)["data"]
    return sum(len(t.get("x") or []) for t in traces), len(traces), len(spec) / 1000


def run(claims: int, articles: int, echo=print) -> dict:
    """Time a cold load, then per page its first render, its rerun after picking one source and after clearing it."""
    results = {}
    with tempfile.TemporaryDirectory(prefix="claims-ui-bench-") as tmp:
        frames = build_corpus(Path(tmp), claims, articles)
        with serving(frames, Path(tmp)):
            at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
            echo(f"cold load of {articles} articles, {claims} claims: {_timed(at.run) * 1000:.0f} ms")
            for number, (name, page) in enumerate(PAGES.items()):
                at, first = open_page(page)
                chosen = SOURCES[number]
                rerun = _timed(at.multiselect(key="filter_sources").select(chosen).run)
                if at.exception:
                    raise RuntimeError(f"{name}: {at.exception[0].message}")
                size = timeline_size(at) if name == "Timeline" else None
                cleared = _timed(at.multiselect(key="filter_sources").unselect(chosen).run)
                if at.exception:
                    raise RuntimeError(f"{name}: {at.exception[0].message}")
                results[name] = {"first_ms": first * 1000, "filter_ms": rerun * 1000, "clear_ms": cleared * 1000}
                note = ""
                if size:
                    results["timeline_figure"] = dict(zip(("points", "traces", "kb"), size))
                    note = " · filtered timeline sends {points} points in {traces} traces, {kb:.0f} kB".format(
                        **results["timeline_figure"])
                echo(f"{name:<18} first render {first * 1000:6.0f} ms · rerun after a source filter "
                     f"{rerun * 1000:6.0f} ms · after clearing it {cleared * 1000:6.0f} ms{note}")
    return results


def main(argv=None) -> None:
    """Parse --claims and --articles, run the dashboard benchmark, print one line per page."""
    parser = argparse.ArgumentParser(prog="python -m bench.ui", description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000, help="claims in the corpus (default 100000)")
    parser.add_argument("--articles", type=int, default=5000, help="articles holding them (default 5000)")
    args = parser.parse_args(argv)
    print(f"dashboard bench {dt.datetime.now():%Y-%m-%d %H:%M}: {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    run(args.claims, args.articles)


if __name__ == "__main__":
    main()

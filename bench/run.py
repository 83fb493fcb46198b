"""`python -m core bench`: extraction speed against a bare spaCy pass, the cache, and frame memory;
with --pathological, time per MB of pathological inputs (bench/stress.py) at growing sizes.

Every measured run of the default bench is a process of its own (`python -m bench.run
baseline|extract|cache ...`), timed from its start, so start-up counts and one run's memory does
not leak into the next. The pathological runs are timed inside one process, start-up excluded,
since they compare sizes with each other rather than with a bare spaCy pass.
"""
import datetime as dt
import json
import math
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pandas as pd
import spacy

from bench.synthetic import write_corpus
from core.schema import COLUMNS, coerce

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (1.0, 10.0, 100.0)
PATHOLOGICAL_SIZES = (0.25, 0.5, 1.0, 2.0)
_MB = 1e6


def run_bench(sizes=DEFAULT_SIZES, jobs=None, cache_articles=10_000, claims=100_000, seed=0, echo=print) -> dict:
    """Time extraction and a bare spaCy pass per size (MB), the cache, the frame's memory; echo them; return them."""
    jobs = jobs or os.cpu_count() or 1
    echo(_header(jobs))
    results = {"sizes": [], "cache": None, "memory": None}
    with tempfile.TemporaryDirectory(prefix="claims-bench-") as tmp:
        tmp, cache_dir = Path(tmp), Path(tmp) / "cache"
        echo(_ROW.format(*_HEADINGS))
        for index, size in enumerate(sizes):
            # The largest corpus is extracted through the cache, which then holds it for the warm loads.
            through_cache = bool(cache_articles) and index == len(sizes) - 1
            folder, kept = tmp / f"corpus-{size:g}MB", tmp / f"claims-{size:g}MB.parquet"
            _progress(f"writing {size:g} MB of synthetic articles")
            paths = write_corpus(folder, size, seed=seed)
            _progress(f"{size:g} MB: bare spaCy pass")
            base_seconds, base = _timed("baseline", folder)
            _progress(f"{size:g} MB: parsing alone with {jobs} jobs, no rule")
            parse_seconds, _ = _timed("parse", folder, jobs)
            _progress(f"{size:g} MB: extraction with {jobs} jobs" + (", cold cache" if through_cache else ""))
            seconds, run = _timed("extract", folder, jobs, kept, cache_dir if through_cache else "")
            row = {"megabytes": sum(path.stat().st_size for path in paths) / _MB, "seconds": seconds, **run}
            row.update(baseline_seconds=base_seconds, baseline_peak_mb=base["peak_mb"], ratio=base_seconds / seconds)
            row.update(parse_seconds=parse_seconds, parse_ratio=base_seconds / parse_seconds)
            results["sizes"].append(row)
            echo(_format(row) + (" (cold cache)" if through_cache else ""))
        if results["sizes"] and cache_articles:
            results["cache"] = _cache_figures(folder, cache_dir, cache_articles, jobs, results["sizes"][-1], echo)
        if results["sizes"] and claims:
            results["memory"] = _memory_figures(pd.read_parquet(kept), claims, echo)
    return results


def run_pathological(sizes=PATHOLOGICAL_SIZES, repeats=3, echo=print) -> dict:
    """Time every pathological pattern at each size (MB), median of `repeats` runs; echo the table; return it."""
    # Imported here: the timed subprocesses of the default bench must not pay for loading the extractor.
    from bench import stress

    runs = f"{repeats} runs" if repeats > 1 else "1 run"
    echo(
        f"claims bench --pathological {_machine()}\n"
        "each run: one article of a pattern repeated to the size, made (reflow) and extracted with the default "
        "settings, timed in this process after an untimed warm-up (pipeline loaded), text built before the clock "
        f"starts; seconds = median of {runs}; ratio = s/MB / s/MB at the smallest size (flat ≈ 1.0)"
    )
    echo(stress.heading())
    results = {}
    for name, unit in stress.PATTERNS.items():
        _progress(f"{name}: {repeats} × {', '.join(f'{size:g}' for size in sizes)} MB")
        results[name] = stress.measure(unit, sizes, repeats)
        for line in stress.table_lines(name, results[name]):
            echo(line)
    return results


_HEADINGS = ("MB", "articles", "claims", "extract s", "MB/s", "art/s", "claims/s", "s/MB", "peak MB")
_HEADINGS += ("spaCy s", "spaCy MB/s", "ratio", "parse s", "parse ratio")
_ROW = "{:>7} {:>8} {:>8} {:>9} {:>6} {:>7} {:>8} {:>6} {:>13} {:>8} {:>10} {:>6} {:>8} {:>11}"


def _format(row: dict) -> str:
    mb, s = row["megabytes"], row["seconds"]
    peak = f"{row['peak_mb']:.0f}/{row['worker_peak_mb']:.0f}"
    return _ROW.format(
        f"{mb:.2f}", row["articles"], row["claims"], f"{s:.1f}", f"{mb / s:.2f}", f"{row['articles'] / s:.0f}",
        f"{row['claims'] / s:.0f}", f"{s / mb:.2f}", peak, f"{row['baseline_seconds']:.1f}",
        f"{mb / row['baseline_seconds']:.2f}", f"{row['ratio']:.2f}", f"{row['parse_seconds']:.1f}",
        f"{row['parse_ratio']:.2f}",
    )


def _machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{dt.datetime.now():%Y-%m-%d %H:%M}: {os.cpu_count()} cores, load average {load}, "
        f"Python {sys.version.split()[0]}, spaCy {spacy.__version__}, pandas {pd.__version__}"
    )


def _header(jobs: int) -> str:
    return (
        f"claims bench {_machine()}, jobs {jobs}\n"
        "extraction = load + reflow + extract with the default (fast) settings; spaCy = spacy.blank('de') + "
        "sentencizer over every file with nlp.pipe; parse = load + reflow + the extraction pipeline's spaCy "
        "components over what extraction parses, with the same jobs but no rule (the floor under extraction); "
        "all timed as separate processes, start-up included; ratio = spaCy s / extract s; parse ratio = "
        "spaCy s / parse s; peak MB = peak RSS of the main process / of its largest worker"
    )


def _cache_figures(largest: Path, cache_dir: Path, count: int, jobs: int, cold: dict, echo) -> dict:
    """Warm load of the corpus the last run cached; cold, warm, one-file-changed loads of its first `count` articles."""
    figures = {"largest": {"cold": cold}}
    _progress("cache: warm load of the largest corpus")
    figures["largest"]["warm"] = _timed("cache", largest, cache_dir, jobs)[1]
    folder = largest.parent / f"cache-corpus-{count}"
    folder.mkdir()
    paths = [folder / path.name for path in sorted(largest.glob("*.txt"))[:count]]
    for path in paths:
        os.link(largest / path.name, path)
    for phase in ("cold", "warm", "changed"):
        if phase == "changed":
            path = paths[len(paths) // 2]
            path.write_bytes(path.read_bytes() + "\nLaut NIS sind weitere 250 Soldaten gefallen.\n".encode())
        _progress(f"cache: {phase} load of {len(paths)} articles")
        seconds, run = _timed("cache", folder, cache_dir, jobs)
        figures[phase] = {"process_seconds": seconds, **run}
    big, cold, warm, changed = figures["largest"]["warm"], figures["cold"], figures["warm"], figures["changed"]
    echo(
        f"cache, {len(paths)} articles ({warm['claims']} claims): cold {cold['seconds']:.1f} s, "
        f"warm {warm['seconds']:.2f} s, one file changed {changed['seconds']:.2f} s; "
        f"the largest corpus ({big['articles']} articles, {big['claims']} claims) warm: {big['seconds']:.2f} s"
    )
    echo(
        "  (load times inside the process; whole processes with start-up: "
        f"{cold['process_seconds']:.1f} / {warm['process_seconds']:.1f} / {changed['process_seconds']:.1f} s)"
    )
    return figures


def _memory_figures(frame: pd.DataFrame, claims: int, echo) -> dict:
    """Deep memory of a frame of `claims` claims made from the largest run's claims, every sentence distinct."""
    copies = [_renamed(frame, copy) for copy in range(math.ceil(claims / max(len(frame), 1)))]
    big = coerce(pd.concat(copies, ignore_index=True).head(claims))
    megabytes = big.memory_usage(deep=True).sum() / _MB
    heaviest = big.memory_usage(deep=True).sort_values(ascending=False).head(3) / _MB
    detail = ", ".join(f"{name} {mb:.1f}" for name, mb in heaviest.items())
    echo(f"frame memory, {len(big)} claims ({len(copies)} copies of the largest run's claims): {megabytes:.1f} MB")
    echo(f"  largest columns: {detail} MB")
    return {"claims": len(big), "megabytes": megabytes, "copies": len(copies)}


def _renamed(frame: pd.DataFrame, copy: int) -> pd.DataFrame:
    """Copy number `copy` of `frame` as if from other articles: new ids, titles and sentences."""
    if copy == 0:
        return frame
    out = frame.astype({name: object for name, dtype in COLUMNS.items() if dtype in ("category", "string")})
    tag = f"~{copy}"
    out["article_id"] = out["article_id"] + tag
    out["claim_id"] = out["claim_id"].str.replace(":", tag + ":", n=1, regex=False)
    out["base_claim_id"] = out["base_claim_id"].str.replace(":", tag + ":", n=1, regex=False)
    out["title"] = out["title"] + tag
    out["sentence"] = out["sentence"] + tag
    return out


def _timed(mode: str, *args: str) -> tuple[float, dict]:
    """Run `python -m bench.run mode args` and return (seconds until it reports done, its figures)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    start = time.perf_counter()
    command = [sys.executable, "-m", "bench.run", mode, *map(str, args)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    first = process.stdout.readline()
    seconds = time.perf_counter() - start
    rest, _ = process.communicate()
    if process.returncode or not first:
        raise RuntimeError(f"bench {mode} failed with exit code {process.returncode}")
    return seconds, json.loads(rest)


def _progress(message: str) -> None:
    print(f"... {message}", file=sys.stderr, flush=True)


def _peaks() -> dict:
    """Peak resident memory in MB of this process and of its largest finished child (ru_maxrss: kB on Linux)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"peak_mb": me.ru_maxrss / 1024, "worker_peak_mb": children.ru_maxrss / 1024}


def _done(figures: dict) -> None:
    """Tell the timing parent we are done (first line), then hand over the figures (second line)."""
    print("done", flush=True)
    print(json.dumps(figures), flush=True)


def _baseline(folder: str) -> None:
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    texts = (path.read_text(encoding="utf-8") for path in sorted(Path(folder).glob("*.txt")))
    tokens = sum(len(doc) for doc in nlp.pipe(texts))
    _done({"tokens": tokens, **_peaks()})


def _extract(folder: str, jobs: str, keep: str, cache_dir: str) -> None:
    from core.articles import article_files
    from core.cache import cached_claims
    from core.parallel import extract_files

    files, _ = article_files([folder])
    if cache_dir:
        frame, failed = cached_claims([folder], cache_dir=Path(cache_dir), jobs=int(jobs))
    else:
        frame, failed = extract_files(files, int(jobs))
    _done({"articles": len(files) - len(failed), "claims": len(frame), **_peaks()})
    frame.to_parquet(keep, index=False)


def _parse(folder: str, jobs: str) -> None:
    from core.articles import article_files
    from core.parallel import parse_files

    files, _ = article_files([folder])
    _done({"tokens": parse_files(files, int(jobs)), **_peaks()})


def _cache(folder: str, cache_dir: str, jobs: str) -> None:
    from core.cache import cached_claims

    start = time.perf_counter()
    frame, failed = cached_claims([folder], cache_dir=Path(cache_dir), jobs=int(jobs))
    seconds = time.perf_counter() - start
    articles = len(list(Path(folder).glob("*.txt"))) - len(failed)
    _done({"seconds": seconds, "articles": articles, "claims": len(frame), **_peaks()})


# --- python -m core bench --dashboard: the dashboard in a real browser --------------------------------------------

DASHBOARD_TARGETS = {"first open": 15.0, "after a server restart": 4.0, "after changing one file": 4.0}
_CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu"]
# The timeline's first point is drawn: an SVG marker, or the WebGL canvas of a scattergl trace with data.
_DRAWN = """() => {
  const plot = document.querySelector('.js-plotly-plot');
  if (!plot || !plot._fullData) return false;
  if (plot.querySelector('g.points path.point')) return true;
  return plot._fullData.some(t => t.type === 'scattergl' && (t.x || []).length) && !!plot.querySelector('canvas');
}"""


def run_dashboard(articles: int = 2000, seed: int = 0, echo=print) -> dict:
    """Time the dashboard on a synthetic folder of `articles` articles, drawn in headless chromium: the first open
    (server started on a folder never read), the open after a server restart, and the reload after one file
    changed; each until the timeline's first point is drawn. Echo the times against the targets; return them."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if not chromium:
        raise RuntimeError("the dashboard bench needs Debian's chromium on PATH (apt-get install chromium)")
    echo(f"claims bench --dashboard {_machine()}, {articles} synthetic articles")
    times = {}
    with tempfile.TemporaryDirectory(prefix="claims-dashboard-") as tmp:
        root = Path(tmp)
        folder = root / "corpus"
        _progress(f"writing {articles} synthetic articles")
        paths = write_corpus(folder, count=articles, seed=seed)
        megabytes = sum(path.stat().st_size for path in paths) / _MB
        echo(f"folder: {len(paths)} articles, {megabytes:.1f} MB; server: streamlit run dashboard.py, "
             "times from the server's start (or the file's change) until the timeline's first point is drawn")
        env = {**os.environ, "CLAIMS_ROOT": str(root), "CLAIMS_CORPUS": str(folder)}
        env.pop("CLAIMS_CACHE_DIR", None)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=_CHROMIUM_ARGS)
            try:
                for phase in ("first open", "after a server restart"):
                    _progress(f"dashboard: {phase}")
                    start = time.perf_counter()
                    server, url = _serve(env, root)
                    try:
                        page = browser.new_page(viewport={"width": 1500, "height": 1000})
                        page.goto(f"{url}/Timeline", timeout=600_000)
                        page.wait_for_function(_DRAWN, timeout=600_000, polling=50)
                        times[phase] = time.perf_counter() - start
                        echo(_against(phase, times[phase]))
                        if phase == "after a server restart":
                            _progress("dashboard: after changing one file")
                            changed = paths[len(paths) // 2]
                            changed.write_bytes(changed.read_bytes()
                                                + "\nLaut NIS sind weitere 250 Soldaten gefallen.\n".encode())
                            start = time.perf_counter()
                            page.reload(timeout=600_000)
                            page.wait_for_function(_DRAWN, timeout=600_000, polling=50)
                            phase = "after changing one file"
                            times[phase] = time.perf_counter() - start
                            echo(_against(phase, times[phase]))
                        page.close()
                    finally:
                        server.terminate()
                        server.wait(timeout=30)
            finally:
                browser.close()
    return times


def _against(phase: str, seconds: float) -> str:
    target = DASHBOARD_TARGETS[phase]
    return f"{phase:<24} {seconds:6.1f} s   target ≤ {target:g} s   {'met' if seconds <= target else 'MISSED'}"


def _serve(env: dict, root: Path) -> tuple:
    """Start `streamlit run dashboard.py` on a free loopback port; return (process, address) once it answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = (root / f"streamlit-{port}.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
                               "--server.headless", "true"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return server, url
        except OSError:
            time.sleep(0.05)
    server.terminate()
    raise RuntimeError(f"streamlit did not answer on {url}")


if __name__ == "__main__":
    {"baseline": _baseline, "parse": _parse, "extract": _extract, "cache": _cache}[sys.argv[1]](*sys.argv[2:])

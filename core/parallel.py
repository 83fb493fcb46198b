"""Extraction in worker processes: the serial frame, in the same order, `jobs` times faster at best."""
import contextlib
import multiprocessing
import os
import sys
import threading
import types
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

import pandas as pd

from core.articles import Article, read_articles
from core.readers import MAX_BYTES
from core.schema import coerce, empty_frame

_CHUNK_BYTES = 200_000  # work per task: pickling and scheduling cost nothing next to it
_CHUNKS_PER_JOB = 4  # on small corpora, enough tasks per worker that none waits for the slowest
# Below this many bytes of articles a process that must spawn its workers (one running threads: a Streamlit
# server) extracts them itself: a spawned worker starts in about 1.5 s, this process extracts 1 MB in about 1.6 s.
SPAWN_MIN_BYTES = 1_000_000


def default_jobs() -> int:
    """The number of worker processes used when none is given: the machine's cores."""
    return os.cpu_count() or 1


def extract_parallel(articles: list[Article], jobs: int | None = None, fast: bool = True) -> pd.DataFrame:
    """extract_claims(articles) computed by `jobs` worker processes (default: all cores)."""
    sizes = [len(article.raw) for article in articles]
    chunks = _chunks(articles, sizes, jobs)
    return _concat(_map(_extract_articles, chunks, _jobs(jobs, sum(sizes)), (fast,)))


def extract_files(files: list[tuple[Path, dict]], jobs: int | None = None, fast: bool = True,
                  max_bytes: int = MAX_BYTES, progress=None) -> tuple:
    """Load and extract (file, manifest row) pairs from article_files in worker processes; return (frame, errors).

    `progress(done, total)` is called with the number of files done as each chunk of them finishes."""
    frame, errors, _ = extract_with_articles(files, jobs, fast, max_bytes, progress)
    return frame, errors


def extract_with_articles(files: list[tuple[Path, dict]], jobs: int | None = None, fast: bool = True,
                          max_bytes: int = MAX_BYTES, progress=None) -> tuple:
    """extract_files, plus {file name: what the article's metadata says} (article_metadata) for every file read."""
    sizes = [_size(file) for file, _ in files]
    chunks = _chunks(files, sizes, jobs)
    results = _map(_extract_files, chunks, _jobs(jobs, sum(sizes)), (fast, max_bytes), progress)
    metadata = {name: meta for _, _, found in results for name, meta in found.items()}
    return _concat([frame for frame, _, _ in results]), [error for _, errors, _ in results for error in errors], metadata


def article_metadata(article: Article) -> dict:
    """What the dashboard shows of an article without its text, as JSON-ready values (see core.cache.CachedArticle)."""
    return {"article_id": article.article_id, "title": article.title, "outlet": article.outlet, "url": article.url,
            "published": article.published.isoformat() if article.published else None,
            "published_basis": article.published_basis, "language": article.language,
            "body_start": article.body_start, "title_paragraph": article.title_paragraph,
            "warnings": list(article.warnings)}


def parse_files(files: list[tuple[Path, dict]], jobs: int | None = None) -> int:
    """Load the files and parse what extraction parses, in worker processes, but run no rule: the time this
    takes is the floor under extract_files'. Returns the number of tokens parsed."""
    sizes = [_size(file) for file, _ in files]
    chunks = _chunks(files, sizes, jobs)
    return sum(_map(_parse_files, chunks, _jobs(jobs, sum(sizes)), (True,)))


# core.extract and core.pipeline are imported where they are used: importing spaCy takes about a second, which a
# process that only reads the cache (a dashboard reopening a corpus) need not pay.


def _parse_files(files: list[tuple[Path, dict]], fast: bool) -> int:
    from core.extract import parsed

    articles, _ = read_articles(files)
    return sum(len(doc) for article in articles for _, doc in parsed(article, fast=fast))


def _extract_articles(articles: list[Article], fast: bool) -> pd.DataFrame:
    from core.extract import extract_claims

    return extract_claims(articles, fast=fast)


def _extract_files(files: list[tuple[Path, dict]], fast: bool, max_bytes: int = MAX_BYTES) -> tuple:
    from core.extract import extract_claims

    articles, errors = read_articles(files, max_bytes)
    metadata = {os.path.basename(article.path): article_metadata(article) for article in articles}
    return extract_claims(articles, fast=fast), errors, metadata


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _chunks(items: list, sizes: list[int], jobs: int | None) -> list[list]:
    """Consecutive runs of `items` of about equal size in bytes, so that results concatenate in order."""
    jobs = jobs or default_jobs()
    target = max(1, min(_CHUNK_BYTES, sum(sizes) // (jobs * _CHUNKS_PER_JOB)))
    chunks, current, filled = [], [], 0
    for item, size in zip(items, sizes):
        current.append(item)
        filled += size
        if filled >= target:
            chunks.append(current)
            current, filled = [], 0
    return chunks + [current] if current else chunks


def _jobs(jobs: int | None, size: int) -> int:
    """Worker processes for `size` bytes of articles: none (this process) when spawning them would cost more than
    they save: a spawned worker imports spaCy and builds the pipeline, about 1.5 s, before its first article."""
    jobs = jobs or default_jobs()
    return 1 if size < SPAWN_MIN_BYTES and _context().get_start_method() == "spawn" else jobs


def _map(function, chunks: list[list], jobs: int, args: tuple, progress=None) -> list:
    """function(chunk, *args) for every chunk, in worker processes unless one process is enough, in order;
    `progress(items done, items)` after each chunk."""
    total, done, results = sum(map(len, chunks)), 0, [None] * len(chunks)
    jobs = min(jobs, len(chunks))
    if jobs <= 1:
        for number, chunk in enumerate(chunks):
            results[number] = function(chunk, *args)
            done += len(chunk)
            if progress:
                progress(done, total)
        return results
    context = _context()
    if context.get_start_method() == "fork":
        from core.pipeline import build_nlp

        build_nlp()  # once here, not once per worker: forked workers inherit it
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        with _no_main(context):  # the workers start while the chunks are handed over
            futures = {pool.submit(function, chunk, *args): number for number, chunk in enumerate(chunks)}
        for future in as_completed(futures):
            number = futures[future]
            results[number] = future.result()
            done += len(chunks[number])
            if progress:
                progress(done, total)
    return results


@contextlib.contextmanager
def _no_main(context):
    """Start spawned workers without running this process's __main__ script in them.

    A spawned worker first runs the parent's main script (as __mp_main__) unless it is a package's __main__. In a
    Streamlit server that script is the app itself (Streamlit installs each run's script as __main__): every worker
    would draw the dashboard and load the corpus again. Workers need nothing from it, so while they start an empty
    module stands in (put back unless a script run has installed its own meanwhile)."""
    main = sys.modules.get("__main__")
    if context.get_start_method() == "fork" or getattr(main, "__spec__", None) or not getattr(main, "__file__", None):
        yield
        return
    empty = sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        if sys.modules.get("__main__") is empty:
            sys.modules["__main__"] = main


def _context():
    """Fork when it is safe: workers then start with spaCy imported (and the pipeline, if built) for free.

    Forking a process that runs other threads (a Streamlit server) can deadlock the child, so
    those processes spawn fresh interpreters instead, which pay the import once per worker.
    """
    safe = threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if safe else "spawn")


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One claims frame from per-chunk frames; categories are rebuilt over all rows, as in a serial run."""
    frames = [frame for frame in frames if len(frame)]
    return coerce(pd.concat(frames, ignore_index=True)) if frames else empty_frame()

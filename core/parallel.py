"""Extraction in worker processes: the serial frame, in the same order, `jobs` times faster at best."""
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from core.articles import Article, read_articles
from core.extract import extract_claims, parsed
from core.pipeline import build_nlp
from core.schema import coerce, empty_frame

_CHUNK_BYTES = 200_000  # work per task: pickling and scheduling cost nothing next to it
_CHUNKS_PER_JOB = 4  # on small corpora, enough tasks per worker that none waits for the slowest


def default_jobs() -> int:
    """The number of worker processes used when none is given: the machine's cores."""
    return os.cpu_count() or 1


def extract_parallel(articles: list[Article], jobs: int | None = None, fast: bool = True) -> pd.DataFrame:
    """extract_claims(articles) computed by `jobs` worker processes (default: all cores)."""
    chunks = _chunks(articles, [len(article.raw) for article in articles], jobs)
    return _concat(_map(_extract_articles, chunks, jobs, fast))


def extract_files(files: list[tuple[Path, dict]], jobs: int | None = None, fast: bool = True) -> tuple:
    """Load and extract (file, manifest row) pairs from article_files in worker processes; return (frame, errors)."""
    chunks = _chunks(files, [_size(file) for file, _ in files], jobs)
    results = _map(_extract_files, chunks, jobs, fast)
    return _concat([frame for frame, _ in results]), [error for _, errors in results for error in errors]


def parse_files(files: list[tuple[Path, dict]], jobs: int | None = None) -> int:
    """Load the files and parse what extraction parses, in worker processes, but run no rule: the time this
    takes is the floor under extract_files'. Returns the number of tokens parsed."""
    chunks = _chunks(files, [_size(file) for file, _ in files], jobs)
    return sum(_map(_parse_files, chunks, jobs, True))


def _parse_files(files: list[tuple[Path, dict]], fast: bool) -> int:
    articles, _ = read_articles(files)
    return sum(len(doc) for article in articles for _, doc in parsed(article, fast=fast))


def _extract_articles(articles: list[Article], fast: bool) -> pd.DataFrame:
    return extract_claims(articles, fast=fast)


def _extract_files(files: list[tuple[Path, dict]], fast: bool) -> tuple:
    articles, errors = read_articles(files)
    return extract_claims(articles, fast=fast), errors


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


def _map(function, chunks: list[list], jobs: int | None, fast: bool) -> list:
    """function(chunk, fast) for every chunk, in worker processes unless one process is enough."""
    jobs = min(jobs or default_jobs(), len(chunks))
    if jobs <= 1:
        return [function(chunk, fast) for chunk in chunks]
    context = _context()
    if context.get_start_method() == "fork":
        build_nlp()  # once here, not once per worker: forked workers inherit it
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        return list(pool.map(function, chunks, [fast] * len(chunks)))


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

"""On-disk claims cache: one Parquet file per corpus folder, valid per article file.

The Parquet file holds the claims of every cached article plus an index (in its metadata):
file name -> article id, sha256 of the file's bytes, hash of its manifest row, extractor
version, the article's metadata and its load error. Re-opening an unchanged corpus hashes the
files and reads one Parquet file; a changed or new file is extracted again, alone, in worker
processes (core.parallel). The command line and the dashboard both read corpora through it.
"""
import hashlib
import json
import os
import tempfile
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from core.articles import Article, article_files, parse_date, read_articles
from core.parallel import extract_with_articles
from core.readers import MAX_BYTES
from core.reflow import reflow
from core.schema import COLUMNS, coerce, empty_frame
from core.version import code_version

CACHE_ENV = "CLAIMS_CACHE_DIR"
_FORMAT = 2  # of the index entries; 2 added the article's metadata
_INDEX_KEY = b"claims_cache_index"
_FILE = "_file"  # cache-only column: the file a claim came from
_NO_META = hashlib.sha256(b"{}").hexdigest()  # the hash of an empty manifest row, computed once
_READ_SIZE = 1 << 20


def cache_path(folder: Path, cache_dir: Path | None = None) -> Path:
    """The cache file for the articles of `folder`: in `cache_dir`, $CLAIMS_CACHE_DIR or <parent>/.cache/claims."""
    folder = Path(folder).resolve()
    base = Path(cache_dir or os.environ.get(CACHE_ENV) or folder.parent / ".cache" / "claims")
    return base / f"{folder.name}-{hashlib.sha256(str(folder).encode()).hexdigest()[:16]}.parquet"


class CachedArticle(Article):
    """An article as the cache knows it: its metadata at hand, its raw text and reflow read from its file the first
    time they are asked for (a page shows the text of one article of thousands)."""

    def __init__(self, path: str, row: dict, meta: dict, max_bytes: int = MAX_BYTES):
        self.article_id, self.path = meta["article_id"], path
        self.title, self.outlet, self.url = meta["title"], meta["outlet"], meta["url"]
        self.published, self.published_basis = parse_date(meta["published"]), meta["published_basis"]
        self.language, self.body_start, self.title_paragraph = meta["language"], meta["body_start"], meta["title_paragraph"]
        self.warnings = list(meta["warnings"])
        self._source, self._article = (Path(path), row, max_bytes), None

    @property
    def raw(self) -> str:
        return self._read().raw

    @property
    def flow(self):
        return self._read().flow

    def _read(self) -> Article:
        if self._article is None:
            path, row, max_bytes = self._source
            articles, _ = read_articles([(path, row)], max_bytes)
            # Gone or unreadable since the load: nothing to show; the next rerun's fingerprint loads the folder again.
            self._article = articles[0] if articles else Article(self.article_id, "", flow=reflow("", 0))
        return self._article


def cached_claims(paths, cache_dir: Path | None = None, jobs: int | None = None, max_bytes: int = MAX_BYTES,
                  progress=None) -> tuple[pd.DataFrame, list]:
    """Claims of every article under `paths`, extracting only files not in the cache; return (frame, errors)."""
    frame, errors, _ = cached_corpus(paths, cache_dir, jobs, max_bytes, progress)
    return frame, errors


def cached_corpus(paths, cache_dir: Path | None = None, jobs: int | None = None, max_bytes: int = MAX_BYTES,
                  progress=None, digests: dict | None = None, extract_files=None) -> tuple:
    """cached_claims, plus {article_id: CachedArticle} of every article that loaded, in file order.

    `progress(done, total)` counts the files to extract as workers finish them. `digests` ({file path: sha256 of
    its bytes}) spares hashing files again; `extract_files(files, max_bytes, progress)`, returning (frame, errors,
    {file name: article_metadata}), replaces the worker processes."""
    extract_files = extract_files or partial(_in_workers, jobs)
    files, errors = article_files(paths)
    # Plain strings as keys: hashing 10 000 Path objects costs more than reading the cache.
    places = [os.path.split(os.fspath(file)) for file, _ in files]
    folder_of = {parent: Path(parent or ".").resolve() for parent in {parent for parent, _ in places}}
    folders = {}
    for (parent, _), member in zip(places, files):
        folders.setdefault(folder_of[parent], []).append(member)
    keys = {folder: _keys(members, max_bytes, digests or {}) for folder, members in folders.items()}
    indexes = {folder: _read(cache_path(folder, cache_dir)) for folder in folders}
    stale = {folder: _stale(members, keys[folder], indexes[folder][1]) for folder, members in folders.items()}
    total, before = sum(map(len, stale.values())), 0
    if progress:
        progress(0, total)
    frames, rows_of, metadata, offset = [], {}, {}, 0
    for folder, members in folders.items():
        counted = partial(_counted, progress, before, total) if progress else None
        claims, failed, index = _refresh(folder, members, keys[folder], indexes[folder], stale[folder],
                                         cache_path(folder, cache_dir), extract_files, max_bytes, counted)
        before += len(stale[folder])
        rows_of.update({(folder, name): rows + offset for name, rows in _rows_by_file(claims).items()})
        metadata.update({(folder, name): entry.get("article") for name, entry in index.items()})
        frames.append(claims)
        offset += len(claims)
        errors += failed
    articles = {}
    for (parent, name), (file, row) in zip(places, files):
        meta = metadata.get((folder_of[parent], name))
        if meta:
            articles[meta["article_id"]] = CachedArticle(os.fspath(file), row, meta, max_bytes)
    keys = ((folder_of[parent], name) for parent, name in places)
    order = [rows_of[key] for key in keys if key in rows_of]
    if not order:
        return empty_frame(), errors, articles
    return _tidy(pd.concat(frames, ignore_index=True).take(np.concatenate(order))), errors, articles


def _in_workers(jobs: int | None, files: list, max_bytes: int, progress) -> tuple:
    return extract_with_articles(files, jobs, max_bytes=max_bytes, progress=progress)


def _counted(progress, before: int, total: int, done: int, _: int) -> None:
    progress(before + done, total)


def _rows_by_file(claims: pd.DataFrame) -> dict:
    """{file name: positions of its claims}, computed on category codes (a groupby is slow for 10 000 files)."""
    files = pd.Categorical(claims[_FILE])
    order = np.argsort(files.codes, kind="stable")
    counts = np.bincount(files.codes, minlength=len(files.categories))
    return {name: rows for name, rows in zip(files.categories, np.split(order, np.cumsum(counts)[:-1])) if len(rows)}


def _keys(members: list, max_bytes: int, digests: dict) -> dict:
    return {file.name: _key(file, row, max_bytes, digests.get(os.fspath(file))) for file, row in members}


def _stale(members: list, keys: dict, index: dict) -> list:
    """The members whose claims are not in the cache: new, changed, unreadable when hashed, or failed to load."""
    cached = {name: entry["key"] for name, entry in index.items()}
    return [(file, row) for file, row in members if not keys[file.name] or keys[file.name] != cached.get(file.name)]


def _refresh(folder: Path, members: list, keys: dict, cache: tuple, stale: list, path: Path, extract_files,
             max_bytes: int, progress) -> tuple:
    """Bring the cache of one folder up to date for `members`; return (its claims, errors of members, index)."""
    claims, index = cache
    on_disk = set(os.listdir(folder)) if len(index) > len(keys) else set()
    gone = [name for name in index if name not in keys and name not in on_disk]
    if stale or gone:
        fresh, failed, metadata = extract_files(stale, max_bytes, progress)
        fresh[_FILE] = fresh["article_id"].astype(str).map({file.stem: file.name for file, _ in stale})
        dropped = set(gone) | {file.name for file, _ in stale}
        claims = _concat([claims[~claims[_FILE].isin(dropped)], fresh])
        reasons = {Path(file).name: reason for file, reason in failed}
        for name in gone:
            del index[name]
        for file, _ in stale:
            index[file.name] = {"article_id": file.stem, "key": keys[file.name], "error": reasons.get(file.name),
                                "article": metadata.get(file.name)}
        try:
            _write(path, claims, index)
        except OSError:
            pass  # a cache that cannot be written (read-only place, full disk) only costs time on the next load
    errors = [(str(file), index[file.name]["error"]) for file, _ in members if index[file.name]["error"]]
    return claims, errors, index


def _key(file: Path, row: dict, max_bytes: int = MAX_BYTES, digest: str | None = None) -> dict | None:
    """What the claims of `file` depend on: sha256 of its bytes, its manifest row, the extractor version, and
    whether it is over the size limit (a file too large is not read: its size and time stand in for its bytes)."""
    try:
        if digest is None:
            size = os.stat(file).st_size
            digest = _over(file, max_bytes) if size > max_bytes else hashlib.sha256(_read_bytes(file)).hexdigest()
    except OSError:
        return None
    if digest.startswith("unreadable"):
        return None
    meta = _NO_META if not row else hashlib.sha256(json.dumps(row, sort_keys=True, default=str).encode()).hexdigest()
    key = {"sha256": digest, "meta": meta, "version": extractor_version(), "format": _FORMAT}
    if digest.startswith("size "):
        key["limit"] = max_bytes  # refused under this limit; another may read it
    return key


def extractor_version() -> str:
    """The extractor's version (core.version), which core.extract.EXTRACTOR_VERSION holds too."""
    return code_version()


def _over(file: Path, max_bytes: int) -> str:
    stat = os.stat(file)
    return f"size {stat.st_size} at {stat.st_mtime_ns}"


def _read_bytes(file: Path) -> bytes:
    """The file's bytes through os.read: half the cost of Path.read_bytes, which counts for 10 000 small files."""
    handle = os.open(file, os.O_RDONLY)
    try:
        chunks = [os.read(handle, _READ_SIZE)]
        while chunks[-1]:
            chunks.append(os.read(handle, _READ_SIZE))
        return b"".join(chunks)
    finally:
        os.close(handle)


def _read(path: Path) -> tuple[pd.DataFrame, dict]:
    """(claims with a _file column, index) from a cache file; empty when there is none or it is unreadable."""
    try:
        table = pq.read_table(path)
        index = json.loads(table.schema.metadata[_INDEX_KEY])
        return table.to_pandas(), index
    except (OSError, KeyError, TypeError, ValueError, pa.ArrowException):
        return _empty(), {}


def _write(path: Path, claims: pd.DataFrame, index: dict) -> None:
    """Write the cache through a temporary file and os.replace, so a crash never leaves half a cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(claims, preserve_index=False)
    table = table.replace_schema_metadata({**table.schema.metadata, _INDEX_KEY: json.dumps(index).encode()})
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        pq.write_table(table, name)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Claims of several sources in one frame, keeping the _file column."""
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return _empty()
    joined = pd.concat(frames, ignore_index=True)
    return coerce(joined).assign(**{_FILE: joined[_FILE].astype("string").to_numpy()})


def _empty() -> pd.DataFrame:
    return empty_frame().assign(**{_FILE: pd.Series([], dtype="string")})


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """The claims columns with the categories a fresh extraction of the same rows would have."""
    frame = coerce(frame)
    for name, dtype in COLUMNS.items():
        if isinstance(dtype, str) and dtype == "category":  # not the fixed sets (category, qualifier, …)
            frame[name] = frame[name].cat.remove_unused_categories()
    return frame

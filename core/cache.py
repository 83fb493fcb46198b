"""On-disk claims cache: one Parquet file per corpus folder, valid per article file.

The Parquet file holds the claims of every cached article plus an index (in its metadata):
file name -> article id, sha256 of the file's bytes, hash of its manifest row, extractor
version and load error. Re-opening an unchanged corpus hashes the files and reads one Parquet
file; a changed or new file, or one that failed to load, is extracted again, alone.
"""
import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from core import extract
from core.articles import article_files
from core.parallel import extract_files
from core.schema import COLUMNS, coerce, empty_frame

CACHE_ENV = "CLAIMS_CACHE_DIR"
_INDEX_KEY = b"claims_cache_index"
_FILE = "_file"  # cache-only column: the file a claim came from
_NO_META = hashlib.sha256(b"{}").hexdigest()  # the hash of an empty manifest row, computed once
_READ_SIZE = 1 << 20


def cache_path(folder: Path, cache_dir: Path | None = None) -> Path:
    """The cache file for the articles of `folder`: in `cache_dir`, $CLAIMS_CACHE_DIR or <parent>/.cache/claims."""
    folder = Path(folder).resolve()
    base = Path(cache_dir or os.environ.get(CACHE_ENV) or folder.parent / ".cache" / "claims")
    return base / f"{folder.name}-{hashlib.sha256(str(folder).encode()).hexdigest()[:16]}.parquet"


def cached_claims(paths, cache_dir: Path | None = None, jobs: int | None = None) -> tuple[pd.DataFrame, list]:
    """Claims of every article under `paths`, extracting only files not in the cache; return (frame, errors)."""
    files, errors = article_files(paths)
    # Plain strings as keys: hashing 10 000 Path objects costs more than reading the cache.
    places = [os.path.split(os.fspath(file)) for file, _ in files]
    folder_of = {parent: Path(parent or ".").resolve() for parent in {parent for parent, _ in places}}
    folders = {}
    for (parent, _), member in zip(places, files):
        folders.setdefault(folder_of[parent], []).append(member)
    frames, rows_of, offset = [], {}, 0
    for folder, members in folders.items():
        claims, failed = _refresh(folder, members, cache_path(folder, cache_dir), jobs)
        rows_of.update({(folder, name): rows + offset for name, rows in _rows_by_file(claims).items()})
        frames.append(claims)
        offset += len(claims)
        errors += failed
    keys = ((folder_of[parent], name) for parent, name in places)
    order = [rows_of[key] for key in keys if key in rows_of]
    if not order:
        return empty_frame(), errors
    return _tidy(pd.concat(frames, ignore_index=True).take(np.concatenate(order))), errors


def _rows_by_file(claims: pd.DataFrame) -> dict:
    """{file name: positions of its claims}, computed on category codes (a groupby is slow for 10 000 files)."""
    files = pd.Categorical(claims[_FILE])
    order = np.argsort(files.codes, kind="stable")
    counts = np.bincount(files.codes, minlength=len(files.categories))
    return {name: rows for name, rows in zip(files.categories, np.split(order, np.cumsum(counts)[:-1])) if len(rows)}


def _refresh(folder: Path, members: list, path: Path, jobs: int | None) -> tuple:
    """Bring the cache of one folder up to date for `members`; return (its claims, errors of members)."""
    claims, index = _read(path)
    keys = {file.name: _key(file, row) for file, row in members}
    cached = {name: entry["key"] for name, entry in index.items()}
    stale = [(file, row) for file, row in members if not keys[file.name] or keys[file.name] != cached.get(file.name)]
    on_disk = set(os.listdir(folder)) if len(index) > len(keys) else set()
    gone = [name for name in index if name not in keys and name not in on_disk]
    if stale or gone:
        fresh, failed = extract_files(stale, jobs)
        fresh[_FILE] = fresh["article_id"].astype(str).map({file.stem: file.name for file, _ in stale})
        dropped = set(gone) | {file.name for file, _ in stale}
        claims = _concat([claims[~claims[_FILE].isin(dropped)], fresh])
        reasons = {Path(file).name: reason for file, reason in failed}
        for name in gone:
            del index[name]
        for file, _ in stale:
            index[file.name] = {"article_id": file.stem, "key": keys[file.name], "error": reasons.get(file.name)}
        try:
            _write(path, claims, index)
        except OSError:
            pass  # a cache that cannot be written (read-only place, full disk) only costs time on the next load
    errors = [(str(file), index[file.name]["error"]) for file, _ in members if index[file.name]["error"]]
    return claims, errors


def _key(file: Path, row: dict) -> dict | None:
    """What the claims of `file` depend on: sha256 of its bytes, its manifest row, the extractor version."""
    try:
        data = _read_bytes(file)
    except OSError:
        return None
    meta = _NO_META if not row else hashlib.sha256(json.dumps(row, sort_keys=True, default=str).encode()).hexdigest()
    return {"sha256": hashlib.sha256(data).hexdigest(), "meta": meta, "version": extract.EXTRACTOR_VERSION}


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

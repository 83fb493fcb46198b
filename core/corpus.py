"""Manage a corpus folder: safe names for new articles, atomic saves under a lock, metadata edits.

Every write goes to a temporary file in the same folder and is then moved over the target with
os.replace (or linked to a new name, which never replaces a file), so a crash mid-write leaves the old
file intact; the next save cleans up what a killed one left. Writers hold the corpus lock, and a writer
that says which file contents it read (`expected`) is refused when another one changed them since.
"""
import contextlib
import csv
import datetime as dt
import hashlib
import io
import os
import re
import tempfile
import unicodedata
from pathlib import Path

import filelock
import yaml

from core.articles import split_front_matter
from core.errors import ArticleError
from core.readers import HTML_SUFFIXES, SUPPORTED_SUFFIXES, decode_checked

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("article_id", "title", "outlet", "url", "published", "published_basis")
EDITABLE_FIELDS = MANIFEST_COLUMNS[1:]
_UNSAFE = re.compile(r"[^\w.-]+")  # \w is Unicode-aware: umlauts and other letters stay readable
_STEM_BYTES = 120  # well under the 255-byte name limit of common file systems, room for -N suffixes
LOCK = ".claims.lock"
LOCK_SECONDS = 10  # a save waits this long for another one to finish
_TEMP_PREFIX = ".~claims-"  # a dot keeps a leftover temporary file out of the article list


class ConflictError(ArticleError):
    """A save refused because the file changed since the page that asked for it read it."""


@contextlib.contextmanager
def corpus_lock(folder):
    """Hold the corpus folder's lock file while writing; clean up temporary files a killed save left behind."""
    lock = filelock.FileLock(Path(folder) / LOCK, timeout=LOCK_SECONDS, preserve_lock_file=True)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise ArticleError(f"another save to this corpus has taken over {LOCK_SECONDS} s; try again") from None
    except OSError as exc:
        raise ArticleError(f"cannot lock the corpus folder: {exc.strerror or exc}") from None
    try:
        _clean_leftovers(Path(folder))
        yield
    finally:
        lock.release()


def _clean_leftovers(folder: Path) -> None:
    # Under the lock no save of ours is running, so every temporary file of ours is a killed save's.
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(_TEMP_PREFIX) and entry.name.endswith(".tmp") and entry.is_file():
                Path(entry.path).unlink(missing_ok=True)


def file_digest(path) -> str | None:
    """The sha256 of a file's bytes, None when there is no such file."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def check_unchanged(folder, expected: dict | None, *names: str) -> None:
    """Raise ConflictError when a named file's content is not what `expected` ({name: sha256}) says was read."""
    for name in names if expected is not None else ():
        if file_digest(Path(folder) / name) != expected.get(name):
            raise ConflictError(f"{name} changed on disk after this page read it (another session or program saved "
                                "it), so nothing was saved; the page now shows the new version: make your change again")


def atomic_write(path: Path, data: bytes, new: bool = False) -> None:
    """Write `data` to `path` through a temporary file in the same folder; a `new` file never replaces one."""
    try:
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        handle = tempfile.NamedTemporaryFile(dir=path.parent, prefix=f"{_TEMP_PREFIX}{path.name}.", suffix=".tmp",
                                             delete=False)
    except OSError as exc:
        raise ArticleError(f"cannot write {path.name}: {exc.strerror or exc}") from exc
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, mode)
        if new:
            os.link(handle.name, path)  # fails if the name was taken meanwhile, where os.replace would overwrite
        else:
            os.replace(handle.name, path)
    except BaseException as exc:
        if isinstance(exc, FileExistsError):
            raise ArticleError(f"cannot write {path.name}: another file took the name meanwhile; try again") from exc
        if isinstance(exc, OSError):
            raise ArticleError(f"cannot write {path.name}: {exc.strerror or exc}") from exc
        raise
    finally:
        Path(handle.name).unlink(missing_ok=True)


def _used(folder: Path) -> tuple[set, set]:
    """Lower-cased names of the files in `folder`, and the ids (stems) of its articles."""
    files = list(folder.iterdir()) if folder.is_dir() else []
    ids = {p.stem.lower() for p in files if p.suffix.lower() in SUPPORTED_SUFFIXES}
    return {p.name.lower() for p in files}, ids


def safe_filename(name: str, folder: Path) -> Path:
    """Return a new path inside `folder` for an uploaded file name, never escaping or overwriting."""
    folder = Path(folder)
    # NFKC first: fullwidth and other compatibility forms of '.', '/' and '\\' become plain ones.
    base = re.split(r"[/\\]", unicodedata.normalize("NFKC", name))[-1]
    # Leading dots would hide the file (or spell '..'); trailing ones and spaces confuse Windows.
    stem, suffix = os.path.splitext(_UNSAFE.sub("_", base).strip("._-"))
    suffix = re.sub(r"[^0-9a-z]", "", suffix.lower())[:10]
    suffix = f".{suffix}" if suffix else ""
    stem = stem.encode("utf-8")[:_STEM_BYTES].decode("utf-8", "ignore").rstrip("._-") or "article"
    names, ids = _used(folder)
    candidate, n = stem, 1
    # An article's id is its stem, so 'a.md' must not join an existing 'a.txt' either.
    while f"{candidate}{suffix}".lower() in names or (suffix in SUPPORTED_SUFFIXES and candidate.lower() in ids):
        n += 1
        candidate = f"{stem}-{n}"
    return folder / f"{candidate}{suffix}"


def save_article(folder: Path, name: str, data: bytes | str) -> Path:
    """Save a new article under a safe, unused name in `folder` (pasted text gets .txt); return its path."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ArticleError(f"cannot create the corpus folder {folder}: {exc.strerror or exc}") from exc
    with corpus_lock(folder):  # two uploads of one name at once: the second sees the first's file
        path = safe_filename(name, folder)
        if not path.suffix:
            path = safe_filename(f"{path.name}.txt", folder)
        if path.suffix not in SUPPORTED_SUFFIXES:
            raise ArticleError(f"unsupported file type '{path.suffix}': use {', '.join(SUPPORTED_SUFFIXES)}")
        atomic_write(path, data.encode("utf-8") if isinstance(data, str) else data, new=True)
    return path


def article_path(folder: Path, article_id: str) -> Path:
    """Return the file of article `article_id` in `folder`; raise ArticleError when there is none."""
    folder = Path(folder)
    if not article_id or Path(article_id).name != article_id or article_id.startswith("."):
        raise ArticleError(f"not a valid article id: {article_id!r}")
    if not folder.is_dir():
        raise ArticleError(f"no corpus folder {folder}")
    name = article_names(folder).get(article_id)
    if name is None:
        raise ArticleError(f"no article {article_id!r} in {folder}")
    return folder / name


def article_names(folder) -> dict:
    """{article id: name of the file article_path picks for it, None when that is a folder}, from one listing.

    The suffix matches case-insensitively, as the loader's does ('Bericht.TXT' is article 'Bericht'); of two
    files with one id, the suffix listed first in SUPPORTED_SUFFIXES wins."""
    try:
        entries = [(os.path.splitext(entry.name), entry.name, entry.is_file()) for entry in os.scandir(folder)]
    except OSError:
        return {}
    ranked = sorted((SUPPORTED_SUFFIXES.index(suffix.lower()), stem, name, is_file)
                    for (stem, suffix), name, is_file in entries
                    if suffix.lower() in SUPPORTED_SUFFIXES and not name.startswith("."))
    names = {}
    for _, stem, name, is_file in ranked:
        names.setdefault(stem, name if is_file else None)
    return names


def _field_value(key: str, value) -> str | dt.date:
    """A field value to store: dates as dates, text on one line; '' clears the field."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if key == "published" and isinstance(value, dt.date):
        return value
    text = " ".join(str(value or "").split())
    if key != "published" or not text:
        return text
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ArticleError(f"published date must look like 2025-06-16, not {value!r}") from None


def _read_manifest_rows(path: Path) -> tuple[list[str], list[dict]]:
    if not path.is_file():
        return list(MANIFEST_COLUMNS), []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
            columns = list(reader.fieldnames or [])
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ArticleError(f"{path}: cannot read manifest: {exc}") from None
    if rows and "article_id" not in columns:
        raise ArticleError(f"{path}: manifest has no article_id column")
    # Keep any extra columns someone added, after the standard ones.
    return list(MANIFEST_COLUMNS) + [c for c in columns if c not in MANIFEST_COLUMNS], rows


def write_manifest_row(folder: Path, article_id: str, fields: dict | None) -> None:
    """Set `fields` on the manifest row of `article_id` (adding the row), or drop the row when None; hold the lock."""
    path = Path(folder) / MANIFEST
    columns, rows = _read_manifest_rows(path)
    index = next((i for i, row in enumerate(rows) if row.get("article_id") == article_id), None)
    if fields is None:
        if index is None:
            return
        del rows[index]
    else:
        if index is None:
            rows.append({"article_id": article_id})
        row = rows[-1 if index is None else index]
        row.update({k: v.isoformat() if isinstance(v, dt.date) else v for k, v in fields.items()})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, restval="", extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write(path, out.getvalue().encode("utf-8"))


def _front_matter_bytes(meta: dict, codec: str, newline: str) -> bytes:
    """YAML front matter for `meta` in the file's codec and line endings; empty when `meta` is."""
    if not meta:
        return b""
    for allow_unicode in (True, False):
        dumped = yaml.safe_dump(meta, allow_unicode=allow_unicode, sort_keys=False, width=10**6)
        header = f"---\n{dumped}---\n".replace("\n", newline)
        try:
            return header.encode(codec)
        except UnicodeEncodeError:
            continue  # a character outside an 8-bit file's code page: YAML escapes are plain ASCII
    raise AssertionError("ASCII front matter always encodes")


def _write_front_matter(path: Path, fields: dict) -> None:
    """Update the YAML front matter of a text article, keeping the body's bytes as they are."""
    data = path.read_bytes()
    raw, codec, bom, repaired = decode_checked(data)
    if repaired:  # the body's bytes are kept as they are, but where the front matter ends is then unknown
        raise ArticleError(f"its metadata cannot be edited here: {repaired}; save the file as UTF-8 first")
    # split_front_matter validates the YAML but keeps known fields only: reload it whole to keep the rest.
    body_start = split_front_matter(raw)[1]
    meta = (next(yaml.safe_load_all(raw[:body_start]), None) or {}) if body_start else {}
    for key, value in fields.items():
        if value == "":
            meta.pop(key, None)
        else:
            meta[key] = value
    body = data[bom + len(raw[:body_start].encode(codec)) :]
    newline = "\r\n" if "\r\n" in raw[:4096] else "\n"
    atomic_write(path, data[:bom] + _front_matter_bytes(meta, codec, newline) + body)


def update_metadata(folder: Path, article_id: str, expected: dict | None = None, **fields) -> Path:
    """Write title/outlet/url/published(_basis) of an article to its front matter or the manifest.

    With `expected` ({file name: sha256} as the caller read them), a file that changed since is not written."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}; use {', '.join(EDITABLE_FIELDS)}")
    values = {key: _field_value(key, value) for key, value in fields.items()}
    with corpus_lock(folder):
        path = article_path(folder, article_id)
        if path.suffix.lower() in HTML_SUFFIXES:
            check_unchanged(folder, expected, MANIFEST)
            write_manifest_row(folder, article_id, values)
            return path
        # Front matter wins over the manifest, except for an empty field: clear it there too.
        cleared = {key: "" for key, value in values.items() if value == ""}
        _, rows = _read_manifest_rows(Path(folder) / MANIFEST)
        in_manifest = cleared and any(row.get("article_id") == article_id for row in rows)
        check_unchanged(folder, expected, path.name, *([MANIFEST] if in_manifest else []))
        _write_front_matter(path, values)
        if in_manifest:
            write_manifest_row(folder, article_id, cleared)
    return path


def manifest_row(folder: Path, article_id: str) -> dict | None:
    """The manifest row of an article, None when it has none."""
    _, rows = _read_manifest_rows(Path(folder) / MANIFEST)
    return next((row for row in rows if row.get("article_id") == article_id), None)

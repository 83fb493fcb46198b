"""Removing an article moves it to the corpus's `.trash/` folder with its manifest row; restoring moves it back.

Nothing is ever unlinked: each removal is one folder `.trash/<time>-<file name>/` holding the file and a
`removed.json` record (its name, manifest row and time), so an undo puts back exactly what was there.
"""
import datetime as dt
import json
import os
from pathlib import Path

from core.corpus import (atomic_write, article_path, check_unchanged, corpus_lock, manifest_row, safe_filename,
                         write_manifest_row)
from core.errors import ArticleError

TRASH = ".trash"
RECORD = "removed.json"


def remove_article(folder: Path, article_id: str, expected: dict | None = None) -> dict:
    """Move article `article_id` and its manifest row to the trash; return its entry {"id", "name", "removed"}.

    With `expected` ({file name: sha256} as the caller read them), a file changed since is not removed."""
    folder = Path(folder)
    with corpus_lock(folder):
        path = article_path(folder, article_id)
        check_unchanged(folder, expected, path.name)
        now = dt.datetime.now()
        entry = folder / TRASH / f"{now:%Y%m%d-%H%M%S-%f}-{path.name}"
        record = {"name": path.name, "manifest": manifest_row(folder, article_id), "removed": now.isoformat()}
        try:
            entry.mkdir(parents=True)
            atomic_write(entry / RECORD, json.dumps(record, ensure_ascii=False).encode("utf-8"), new=True)
            os.rename(path, entry / path.name)
        except OSError as exc:
            raise ArticleError(f"cannot move {path.name} to the trash: {exc.strerror or exc}") from exc
        write_manifest_row(folder, article_id, None)
    return {"id": entry.name, "name": path.name, "removed": record["removed"]}


def trashed(folder: Path) -> list:
    """The removals that can be undone, newest first: [{"id", "name", "removed"}, ...]."""
    entries = []
    try:
        with os.scandir(Path(folder) / TRASH) as found:
            names = sorted((entry.name for entry in found if entry.is_dir()), reverse=True)
    except OSError:
        return []
    for name in names:
        record = _record(Path(folder) / TRASH / name)
        if record and (Path(folder) / TRASH / name / record["name"]).is_file():
            entries.append({"id": name, "name": record["name"], "removed": record.get("removed", "")})
    return entries


def _record(entry: Path) -> dict | None:
    try:
        record = json.loads((entry / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    name = record.get("name") if isinstance(record, dict) else None
    return record if isinstance(name, str) and Path(name).name == name and not name.startswith(".") else None


def restore_article(folder: Path, trash_id: str) -> Path:
    """Move a removed article back (under a new name if its own was taken since) with its manifest row."""
    folder = Path(folder)
    if not trash_id or Path(trash_id).name != trash_id or trash_id.startswith("."):
        raise ArticleError(f"not a trash entry: {trash_id!r}")
    with corpus_lock(folder):
        entry = folder / TRASH / trash_id
        record = _record(entry)
        if record is None or not (entry / record["name"]).is_file():
            raise ArticleError(f"{trash_id} is no longer in the trash")
        target = safe_filename(record["name"], folder)
        try:
            os.link(entry / record["name"], target)  # never over a file that took the name meanwhile
            os.unlink(entry / record["name"])
            os.unlink(entry / RECORD)
            entry.rmdir()
        except OSError as exc:
            raise ArticleError(f"cannot restore {record['name']}: {exc.strerror or exc}") from exc
        if record.get("manifest") and manifest_row(folder, target.stem) is None:
            write_manifest_row(folder, target.stem, {k: v for k, v in record["manifest"].items() if k != "article_id"})
    return target

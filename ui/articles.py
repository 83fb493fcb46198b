"""The Articles page's pieces: the article table, metadata edits, adding (upload, paste) and removing articles."""
import datetime as dt
import math
import os
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from core.articles import read_articles
from core.corpus import article_names, save_article, update_metadata
from core.errors import ArticleError
from core.readers import SUPPORTED_SUFFIXES, read_pasted
from core.trash import remove_article, restore_article
from ui.common import md, plural

EDITABLE = ("title", "outlet", "url", "published")
TABLE_COLUMNS = ("file", *EDITABLE, "claims")
UPLOAD_TYPES = [suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES]
_VERSION, _NOTICES, _UNDO = "articles_version", "articles_notices", "articles_undo"


def article_table(articles: dict, claims: pd.DataFrame) -> pd.DataFrame:
    """Return one row per article, indexed by article id: file, title, outlet, url, published, claims."""
    counts = claims["article_id"].value_counts().to_dict()
    # Plain strings and dicts: this runs on every rerun of the page, for thousands of articles.
    rows = [{"file": os.path.basename(a.path or "") or a.article_id, "title": a.title, "outlet": a.outlet,
             "url": a.url, "published": a.published, "claims": int(counts.get(a.article_id, 0))}
            for a in articles.values()]
    return pd.DataFrame(rows, index=pd.Index(list(articles), name="article_id"), columns=list(TABLE_COLUMNS))


def metadata_changes(before: pd.DataFrame, after: pd.DataFrame) -> dict:
    """Return {article_id: {field: new value}} for the editable cells that differ ('' clears a field)."""
    rows = before.index.intersection(after.index)
    old, new = before.loc[rows, list(EDITABLE)], after.loc[rows, list(EDITABLE)]
    # Only rows with a cell that differs at all are compared cell by cell: a table of 5 000 articles has 20 000.
    touched = ~((old == new) | (old.isna() & new.isna())).all(axis=1)
    changes = {}
    for article_id in rows[touched.to_numpy(dtype=bool)]:
        fields = {name: _cell(after.at[article_id, name]) for name in EDITABLE
                  if _cell(after.at[article_id, name]) != _cell(before.at[article_id, name])}
        if fields:
            changes[article_id] = fields
    return changes


def _cell(value) -> str | dt.date:
    """A table cell as update_metadata takes it: a date, or text with '' for nothing."""
    if value is None or pd.isna(value):
        return ""
    if isinstance(value, dt.datetime):  # pd.Timestamp too
        return value.date()
    return value if isinstance(value, dt.date) else str(value).strip()


def error_table(errors: list, folder: str) -> pd.DataFrame:
    """Return the (file, reason) rows of load errors, files inside `folder` by name only."""
    names = [Path(file).name if Path(file).parent == Path(folder) else str(file) for file, _ in errors]
    return pd.DataFrame({"file": names, "reason": [reason for _, reason in errors]})


def warning_table(articles: dict) -> pd.DataFrame:
    """Return the (file, warning) rows of articles that loaded with something repaired."""
    rows = [(os.path.basename(a.path or "") or a.article_id, warning) for a in articles.values() for warning in a.warnings]
    return pd.DataFrame(rows, columns=["file", "warning"])


def upload_megabytes(limit: int) -> int:
    """Return the uploader's limit in whole megabytes: at least `limit`, so the reader gives the exact reason."""
    return max(1, math.ceil(limit / 1_000_000))


def add_article(folder: str, name: str, data: bytes | str, limit: int, **meta) -> Path:
    """Save a new article in `folder` (metadata as front matter) once it loads; raise ArticleError saying why not."""
    # A trial copy in a scratch folder is read first, so a broken file never enters the corpus.
    with tempfile.TemporaryDirectory() as scratch:
        trial = save_article(Path(scratch), name, data)
        fields = {key: value for key, value in meta.items() if value not in (None, "")}
        if fields:
            update_metadata(Path(scratch), trial.stem, **fields)
        _, errors = read_articles([(trial, {})], limit)
        if errors:
            raise ArticleError(errors[0][1])
        return save_article(folder, trial.name, trial.read_bytes())


def add_uploads(folder: str, files, limit: int) -> list:
    """Add uploaded files (objects with .name and .getvalue()); return notices [(kind, text), ...]."""
    added, notices = [], []
    for upload in files:
        try:
            added.append(add_article(folder, upload.name, upload.getvalue(), limit).name)
        except ArticleError as exc:
            notices.append(("error", f"{upload.name} was not added: {exc}"))
    if added:
        notices.insert(0, ("success", f"Added {plural(len(added), 'article')}: {', '.join(added)}."))
    return notices


def add_pasted(folder: str, text: str, limit: int, title: str = "", **meta) -> list:
    """Add pasted text as a .txt article named after its title; return notices [(kind, text), ...]."""
    try:
        path = add_article(folder, f"{title.strip() or 'pasted'}.txt", read_pasted(text, limit), limit,
                           title=title.strip(), **meta)
    except ArticleError as exc:
        return [("error", f"The pasted article was not added: {exc}")]
    return [("success", f"Added {path.name}.")]


def save_metadata(folder: str, changes: dict, expected: dict | None = None) -> list:
    """Write {article_id: fields} to the corpus folder unless a file changed since `expected`; return notices."""
    notices, saved = [], 0
    for article_id, fields in changes.items():
        try:
            update_metadata(folder, article_id, expected, **fields)
            saved += 1
        except ArticleError as exc:
            notices.append(("error", f"{article_id} was not saved: {exc}"))
    if saved:
        notices.insert(0, ("success", f"Saved the metadata of {plural(saved, 'article')}."))
    return notices


def removable(folder: str, articles: dict, errors: list) -> dict:
    """Return {article_id: label} of the articles and unreadable files that removal by id would delete."""
    # Strings, not Paths, and one listing of the folder: article_path per article lists it 5 000 times.
    files = {a.article_id: (os.path.split(str(a.path)), a.title) for a in articles.values()}
    for file, _ in errors:
        parent, name = os.path.split(str(file))
        stem, suffix = os.path.splitext(name)
        if suffix.lower() in SUPPORTED_SUFFIXES:
            files[stem] = ((parent, name), "could not be read")
    targets = article_names(folder)
    inside = {parent: Path(parent) == Path(folder) for parent in {parent for (parent, _), _ in files.values()}}
    return {article_id: f"{name} – {note}" if note else name for article_id, ((parent, name), note) in files.items()
            if targets.get(article_id) == name and inside[parent]}


def remove(folder: str, article_id: str, expected: dict | None = None) -> list:
    """Move an article file and its manifest row to the trash; return notices [(kind, text), ...]."""
    try:
        entry = remove_article(folder, article_id, expected)
    except ArticleError as exc:
        return [("error", f"{article_id} was not removed: {exc}")]
    st.session_state[_UNDO] = (folder, entry["id"])
    return [("success", f"Moved {entry['name']} to the trash.")]


def restore(folder: str, trash_id: str) -> list:
    """Move an article back from the trash; return notices [(kind, text), ...]."""
    st.session_state.pop(_UNDO, None)
    try:
        return [("success", f"Restored {restore_article(folder, trash_id).name}.")]
    except ArticleError as exc:
        return [("error", f"Not restored: {exc}")]


def undoable(folder: str) -> str | None:
    """The trash entry this session's last removal from `folder` made, while it can still be undone."""
    last = st.session_state.get(_UNDO)
    return last[1] if last and last[0] == folder else None


def seen(digests: dict) -> dict:
    """The file digests as this page first read them since its last change: saves are checked against them."""
    return st.session_state.setdefault(f"articles_seen_{st.session_state.get(_VERSION, 0)}", digests)


def key(name: str) -> str:
    """Return a widget key that changes after every change to the corpus, so the widget starts afresh."""
    return f"articles_{name}_{st.session_state.get(_VERSION, 0)}"


def act(section: str, action, *args, **kwargs) -> None:
    """Run a change to the corpus, keep its notices for `section`, reset the page's widgets and rerun."""
    st.session_state[_NOTICES] = {section: action(*args, **kwargs)}
    st.session_state[_VERSION] = st.session_state.get(_VERSION, 0) + 1
    st.rerun()


def show_notices(section: str) -> None:
    """Show, once, what the last change in `section` did."""
    for kind, text in st.session_state.get(_NOTICES, {}).pop(section, []):
        (st.success if kind == "success" else st.error)(md(text))

"""Load articles from disk: metadata (front matter, manifest), title, reflowed text."""
import csv
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from core.errors import ArticleError
from core.readers import MAX_BYTES, read_article
from core.reflow import Reflowed, reflow

MANIFEST = "manifest.csv"
META_FIELDS = ("title", "outlet", "url", "published", "language")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_TITLE_MAX = 200


@dataclass
class Article:
    """One article: its raw text, metadata and the reflowed text used for extraction."""

    article_id: str
    raw: str
    path: str = ""
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: dt.date | None = None
    language: str = "de"
    body_start: int = 0
    flow: Reflowed = field(default=None, repr=False)
    title_paragraph: int | None = None

    def __post_init__(self):
        if self.flow is None:
            self.flow = reflow(self.raw, self.body_start)


def parse_date(value) -> dt.date | None:
    """Return a date from a YAML/CSV value such as 2025-06-16, or None when empty or unparseable."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's safe loader is about 10x faster


def split_front_matter(raw: str) -> tuple[dict, int]:
    """Return (metadata, body offset) for text that may start with YAML front matter."""
    match = _FRONT_MATTER.match(raw)
    if not match:
        return {}, 1 if raw.startswith("\ufeff") else 0
    try:
        meta = yaml.load(match.group(1), Loader=_LOADER) or {}
    except yaml.YAMLError as exc:
        raise ArticleError(f"front matter is not valid YAML: {exc.problem or exc}") from None
    if not isinstance(meta, dict):
        raise ArticleError("front matter is not a mapping of fields")
    return {k: v for k, v in meta.items() if k in META_FIELDS}, match.end()


def read_manifest(folder: Path) -> dict:
    """Return {article_id: metadata} from folder/manifest.csv, or {} when there is none."""
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ArticleError(f"cannot read {MANIFEST}: {exc}") from None
    if rows and "article_id" not in rows[0]:
        raise ArticleError(f"{MANIFEST} has no article_id column")
    return {row["article_id"]: {k: v for k, v in row.items() if k in META_FIELDS and v} for row in rows}


def make_article(article_id: str, raw: str, meta: dict | None = None, path: str = "") -> Article:
    """Build an Article from decoded text; its front matter wins over `meta` (from a manifest or the page)."""
    front, body_start = split_front_matter(raw)
    merged = {**(meta or {}), **{k: v for k, v in front.items() if v not in (None, "")}}
    article = Article(
        article_id=article_id,
        raw=raw,
        path=path,
        outlet=str(merged.get("outlet") or ""),
        url=str(merged.get("url") or ""),
        published=parse_date(merged.get("published")),
        language=str(merged.get("language") or "de"),
        body_start=body_start,
    )
    detected = _detect_title(article)
    article.title = str(merged.get("title") or detected or "")
    return article


def _detect_title(article: Article) -> str:
    """Mark the first paragraph as the title when it is short and does not end like a sentence."""
    if not article.flow.paragraphs:
        return ""
    start, end = article.flow.paragraphs[0]
    first = article.flow.text[start:end]
    heading = first.startswith("# ")
    if heading or (len(first) <= _TITLE_MAX and not first.rstrip().endswith((".", ":"))):
        article.title_paragraph = 0
        return first[2:].strip() if heading else first.strip()
    return ""


def _article_files(path: Path) -> list[Path]:
    """The article files of a folder (not its manifest or hidden files), or the file itself."""
    if path.is_dir():
        # scandir knows each entry's type without a stat per file, which counts in folders of thousands
        with os.scandir(path) as entries:
            names = [e.name for e in entries if e.is_file() and e.name != MANIFEST and not e.name.startswith(".")]
        return [path / name for name in sorted(names)]
    if path.exists():
        return [path]
    raise ArticleError("no such file or folder")


def article_files(paths) -> tuple[list[tuple[Path, dict]], list[tuple[str, str]]]:
    """Every article file under `paths` with its manifest row; return (files, [(path, reason), ...])."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files, errors = [], []
    for path in map(Path, paths):
        try:
            found = _article_files(path)
            manifest = read_manifest(path if path.is_dir() else path.parent)
        except ArticleError as exc:
            errors.append((str(path), str(exc)))
            continue
        files.extend((file, manifest.get(file.stem, {})) for file in found)
    return files, errors


def read_articles(files, max_bytes: int = MAX_BYTES) -> tuple[list[Article], list[tuple[str, str]]]:
    """Load (file, manifest row) pairs as from article_files; return (articles, [(file, reason), ...])."""
    articles, errors = [], []
    for file, row in files:
        try:
            text, page_meta = read_article(file, max_bytes)
            articles.append(make_article(file.stem, text, {**page_meta, **row}, str(file)))
        except ArticleError as exc:
            errors.append((str(file), str(exc)))
    return articles, errors


def load_articles(paths, max_bytes: int = MAX_BYTES) -> tuple[list[Article], list[tuple[str, str]]]:
    """Load every article under `paths` (files or folders); return (articles, [(file, reason), ...])."""
    files, errors = article_files(paths)
    articles, failed = read_articles(files, max_bytes)
    return articles, errors + failed

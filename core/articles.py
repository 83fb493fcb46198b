"""Load articles from disk: metadata (front matter, manifest), title, reflowed text."""
import csv
import datetime as dt
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from core.errors import ArticleError
from core.pubdates import date_from_dateline, date_from_url
from core.readers import MAX_BYTES, read_article
from core.reflow import Reflowed, reflow

MANIFEST = "manifest.csv"
REVIEWS = "reviews.csv"  # the analyst's decisions (core/reviews.py), not an article
META_FIELDS = ("title", "outlet", "url", "published", "language")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_TITLE_MAX = 200
_DATELINE_SEARCH = 6  # lines: the title, perhaps a kicker, a sub-headline or date line, and the lead
_CLOSING_SEARCH = 4  # the last lines, where a byline, a 'Stand:' line or an agency's id may date the text
# Bidi controls (ALM, LRM, RLM, LRE..RLO, LRI..PDI) reorder how a title or outlet is shown: a name can be
# made to read as another in the dashboard or a spreadsheet. The raw text keeps them: offsets index it.
_BIDI_CONTROLS = dict.fromkeys([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
_SYMLINK = "a symbolic link: skipped; copy the file into the folder instead"
_WITHOUT = "; the articles load without it"  # ends the reason of an ignored manifest


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
    published_basis: str = "unknown"  # where `published` came from: published (metadata), url, dateline, unknown
    language: str = "de"
    body_start: int = 0
    flow: Reflowed = field(default=None, repr=False)
    title_paragraph: int | None = None
    warnings: list[str] = field(default_factory=list)  # what was repaired to read the file, for the user

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
    """Return {article_id: metadata} from folder/manifest.csv, or {} when there is none.

    Raise ArticleError with a reason that starts 'manifest ignored': the caller reports it and loads
    the articles without the manifest rather than dropping the folder.
    """
    path = folder / MANIFEST
    if path.is_symlink():  # like an article file: it could point at any file the server can read
        raise ArticleError(f"manifest ignored: it is a symbolic link; copy the file into the folder instead{_WITHOUT}")
    if not path.is_file():
        return {}
    try:
        # Decoded whole, not through a text handle: the error's position is then the file's, not a chunk's.
        text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = list(reader)
    except UnicodeDecodeError as exc:
        raise ArticleError(
            f"manifest ignored: not UTF-8 text (byte 0x{exc.object[exc.start]:02X} at position {exc.start}){_WITHOUT}"
        ) from None
    except csv.Error as exc:
        raise ArticleError(f"manifest ignored: not valid CSV ({exc}){_WITHOUT}") from None
    except OSError as exc:
        raise ArticleError(f"manifest ignored: cannot read it ({exc.strerror or exc}){_WITHOUT}") from None
    if reader.fieldnames and "article_id" not in reader.fieldnames:
        raise ArticleError(f"manifest ignored: it has no article_id column{_WITHOUT}")
    return {row["article_id"]: {k: v for k, v in row.items() if k in META_FIELDS and v} for row in rows}


def make_article(
    article_id: str, raw: str, meta: dict | None = None, path: str = "", warnings: list[str] | None = None
) -> Article:
    """Build an Article from decoded text; its front matter wins over `meta` (from a manifest or the page).

    `warnings` are the reader's, about what it repaired to read the file.
    """
    front, body_start = split_front_matter(raw)
    merged = {**(meta or {}), **{k: v for k, v in front.items() if v not in (None, "")}}
    article = Article(
        article_id=article_id,
        raw=raw,
        path=path,
        outlet=_shown(merged.get("outlet")),
        url=str(merged.get("url") or ""),
        published=parse_date(merged.get("published")),
        language=str(merged.get("language") or "de"),
        body_start=body_start,
        warnings=list(warnings or []),
    )
    detected = _detect_title(article)
    article.title = _shown(merged.get("title")) or _shown(detected)
    _date_article(article)
    return article


def _date_article(article: Article) -> None:
    """Say where the publication date came from, and find one in the address or dateline when metadata has none."""
    if article.published:
        article.published_basis = "published"
        return
    # Raw lines, not reflowed paragraphs: reflow drops page furniture such as 'F.A.Z. · Freitag, 14. März 2025'.
    lines = [line.strip() for line in article.raw[article.body_start :].splitlines() if line.strip()]
    lead, closing = lines[:_DATELINE_SEARCH], lines[_DATELINE_SEARCH:][-_CLOSING_SEARCH:]
    for basis, date in (("url", date_from_url(article.url)), ("dateline", date_from_dateline(lead, closing))):
        if date:
            article.published, article.published_basis = date, basis
            return


def _shown(value) -> str:
    """A metadata value as text to show, without bidi controls."""
    return str(value or "").translate(_BIDI_CONTROLS)


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


def _article_files(path: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """The article files of a folder (not its manifest or hidden files), or the file itself; and the skipped links.

    A symbolic link in a folder is skipped with its reason: it can lead out of the folder to any file the
    server can read, and show it in the dashboard. A file named on its own is read, link or not.
    """
    if path.is_dir():
        # scandir knows each entry's type without a stat per file, which counts in folders of thousands
        with os.scandir(path) as entries:
            listed = [e for e in entries if e.name not in (MANIFEST, REVIEWS) and not e.name.startswith(".")]
            names = [e.name for e in listed if e.is_file(follow_symlinks=False)]
            links = [e.name for e in listed if e.is_symlink() and not e.is_dir()]  # a linked folder is a folder
        return [path / name for name in sorted(names)], [(str(path / name), _SYMLINK) for name in sorted(links)]
    if path.exists():
        return [path], []
    raise ArticleError("no such file or folder")


def _manifest(folder: Path, errors: list) -> dict:
    """read_manifest, its reason added to `errors` when the manifest is ignored."""
    try:
        return read_manifest(folder)
    except ArticleError as exc:
        errors.append((str(folder / MANIFEST), str(exc)))
        return {}


def article_files(paths) -> tuple[list[tuple[Path, dict]], list[tuple[str, str]]]:
    """Every article file under `paths` with its manifest row; return (files, [(path, reason), ...])."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files, errors, manifests = [], [], {}
    for path in map(Path, paths):
        try:
            found, skipped = _article_files(path)
        except ArticleError as exc:
            errors.append((str(path), str(exc)))
            continue
        errors += skipped
        folder = path if path.is_dir() else path.parent
        if folder not in manifests:  # read once, so that a broken one is reported once however many files name it
            manifests[folder] = _manifest(folder, errors)
        files.extend((file, manifests[folder].get(file.stem, {})) for file in found)
    return files, errors


def read_articles(files, max_bytes: int = MAX_BYTES) -> tuple[list[Article], list[tuple[str, str]]]:
    """Load (file, manifest row) pairs as from article_files; return (articles, [(file, reason), ...])."""
    articles, errors = [], []
    for file, row in files:
        try:
            text, page_meta, warnings = read_article(file, max_bytes)
            articles.append(make_article(file.stem, text, {**page_meta, **row}, str(file), warnings))
        except ArticleError as exc:
            errors.append((str(file), str(exc)))
    return articles, errors


def load_articles(paths, max_bytes: int = MAX_BYTES) -> tuple[list[Article], list[tuple[str, str]]]:
    """Load every article under `paths` (files or folders); return (articles, [(file, reason), ...])."""
    files, errors = article_files(paths)
    articles, failed = read_articles(files, max_bytes)
    return articles, errors + failed


# A sentence ends at . ! ? or … (plus closing quotes) before a capital or an opening quote; "ca. 2000" does not.
_SENTENCE_END = re.compile(r"[.!?…][“”\"»«)]*\s+(?=[„\"“»«(]?[A-ZÄÖÜ])")


def sentences(article: Article):
    """Yield (raw start, raw end, reflowed text) of each sentence of the article, paragraph by paragraph."""
    flow = article.flow
    for p_start, p_end in flow.paragraphs:
        cut = p_start
        for match in _SENTENCE_END.finditer(flow.text, p_start, p_end):
            stop = match.end() - len(match.group()) + len(match.group().rstrip())
            yield *flow.to_raw_span(cut, stop), flow.text[cut:stop]
            cut = match.end()
        if cut < p_end:
            yield *flow.to_raw_span(cut, p_end), flow.text[cut:p_end]


def sentence_at(article: Article, start: int, end: int) -> tuple:
    """(raw start, raw end, reflowed text) of the sentence that holds the raw span [start, end)."""
    found = next((s for s in sentences(article) if s[0] <= start and end <= s[1]), None)
    return found or (start, end, article.raw[start:end])

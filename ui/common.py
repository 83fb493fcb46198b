"""Streamlit pieces shared by the pages: corpus loading, sidebar filters kept in the URL, the passage panel."""
import datetime as dt
import hashlib
import html
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from core.articles import read_articles, sentences
from core.cache import CACHE_ENV, cached_corpus
from core.parallel import article_metadata
from core.readers import MAX_BYTES, max_bytes_setting
from core.roots import CorpusError, CorpusRoot, root_from_args
from core.findings import findings
from core.groups import group_claims, group_of
from core.reviews import review_corpus
from core.sources import source_name
from core.schema import CATEGORIES, QUALIFIERS, STATUSES, coerce, empty_frame
from ui.filters import Filters, apply_filters, claim_date, from_params, link_problems, source, to_params
from ui import groups, review
from ui.loading import Loads

CORPUS_KEY, NEW_CORPUS_KEY = "corpus", "corpus_new"
DATES_KEY = "filter_dates"
_CORPUS, _FILTERS, _REFUSALS = "_corpus", "_filters", "_refusals"
# What could make a link, an image, markup, a colour, an icon or maths of text in Streamlit's Markdown.
_MARKDOWN = re.compile(r"([\\`*_\[\]()<>#!$~|:{}+=-])")
# Streamlit links bare addresses after unescaping, so an invisible word joiner breaks what starts one.
_AUTOLINK = re.compile(r"(?i)(?:https?|ftp|www)(?=\\?[:.])|(?=@)")
LIST_KEYS = {"sources": "filter_sources", "categories": "filter_categories", "articles": "filter_articles",
             "qualifiers": "filter_qualifiers", "statuses": "filter_statuses"}
_FIELDS = ("claim_id", "category", "value", "low", "high", "qualifier", "claimant", "claimant_text", "date_basis",
           "period_start", "period_end", "figure_text", "base_claim_id", "status", "why")


@dataclass
class View:
    """What every page shows: all claims, the filtered claims, articles by id, load errors, the corpus path, labels."""

    claims: pd.DataFrame
    shown: pd.DataFrame
    articles: dict
    errors: list
    corpus: str  # the folder's real path, for reading and writing
    max_bytes: int = MAX_BYTES
    labels: dict = field(default_factory=dict)  # article_id -> "title (outlet, date)"
    name: str = ""  # the corpus name under the root, as the sidebar and the link show it
    digests: dict = field(default_factory=dict)  # file name -> sha256 of what this run read
    orphans: list = field(default_factory=list)  # (review decision, why it no longer applies)
    review_problems: list = field(default_factory=list)  # (reviews.csv, what in it could not be read)
    group_of: pd.Series = field(default_factory=lambda: pd.Series(dtype=object))  # claim_id -> claim group id
    findings: pd.DataFrame = field(default_factory=pd.DataFrame)  # core.findings over the claim groups


def md(text) -> str:
    """Return text with everything Streamlit's Markdown would act on escaped, to show it as it is."""
    return _AUTOLINK.sub(lambda match: match.group() + "\u2060", _MARKDOWN.sub(r"\\\1", str(text)))


def fingerprint(folder: str, limit: int = MAX_BYTES) -> tuple:
    """Return ((file name, sha256), ...) for the files in `folder`, so the cache follows their content."""
    try:
        with os.scandir(folder) as entries:  # a symbolic link is never followed: it could lead out of the root
            files = sorted((entry.name, entry.path) for entry in entries if entry.is_file(follow_symlinks=False))
    except OSError:
        files = []
    return tuple((name, _digest(file, limit)) for name, file in files)


# Path -> (stat, sha256) of files hashed before: every rerun checks the whole folder, and hashing 5 000 files
# takes 250 ms where a stat takes 20. A file changed within _RACY_NS of its hashing is hashed again every time,
# since a coarse clock can give a quick second write the same time stamp and size (git's "racily clean" files).
_DIGESTS: dict = {}
_RACY_NS = 2_000_000_000


def _digest(path: str, limit: int) -> str:
    try:
        stat = os.stat(path)
        if stat.st_size > limit:  # rejected unread, so its size and time stand in for reading gigabytes
            return f"size {stat.st_size} at {stat.st_mtime_ns}"
        key = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
        known = _DIGESTS.get(path)
        if known and known[0] == key:
            return known[1]
        hashed_at = time.time_ns()
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        if hashed_at - max(stat.st_mtime_ns, stat.st_ctime_ns) > _RACY_NS:
            _DIGESTS[path] = (key, digest)
        return digest
    except OSError as exc:
        return f"unreadable: {exc}"


def _content_key(content: tuple) -> str:
    return hashlib.sha256(repr(content).encode()).hexdigest()


def load_corpus(folder: str, content: tuple, limit: int = MAX_BYTES, progress=None) -> tuple:
    """Return (claims frame, {article_id: Article}, errors, filter choices) for `folder`; `content` is its fingerprint.

    Through the claims cache in the folder's .cache/ (or $CLAIMS_CACHE_DIR), as `python -m core` reads corpora:
    only new or changed files are extracted, in worker processes; `progress(done, total)` counts them as they
    finish. Articles keep their metadata; their text is read from the file when a page shows it."""
    digests = {os.path.join(folder, name): digest for name, digest in content}
    stand_in = extract_claims is not _EXTRACT
    claims, errors, articles = cached_corpus([folder], _cache_dir(stand_in), max_bytes=limit, progress=progress,
                                             digests=digests, extract_files=_file_claims if stand_in else None)
    claims, orphans, problems = review_corpus(claims, list(articles.values()))  # reviews.csv is in `content` too
    claim_groups = group_claims(claims)
    return claims, articles, errors, _choices(claims, articles) | {
        "orphans": orphans, "review_problems": problems, "group_of": group_of(claims),
        "findings": findings(claim_groups)}


def extract_claims(articles: list) -> pd.DataFrame:
    """core.extract.extract_claims, imported when first needed: importing spaCy takes a second that a server
    reopening a cached corpus need not pay. Put another function in its place (bench.ui, tests) and loads run it
    in this process."""
    from core.extract import extract_claims as extract

    return extract(articles)


_EXTRACT = extract_claims  # the extractor worker processes run; one put in its place here runs in this process
_PRIVATE_CACHE: list = []  # a folder of this process's own, when the root's .cache/ cannot be used


def _cache_dir(stand_in: bool = False) -> Path | None:
    """Where loads keep the claims cache: $CLAIMS_CACHE_DIR (None: cache_path reads it), else the corpus root's
    hidden .cache/claims/, inside the root whatever corpus is open (`<corpus folder>/../.cache` may not be). A
    .cache/ that leads out of the root (a symbolic link) is not used: a temporary folder of this process is.
    A stand-in extractor's claims are kept apart from the real extractor's."""
    if os.environ.get(CACHE_ENV) and not stand_in:
        return None
    root, _, _ = root_from_args(sys.argv[1:], os.environ)
    base = Path(os.path.realpath(root.folder))
    cache = base / ".cache" / ("stand-in" if stand_in else "claims")
    if os.path.commonpath([base, os.path.realpath(cache)]) == str(base):
        return cache
    if not _PRIVATE_CACHE:
        _PRIVATE_CACHE.append(Path(tempfile.mkdtemp(prefix="claims-cache-")))
    return _PRIVATE_CACHE[0]


def _file_claims(files: list, limit: int, progress) -> tuple:
    """Extract (file, manifest row) pairs in this process with this module's extract_claims: a stand-in for the
    extractor (bench.ui's fabricated claims) is not seen by worker processes, which import the real one."""
    frames, errors, metadata = [], [], {}
    for done, (file, row) in enumerate(files, 1):
        articles, failed = read_articles([(Path(file), row)], limit)
        frames.append(extract_claims(articles))
        metadata.update((os.path.basename(a.path), article_metadata(a)) for a in articles)
        errors += failed
        if progress:
            progress(done, len(files))
    frames = [frame for frame in frames if len(frame)]
    return (coerce(pd.concat(frames, ignore_index=True)) if frames else empty_frame()), errors, metadata


# A resource, not data: pages only read a load, so it is shared, never copied; one load per folder content runs
# at a time (one digest stands for the fingerprint's thousands of pairs).
LOADS = Loads(load_corpus)
PEEK_SECONDS = 2.0  # a load another session started is waited for this long, then the last finished one is shown


def _loaded(folder: str, content: tuple, limit: int) -> tuple:
    """Return (load of the folder's content, job still running or None): another session's long load is not waited
    for when the folder loaded before; the page then shows that load and refreshes itself when the new one is in."""
    job, mine = LOADS.start(folder, _content_key((content, limit)), content, limit)
    previous = None if mine else LOADS.latest(folder)
    if previous is not None and not job.finished.wait(PEEK_SECONDS):
        return previous, job
    _wait_with_progress(job)
    if job.error:
        raise job.error
    return job.result, None


def _wait_with_progress(job) -> None:
    if job.finished.wait(0.5):
        return
    bar = st.progress(0.0, text="Reading articles and extracting claims…")
    while not job.finished.wait(0.25):
        bar.progress(job.done / job.total if job.total else 0.0, text=_progress_text(job))
    bar.empty()


def _progress_text(job) -> str:
    left = job.seconds_left()
    return (f"Reading articles and extracting claims: {job.done:,} of {job.total:,} articles"
            + (f", about {left:.0f} s left" if left is not None else "") + "…")


@st.fragment(run_every=1.0)
def _refresh_when_loaded(job) -> None:
    """While another session's load of this folder runs, say so; rerun the page when it is in."""
    if job.finished.is_set():
        st.rerun()
    st.info(f"The corpus changed and is being read again; this shows it as it was. {_progress_text(job)}",
            icon=":material/hourglass_top:")


def _choices(claims: pd.DataFrame, articles: dict) -> dict:
    """What the filters offer, once per corpus: the options of each list, article labels, the first and last date."""
    by_date = sorted(articles.values(), key=lambda a: (a.published or dt.date.min, a.article_id))
    dates = claim_date(claims).dropna()
    return {
        "sources": sorted(source(claims).unique()),
        "categories": [c for c in CATEGORIES if c in set(claims["category"].dropna().unique())],
        "articles": [a.article_id for a in by_date],
        "qualifiers": [q for q in QUALIFIERS if q in set(claims["qualifier"].dropna().unique())],
        "statuses": [s for s in STATUSES if s in set(claims["status"].dropna().unique())],
        "labels": {a.article_id: article_label(a) for a in by_date},
        "dates": (dates.min().date(), dates.max().date()) if len(dates) else None,
    }


def view() -> View:
    """Draw the corpus choice and the filters in the sidebar, kept across pages and in the URL; return the view."""
    # Here rather than only in dashboard.py: a page opened by its own address on a fresh server runs without it.
    st.set_page_config(layout="wide", page_icon="📰")  # an emoji is drawn in place; a Material icon comes from Google
    root, default, problem = root_from_args(sys.argv[1:], os.environ)
    if _FILTERS not in st.session_state:  # a session's first run: a copied link decides what it shows
        st.session_state[_CORPUS] = st.query_params.get(CORPUS_KEY, default)
        st.session_state[_FILTERS] = from_params(st.query_params)
        st.session_state[_REFUSALS] = [problem] * bool(problem) + link_problems(st.query_params)
    name, folder = _open_corpus(root, default)
    for refusal in st.session_state[_REFUSALS]:
        st.error(md(refusal), icon=":material/block:")
    limit, limit_problem = max_bytes_setting(os.environ)
    if limit_problem:
        st.warning(md(f"CLAIMS_MAX_BYTES: {limit_problem}."), icon=":material/warning:")
    content = fingerprint(folder, limit) if folder else ()
    (claims, articles, errors, choices), pending = _loaded(folder, content, limit) if folder else (_NOTHING, None)
    if pending:
        _refresh_when_loaded(pending)
    filters = _filter_widgets(choices)
    params = to_params(filters) | ({CORPUS_KEY: name} if name != default else {})
    if {k: st.query_params.get_all(k) for k in st.query_params} != {k: _as_list(v) for k, v in params.items()}:
        st.query_params.from_dict(params)
    return View(claims, apply_filters(claims, filters), articles, errors, folder, limit, choices["labels"], name,
                dict(content), choices.get("orphans", []), choices.get("review_problems", []),
                choices.get("group_of", pd.Series(dtype=object)), choices.get("findings", pd.DataFrame()))


def _open_corpus(root: CorpusRoot, default: str) -> tuple:
    """Draw the corpus box and "new corpus"; return (name, real folder path or "") of the corpus to show."""
    name = st.session_state[_CORPUS]
    try:
        folder = str(root.resolve(name))
    except CorpusError as exc:
        st.session_state[_REFUSALS].append(f"Refused: {exc}.")
        name = st.session_state[_CORPUS] = default
        try:
            folder = str(root.resolve(name))
        except CorpusError as again:
            st.session_state[_REFUSALS].append(f"Refused: {again}.")
            folder = ""
    offered = root.corpora()
    st.session_state[CORPUS_KEY] = name
    st.sidebar.selectbox("Corpus", offered if name in offered else [name, *offered], key=CORPUS_KEY,
                         format_func=root.label, on_change=_corpus_changed,
                         help=f"Folders under the corpus root {root.folder}; each holds German article files "
                              "(.txt, .md, .html) and an optional manifest.csv.")
    with st.sidebar.popover("New corpus", icon=":material/create_new_folder:"):
        st.text_input("Name of the new corpus folder", key=NEW_CORPUS_KEY, max_chars=100)
        st.button("Create", key="corpus_create", on_click=_create_corpus, args=(root,))
    return name, folder


_NOTHING = (empty_frame(), {}, [], {"sources": [], "categories": [], "articles": [], "qualifiers": [], "statuses": [],
                                     "labels": {}, "dates": None})


def _create_corpus(root: CorpusRoot) -> None:
    try:
        created = root.create(st.session_state.get(NEW_CORPUS_KEY) or "corpus")
    except CorpusError as exc:
        st.session_state[_REFUSALS] = [f"Refused: {exc}."]
        return
    st.session_state[_CORPUS] = created
    st.session_state[_FILTERS] = Filters()
    st.session_state[_REFUSALS] = []
    st.session_state[NEW_CORPUS_KEY] = ""


def _corpus_changed() -> None:
    st.session_state[_CORPUS] = st.session_state[CORPUS_KEY]
    st.session_state[_FILTERS] = Filters()
    st.session_state[_REFUSALS] = []


def _filters_changed() -> None:
    dates = tuple(st.session_state.get(DATES_KEY) or ()) + (None, None)
    st.session_state[_FILTERS] = Filters(**{name: list(st.session_state[key]) for name, key in LIST_KEYS.items()},
                                         date_from=dates[0], date_to=dates[1])


def _filter_widgets(choices: dict) -> Filters:
    """Draw the filters, starting from the stored ones with choices the corpus no longer has dropped."""
    stored = st.session_state[_FILTERS]
    labels = {"sources": ("Source", source_name), "categories": ("Category", _pretty),
              "qualifiers": ("Qualifier", _pretty), "statuses": ("Review status", _pretty),
              "articles": ("Article", choices["labels"].get)}
    chosen = {}
    for name, key in LIST_KEYS.items():
        offered = set(choices[name])
        st.session_state[key] = [v for v in getattr(stored, name) if v in offered]
        label, shown_as = labels[name]
        chosen[name] = st.sidebar.multiselect(label, choices[name], key=key, format_func=shown_as,
                                              placeholder="All", on_change=_filters_changed)
    if not choices["dates"]:
        return Filters(**chosen)
    first, last = choices["dates"]
    start = stored.date_from if stored.date_from and stored.date_from > first else None
    end = stored.date_to if stored.date_to and stored.date_to < last else None
    st.session_state[DATES_KEY] = (start or first, end or last)
    st.sidebar.date_input("Claim dates", key=DATES_KEY, format="YYYY-MM-DD", on_change=_filters_changed,
                          help="The claim's stated period where given, else the article's date.")
    return Filters(**chosen, date_from=start, date_to=end)


def _as_list(value) -> list:
    return [value] if isinstance(value, str) else list(value)


def plural(count: int, noun: str) -> str:
    """Return "1 claim" or "3 claims"."""
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _pretty(name: str) -> str:
    return name.replace("_", " ")


def article_label(article) -> str:
    """Return "title (outlet, date)" for an article, falling back to its id when it has no title."""
    details = ", ".join(str(x) for x in (article.outlet, article.published) if x)
    return f"{article.title or article.article_id}" + (f" ({details})" if details else "")


def empty_state(current: View) -> bool:
    """Say plainly why there is nothing to show, and return True, when the filtered view has no claims."""
    if not current.shown.empty:
        return False
    if not current.articles:
        st.info(f"No articles were found in {md(current.name)}. Choose another corpus in the sidebar, or add "
                "articles on the Articles page.")
    elif current.claims.empty:
        st.info(f"No troop figures were found in the {plural(len(current.articles), 'article')} of "
                f"{md(current.name)}.")
    else:
        st.info("No claims match the filters in the sidebar. Remove a filter to see claims again.")
    return True


def selected_claim(event) -> str | None:
    """Return the claim id of the first point selected in a plotly chart event, else of the claim last reviewed
    (a review redraws the chart, which drops its selection), else None."""
    points = event["selection"]["points"] if event else []
    return str(points[0]["customdata"][0]) if points else st.session_state.get(review.FOCUS)


def claim_panel(current: View, claim_id: str | None, reviewable: bool = True) -> None:
    """Show a claim's German sentence with its figure marked, the sentences around it, its article and fields;
    with `reviewable`, the reports of its claim group and the review buttons too."""
    match = current.claims[current.claims["claim_id"] == claim_id] if claim_id else current.claims.head(0)
    if match.empty:
        st.caption("Click a point on the chart to read the sentence it comes from.")
        return
    claim = match.iloc[0]
    article = current.articles.get(str(claim["article_id"]))
    if article is None:
        st.warning(f"The article of claim {claim_id} is no longer in the corpus.")
        return
    before, after = neighbours(article, int(claim["sentence_start"]), int(claim["sentence_end"]))
    st.html(article_header_html(article) + passage_html(article.raw, claim, before, after))
    if not reviewable:
        return
    _group_reports(current, claim)
    review.controls(current, claim, f"review_{claim_id}")
    shown = [f"{source_name(str(claim[f]))} ({claim[f]})" if f == "claimant" else _plain(claim[f]) for f in _FIELDS]
    st.dataframe(pd.DataFrame({"field": _FIELDS, "value": shown}), hide_index=True, width="stretch")


def _group_reports(current: View, claim) -> None:
    """Every article that reported the claim's group, earliest first; selecting one shows its German sentence."""
    members = groups.reports(current.claims, current.group_of, str(claim["claim_id"]))
    if len(members) < 2:
        return
    outlets = members["outlet"].astype(str).replace("", None).fillna(members["title"].astype(str))
    with st.expander(f"{source_name(str(claim['claimant']))}: reported {len(members)} times in "
                     f"{plural(members['article_id'].nunique(), 'article')}, "
                     f"first on {_plain(claim_date(members).iloc[0])}",
                     expanded=True):
        table = pd.DataFrame({"date": claim_date(members).dt.date, "outlet": outlets.to_numpy(),
                              "figure": members["figure_text"].to_numpy(), "sentence": members["sentence"].to_numpy()})
        event = st.dataframe(table, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
                             key=f"reports_{claim['claim_id']}")
        rows = [row for row in event["selection"]["rows"] if row < len(members)]
        if rows:
            chosen = members.iloc[rows[0]]
            article = current.articles.get(str(chosen["article_id"]))
            if article is not None:
                before, after = neighbours(article, int(chosen["sentence_start"]), int(chosen["sentence_end"]))
                st.html(article_header_html(article) + passage_html(article.raw, chosen, before, after))


def _plain(value) -> str:
    if pd.isna(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return f"{value:,.0f}" if isinstance(value, float) and value.is_integer() else str(value)


def article_header_html(article) -> str:
    """Return escaped HTML with the article's title, outlet, date and (web addresses only) a link."""
    details = " · ".join(str(x) for x in (article.outlet, article.published) if x) or "no outlet or date"
    link = ""
    if re.match(r"https?://", article.url or ""):
        link = (f' · <a href="{html.escape(article.url)}" target="_blank" rel="noopener noreferrer">'
                'open the article</a>')
    return (f'<div class="claim-article"><strong>{html.escape(article.title or article.article_id)}</strong><br>'
            f'<span style="color:#6b6b6b;font-size:.9em">{html.escape(details)}{link}</span></div>')


def passage_html(raw: str, claim, before: str, after: str) -> str:
    """Return HTML of the claim's raw sentence (figure in <mark>) between its neighbours; all text escaped."""
    start, end = int(claim["sentence_start"]), int(claim["sentence_end"])
    fig_start, fig_end = claim["figure_start"], claim["figure_end"]
    if pd.isna(fig_start) or not start <= fig_start <= fig_end <= end:
        fig_start = fig_end = start
    sentence = (_text(raw[start:int(fig_start)]) + "<mark>" + _text(raw[int(fig_start):int(fig_end)]) + "</mark>"
                + _text(raw[int(fig_end):end]))
    context = '<p style="color:#6b6b6b;margin:.3em 0">{}</p>'
    return (f'<div lang="de" class="claim-passage" style="line-height:1.55">{context.format(_text(before))}'
            f'<blockquote class="claim-sentence" style="border-left:4px solid #f0b400;margin:.4em 0;'
            f'padding:.2em .8em">{sentence}</blockquote>{context.format(_text(after))}</div>')


def article_html(article, claims: pd.DataFrame) -> str:
    """Return the article's raw text as escaped HTML with every extracted figure in <mark> (nested ones too)."""
    raw, cursor, parts, open_ends = article.raw, article.body_start, [], []
    spans = claims.dropna(subset=["figure_start", "figure_end"]).assign(
        length=lambda f: f["figure_end"] - f["figure_start"]).sort_values(["figure_start", "length"],
                                                                           ascending=[True, False])
    for _, claim in spans.iterrows():
        start, end = int(claim["figure_start"]), int(claim["figure_end"])
        while open_ends and open_ends[-1] <= start:
            parts += [html.escape(raw[cursor:open_ends[-1]]), "</mark>"]
            cursor = open_ends.pop()
        if start < cursor or end > (open_ends[-1] if open_ends else len(raw)):
            continue  # a figure that crosses another one's edge cannot be marked in HTML
        tip = html.escape(f"{_pretty(str(claim['category']))} · {claim['qualifier']} · {claim['claimant']}")
        style = ' style="background:#ffb347"' if open_ends else ""
        parts += [html.escape(raw[cursor:start]), f'<mark title="{tip}"{style}>']
        cursor = start
        open_ends.append(end)
    for end in reversed(open_ends):
        parts += [html.escape(raw[cursor:end]), "</mark>"]
        cursor = end
    parts.append(html.escape(raw[cursor:]))
    return ('<div lang="de" class="article-text" style="white-space:pre-line;line-height:1.55;max-height:40em;'
            f'overflow-y:auto;border:1px solid #ddd;border-radius:6px;padding:.8em">{"".join(parts)}</div>')


def _text(piece: str) -> str:
    return html.escape(re.sub(r"\s+", " ", piece), quote=False)


def neighbours(article, start: int, end: int) -> tuple:
    """Return the (reflowed) sentences just before and just after the raw span [start, end) of an article."""
    before = ""
    for sentence_start, sentence_end, text in sentences(article):
        if sentence_end <= start:
            before = text
        elif sentence_start >= end:
            return before, text
    return before, ""

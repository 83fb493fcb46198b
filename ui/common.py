"""Streamlit pieces shared by the pages: corpus loading, sidebar filters kept in the URL, the passage panel."""
import argparse
import datetime as dt
import hashlib
import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from core import load_articles
from core.extract import extract_claims
from core.schema import CATEGORIES, QUALIFIERS
from ui.filters import Filters, apply_filters, claim_date, from_params, source, to_params

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "seeds"
CORPUS_KEY = "corpus"
DATES_KEY = "filter_dates"
LIST_KEYS = {"sources": "filter_sources", "categories": "filter_categories", "articles": "filter_articles",
             "qualifiers": "filter_qualifiers"}
_FIELDS = ("claim_id", "category", "value", "low", "high", "qualifier", "claimant", "claimant_text", "date_basis",
           "period_start", "period_end", "figure_text", "base_claim_id")
# A sentence ends at . ! ? or … (plus closing quotes) before a capital or an opening quote; "ca. 2000" does not.
_SENTENCE_END = re.compile(r"[.!?…][“”\"»«)]*\s+(?=[„\"“»«(]?[A-ZÄÖÜ])")


@dataclass
class View:
    """What every page shows: all claims, the filtered claims, articles by id, load errors, the corpus path."""

    claims: pd.DataFrame
    shown: pd.DataFrame
    articles: dict
    errors: list
    corpus: str


def corpus_from_args(argv: list, environ) -> str:
    """Return the corpus folder from `--corpus PATH`, else $CLAIMS_CORPUS, else the project's seeds/."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--corpus")
    known, _ = parser.parse_known_args(argv)
    return known.corpus or environ.get("CLAIMS_CORPUS") or str(DEFAULT_CORPUS)


def fingerprint(folder: str) -> tuple:
    """Return ((file name, sha256), ...) for the files in `folder`, so the cache follows their content."""
    path = Path(folder)
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path] if path.is_file() else []
    return tuple((p.name, hashlib.sha256(p.read_bytes()).hexdigest()) for p in files)


@st.cache_data(show_spinner="Reading articles and extracting claims…", max_entries=8)
def load_corpus(folder: str, content: tuple) -> tuple:
    """Return (claims frame, {article_id: Article}, errors) for `folder`; `content` is its fingerprint."""
    articles, errors = load_articles(folder)
    return extract_claims(articles), {a.article_id: a for a in articles}, errors


def sidebar(argv: list) -> View:
    """Draw the corpus box and the filters in the sidebar, mirror them in the URL, and return the view."""
    default = corpus_from_args(argv, os.environ)
    if CORPUS_KEY not in st.session_state:
        st.session_state[CORPUS_KEY] = st.query_params.get(CORPUS_KEY, default)
        _set_filters(from_params(st.query_params))
    folder = st.sidebar.text_input("Corpus folder", key=CORPUS_KEY, on_change=_set_filters, args=(Filters(),),
                                   help="Folder of German article .txt files (and an optional manifest.csv).")
    claims, articles, errors = load_corpus(folder, fingerprint(folder))
    filters = _filter_widgets(claims, articles)
    params = to_params(filters) | ({CORPUS_KEY: folder} if folder != default else {})
    if {k: st.query_params.get_all(k) for k in st.query_params} != {k: _as_list(v) for k, v in params.items()}:
        st.query_params.from_dict(params)
    st.session_state["_view"] = View(claims, apply_filters(claims, filters), articles, errors, folder)
    return st.session_state["_view"]


def view() -> View:
    """Return the view that the entry script's sidebar computed for this run."""
    return st.session_state["_view"]


def _set_filters(filters: Filters) -> None:
    for name, key in LIST_KEYS.items():
        st.session_state[key] = list(getattr(filters, name))
    st.session_state[DATES_KEY] = tuple(d for d in (filters.date_from, filters.date_to) if d) or None


def _filter_widgets(claims: pd.DataFrame, articles: dict) -> Filters:
    by_date = sorted(articles.values(), key=lambda a: (a.published or dt.date.min, a.article_id))
    options = {
        "sources": sorted(source(claims).unique()),
        "categories": [c for c in CATEGORIES if c in set(claims["category"].dropna().astype(str))],
        "articles": [a.article_id for a in by_date],
        "qualifiers": [q for q in QUALIFIERS if q in set(claims["qualifier"].dropna().astype(str))],
    }
    labels = {"sources": ("Source", str), "categories": ("Category", _pretty), "qualifiers": ("Qualifier", _pretty),
              "articles": ("Article", lambda a: article_label(articles[a]))}
    chosen = {}
    for name, key in LIST_KEYS.items():
        st.session_state[key] = [v for v in st.session_state.get(key, []) if v in options[name]]
        label, shown_as = labels[name]
        chosen[name] = st.sidebar.multiselect(label, options[name], key=key, format_func=shown_as,
                                              placeholder="All")
    return Filters(**chosen, **_date_widget(claim_date(claims).dropna()))


def _date_widget(dates: pd.Series) -> dict:
    if dates.empty:
        return {}
    first, last = dates.min().date(), dates.max().date()
    if not st.session_state.get(DATES_KEY):
        st.session_state[DATES_KEY] = (first, last)
    picked = tuple(st.sidebar.date_input("Claim dates", key=DATES_KEY, format="YYYY-MM-DD",
                                         help="The claim's stated period where given, else the article's date."))
    start, end = (picked + (None, None))[:2]
    return {"date_from": start if start and start > first else None, "date_to": end if end and end < last else None}


def _as_list(value) -> list:
    return [value] if isinstance(value, str) else list(value)


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
        st.info(f"No articles were found in `{current.corpus}`. Choose another corpus folder in the sidebar.")
    elif current.claims.empty:
        st.info(f"No troop figures were found in the {len(current.articles)} articles of `{current.corpus}`.")
    else:
        st.info("No claims match the filters in the sidebar. Remove a filter to see claims again.")
    return True


def selected_claim(event) -> str | None:
    """Return the claim id of the first point selected in a plotly chart event, or None."""
    points = event["selection"]["points"] if event else []
    return str(points[0]["customdata"][0]) if points else None


def claim_panel(current: View, claim_id: str | None) -> None:
    """Show a claim's German sentence with its figure marked, the sentences around it, its article and fields."""
    match = current.claims[current.claims["claim_id"] == claim_id]
    if match.empty:
        st.caption("Click a point on the chart to read the sentence it comes from.")
        return
    claim = match.iloc[0]
    article = current.articles.get(str(claim["article_id"]))
    if article is None:
        st.warning(f"The article of claim {claim_id} is no longer in the corpus.")
        return
    st.markdown(f"**{html.escape(article.title or article.article_id)}**")
    st.caption(" · ".join(str(x) for x in (article.outlet, article.published) if x) or "no outlet or date")
    if article.url:
        st.link_button("Open the article", article.url)
    before, after = neighbours(article, int(claim["sentence_start"]), int(claim["sentence_end"]))
    st.html(passage_html(article.raw, claim, before, after))
    fields = pd.DataFrame({"field": _FIELDS, "value": [_plain(claim[f]) for f in _FIELDS]})
    st.dataframe(fields, hide_index=True, width="stretch")


def _plain(value) -> str:
    return "" if pd.isna(value) else value.date().isoformat() if isinstance(value, pd.Timestamp) else str(value)


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
    """Return the article's raw text as escaped HTML with every extracted figure in <mark>."""
    raw, cursor, parts = article.raw, article.body_start, []
    for _, claim in claims.dropna(subset=["figure_start", "figure_end"]).sort_values("figure_start").iterrows():
        start, end = int(claim["figure_start"]), int(claim["figure_end"])
        if start < cursor or end > len(raw):
            continue
        tip = html.escape(f"{_pretty(str(claim['category']))} · {claim['qualifier']} · {claim['claimant']}")
        parts += [html.escape(raw[cursor:start]), f'<mark title="{tip}">{html.escape(raw[start:end])}</mark>']
        cursor = end
    parts.append(html.escape(raw[cursor:]))
    return ('<div lang="de" class="article-text" style="white-space:pre-line;line-height:1.55;max-height:40em;'
            f'overflow-y:auto;border:1px solid #ddd;border-radius:6px;padding:.8em">{"".join(parts)}</div>')


def _text(piece: str) -> str:
    return html.escape(re.sub(r"\s+", " ", piece), quote=False)


def neighbours(article, start: int, end: int) -> tuple:
    """Return the (reflowed) sentences just before and just after the raw span [start, end) of an article."""
    before = after = ""
    for sentence_start, sentence_end, text in _sentences(article):
        if sentence_end <= start:
            before = text
        elif sentence_start >= end:
            return before, text
    return before, after


def _sentences(article):
    flow = article.flow
    for p_start, p_end in flow.paragraphs:
        cut = p_start
        for match in _SENTENCE_END.finditer(flow.text, p_start, p_end):
            stop = match.end() - len(match.group()) + len(match.group().rstrip())
            yield *flow.to_raw_span(cut, stop), flow.text[cut:stop]
            cut = match.end()
        if cut < p_end:
            yield *flow.to_raw_span(cut, p_end), flow.text[cut:p_end]

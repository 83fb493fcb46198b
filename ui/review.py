"""The analyst's review in the dashboard: confirm, correct or reject the claim in the panel, add a missed figure,
undo this session's last decision. Every decision goes to the corpus's reviews.csv (core/reviews.py)."""
import datetime as dt
import re

import pandas as pd
import streamlit as st

from core.errors import ArticleError
from core.reviews import REJECT_REASONS, digest, record, undo_last
from core.schema import CATEGORIES, QUALIFIERS
from core.sources import source_name

_MINE, _NOTICE = "review_mine", "review_notice"  # this session's decision ids (for undo); the last notice
FOCUS = "review_focus"  # the claim last reviewed: its panel stays open when the chart redraws without a selection
_NEW_SOURCE = "another source…"
_FIELDS = ("category", "value", "low", "high", "qualifier", "claimant")


def controls(current, claim, key: str) -> None:
    """Confirm, Correct and Reject for one claim (a row of current.claims), and Undo for this session's last one."""
    article = current.articles.get(str(claim["article_id"]))
    if article is None or not current.corpus:
        return
    seen = {**claim.to_dict(), "digest": digest(article.raw)}
    st.caption(f"Review status: {str(claim['status']).replace('_', ' ')}")
    row = st.container(horizontal=True)  # buttons at their own width, wrapping in a narrow panel
    if row.button("Confirm", key=f"{key}_confirm", icon=":material/check:"):
        _save(current.corpus, "confirm", seen, _values(claim))
    with row.popover("Correct", icon=":material/edit:"):
        changed = _correction_form(current, claim, f"{key}_correct")
        if changed is not None:
            _save(current.corpus, "correct", seen, changed)
    with row.popover("Reject", icon=":material/block:"):
        reason = st.selectbox("Why is this no claim?", REJECT_REASONS, key=f"{key}_reason")
        if st.button("Reject the claim", key=f"{key}_reject"):
            _save(current.corpus, "reject", seen, {}, reason)
    if st.session_state.get(_MINE) and row.button("Undo my last", key=f"{key}_undo", icon=":material/undo:"):
        _undo(current.corpus)
    _show_notice()


def _values(claim) -> dict:
    values = {name: claim[name] for name in _FIELDS if pd.notna(claim[name])}
    return {name: float(v) if name in ("value", "low", "high") else str(v) for name, v in values.items()}


def _correction_form(current, claim, key: str) -> dict | None:
    """The fields of a correction: return those the analyst changed when the form is sent, else None."""
    with st.form(key, border=False):
        fields = _field_inputs(current, claim, key)
        sent = st.form_submit_button("Save the correction")
    if not sent:
        return None
    before = _values(claim) | {"claim_date": None}
    return {name: value for name, value in fields.items() if value != before.get(name)}


def _field_inputs(current, claim, key: str) -> dict:
    """Inputs for category, value, bounds, qualifier, claimant and claim date, starting at `claim`'s (or empty)."""
    def number(label, name):
        value = claim.get(name) if claim is not None else None
        return st.number_input(label, value=None if value is None or pd.isna(value) else float(value), min_value=0.0,
                               step=1.0, format="%.0f", key=f"{key}_{name}")

    category = st.selectbox("Category", CATEGORIES, key=f"{key}_category",
                            index=CATEGORIES.index(claim["category"]) if claim is not None else 0)
    left, middle, right = st.columns(3)
    with left:
        value = number("Value", "value")
    with middle:
        low = number("Low", "low")
    with right:
        high = number("High", "high")
    qualifier = st.selectbox("Qualifier", QUALIFIERS, key=f"{key}_qualifier",
                             index=QUALIFIERS.index(claim["qualifier"]) if claim is not None else 0)
    known = sorted(str(k) for k in current.claims["claimant"].dropna().unique())
    options = known + [_NEW_SOURCE]
    at = options.index(str(claim["claimant"])) if claim is not None and str(claim["claimant"]) in known else 0
    claimant = st.selectbox("Source", options, index=at, key=f"{key}_claimant",
                            format_func=lambda k: k if k == _NEW_SOURCE else f"{source_name(k)} ({k})")
    if claimant == _NEW_SOURCE:
        claimant = re.sub(r"[^a-z0-9_]+", "_", st.text_input("New source key", key=f"{key}_new").lower()).strip("_")
    when = st.date_input("Claim date", value=None, format="YYYY-MM-DD", key=f"{key}_date",
                         help="When the claim applies; leave empty to keep the date the extractor found.")
    fields = {"category": category, "value": value, "low": low, "high": high, "qualifier": qualifier,
              "claimant": claimant or "unattributed", "claim_date": when.isoformat() if when else None}
    return {name: v for name, v in fields.items() if v is not None}


def add_form(current, article) -> None:
    """Add a claim for a figure the extractor missed: its text as printed, which occurrence, then its fields."""
    if not current.corpus:
        return
    key = f"review_add_{article.article_id}"
    figure = st.text_input("Figure as printed in the article (e.g. 3.000 or rund 300)", key=f"{key}_figure")
    places = [m.start() for m in re.finditer(re.escape(figure), article.raw)
              if m.start() >= article.body_start] if figure.strip() else []
    if figure.strip() and not places:
        st.warning("That text is not in the article.")
    if not places:
        return
    at = st.selectbox("Where", places, key=f"{key}_where", format_func=lambda k: _context(article.raw, k, figure))
    with st.form(f"{key}_form", border=False):
        fields = _field_inputs(current, None, key)
        sent = st.form_submit_button("Add the claim")
    if sent:
        end = at + len(figure)
        claim = {"claim_id": f"{article.article_id}:{at}-{end}", "article_id": article.article_id,
                 "digest": digest(article.raw), "figure_text": figure, "figure_start": at, "figure_end": end}
        _save(current.corpus, "add", claim, fields)
    _show_notice()


def _context(raw: str, at: int, figure: str) -> str:
    before, after = raw[max(0, at - 40) : at], raw[at + len(figure) : at + len(figure) + 40]
    return " ".join(f"…{before}[{figure}]{after}…".split())


def _save(folder: str, action: str, claim: dict, fields: dict, reason: str = "") -> None:
    try:
        decision = record(folder, action, claim, fields, reason)
    except (ArticleError, ValueError) as exc:
        st.session_state[_NOTICE] = ("error", f"Not saved: {exc}")
        return
    st.session_state.setdefault(_MINE, []).append(decision["decision"])
    st.session_state[FOCUS] = claim["claim_id"]
    done = {"confirm": "Confirmed", "correct": "Corrected", "reject": "Rejected", "add": "Added"}[action]
    st.session_state[_NOTICE] = ("success", f"{done} «{claim['figure_text']}» at {_at()}; saved in reviews.csv.")
    st.rerun()


def _undo(folder: str) -> None:
    try:
        undone = undo_last(folder, st.session_state.get(_MINE, []))
    except ArticleError as exc:
        st.session_state[_NOTICE] = ("error", f"Not undone: {exc}")
        return
    if undone:
        st.session_state[_MINE].remove(undone["undoes"])
    st.session_state[_NOTICE] = ("success", "Your last decision was taken back." if undone else "Nothing to undo.")
    st.rerun()


def _at() -> str:
    return dt.datetime.now().strftime("%H:%M")


def _show_notice() -> None:
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        from ui.common import md  # noqa: PLC0415 (common imports this module)

        (st.success if notice[0] == "success" else st.error)(md(notice[1]))


def progress(claims: pd.DataFrame, labels: dict) -> pd.DataFrame:
    """Review progress per article: its label, claims reviewed (any status but auto), claims."""
    reviewed = claims["status"].ne("auto").fillna(False)
    table = reviewed.groupby(claims["article_id"].astype(str)).agg(["sum", "size"])
    return pd.DataFrame({"article": [labels.get(a, a) for a in table.index], "reviewed": table["sum"].astype(int),
                         "claims": table["size"].astype(int)}).sort_values("reviewed", ascending=False)


def orphan_table(orphans: list) -> pd.DataFrame:
    """The review decisions that no longer apply: article, figure, decision, when, why."""
    return pd.DataFrame([{"article": d["article_id"], "figure": d["figure_text"], "decision": d["action"],
                          "made": str(d["time"])[:16].replace("T", " "), "why": reason} for d, reason in orphans],
                        columns=["article", "figure", "decision", "made", "why"])

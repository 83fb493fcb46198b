"""The analyst's review of a corpus: confirm, correct, reject and add claims, kept in `reviews.csv` in its folder.

One row per decision, appended under the corpus lock and never changed: an undo is a decision of its own that
takes back the one before it. After every extraction the decisions are applied again, so a new extractor version
keeps the analyst's work. A decision names its claim by id and by the figure's text and offsets in an article
whose content digest it records; when the article changed, the figure is looked for again near its old place,
and a decision whose figure is gone is an orphan, listed, never dropped.
"""
import csv
import datetime as dt
import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from core.articles import REVIEWS, sentence_at
from core.corpus import atomic_write, corpus_lock
from core.schema import CATEGORIES, QUALIFIERS, coerce

ACTIONS = ("confirm", "correct", "reject", "add", "undo")
STATUS = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected", "add": "added"}
REJECT_REASONS = ("not about these troops", "duplicate", "wrong figure", "other")
FIELDS = ("category", "value", "low", "high", "qualifier", "claimant", "claim_date")
COLUMNS = ("decision", "time", "action", "claim_id", "article_id", "digest", "figure_text", "figure_start",
           "figure_end", "fields", "reason", "undoes")
_REACH = 2000  # characters around its old place where a figure is looked for in a changed article
_FIELDS_OF_ROW = FIELDS[:-1]  # all but claim_date, which sets the period
_GONE = {True: "its article is no longer in the corpus", False: "its figure is no longer in the text"}


@dataclass
class Reviews:
    """A corpus's decisions in the order they were made, and the rows that could not be read."""

    decisions: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # (line, reason)

    def effective(self) -> list:
        """The decisions that stand: not undone, the latest per claim."""
        undone = {d["undoes"] for d in self.decisions if d["action"] == "undo"}
        latest = {}
        for d in self.decisions:
            if d["action"] != "undo" and d["decision"] not in undone:
                latest[d["claim_id"]] = d
        return list(latest.values())


def digest(text: str) -> str:
    """The content digest a decision records for its article's text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def read_reviews(folder) -> Reviews:
    """The decisions of `folder`/reviews.csv; a file or row that cannot be read is a problem, never an exception."""
    path = Path(folder) / REVIEWS
    if not path.is_file():
        return Reviews()
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return Reviews(problems=[(0, f"{REVIEWS} cannot be read ({exc}); the claims load unreviewed")])
    if rows and set(COLUMNS) - set(rows[0]):
        missing = ", ".join(sorted(set(COLUMNS) - set(rows[0])))
        return Reviews(problems=[(1, f"{REVIEWS} lacks the columns {missing}; the claims load unreviewed")])
    reviews = Reviews()
    for line, row in enumerate(rows, start=2):
        try:
            reviews.decisions.append(_decision(row))
        except (ValueError, TypeError) as exc:
            reviews.problems.append((line, f"{REVIEWS} line {line} ignored: {exc}"))
    return reviews


def _decision(row: dict) -> dict:
    if row["action"] not in ACTIONS:
        raise ValueError(f"unknown action {row['action']!r}")
    fields = json.loads(row["fields"] or "{}")
    if not isinstance(fields, dict) or set(fields) - set(FIELDS):
        raise ValueError(f"unknown fields {sorted(set(fields) - set(FIELDS))}")
    if fields.get("category") not in (None, *CATEGORIES) or fields.get("qualifier") not in (None, *QUALIFIERS):
        raise ValueError("category or qualifier not in the schema")
    start, end = (int(row[k]) if row[k] else None for k in ("figure_start", "figure_end"))
    return {**row, "fields": fields, "figure_start": start, "figure_end": end}


def record(folder, action: str, claim: dict, fields: dict | None = None, reason: str = "",
           undoes: str = "") -> dict:
    """Append one decision about `claim` (claim_id, article_id, digest, figure_text, figure_start, figure_end) to
    the corpus's reviews.csv under its lock; return it."""
    if action not in ACTIONS:
        raise ValueError(f"action must be one of {', '.join(ACTIONS)}")
    fields = {k: _plain(v) for k, v in (fields or {}).items()}
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"not reviewable: {', '.join(sorted(unknown))}")
    now = dt.datetime.now(dt.timezone.utc)
    row = {"decision": f"{now:%Y%m%dT%H%M%S%f}-{digest(repr(claim) + action)[:6]}", "time": now.isoformat(),
           "action": action, **{k: claim.get(k, "") for k in ("claim_id", "article_id", "digest", "figure_text")},
           "figure_start": claim.get("figure_start", ""), "figure_end": claim.get("figure_end", ""),
           "fields": json.dumps(fields, ensure_ascii=False, sort_keys=True), "reason": reason, "undoes": undoes}
    path = Path(folder) / REVIEWS
    with corpus_lock(folder):  # appended as a whole new file: another session's row is never lost or torn
        old = path.read_bytes() if path.is_file() else b""
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        if not old:
            writer.writeheader()
        writer.writerow(row)
        atomic_write(path, old + (b"" if not old or old.endswith(b"\n") else b"\n") + out.getvalue().encode("utf-8"))
    return _decision({k: str(v) for k, v in row.items()})


def undo_last(folder, session_decisions: list) -> dict | None:
    """Take back the last of `session_decisions` (ids) that still stands; return the undo decision, or None."""
    standing = {d["decision"]: d for d in read_reviews(folder).effective()}
    last = next((standing[d] for d in reversed(session_decisions) if d in standing), None)
    if last is None:
        return None
    return record(folder, "undo", last, undoes=last["decision"])


def _plain(value):
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.isoformat()[:10]
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def apply_reviews(frame: pd.DataFrame, articles: dict, reviews: Reviews) -> tuple:
    """Return (the claims with every standing decision applied and a `status` for each, orphans): a correction
    overrides fields, a rejection keeps the row with status rejected, an addition adds one; `articles` maps ids
    to Articles. An orphan is (decision, reason) for a decision whose figure is no longer in its article."""
    claims = frame.assign(status="auto")
    position = pd.Series(range(len(claims)), index=claims["claim_id"].astype(str))
    decided, orphans = {}, []  # claim id -> its row with the decision applied; only these rows are rebuilt
    for decision in reviews.effective():
        article = articles.get(decision["article_id"])
        span = _anchor(article, decision) if article is not None else None
        if span is None:
            orphans.append((decision, _GONE[article is None]))
            continue
        claim_id = f"{decision['article_id']}:{span[0]}-{span[1]}"
        row = decided.get(claim_id)
        if row is None:
            known = claim_id in position
            row = claims.iloc[position[claim_id]].to_dict() if known else _new_row(article, span, claim_id)
        decided[claim_id] = _decided(row, decision)
    if not decided:
        return coerce(claims), orphans
    kept = claims[~claims["claim_id"].astype(str).isin(list(decided))]
    out = pd.concat([kept, pd.DataFrame(list(decided.values()))], ignore_index=True)
    return coerce(out.sort_values(["article_id", "figure_start"], kind="stable")), orphans


def _anchor(article, decision: dict) -> tuple | None:
    """The figure's (start, end) in the article as it is now: where it was if the text is unchanged, else the
    occurrence of its text nearest its old place."""
    text, start = decision["figure_text"], decision["figure_start"]
    if start is None or not text:
        return None
    if digest(article.raw) == decision["digest"] and article.raw[start : start + len(text)] == text:
        return start, start + len(text)
    found = [m.start() for m in re.finditer(re.escape(text), article.raw)
             if abs(m.start() - start) <= _REACH and m.start() >= article.body_start]
    nearest = min(found, key=lambda k: abs(k - start), default=None)
    return (nearest, nearest + len(text)) if nearest is not None else None


def _decided(row: dict, decision: dict) -> dict:
    fields = decision["fields"]
    row = {**row, **{k: fields[k] for k in _FIELDS_OF_ROW if k in fields}}
    if fields.get("claim_date"):
        day = pd.Timestamp(fields["claim_date"])
        row.update(period_start=day, period_end=day, date_basis="reviewed")
    row["status"] = STATUS[decision["action"]]
    row["why"] = f"{row.get('why') or ''} · review:{row['status']}".lstrip(" ·")
    return row


def _new_row(article, span: tuple, claim_id: str) -> dict:
    """A claim row for a figure the extractor did not find, with its sentence; the decision fills its fields."""
    sentence_start, sentence_end, sentence = sentence_at(article, *span)
    published = pd.Timestamp(article.published) if article.published else pd.NaT
    return {"claim_id": claim_id, "article_id": article.article_id, "title": article.title, "outlet": article.outlet,
            "url": article.url, "published": published, "category": None, "value": None, "low": None, "high": None,
            "qualifier": "exact", "claimant": "unattributed", "claimant_text": "", "period_start": published,
            "period_end": published, "date_basis": article.published_basis, "sentence": sentence,
            "figure_text": article.raw[span[0] : span[1]], "figure_start": span[0], "figure_end": span[1],
            "sentence_start": sentence_start, "sentence_end": sentence_end, "base_claim_id": None, "why": ""}


def review_corpus(frame: pd.DataFrame, articles: list) -> tuple:
    """Apply the reviews.csv of every folder the `articles` come from; return (claims, orphans, problems)."""
    by_id = {a.article_id: a for a in articles}
    folders = sorted({str(Path(a.path).parent) for a in articles if a.path})
    decisions, problems = [], []
    for folder in folders:
        reviews = read_reviews(folder)
        decisions += reviews.decisions
        problems += [(str(Path(folder) / REVIEWS), reason) for _, reason in reviews.problems]
    claims, orphans = apply_reviews(frame, by_id, Reviews(decisions))
    return claims, orphans, problems


GOLD_COLUMNS = ("article_id", "snippet", "category", "value", "low", "high", "qualifier", "claimant", "tier", "note",
                "claim_date")


def as_gold(claims: pd.DataFrame) -> pd.DataFrame:
    """The reviewed claims (confirmed, corrected, added) as a gold file of ../shared/gold/README.md: each sentence
    is its own snippet, every row core, the claim date its stated or reviewed period, else the article's date."""
    kept = claims[claims["status"].isin(["confirmed", "corrected", "added"])]
    stated = kept["date_basis"].isin(["stated", "reviewed"]) & kept["period_start"].notna()
    when = kept["period_start"].where(stated, kept["published"])
    return pd.DataFrame({
        "article_id": kept["article_id"].astype(str),
        "snippet": [" ".join(str(s).split()) for s in kept["sentence"]],
        "category": kept["category"].astype(str), "value": kept["value"], "low": kept["low"], "high": kept["high"],
        "qualifier": kept["qualifier"].astype(str), "claimant": kept["claimant"].astype(str), "tier": "core",
        "note": [f"reviewed: {status}" for status in kept["status"]],
        "claim_date": [w.date().isoformat() if pd.notna(w) else "" for w in when],
    }, columns=list(GOLD_COLUMNS))

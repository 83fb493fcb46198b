"""Score a claims frame against a gold file by the matching rules of the gold README."""
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from core.errors import ArticleError

GOLD_COLUMNS = ("article_id", "snippet", "category", "value", "low", "high", "qualifier", "claimant", "tier")
SCORED_TIERS = ("core", "hard")


@dataclass
class Score:
    """Evaluation result: the four rates plus the rows behind them."""

    precision: float
    recall: float
    claimant_accuracy: float
    qualifier_accuracy: float
    misses: pd.DataFrame = field(repr=False)
    false_claims: pd.DataFrame = field(repr=False)
    predictions: pd.DataFrame = field(default=None, repr=False)  # every prediction, to explain a miss by its neighbours
    wrong_claimant: list = field(default_factory=list, repr=False)
    wrong_qualifier: list = field(default_factory=list, repr=False)
    date_accuracy: float | None = None  # of matched gold rows with a claim_date; None when the gold has none
    dated: int = 0  # matched gold rows with a claim_date
    wrong_date: list = field(default_factory=list, repr=False)


def read_gold(path) -> pd.DataFrame:
    """Read a gold CSV; raise ArticleError naming the file when it is missing or lacks columns."""
    path = Path(path)
    try:
        gold = pd.read_csv(path, dtype={"article_id": str, "snippet": str}, keep_default_na=False, na_values=[""])
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ArticleError(f"{path}: cannot read gold file: {exc}") from None
    missing = [c for c in GOLD_COLUMNS if c not in gold.columns]
    if missing:
        raise ArticleError(f"{path}: gold file lacks columns {', '.join(missing)}")
    for column in ("value", "low", "high"):
        gold[column] = pd.to_numeric(gold[column], errors="coerce")
    return gold


def fold(text: str) -> str:
    """Fold every run of white space into one space."""
    return re.sub(r"\s+", " ", str(text)).strip()


def _alternatives(cell) -> set:
    return {part.strip() for part in str(cell).split("|")} if isinstance(cell, str) else set()


def _same(a, b) -> bool:
    a_missing, b_missing = a is None or pd.isna(a), b is None or pd.isna(b)
    if a_missing or b_missing:
        return a_missing and b_missing
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-6)


def matches(gold_row, pred_row) -> bool:
    """Rule of the gold README: same article, snippet in sentence, category allowed, same value (or bounds)."""
    if str(pred_row["article_id"]) != gold_row["article_id"]:
        return False
    if fold(gold_row["snippet"]) not in fold(pred_row["sentence"]):
        return False
    if str(pred_row["category"]) not in _alternatives(gold_row["category"]):
        return False
    if gold_row["qualifier"] == "range" or pd.isna(gold_row["value"]):
        return _same(gold_row["low"], pred_row["low"]) and _same(gold_row["high"], pred_row["high"])
    return _same(gold_row["value"], pred_row["value"])


def claim_month(pred_row) -> str:
    """The month a prediction dates its claim to (its period's start, else the article's date), 'YYYY-MM' or ''."""
    when = pred_row["period_start"] if pd.notna(pred_row["period_start"]) else pred_row["published"]
    return pd.Timestamp(when).strftime("%Y-%m") if pd.notna(when) else ""


def _gold_month(cell) -> str:
    return str(cell).strip()[:7] if isinstance(cell, str) and cell.strip() else ""


def _max_matching(gold: pd.DataFrame, pred: pd.DataFrame, free: set) -> dict:
    """Maximum one-to-one matching (gold index -> prediction index) among predictions in `free`."""
    options = {g: [p for p in free if matches(gold.loc[g], pred.loc[p])] for g in gold.index}
    owner: dict = {}

    def augment(g, seen):
        for p in options[g]:
            if p in seen:
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in gold.index:
        augment(g, set())
    return {g: p for p, g in owner.items()}


def evaluate(frame: pd.DataFrame, gold: pd.DataFrame) -> Score:
    """Score predictions in `frame` against `gold`."""
    pred = frame.reset_index(drop=True)
    scored = gold[gold["tier"].isin(SCORED_TIERS)]
    optional = gold[~gold["tier"].isin(SCORED_TIERS)]
    pairs = _max_matching(scored, pred, set(pred.index))
    optional_pairs = _max_matching(optional, pred, set(pred.index) - set(pairs.values()))
    denominator = len(pred) - len(optional_pairs)
    wrong_claimant = [(g, p) for g, p in pairs.items() if str(pred.loc[p, "claimant"]) not in _alternatives(gold.loc[g, "claimant"])]
    wrong_qualifier = [(g, p) for g, p in pairs.items() if str(pred.loc[p, "qualifier"]) not in _alternatives(gold.loc[g, "qualifier"])]
    used = set(pairs.values()) | set(optional_pairs.values())
    months = gold["claim_date"].map(_gold_month) if "claim_date" in gold else pd.Series("", index=gold.index)
    dated = [(g, p) for g, p in pairs.items() if months[g]]
    wrong_date = [(g, p) for g, p in dated if claim_month(pred.loc[p]) != months[g]]
    return Score(
        precision=len(pairs) / denominator if denominator else 1.0,
        recall=len(pairs) / len(scored) if len(scored) else 1.0,
        claimant_accuracy=1 - len(wrong_claimant) / len(pairs) if pairs else 1.0,
        qualifier_accuracy=1 - len(wrong_qualifier) / len(pairs) if pairs else 1.0,
        misses=scored.loc[[g for g in scored.index if g not in pairs]],
        predictions=pred,
        false_claims=pred.loc[[p for p in pred.index if p not in used]],
        wrong_claimant=[(gold.loc[g], pred.loc[p]) for g, p in wrong_claimant],
        wrong_qualifier=[(gold.loc[g], pred.loc[p]) for g, p in wrong_qualifier],
        date_accuracy=1 - len(wrong_date) / len(dated) if dated else None,
        dated=len(dated),
        wrong_date=[(gold.loc[g], pred.loc[p]) for g, p in wrong_date],
    )


def _why(pred_row) -> str:
    return str(pred_row.get("why", "")) if pd.notna(pred_row.get("why", "")) else ""


def _in_sentence(pred: pd.DataFrame | None, gold_row) -> pd.DataFrame:
    """The predictions whose sentence holds a gold row's snippet: what the extractor made of a missed claim."""
    if pred is None or pred.empty:
        return pd.DataFrame()
    snippet = fold(gold_row["snippet"])
    same = pred[pred["article_id"].astype(str) == gold_row["article_id"]]
    return same[[snippet in fold(sentence) for sentence in same["sentence"]]]


def report(score: Score) -> str:
    """A readable report: the four rates, then every miss, false claim and wrong field with its sentence."""
    lines = [
        f"precision {score.precision:.3f}  recall {score.recall:.3f}  "
        f"claimant accuracy {score.claimant_accuracy:.3f}  qualifier accuracy {score.qualifier_accuracy:.3f}",
        f"date accuracy {score.date_accuracy:.3f} (month, of {score.dated} matched claims the gold dates)"
        if score.date_accuracy is not None else "date accuracy: the gold has no claim_date",
    ]
    for _, g in score.misses.iterrows():
        lines.append(f"MISS  {g['article_id']}: {g['category']} {g['value']} [{g['claimant']}] «{g['snippet']}»"
                     + "".join(f"\n      there: {p['category']} {p['value']} «{p['figure_text']}» [{_why(p)}]"
                               for _, p in _in_sentence(score.predictions, g).iterrows()))
    for _, p in score.false_claims.iterrows():
        lines.append(f"FALSE {p['article_id']}: {p['category']} {p['value']} «{p['figure_text']}» "
                     f"in «{fold(p['sentence'])}» [{_why(p)}]")
    for g, p in score.wrong_claimant:
        lines.append(f"CLAIMANT {g['article_id']}: got {p['claimant']}, want {g['claimant']} «{g['snippet']}» "
                     f"[{_why(p)}]")
    for g, p in score.wrong_qualifier:
        lines.append(f"QUALIFIER {g['article_id']}: got {p['qualifier']}, want {g['qualifier']} «{g['snippet']}»")
    for g, p in score.wrong_date:
        lines.append(f"DATE {g['article_id']}: got {claim_month(p) or 'none'} ({p['date_basis']}), "
                     f"want {_gold_month(g['claim_date'])} «{g['snippet']}» [{_why(p)}]")
    return "\n".join(lines)

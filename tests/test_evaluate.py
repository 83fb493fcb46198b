"""Evaluation against the gold files, by the matching rules of the gold README."""
import pandas as pd
import pytest
from conftest import ROOT, SHARED

from core.articles import load_articles
from core.evaluate import evaluate, matches, read_gold, report
from core.extract import extract_claims
from core.errors import ArticleError

GOLD = SHARED / "gold"


def _score(paths, gold):
    return evaluate(extract_claims(load_articles(paths)[0]), read_gold(gold))


def test_seed_gold_is_met_exactly():
    score = _score([ROOT / "seeds"], GOLD / "seed_claims.csv")
    assert (score.precision, score.recall, score.claimant_accuracy, score.qualifier_accuracy) == (1, 1, 1, 1)
    assert score.date_accuracy >= 0.95 and score.dated == 17


def test_development_set():
    score = _score([GOLD / "dev"], GOLD / "dev_claims.csv")
    assert score.precision >= 0.95 and score.recall >= 0.95 and score.claimant_accuracy >= 0.90
    assert score.date_accuracy >= 0.95


def test_date_accuracy_compares_months_and_reports_each_wrong_date():
    frame = pd.DataFrame([{**_pred(), "period_start": pd.Timestamp("2025-01-20"), "published": pd.Timestamp("2025-02-11"),
                           "date_basis": "stated", "figure_text": "300"},
                          {**_pred(article_id="b"), "period_start": pd.NaT, "published": pd.Timestamp("2025-02-11"),
                           "date_basis": "published", "figure_text": "300"}])
    gold = pd.DataFrame([{**_gold(), "claim_date": "2025-01-13"}, {**_gold(article_id="b"), "claim_date": "2025-01"},
                         {**_gold(article_id="c"), "claim_date": ""}])
    score = evaluate(frame, gold)
    assert (score.date_accuracy, score.dated) == (0.5, 2)
    assert "DATE b: got 2025-02 (published), want 2025-01" in report(score)


def _gold(**fields):
    row = {"article_id": "a", "snippet": "rund 300 Soldaten", "category": "killed|killed_or_wounded", "value": 300.0,
           "low": None, "high": None, "qualifier": "approx", "claimant": "nis", "tier": "core"}
    return pd.Series({**row, **fields})


def _pred(**fields):
    row = {"article_id": "a", "sentence": "Laut NIS sind rund  300\nSoldaten gefallen.", "category": "killed", "value": 300.0,
           "low": None, "high": None, "qualifier": "approx", "claimant": "nis"}
    return pd.Series({**row, **fields})


def test_matching_rules():
    assert matches(_gold(), _pred())  # white space folded, category among alternatives
    assert not matches(_gold(), _pred(article_id="b"))
    assert not matches(_gold(), _pred(category="wounded"))
    assert not matches(_gold(), _pred(value=301.0))
    ranged = _gold(qualifier="range", value=350.0, low=300.0, high=400.0)
    assert matches(ranged, _pred(value=350.0, low=300.0, high=400.0))
    assert not matches(ranged, _pred(value=350.0, low=300.0, high=450.0))


def test_optional_rows_neither_count_nor_cost():
    gold = pd.DataFrame([_gold(tier="optional")])
    pred = pd.DataFrame([_pred()])
    score = evaluate(pred, gold)
    assert score.precision == 1.0 and score.false_claims.empty


def test_gold_file_with_wrong_columns(tmp_path):
    bad = tmp_path / "gold.csv"
    bad.write_text("article_id,snippet\na,b\n", encoding="utf-8")
    with pytest.raises(ArticleError, match="lacks columns"):
        read_gold(bad)


def test_held_out_set():
    """Twenty articles written apart from the rules (tests/heldout): a guard against rules fitted to the dev set."""
    score = _score([ROOT / "tests/heldout"], ROOT / "tests/heldout_claims.csv")
    assert score.precision >= 0.95 and score.recall >= 0.9 and score.claimant_accuracy >= 0.85
    assert score.date_accuracy >= 0.85


def test_second_blind_held_out_set():
    """Twenty more articles in the styles of real outlets, written blind to the rules (tests/heldout2)."""
    score = _score([ROOT / "tests/heldout2"], ROOT / "tests/heldout2_claims.csv")
    assert score.precision >= 0.9 and score.recall >= 0.9 and score.claimant_accuracy >= 0.85
    assert score.date_accuracy >= 0.85


# (set, floor of precision, recall and claimant accuracy, floor of date accuracy). Held-out 9 has a 2026 look-back
# whose own date stands only in its text ('Heute, im Februar 2026') and pieces dated by their last line.
@pytest.mark.parametrize("name, floor, dates", [
    ("heldout3", 0.9, 0.95), ("heldout4", 0.9, 0.95), ("heldout5", 0.85, 0.9), ("heldout6", 0.8, 0.85),
    ("heldout7", 0.8, 0.85), ("heldout8", 0.85, 0.8), ("heldout9", 0.85, 0.45), ("heldout10", 0.8, 0.85),
    ("heldout11", 0.85, 0.95)])
def test_later_blind_held_out_sets(name, floor, dates):
    """A hundred and eighty more articles in further outlet styles, as saved from the web, in forms such as press
    reviews, transcripts, fact-checks, analyses, lists and tables, live tickers and tabloids, wire copy that
    relays sources, pieces where the troops are one topic among many, and headline-heavy agency copy with
    impersonal frames and relayed foreign reports (tests/heldout3 to 11), written blind to
    the rules: a guard that later rules keep what the general fixes for them gained. Held-out 6 names some unlisted
    sources by role ('expert') and held-out 7 by the institute behind a named researcher, which no rule can
    know, hence their lower floors."""
    score = _score([ROOT / "tests" / name], ROOT / f"tests/{name}_claims.csv")
    assert min(score.precision, score.recall, score.claimant_accuracy) >= floor
    assert score.date_accuracy >= dates

"""The analyst's review (core/reviews.py): decisions kept in reviews.csv and applied after every extraction."""
import shutil
import threading
from pathlib import Path

import pandas as pd
import pytest

from core.articles import load_articles
from core.extract import extract_claims
from core.reviews import REVIEWS, apply_reviews, digest, read_reviews, record, undo_last

TEXT = """Nordkoreas Verluste in Kursk

Laut NIS sind rund 300 Soldaten gefallen. Die Ukraine spricht von 2.700 Verwundeten.

Im März schickte Pjöngjang weitere 3.000 Soldaten, sagte ein Sprecher in Seoul.
"""


@pytest.fixture
def corpus(tmp_path) -> Path:
    (tmp_path / "bericht.txt").write_text("---\npublished: 2025-02-11\n---\n" + TEXT, encoding="utf-8")
    return tmp_path


def load(folder: Path) -> tuple:
    articles, _ = load_articles([folder])
    return extract_claims(articles), {a.article_id: a for a in articles}


def claim_of(frame: pd.DataFrame, articles: dict, figure: str) -> dict:
    row = frame[frame["figure_text"] == figure].iloc[0].to_dict()
    return {**row, "digest": digest(articles[row["article_id"]].raw)}


def reviewed(folder: Path) -> tuple:
    frame, articles = load(folder)
    return apply_reviews(frame, articles, read_reviews(folder))


def test_each_decision_sets_its_status_and_fields(corpus):
    frame, articles = load(corpus)
    record(corpus, "confirm", claim_of(frame, articles, "300"), {"category": "killed", "value": 300})
    record(corpus, "correct", claim_of(frame, articles, "2.700"), {"claimant": "ukraine", "category": "wounded",
                                                                     "claim_date": "2025-01-15"})
    record(corpus, "reject", claim_of(frame, articles, "3.000"), reason="wrong figure")
    raw = articles["bericht"].raw
    start = raw.index("Kursk")
    record(corpus, "add", {"claim_id": f"bericht:{start}-{start + 5}", "article_id": "bericht", "digest": digest(raw),
                           "figure_text": "Kursk", "figure_start": start, "figure_end": start + 5},
           {"category": "deployed", "value": 11000, "qualifier": "approx", "claimant": "nis"})
    claims, orphans = reviewed(corpus)
    status = dict(zip(claims["figure_text"], claims["status"]))
    assert status == {"Kursk": "added", "300": "confirmed", "2.700": "corrected", "3.000": "rejected"}
    corrected = claims[claims["figure_text"] == "2.700"].iloc[0]
    assert (corrected["claimant"], corrected["period_start"], corrected["date_basis"]) == (
        "ukraine", pd.Timestamp("2025-01-15"), "reviewed")
    added = claims[claims["status"] == "added"].iloc[0]
    assert (added["value"], added["sentence"], added["why"]) == (11000, "Nordkoreas Verluste in Kursk", "review:added")
    assert orphans == []


def test_a_correction_survives_a_new_extractor_version(corpus, monkeypatch):
    frame, articles = load(corpus)
    record(corpus, "correct", claim_of(frame, articles, "300"), {"category": "killed_or_wounded"})
    changed = frame.assign(category=frame["category"].cat.add_categories([]), why="cat:new_rule")
    claims, _ = apply_reviews(changed, articles, read_reviews(corpus))
    row = claims[claims["figure_text"] == "300"].iloc[0]
    assert (row["category"], row["status"], row["why"]) == ("killed_or_wounded", "corrected", "cat:new_rule · review:corrected")


def test_a_decision_follows_its_figure_when_text_is_added_before_it(corpus):
    frame, articles = load(corpus)
    record(corpus, "correct", claim_of(frame, articles, "2.700"), {"category": "killed_or_wounded"})
    path = corpus / "bericht.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("Nordkoreas Verluste", "Neu: Nordkoreas Verluste"),
                    encoding="utf-8")
    claims, orphans = reviewed(corpus)
    assert orphans == [] and claims.set_index("figure_text").at["2.700", "category"] == "killed_or_wounded"


def test_a_decision_whose_figure_is_gone_is_an_orphan(corpus):
    frame, articles = load(corpus)
    record(corpus, "confirm", claim_of(frame, articles, "2.700"))
    path = corpus / "bericht.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("2.700", "2.800"), encoding="utf-8")
    claims, orphans = reviewed(corpus)
    assert [(d["figure_text"], reason) for d, reason in orphans] == [("2.700", "its figure is no longer in the text")]
    assert set(claims["status"]) == {"auto"}


def test_the_latest_decision_on_a_claim_wins_and_undo_takes_it_back(corpus):
    frame, articles = load(corpus)
    claim = claim_of(frame, articles, "300")
    record(corpus, "correct", claim, {"value": 350})
    second = record(corpus, "reject", claim, reason="duplicate")
    assert reviewed(corpus)[0].set_index("figure_text").at["300", "status"] == "rejected"
    undo_last(corpus, [second["decision"]])
    row = reviewed(corpus)[0].set_index("figure_text").loc["300"]
    assert (row["status"], row["value"]) == ("corrected", 350)
    assert len(read_reviews(corpus).decisions) == 3  # appended, never rewritten


@pytest.mark.parametrize("content, problem", [
    (b"\xff\xfe\x00garbage", "cannot be read"),
    (b"claim_id,action\nx,confirm\n", "lacks the columns"),
])
def test_a_malformed_reviews_file_says_so_and_the_claims_load_unreviewed(corpus, content, problem):
    (corpus / REVIEWS).write_bytes(content)
    reviews = read_reviews(corpus)
    assert reviews.decisions == [] and problem in reviews.problems[0][1]
    claims, _ = reviewed(corpus)
    assert len(claims) == 3 and set(claims["status"]) == {"auto"}


def test_a_bad_row_is_skipped_with_its_line_and_the_others_apply(corpus):
    frame, articles = load(corpus)
    record(corpus, "confirm", claim_of(frame, articles, "300"))
    with (corpus / REVIEWS).open("a", encoding="utf-8") as handle:
        handle.write('x,2025,explode,a:1-2,a,d,1,1,2,{},,\n')
    reviews = read_reviews(corpus)
    assert len(reviews.decisions) == 1 and "line 3 ignored: unknown action 'explode'" in reviews.problems[0][1]


def test_two_sessions_reviewing_at_once_lose_nothing(corpus):
    frame, articles = load(corpus)
    claims = [claim_of(frame, articles, figure) for figure in ("300", "2.700", "3.000")]
    start = threading.Barrier(6)

    def review(claim):
        start.wait()
        record(corpus, "confirm", claim)

    threads = [threading.Thread(target=review, args=(claim,)) for claim in claims * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(read_reviews(corpus).decisions) == 6
    assert set(reviewed(corpus)[0]["status"]) == {"confirmed"}


def test_reviewing_every_seed_claim_as_the_gold_has_it_exports_a_gold_the_extractor_meets(tmp_path):
    """The round trip of issue 16: review by copying the seed gold, export-gold, evaluate → 1.0."""
    from conftest import ROOT, SHARED

    from core.cli import main
    from core.evaluate import evaluate, matches, read_gold

    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    corpus = tmp_path / "seeds"
    frame, articles = load(corpus)
    gold = read_gold(SHARED / "gold" / "seed_claims.csv")
    for _, claim in frame.iterrows():  # the analyst reads every claim against what the gold says
        row = next((g for _, g in gold.iterrows() if matches(g, claim)), None)
        seen = {**claim.to_dict(), "digest": digest(articles[claim["article_id"]].raw)}
        if row is None:
            record(corpus, "reject", seen, reason="not about these troops")
        elif str(claim["claimant"]) in row["claimant"].split("|"):
            record(corpus, "confirm", seen)
        else:
            record(corpus, "correct", seen, {"claimant": row["claimant"].split("|")[0]})
    assert main(["export-gold", str(corpus), "--out", str(tmp_path / "gold.csv")]) == 0
    exported = read_gold(tmp_path / "gold.csv")
    assert len(exported) >= (gold["tier"] != "optional").sum()
    score = evaluate(extract_claims(load_articles([corpus])[0]), exported)
    assert (score.precision, score.recall, score.claimant_accuracy, score.qualifier_accuracy) == (1, 1, 1, 1)


def test_extract_applies_the_reviews_unless_told_not_to(corpus, capsys):
    from core.cli import main

    frame, articles = load(corpus)
    record(corpus, "reject", claim_of(frame, articles, "3.000"), reason="wrong figure")
    out = corpus.parent / "claims.csv"
    assert main(["extract", str(corpus), "--out", str(out)]) == 0
    assert sorted(pd.read_csv(out)["status"]) == ["auto", "auto", "rejected"]
    assert main(["extract", str(corpus), "--out", str(out), "--no-reviews"]) == 0
    assert set(pd.read_csv(out)["status"]) == {"auto"}
    (corpus / "bericht.txt").write_text(TEXT.replace("3.000", "4.000"), encoding="utf-8")
    main(["extract", str(corpus), "--out", str(out)])
    assert "review of bericht:" in capsys.readouterr().err

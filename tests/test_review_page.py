"""Reviewing claims in the dashboard (AppTest): confirm, correct, reject and add, and what the pages then show."""
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.articles import load_articles
from core.extract import extract_claims
from core.reviews import REVIEWS, read_reviews

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    """A writable copy of the seeds as the only corpus under a root of its own."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.setenv("CLAIMS_ROOT", str(tmp_path))
    monkeypatch.setenv("CLAIMS_CORPUS", str(tmp_path / "seeds"))
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "seeds"


@pytest.fixture(scope="module")
def seeds():
    articles, _ = load_articles([ROOT / "seeds"])
    return extract_claims(articles)


def timeline_with(claim_id: str) -> AppTest:
    """The Timeline page with the point of `claim_id` clicked."""
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/1_Timeline.py").run()
    at.session_state["timeline"] = {"selection": {"points": [{"customdata": [claim_id]}], "point_indices": [0],
                                                  "box": [], "lasso": []}}
    at.run()
    assert not at.exception
    return at


def fields(at) -> dict:
    table = next(df.value for df in at.dataframe if list(df.value.columns) == ["field", "value"])
    return dict(zip(table["field"], table["value"]))


def button(at, key_end: str):
    return next(b for b in at.button if b.key and b.key.endswith(key_end))


def passages(at) -> AppTest:
    at.switch_page("pages/3_Passages.py").run()
    assert not at.exception
    return at


def test_confirm_marks_the_claim_and_writes_one_decision(corpus, seeds):
    claim = seeds.iloc[0]
    at = timeline_with(claim["claim_id"])
    assert fields(at)["status"] == "auto"
    button(at, "_confirm").click().run()
    assert not at.exception and at.success[0].value.startswith("Confirmed «")
    assert fields(at)["status"] == "confirmed"
    assert [d["action"] for d in read_reviews(corpus).decisions] == ["confirm"]


def test_correct_changes_the_category_everywhere(corpus, seeds):
    claim = seeds[seeds["category"] == "deployed"].iloc[0]
    at = timeline_with(claim["claim_id"])
    key = f"review_{claim['claim_id']}_correct"
    at.selectbox(key=f"{key}_category").set_value("reinforcements")
    next(b for b in at.form_submit_button if b.label == "Save the correction").click().run()
    assert not at.exception
    assert (fields(at)["category"], fields(at)["status"]) == ("reinforcements", "corrected")
    passages(at)
    table = at.dataframe(key="passages_table").value
    row = table[table["figure_text"] == claim["figure_text"]]
    assert "reinforcements" in set(row["category"]) and "corrected" in set(row["status"])


def test_reject_takes_the_claim_off_the_charts_until_the_status_filter_asks(corpus, seeds):
    claim = seeds.iloc[0]
    at = timeline_with(claim["claim_id"])
    at.selectbox(key=f"review_{claim['claim_id']}_reason").set_value("duplicate")
    button(at, "_reject").click().run()
    assert not at.exception
    decision = read_reviews(corpus).decisions[-1]
    assert (decision["action"], decision["reason"]) == ("reject", "duplicate")
    passages(at)
    assert len(at.dataframe(key="passages_table").value) == len(seeds) - 1
    at.multiselect(key="filter_statuses").select("rejected").run()
    assert list(at.dataframe(key="passages_table").value["status"]) == ["rejected"]


def test_undo_takes_back_this_sessions_last_decision(corpus, seeds):
    claim = seeds.iloc[0]
    at = timeline_with(claim["claim_id"])
    button(at, "_confirm").click().run()
    button(at, "_undo").click().run()
    assert not at.exception and fields(at)["status"] == "auto"
    assert [d["action"] for d in read_reviews(corpus).decisions] == ["confirm", "undo"]


def test_add_a_missed_figure_from_the_full_article(corpus, seeds):
    at = passages(timeline_with(seeds.iloc[0]["claim_id"]))
    article_id = at.selectbox(key="passages_article").value
    key = f"review_add_{article_id}"
    raw = (corpus / f"{article_id}.txt").read_text(encoding="utf-8")
    figure = next(word for word in ("Russland", "Kursk", "Soldaten") if word in raw)
    at.text_input(key=f"{key}_figure").input(figure).run()
    at.selectbox(key=f"{key}_category").set_value("missing")
    at.number_input(key=f"{key}_value").set_value(42.0)
    next(b for b in at.form_submit_button if b.label == "Add the claim").click().run()
    assert not at.exception
    table = at.dataframe(key="passages_table").value
    added = table[table["status"] == "added"]
    assert list(added["figure_text"]) == [figure] and list(added["value"]) == [42.0]
    assert (corpus / REVIEWS).is_file()


def test_home_shows_review_progress_and_articles_lists_orphans(corpus, seeds):
    claim = seeds.iloc[0]
    at = timeline_with(claim["claim_id"])
    button(at, "_confirm").click().run()
    path = corpus / f"{claim['article_id']}.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(str(claim["figure_text"]), "sehr viele"),
                    encoding="utf-8")
    at.switch_page("pages/4_Articles.py").run()
    assert not at.exception
    assert any("no longer apply" in w.value for w in at.warning)
    at.switch_page("dashboard.py").run()
    assert any(e.label.startswith("Review: 0 of") for e in at.expander)

"""Claim groups and findings in the dashboard (AppTest): one point per claim, its reports, the Findings page."""
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
# One NIS estimate that three outlets repeat over two weeks, and a NIS sum that does not add up.
ARTICLES = {
    "a": ("2025-02-11", "Zeitung A", "Laut dem südkoreanischen Geheimdienst NIS sind rund 300 nordkoreanische Soldaten "
                                     "gefallen."),
    "b": ("2025-02-14", "Zeitung B", "Der NIS schätzt, dass etwa 300 Nordkoreaner in Kursk getötet wurden."),
    "c": ("2025-02-20", "Zeitung C", "Nach Angaben des NIS starben bislang 300 nordkoreanische Soldaten in Kursk."),
    "d": ("2025-03-03", "Zeitung D", "Laut NIS wurden 1.000 Nordkoreaner getötet und 2.000 verwundet. Der NIS nennt "
                                     "zugleich 5.000 Tote und Verwundete."),
}


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "kursk"
    folder.mkdir()
    for name, (published, outlet, text) in ARTICLES.items():
        (folder / f"{name}.txt").write_text(f"---\npublished: {published}\noutlet: {outlet}\n---\nBericht {name}\n\n"
                                            f"{text}\n", encoding="utf-8")
    monkeypatch.setenv("CLAIMS_ROOT", str(tmp_path))
    monkeypatch.setenv("CLAIMS_CORPUS", str(folder))
    monkeypatch.setenv("CLAIMS_CACHE_DIR", str(tmp_path / "cache"))
    return folder


def page(name: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page(name).run()
    assert not at.exception
    return at


def markers(at) -> list:
    figure = at.get("plotly_chart")[0].proto.spec
    return [t for t in json.loads(figure)["data"] if t.get("mode") == "markers" and t.get("customdata")]


def nis_points(at) -> list:
    trace = next(t for t in markers(at) if t["name"] == "NIS (South Korea)")
    return [(row[0], size) for row, size in zip(trace["customdata"], trace["marker"]["size"])]


def test_the_timeline_shows_one_point_per_claim_sized_by_its_articles(corpus):
    at = page("pages/1_Timeline.py")
    killed = [(cid, size) for cid, size in nis_points(at) if cid.startswith("a:")]
    assert len(killed) == 1 and killed[0][1] > 11  # three articles, one point, larger than one report's
    at.toggle(key="timeline_grouped").set_value(False).run()
    assert sum(cid.split(":")[0] in "abc" for cid, _ in nis_points(at)) == 3


def test_clicking_a_claim_lists_every_report_earliest_first_and_opens_one(corpus):
    at = page("pages/1_Timeline.py")
    first = next(cid for cid, _ in nis_points(at) if cid.startswith("a:"))
    at.session_state["timeline"] = {"selection": {"points": [{"customdata": [first]}], "point_indices": [0],
                                                  "box": [], "lasso": []}}
    at.run()
    assert any(e.label.startswith("NIS (South Korea): reported 3 times in 3 articles, first on 2025-02-11")
               for e in at.expander)
    reports = at.dataframe(key=f"reports_{first}").value
    assert list(reports["outlet"]) == ["Zeitung A", "Zeitung B", "Zeitung C"]
    at.session_state[f"reports_{first}"] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    at.run()
    assert "Nach Angaben des NIS starben bislang" in "".join(h.proto.body for h in at.html)


def test_the_findings_page_lists_a_sum_that_does_not_add_up_and_its_passages(corpus):
    at = page("pages/5_Findings.py")
    table = at.dataframe(key="findings_table").value
    assert list(table["rule"]) == ["sum mismatch"] and list(table["source"]) == ["NIS (South Korea)"]
    at.session_state["findings_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    shown = "".join(h.proto.body for h in at.html)
    assert shown.count('class="claim-sentence"') == 3 and "5.000" in shown


def test_sources_read_by_name_in_the_filter_and_the_passages_table(corpus):
    at = page("pages/3_Passages.py")
    assert at.multiselect(key="filter_sources").format_func("nis") == "NIS (South Korea)"
    assert set(at.dataframe(key="passages_table").value["claimant"]) == {"NIS (South Korea)"}

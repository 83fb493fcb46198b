"""Consistency findings (core.findings) on German articles run through the real extractor."""
import pandas as pd
import pytest
from conftest import ROOT
from test_groups import corpus

from core.findings import FINDING_COLUMNS, RULES, findings, findings_of
from core.groups import group_claims

NIS_KILLED = "Laut NIS sind {} nordkoreanische Soldaten gefallen."
NIS_SENT = "Nordkorea hat nach Angaben des NIS {} Soldaten nach Russland geschickt."
NIS_LOSSES = "Laut NIS sind bereits {} nordkoreanische Soldaten getötet oder verwundet worden."
NIS_SUM = ("Nach Angaben des NIS sind 300 nordkoreanische Soldaten gefallen und 2700 verwundet worden. "
           "Insgesamt seien damit {} Nordkoreaner getötet oder verwundet worden.")

CASES = {
    "sum_mismatch": (
        [("2025-01-10", NIS_SUM.format(4000))],
        [("2025-01-10", NIS_SUM.format("3.000"))],
    ),
    "losses_exceed_deployed": (
        [("2025-01-10", NIS_SENT.format("11.000")), ("2025-02-10", NIS_LOSSES.format("12.000"))],
        [("2025-01-10", NIS_SENT.format("11.000") + " Laut NIS hat Nordkorea weitere 3000 Soldaten nach Russland "
                        "geschickt."), ("2025-02-10", NIS_LOSSES.format("12.000"))],
    ),
    "bound_contradicted": (
        [("2025-01-10", "Laut NIS sind mehr als 300 nordkoreanische Soldaten gefallen."),
         ("2025-04-10", NIS_KILLED.format(280))],
        [("2025-01-10", "Laut NIS sind mehr als 300 nordkoreanische Soldaten gefallen."),
         ("2025-04-10", NIS_KILLED.format(350))],
    ),
    "cumulative_decrease": (
        [("2025-01-10", NIS_KILLED.format(600)), ("2025-04-10", NIS_KILLED.format(300))],
        [("2025-01-10", NIS_KILLED.format(300)), ("2025-04-10", NIS_KILLED.format(600))],
    ),
    "conflicting_same_day": (
        [("2025-01-10", NIS_KILLED.format(300)), ("2025-01-10", "Der NIS meldet 600 gefallene nordkoreanische Soldaten.")],
        [("2025-01-10", NIS_KILLED.format(300)),
         ("2025-01-10", "Laut NIS sind mehr als 250 nordkoreanische Soldaten gefallen.")],
    ),
}


@pytest.mark.parametrize("rule", CASES)
def test_rule_fires(rule):
    found = findings_of(corpus(*CASES[rule][0]))
    assert found["rule"].tolist() == [rule], found.to_string()


@pytest.mark.parametrize("rule", CASES)
def test_rule_holds_still(rule):
    found = findings_of(corpus(*CASES[rule][1]))
    assert found.empty, found.to_string()


def test_every_rule_has_a_case_and_an_explanation():
    assert [rule.name for rule in RULES] == list(CASES)
    assert all(rule.explanation and "\n" not in rule.explanation for rule in RULES)


def test_a_finding_names_its_groups_claims_and_figures():
    frame = corpus(("2025-01-10", NIS_SUM.format(4000)))
    (found,) = findings_of(frame).to_dict("records")
    assert found["claimant"] == "nis" and found["date"] == pd.Timestamp("2025-01-10")
    assert found["category"] == "killed|wounded|killed_or_wounded"
    assert sorted(found["claim_ids"].split("|")) == sorted(frame["claim_id"])
    assert found["values"] == "killed 300; wounded 2700; killed_or_wounded 4000"
    assert found["explanation"] == RULES[0].explanation


def test_repetitions_do_not_multiply_findings():
    frame = corpus(*[("2025-01-1" + str(day), NIS_KILLED.format(600)) for day in range(3)],
                   *[("2025-04-1" + str(day), NIS_KILLED.format(300)) for day in range(3)])
    (found,) = findings_of(frame).to_dict("records")
    assert found["rule"] == "cumulative_decrease" and len(found["claim_ids"].split("|")) == 6


def test_a_pair_is_reported_by_the_first_rule_only():
    frame = corpus(("2025-01-10", "Laut NIS sind mehr als 300 nordkoreanische Soldaten gefallen."),
                   ("2025-04-10", NIS_KILLED.format(250)))
    assert findings_of(frame)["rule"].tolist() == ["bound_contradicted"]


def test_reinforcements_before_the_deployed_figure_do_not_count_again():
    frame = corpus(("2025-01-01", "Laut NIS hat Nordkorea weitere 3000 Soldaten nach Russland geschickt."),
                   ("2025-01-10", NIS_SENT.format("11.000")), ("2025-02-10", NIS_LOSSES.format("12.000")))
    assert findings_of(frame)["rule"].tolist() == ["losses_exceed_deployed"]


@pytest.mark.parametrize("articles", [
    [("2025-01-10", NIS_KILLED.format(600)),
     ("2025-04-10", "Der britische Geheimdienst meldet 300 getötete nordkoreanische Soldaten.")],
    [("2025-01-10", NIS_SENT.format("11.000")), ("2025-04-10", NIS_SENT.format("8.000"))],
], ids=["another_source", "deployed_may_shrink"])
def test_a_decrease_counts_only_for_one_source_and_losses(articles):
    assert findings_of(corpus(*articles)).empty


def test_no_groups_give_no_findings_with_every_column():
    found = findings(group_claims(corpus(("2025-01-10", "Das Wetter in Seoul war heute schön."))))
    assert found.empty and list(found.columns) == list(FINDING_COLUMNS)


def test_the_readme_explains_every_rule():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"`{rule.name}`" in readme and rule.explanation in readme, rule.name

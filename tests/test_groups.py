"""Claim groups (core.groups) of German articles run through the real extractor."""
import time

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, claims_of

from core.articles import make_article
from core.extract import extract_claims
from core.groups import GROUP_COLUMNS, WINDOW, group_claims, group_of
from core.schema import coerce


def corpus(*articles):
    """Claims of articles given as (published, text); article i is 'a<i>' of outlet 'o<i>'."""
    return extract_claims([make_article(f"a{i}", text, {"published": published, "outlet": f"o{i}", "title": f"T{i}"})
                           for i, (published, text) in enumerate(articles)])


def test_rewordings_of_one_estimate_are_one_group():
    frame = corpus(
        ("2025-01-20", "Etwa 300 Soldaten aus Nordkorea sind nach Angaben des NIS getötet worden."),
        ("2025-01-10", "Laut NIS sind rund 300 nordkoreanische Soldaten gefallen."),
        ("2025-01-15", "Der südkoreanische Geheimdienst NIS meldet 300 gefallene nordkoreanische Soldaten."),
    )
    assert len(frame) == 3
    (group,) = group_claims(frame).to_dict("records")
    assert (group["claimant"], group["category"], group["value"]) == ("nis", "killed", 300)
    assert group["first_reported"] == pd.Timestamp("2025-01-10") and group["first_article"] == "a1"
    assert (group["first_title"], group["first_outlet"]) == ("T1", "o1")
    assert group["last_reported"] == pd.Timestamp("2025-01-20")
    assert (group["reports"], group["articles"], group["outlets"]) == (3, 3, 3)
    assert group["group_id"] == "g:" + group["first_claim_id"]
    assert group["claim_ids"].split("|")[0] == group["first_claim_id"]


@pytest.mark.parametrize("figure", ["11.000", "11 000", "elftausend", "11000"])
def test_number_formats_are_one_figure(figure):
    frame = corpus(
        ("2025-01-10", "Nordkorea hat nach Angaben des NIS 11.000 Soldaten nach Russland geschickt."),
        ("2025-01-12", f"Laut NIS sind {figure} nordkoreanische Soldaten in Russland stationiert."),
    )
    groups = group_claims(frame)
    assert len(frame) == 2 and len(groups) == 1
    assert groups.loc[0, "value"] == 11000 and groups.loc[0, "articles"] == 2


def test_qualifiers_are_one_claim_and_the_bound_is_kept():
    frame = corpus(
        ("2025-01-10", "Laut NIS sind 300 nordkoreanische Soldaten gefallen."),
        ("2025-01-11", "Laut NIS sind rund 300 nordkoreanische Soldaten gefallen."),
        ("2025-01-12", "Mehr als 300 nordkoreanische Soldaten sind nach Angaben des NIS getötet worden."),
    )
    assert sorted(frame["qualifier"].astype(str)) == ["approx", "exact", "more_than"]
    (group,) = group_claims(frame).to_dict("records")
    assert (group["qualifier"], group["value"], group["low"]) == ("more_than", 300, 300)
    assert group["first_article"] == "a0" and group["reports"] == 3


@pytest.mark.parametrize("later,groups", [("rund 310", 1), ("310", 2), ("rund 330", 2)])
def test_only_an_approximate_figure_has_a_tolerance(later, groups):
    frame = corpus(("2025-01-10", "Laut NIS sind 300 nordkoreanische Soldaten gefallen."),
                   ("2025-01-11", f"Laut NIS sind {later} nordkoreanische Soldaten gefallen."))
    assert len(group_claims(frame)) == groups


def test_ranges_compare_their_bounds():
    frame = corpus(
        ("2025-01-10", "Zwischen 10.000 und 12.000 nordkoreanische Soldaten sind laut NIS in Russland."),
        ("2025-01-11", "Laut NIS sind zwischen 10.000 und 12.000 nordkoreanische Soldaten in Russland stationiert."),
        ("2025-01-12", "Laut NIS sind 11.000 nordkoreanische Soldaten in Russland stationiert."),
    )
    groups = group_claims(frame)
    assert sorted(groups["reports"]) == [1, 2]
    assert groups.set_index("qualifier").loc["range", ["low", "high"]].tolist() == [10000, 12000]


def test_the_same_number_from_two_sources_is_never_merged():
    frame = corpus(
        ("2025-01-10", "Laut NIS sind 300 nordkoreanische Soldaten gefallen."),
        ("2025-01-10", "Der britische Geheimdienst meldet 300 getötete nordkoreanische Soldaten."),
    )
    groups = group_claims(frame)
    assert sorted(groups["claimant"]) == ["nis", "uk_mod"]


def test_a_later_revision_by_the_same_source_is_a_group_of_its_own():
    frame = corpus(
        ("2025-01-10", "Laut NIS sind 300 nordkoreanische Soldaten gefallen."),
        ("2025-02-01", "Der NIS schätzt die Zahl der gefallenen Nordkoreaner inzwischen auf 600."),
        ("2025-02-05", "Laut NIS sind 300 nordkoreanische Soldaten gefallen."),
    )
    groups = group_claims(frame)
    assert groups[["value", "reports"]].values.tolist() == [[300, 2], [600, 1]]


def test_a_figure_repeated_past_the_window_is_a_new_claim():
    later = (pd.Timestamp("2025-01-10") + WINDOW + pd.Timedelta(days=1)).date().isoformat()
    frame = corpus(("2025-01-10", "Laut NIS sind 300 nordkoreanische Soldaten gefallen."),
                   (later, "Laut NIS sind 300 nordkoreanische Soldaten gefallen."))
    assert group_claims(frame)["reports"].tolist() == [1, 1]


def test_a_stated_date_places_a_late_report_in_its_group():
    frame = corpus(
        ("2025-01-10", "Laut NIS sind 300 nordkoreanische Soldaten gefallen."),
        ("2025-05-20", "Der NIS hatte im Januar 2025 von 300 gefallenen nordkoreanischen Soldaten berichtet."),
    )
    assert frame["date_basis"].astype(str).tolist() == ["published", "stated"]
    assert group_claims(frame)["articles"].tolist() == [2]


def test_an_unattributed_row_joins_the_source_its_article_names():
    frame = corpus(("2025-01-10", "Nordkorea hat 11.000 Soldaten nach Russland geschickt, berichtet der NIS. "
                                  "11 000 Soldaten sind es."),
                   ("2025-01-11", "Laut NIS sind 11.000 nordkoreanische Soldaten in Russland."))
    assert frame["claimant"].astype(str).tolist() == ["nis", "unattributed", "nis"]
    (group,) = group_claims(frame).to_dict("records")
    assert group["claimant"] == "nis" and group["reports"] == 3


def test_an_unattributed_row_with_no_source_in_its_article_stays_apart():
    frame = corpus(("2025-01-10", "Laut NIS sind 11.000 nordkoreanische Soldaten in Russland."),
                   ("2025-01-11", "Nordkorea hat 11.000 Soldaten nach Russland geschickt."),
                   ("2025-01-12", "Nordkorea hat 11.000 Soldaten nach Russland geschickt."))
    groups = group_claims(frame)
    assert groups["claimant"].tolist() == ["nis", "unattributed", "unattributed"]


def test_an_unattributed_row_tied_to_two_sources_stays_unattributed():
    frame = corpus(("2025-01-10", "Laut NIS sind 300 nordkoreanische Soldaten gefallen. Der britische Geheimdienst "
                                  "meldet ebenfalls 300 getötete nordkoreanische Soldaten. Insgesamt 300 Tote."))
    assert sorted(frame["claimant"].astype(str)) == ["nis", "uk_mod", "unattributed"]
    assert sorted(group_claims(frame)["claimant"]) == ["nis", "uk_mod", "unattributed"]


def test_rejected_claims_take_no_part_and_group_of_maps_every_claim():
    frame = corpus(("2025-01-10", "Laut NIS sind 300 nordkoreanische Soldaten gefallen."),
                   ("2025-01-11", "Laut NIS sind 300 nordkoreanische Soldaten gefallen."))
    frame["status"] = pd.Categorical(["rejected", "auto"], categories=frame["status"].cat.categories)
    ids = group_of(frame)
    assert ids.index.tolist() == frame["claim_id"].tolist()
    assert ids.isna().tolist() == [True, False] and ids.iloc[1] == "g:" + frame.loc[1, "claim_id"]
    assert group_claims(frame)["reports"].tolist() == [1]


def test_no_claims_give_no_groups_with_every_column():
    groups = group_claims(claims_of("Das Wetter in Seoul war heute schön."))
    assert groups.empty and list(groups.columns) == list(GROUP_COLUMNS)


def _synthetic(n: int) -> pd.DataFrame:
    """A claims frame of n rows: a few sources and figures over a year, some unattributed and rejected."""
    rng = np.random.default_rng(17)
    article = rng.integers(0, n // 5, n)
    value = rng.choice([300, 600, 1000, 2700, 3000, 11000, 12000], n) * rng.choice([1.0, 1.0, 1.02], n)
    qualifier = rng.choice(["exact", "approx", "more_than", "range"], n, p=[0.6, 0.25, 0.1, 0.05])
    published = pd.Timestamp("2024-10-01") + pd.to_timedelta(article % 365, unit="D")
    bounded = np.isin(qualifier, ["more_than", "range"])
    return coerce(pd.DataFrame({
        "claim_id": [f"a{a}:{i}-{i + 3}" for i, a in enumerate(article)], "article_id": [f"a{a}" for a in article],
        "title": "T", "outlet": [f"o{a % 30}" for a in article], "url": "", "published": published,
        "category": rng.choice(["killed", "wounded", "deployed"], n), "value": value,
        "low": np.where(bounded, value * np.where(qualifier == "range", 0.9, 1.0), np.nan),
        "high": np.where(qualifier == "range", value * 1.1, np.nan), "qualifier": qualifier,
        "claimant": rng.choice(["nis", "uk_mod", "zelensky", "unattributed"], n), "claimant_text": "",
        "period_start": published, "period_end": published, "date_basis": "published", "sentence": "",
        "figure_text": "", "figure_start": np.arange(n), "figure_end": np.arange(n) + 3, "sentence_start": 0,
        "sentence_end": 0, "base_claim_id": None, "why": "",
        "status": rng.choice(["auto", "rejected"], n, p=[0.95, 0.05])}))


def test_a_hundred_thousand_claims_group_in_seconds():
    frame = _synthetic(100_000)
    start = time.perf_counter()
    groups, ids = group_claims(frame), group_of(frame)
    assert time.perf_counter() - start < 10
    assert groups["reports"].sum() == ids.notna().sum() == (frame["status"] != "rejected").sum()


def test_groups_and_findings_on_the_command_line(tmp_path, capsys):
    from core.cli import main

    assert main(["groups", str(ROOT / "seeds"), "--out", str(tmp_path / "groups.csv")]) == 0
    written = pd.read_csv(tmp_path / "groups.csv")
    assert {"group_id", "claimant", "first_reported", "articles", "claim_ids"} <= set(written.columns)
    assert main(["findings", str(ROOT / "seeds")]) == 0
    assert capsys.readouterr().out.strip().endswith("findings: 0")

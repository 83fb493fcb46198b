import pandas as pd
import plotly.graph_objects as go
import pytest

from core.schema import COLUMNS, coerce, empty_frame
from ui.charts import (
    AGGREGATE_THRESHOLD, CATEGORY_SYMBOLS, GL_THRESHOLD, category_highlights, comparison_figure, figure_label, source_summary,
    timeline_figure,
)


def frame(*claims):
    """A claims frame from dicts of the columns that matter; the rest stay empty."""
    defaults = {"category": "killed_or_wounded", "qualifier": "exact", "date_basis": "published",
                "published": "2024-12-23", "claimant": "zelensky", "sentence": "Ein Satz."}
    rows = [{**dict.fromkeys(COLUMNS), **defaults, **claim} for claim in claims]
    return coerce(pd.DataFrame(rows))


def markers(fig):
    return [t for t in fig.data if t.customdata is not None]


@pytest.fixture
def claims():
    return frame(
        {"claim_id": "z1", "value": 3000, "low": 3000, "qualifier": "more_than", "claimant_text": "Selenskyj",
         "figure_text": "über 3000", "sentence": "Selenskyj: Die Zahl hat 3000 überschritten."},
        {"claim_id": "k1", "claimant": "sk_military", "value": 1100, "low": 1000, "high": 1200, "qualifier": "approx",
         "figure_text": "rund 1.100"},
        {"claim_id": "k2", "claimant": "sk_military", "value": 4000, "published": "2025-04-28", "qualifier": "approx"},
        {"claim_id": "r1", "claimant": None, "category": "deployed", "value": 11000, "low": 10000, "high": 12000,
         "qualifier": "range", "figure_text": "zwischen 10.000 und 12.000"},
        {"claim_id": "s1", "claimant": "nis", "category": "deployed", "value": 11000, "date_basis": "stated",
         "period_start": "2024-01-01", "published": "2025-04-28", "qualifier": "up_to"},
        {"claim_id": "v1", "claimant": "nis", "value": None, "low": 2000, "qualifier": "vague"},
    )


def test_timeline_has_one_marker_trace_per_source_with_claim_ids_first(claims):
    fig = timeline_figure(claims)
    traces = {t.name: t for t in markers(fig)}
    assert sorted(traces) == ["NIS (South Korea)", "South Korean military", "Unattributed", "Zelensky"]  # readable
    assert [row[0] for row in traces["South Korean military"].customdata] == ["k1", "k2"]
    assert all(isinstance(t, go.Scatter) for t in fig.data)


def test_timeline_skips_claims_without_number(claims):
    plotted = [row[0] for t in markers(timeline_figure(claims)) for row in t.customdata]
    assert sorted(plotted) == ["k1", "k2", "r1", "s1", "z1"]


def test_timeline_dates_stated_period_else_article_date_and_says_which(claims):
    nis = next(t for t in markers(timeline_figure(claims)) if t.name == "NIS (South Korea)")
    assert pd.Timestamp(nis.x[0]) == pd.Timestamp("2024-01-01")
    assert "stated period" in nis.customdata[0][5]
    zelensky = next(t for t in markers(timeline_figure(claims)) if t.name == "Zelensky")
    assert "23 Dec 2024 · article date" == zelensky.customdata[0][5]


def test_timeline_hover_shows_figure_qualifier_source_and_sentence_start(claims):
    trace = next(t for t in markers(timeline_figure(claims)) if t.name == "Zelensky")
    row = list(trace.customdata[0])
    assert row[1:4] == ["über 3000", "more_than", "Zelensky — Selenskyj"]
    assert row[6].startswith("Selenskyj: Die Zahl")
    assert "customdata[6]" in trace.hovertemplate
    # The sentence comes in short lines, so that the label fits beside its point rather than over it.
    assert all(len(line) <= 36 for line in row[6].split("<br>"))


def test_timeline_symbol_per_category_and_key_in_legend(claims):
    fig = timeline_figure(claims)
    unattributed = next(t for t in markers(fig) if t.name == "Unattributed")
    assert list(unattributed.marker.symbol) == [CATEGORY_SYMBOLS["deployed"]]
    keys = [t.name for t in fig.data if t.legendgroup == "category"]
    assert keys == ["killed or wounded", "deployed"]


def test_timeline_draws_bounds(claims):
    fig = timeline_figure(claims)
    band = next(t for t in fig.data if t.mode == "lines" and t.line.width == 12)
    assert [y for y in band.y if pd.notna(y)] == [10000, 12000]
    sk = next(t for t in markers(fig) if t.name == "South Korean military")
    assert list(sk.error_y.array) == [100, 0] and list(sk.error_y.arrayminus) == [100, 0]
    arrows = {a.arrowcolor: a.ay for a in fig.layout.annotations}
    assert len(fig.layout.annotations) == 2
    assert sorted(arrows.values()) == [-30, 30]  # up for "more than", down for "up to"


def test_timeline_log_scale_and_source_lines(claims):
    fig = timeline_figure(claims, log_y=True, line_category="killed_or_wounded")
    assert fig.layout.yaxis.type == "log"
    assert fig.layout.annotations[0].y == pytest.approx(3.4771, abs=1e-3)
    lines = [t for t in fig.data if t.mode == "lines" and t.line.dash == "dot"]
    sk_line = [t for t in lines if len(t.x) == 2]
    assert len(sk_line) == 1 and list(sk_line[0].y) == [1100, 4000]


def test_timeline_escapes_article_text():
    fig = timeline_figure(frame({"claim_id": "x", "value": 5, "claimant": "<b>x</b>",
                                 "figure_text": "<script>alert(1)</script>", "sentence": "<img src=x onerror=y>"}))
    row = list(markers(fig)[0].customdata[0])
    assert "<script>" not in "".join(row) and "&lt;script&gt;" in row[1] and row[6].startswith("&lt;img")


def test_timeline_switches_to_webgl_for_many_points():
    days = pd.date_range("2020-01-01", periods=GL_THRESHOLD + 1)
    many = frame(*[{"claim_id": str(i), "value": i + 1, "published": day} for i, day in enumerate(days)])
    fig = timeline_figure(many)
    assert isinstance(markers(fig)[0], go.Scattergl) and len(markers(fig)[0].customdata) == GL_THRESHOLD + 1


def test_timeline_above_the_threshold_keeps_the_highest_claim_per_source_category_and_day():
    same_day = [{"claim_id": f"s{i}", "value": i + 1} for i in range(AGGREGATE_THRESHOLD)]
    other = {"claim_id": "w", "value": 7, "category": "wounded"}
    fig = timeline_figure(frame(*same_day, other))
    rows = {row[0]: row for row in markers(fig)[0].customdata}
    assert sorted(rows) == [f"s{AGGREGATE_THRESHOLD - 1}", "w"]  # claim ids stay first for the click-through
    assert f"highest of {AGGREGATE_THRESHOLD} claims" in rows[f"s{AGGREGATE_THRESHOLD - 1}"][5]


def test_timeline_of_nothing_is_an_empty_figure():
    assert len(timeline_figure(empty_frame()).data) == 0


def test_source_summary_latest_and_highest_per_source(claims):
    summary = source_summary(claims, "killed_or_wounded").set_index("source")
    assert list(summary.index) == ["sk_military", "zelensky"]
    assert summary.loc["sk_military", "latest_claim_id"] == "k2"
    assert summary.loc["sk_military", "latest"] == "~4,000"
    assert summary.loc["sk_military", "claims"] == 2
    assert summary.loc["zelensky", "maximum"] == ">3,000"


def test_comparison_figure_bars_with_bounds_and_claim_ids(claims):
    summary = source_summary(claims[claims["claim_id"] != "k2"], "killed_or_wounded")
    fig = comparison_figure(summary)
    latest = fig.data[0]
    assert list(latest.y) == ["South Korean military", "Zelensky"]  # bottom up: the highest source on top
    assert [row[0] for row in latest.customdata] == ["k1", "z1"]
    assert list(latest.error_x.array) == [100, 0]
    assert "~1,100 · 23 Dec 2024" in latest.text


def test_category_highlights(claims):
    table = category_highlights(claims).set_index("category")
    assert table.loc["killed or wounded", "latest"] == "~4,000 · South Korean military · 28 Apr 2025"
    assert table.loc["deployed", "highest"].startswith("10,000–12,000 · Unattributed")


@pytest.mark.parametrize("qualifier, value, low, high, label", [
    ("more_than", 3000, 3000, None, ">3,000"),
    ("approx", 1100, None, None, "~1,100"),
    ("at_least", 100, 100, None, "≥100"),
    ("up_to", 50, None, 50, "≤50"),
    ("range", 11000, 10000, 12000, "10,000–12,000"),
    ("exact", 2700, None, None, "2,700"),
    ("vague", None, 2000, None, "?"),
])
def test_figure_label(qualifier, value, low, high, label):
    assert figure_label(qualifier, value, low, high) == label


def test_markers_of_one_day_and_height_are_moved_apart_keeping_their_date():
    fig = timeline_figure(frame({"claim_id": "w", "category": "wounded", "value": 3000},
                                {"claim_id": "kw", "value": 3000}, {"claim_id": "o", "value": 1000}))
    trace = markers(fig)[0]
    x = {row[0]: pd.Timestamp(at) for row, at in zip(trace.customdata, trace.x)}
    assert x["w"] != x["kw"] and x["o"] == pd.Timestamp("2024-12-23")
    assert abs(x["w"] - x["kw"]) < pd.Timedelta(days=2)  # beside each other, not on another day
    assert {row[5] for row in trace.customdata} == {"23 Dec 2024 · article date"}

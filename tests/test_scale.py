"""The dashboard on 20 000 claims: every page renders and filters; the timeline stays small and clickable."""
import json

import plotly.graph_objects as go

from bench import ui as bench
from ui.charts import GL_THRESHOLD, POINT_LIMIT


def test_every_page_renders_and_filters_on_20000_claims(tmp_path):
    frames = bench.build_corpus(tmp_path, claims=20_000, articles=200)
    with bench.serving(frames, tmp_path):
        for page in bench.PAGES.values():
            at, _ = bench.open_page(page)
            assert not at.exception, page
            at.multiselect(key="filter_sources").select("nis").run()
            assert not at.exception, page
            assert at.multiselect(key="filter_sources").value == ["nis"]
            for chart in at.get("plotly_chart"):
                go.Figure(json.loads(chart.proto.spec))  # the figures skip plotly's checks when built; check them here


def test_timeline_of_20000_claims_sends_few_points_and_a_click_opens_the_sentence(tmp_path):
    frames = bench.build_corpus(tmp_path, claims=20_000, articles=200)
    claims = {claim.claim_id: claim for frame in frames.values() for claim in frame.itertuples()}
    with bench.serving(frames, tmp_path):
        at, _ = bench.open_page(bench.PAGES["Timeline"])
        spec = json.loads(at.get("plotly_chart")[0].proto.spec)
        go.Figure(spec)
        markers = [trace for trace in spec["data"] if trace.get("customdata")]
        points = sum(len(trace["customdata"]) for trace in markers)
        assert 0 < points <= POINT_LIMIT
        assert {trace["type"] for trace in markers} == {"scattergl" if points > GL_THRESHOLD else "scatter"}
        several = [row for trace in markers for row in trace["customdata"] if "highest of" in row[5]]
        assert several  # the hover says when a marker stands for several claims
        claim = claims[several[0][0]]
        at.session_state["timeline"] = {"selection": {"points": [{"customdata": [claim.claim_id]}],
                                                      "point_indices": [0], "box": [], "lasso": []}}
        at.run()
        shown = "\n".join(element.proto.body for element in at.html)
        assert not at.exception
        assert f"<mark>{claim.figure_text}</mark>" in shown and claim.sentence[-20:] in shown

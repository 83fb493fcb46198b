"""The dashboard on 20 000 claims: every page renders and the timeline draws with WebGL."""
import json

from ui import bench


def test_every_page_renders_on_20000_claims(tmp_path):
    frames = bench.build_corpus(tmp_path, claims=20_000, articles=200)
    with bench.serving(frames, tmp_path):
        for page in bench.PAGES.values():
            at, _ = bench.open_page(page)
            assert not at.exception, page
            if page == bench.PAGES["Timeline"]:
                traces = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
                assert {trace["type"] for trace in traces} == {"scattergl"}
                at.multiselect(key="filter_sources").select("nis").run()
                assert not at.exception

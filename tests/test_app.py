import datetime as dt
import html
import re
import shutil
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core import load_articles
from core.articles import make_article
from core.extract import extract_claims
from ui import common

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PAGES = [None, "pages/1_Timeline.py", "pages/2_Source_comparison.py", "pages/3_Passages.py", "pages/4_Articles.py"]
EVIL = """Nordkoreas Verluste <script>alert("title")</script>
Der Präsident schrieb auf X: <script>alert(1)</script> Das sei erst der Anfang.
Laut Selenskyj sind bereits mehr als 3000 nordkoreanische Soldaten getötet oder verwundet worden. Danach <b>fett</b> & „zitiert“.
"""


@pytest.fixture(scope="module")
def seeds():
    """(claims frame, {article_id: Article}) of the seed corpus, as the app extracts them."""
    articles, _ = load_articles(SEEDS)
    return extract_claims(articles), {a.article_id: a for a in articles}


def open_app(monkeypatch, corpus=SEEDS, page=None, query=None) -> AppTest:
    monkeypatch.setenv("CLAIMS_CORPUS", str(corpus))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params.update(query or {})
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception
    return at


def htmls(at) -> str:
    return "\n".join(element.proto.body for element in at.html)


def sentence_shown(at) -> str:
    """The claim sentence of the passage panel as a reader sees it: tags dropped, entities decoded."""
    match = re.search(r'<blockquote class="claim-sentence"[^>]*>(.*?)</blockquote>', htmls(at), re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))) if match else ""


def raw_sentence(articles, claim) -> str:
    raw = articles[claim["article_id"]].raw
    return " ".join(raw[int(claim["sentence_start"]):int(claim["sentence_end"])].split())


def table_rows(at) -> int:
    return len(at.dataframe(key="passages_table").value)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_seeds(monkeypatch, page):
    at = open_app(monkeypatch, page=page)
    assert not at.info, [i.value for i in at.info]
    assert at.title[0].value


@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_so_on_an_empty_corpus(monkeypatch, tmp_path, page):
    at = open_app(monkeypatch, corpus=tmp_path, page=page)
    assert "No articles were found" in at.info[0].value


def test_home_headline_numbers(monkeypatch, seeds):
    claims, articles = seeds
    metrics = {m.label: m.value for m in open_app(monkeypatch).metric}
    assert metrics["Articles"] == str(len(articles))
    assert metrics["Claims"] == f"{len(claims)} of {len(claims)}"


def test_source_filter_changes_shown_claims_and_url(monkeypatch, seeds):
    claims, _ = seeds
    at = open_app(monkeypatch, page="pages/3_Passages.py")
    assert table_rows(at) == len(claims)
    at.multiselect(key="filter_sources").select("zelensky").run()
    assert table_rows(at) == (claims["claimant"] == "zelensky").sum() < len(claims)
    assert at.query_params["source"] in ("zelensky", ["zelensky"])


def test_filters_are_kept_across_pages(monkeypatch, seeds):
    claims, _ = seeds
    at = open_app(monkeypatch)
    at.multiselect(key="filter_sources").select("zelensky").run()
    at.date_input(key="filter_dates").set_value((dt.date(2024, 12, 1), dt.date(2024, 12, 31))).run()
    at.switch_page("pages/3_Passages.py").run()
    assert at.multiselect(key="filter_sources").value == ["zelensky"]
    assert table_rows(at) == (claims["claimant"] == "zelensky").sum()


def test_a_copied_link_reopens_the_same_view(monkeypatch, seeds):
    claims, _ = seeds
    at = open_app(monkeypatch, page="pages/3_Passages.py", query={"source": "zelensky", "category": "wounded"})
    assert at.multiselect(key="filter_sources").value == ["zelensky"]
    expected = ((claims["claimant"] == "zelensky") & (claims["category"] == "wounded")).sum()
    assert table_rows(at) == expected


def test_filters_leaving_nothing_say_so(monkeypatch):
    at = open_app(monkeypatch, page="pages/1_Timeline.py", query={"source": "zelensky", "category": "deployed"})
    assert "No claims match the filters" in at.info[0].value


@pytest.mark.parametrize("page, message", [("pages/1_Timeline.py", "has both a date and a number to plot"),
                                           ("pages/2_Source_comparison.py", "has both a date and a number")])
def test_claims_without_dates_are_not_charted_and_the_page_says_so(monkeypatch, tmp_path, page, message):
    (tmp_path / "undated.txt").write_text(EVIL, encoding="utf-8")
    at = open_app(monkeypatch, corpus=tmp_path, page=page)
    assert message in at.info[0].value


@pytest.mark.parametrize("page, key", [("pages/1_Timeline.py", "timeline"),
                                       ("pages/2_Source_comparison.py", "comparison")])
def test_chart_selection_shows_the_german_sentence(monkeypatch, seeds, page, key):
    claims, articles = seeds
    claim = claims[(claims["claimant"] == "zelensky") & (claims["category"] == "killed_or_wounded")].iloc[0]
    at = open_app(monkeypatch, page=page)
    if key == "comparison":
        at.selectbox(key="comparison_category").set_value("killed_or_wounded").run()
    at.session_state[key] = {"selection": {"points": [{"customdata": [claim["claim_id"]]}], "point_indices": [0],
                                           "box": [], "lasso": []}}
    at.run()
    assert not at.exception
    assert sentence_shown(at) == raw_sentence(articles, claim)
    assert f"<mark>{html.escape(str(claim['figure_text']))}</mark>" in htmls(at)
    assert html.escape(articles[claim["article_id"]].title) in htmls(at)


def test_passages_row_selection_shows_its_passage(monkeypatch, seeds):
    claims, articles = seeds
    at = open_app(monkeypatch, page="pages/3_Passages.py")
    at.text_input(key="passages_search").input("Generalstab").run()
    assert table_rows(at) == 1
    at.session_state["passages_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    claim = claims[claims["sentence"].astype(str).str.contains("Generalstab")].iloc[0]
    assert sentence_shown(at) == raw_sentence(articles, claim)


def test_full_article_marks_every_figure(monkeypatch, seeds):
    claims, _ = seeds
    at = open_app(monkeypatch, page="pages/3_Passages.py")
    article_id = at.selectbox(key="passages_article").value
    article_html = next(e.proto.body for e in at.html if 'class="article-text"' in e.proto.body)
    assert article_html.count("<mark") == (claims["article_id"] == article_id).sum()


def test_script_in_an_article_shows_as_text(monkeypatch, tmp_path):
    (tmp_path / "evil.txt").write_text(EVIL, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("article_id,published\nevil,2024-12-23\n", encoding="utf-8")
    at = open_app(monkeypatch, corpus=tmp_path, page="pages/1_Timeline.py")
    at.session_state["timeline"] = {"selection": {"points": [{"customdata": [_first_claim(tmp_path)]}],
                                                  "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    shown = htmls(at)
    assert "<script" not in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown  # the sentence before the claim
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in shown
    at.switch_page("pages/3_Passages.py").run()
    article = next(e.proto.body for e in at.html if 'class="article-text"' in e.proto.body)
    assert "<script" not in article and "&lt;b&gt;fett&lt;/b&gt; &amp; „zitiert“" in article


def _first_claim(folder) -> str:
    articles, _ = load_articles(folder)
    return extract_claims(articles)["claim_id"].iloc[0]


def test_extraction_is_cached_by_file_content(monkeypatch, tmp_path):
    for path in SEEDS.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    calls = []
    monkeypatch.setattr(common, "extract_claims", lambda articles: calls.extend(a.article_id for a in articles)
                        or extract_claims(articles))
    at = open_app(monkeypatch, corpus=tmp_path)
    at.multiselect(key="filter_sources").select("zelensky").run()
    for page in PAGES[1:]:
        at.switch_page(page).run()
    assert sorted(calls) == sorted(p.stem for p in tmp_path.glob("*.txt"))
    article = next(tmp_path.glob("*.txt"))
    article.write_text(article.read_text(encoding="utf-8") + "\nNoch ein Satz.", encoding="utf-8")
    calls.clear()
    at.run()
    assert calls == [article.stem]  # the other articles come from the cache


def test_corpus_box_switches_the_corpus_and_clears_filters(monkeypatch, tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "leer").mkdir()
    monkeypatch.setenv("CLAIMS_ROOT", str(tmp_path))
    at = open_app(monkeypatch, corpus=tmp_path / "seeds", page="pages/3_Passages.py", query={"source": "zelensky"})
    assert at.selectbox(key="corpus").options == [f"{tmp_path.name} (the root folder)", "leer", "seeds"]
    at.selectbox(key="corpus").select("leer").run()
    assert "No articles were found" in at.info[0].value
    assert at.query_params.get("corpus") in ("leer", ["leer"])
    assert "source" not in at.query_params


def test_new_corpus_is_made_under_the_root_and_opened(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIMS_ROOT", str(tmp_path))
    at = open_app(monkeypatch, corpus=tmp_path)
    at.text_input(key="corpus_new").input("../../Kursk 2025").run()
    at.button(key="corpus_create").click().run()
    assert not at.exception and not at.error
    assert [p.name for p in tmp_path.iterdir()] == ["Kursk_2025"]  # only the last part of a path names it
    assert at.selectbox(key="corpus").value == "Kursk_2025"
    assert at.query_params.get("corpus") in ("Kursk_2025", ["Kursk_2025"])


def test_fingerprint_follows_content(tmp_path):
    (tmp_path / "a.txt").write_text("Eins.", encoding="utf-8")
    before = common.fingerprint(str(tmp_path))
    (tmp_path / "a.txt").write_text("Zwei.", encoding="utf-8")
    assert common.fingerprint(str(tmp_path)) != before and [name for name, _ in before] == ["a.txt"]
    assert common.fingerprint(str(tmp_path / "missing")) == ()


def test_article_html_nests_contained_figures_and_skips_crossing_ones():
    article = make_article("x", "Rund 10.000 bis 12.000 Soldaten <i>sic</i>.")
    figures = [(0, 22), (5, 11), (8, 16)]  # the second lies inside the first, the third crosses its end
    claims = pd.DataFrame({"figure_start": [s for s, _ in figures], "figure_end": [e for _, e in figures],
                           "category": "deployed", "qualifier": "range", "claimant": "<nis>"})
    shown = common.article_html(article, claims)
    assert re.sub(r' (title|style)="[^"]*"', "", shown.split(">", 1)[1]) == (
        "<mark>Rund <mark>10.000</mark> bis 12.000</mark> Soldaten &lt;i&gt;sic&lt;/i&gt;.</div>")
    assert 'title="deployed · range · &lt;nis&gt;"' in shown


def test_neighbours_are_the_sentences_around_a_raw_span():
    raw = "Erster Satz mit ca. 20 Wörtern. Zweiter Satz,\ndurch Umbruch getrennt. Dritter Satz!\n\nNeuer Absatz."
    article = make_article("x", raw)
    start = raw.index("Zweiter")
    end = raw.index("getrennt.") + len("getrennt.")
    assert common.neighbours(article, start, end) == ("Erster Satz mit ca. 20 Wörtern.", "Dritter Satz!")
    last = raw.index("Neuer")
    assert common.neighbours(article, last, len(raw)) == ("Dritter Satz!", "")


@pytest.mark.parametrize("link, reason", [
    ("/etc", "Refused: /etc is outside the corpus root"),
    ("/proc/self", "Refused: /proc/self is outside the corpus root"),
    ("../..", "Refused: ../..: '..' is not allowed"),
    ("seeds/000_01f51bff51cf298a.txt", "Refused: seeds/000_01f51bff51cf298a.txt is a file, not a corpus folder"),
    ("x" * 300, "Refused: the corpus name is too long"),
    ("[x](http://example.org)", "Refused: [x](http://example.org) is not under the corpus root"),
    ("![](http://example.org/a.png)", "Refused: ![](http://example.org/a.png) is not under the corpus root"),
])
def test_a_link_to_a_folder_outside_the_root_is_refused_and_the_seeds_open(monkeypatch, link, reason):
    monkeypatch.delenv("CLAIMS_CORPUS", raising=False)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["corpus"] = link
    at.run()
    assert not at.exception
    shown = at.error[0].value.replace("\\", "").replace("\u2060", "")
    assert [e.value for e in at.error] == [common.md(shown)]  # escaped: it stays text
    assert shown.startswith(reason)
    assert at.selectbox(key="corpus").value == "seeds" and at.metric[0].value == "5"
    assert "corpus" not in at.query_params


@pytest.mark.parametrize("query", [{"from": "0001-01-01"}, {"to": "9999-12-31"}, {"from": "gestern"},
                                   {"from": "2025-02-30", "to": "2300-01-01"}])
def test_dates_a_link_cannot_use_are_ignored_with_a_message(monkeypatch, query):
    at = open_app(monkeypatch, page="pages/1_Timeline.py", query=query)
    assert len(at.error) == len(query)
    assert all("was ignored: use a date between 1900-01-01 and 2199-12-31" in e.value.replace("\\", "")
               for e in at.error)
    assert not {"from", "to"} & set(at.query_params)


def test_a_long_load_another_session_started_does_not_block_this_one(monkeypatch, tmp_path):
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    before = open_app(monkeypatch, corpus=tmp_path).metric[1].value  # the folder has loaded once
    changed = next(tmp_path.glob("*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + "\nLaut NIS sind 777 Soldaten gefallen.", encoding="utf-8")
    release = threading.Event()
    monkeypatch.setattr(common, "extract_claims", lambda articles: release.wait(60) and extract_claims(articles))
    content = common.fingerprint(str(tmp_path.resolve()))
    job, _ = common.LOADS.start(str(tmp_path.resolve()), common._content_key((content, common.MAX_BYTES)), content,
                                common.MAX_BYTES)  # another session's load, stuck on the changed file
    try:
        started = time.monotonic()
        at = open_app(monkeypatch, corpus=tmp_path)
        assert time.monotonic() - started < common.PEEK_SECONDS + 10
        assert "is being read again; this shows it as it was" in at.info[0].value
        assert at.metric[1].value == before
    finally:
        release.set()
    job.finished.wait(60)
    at.run()
    claims = len(job.result[0])
    assert not at.info and at.metric[1].value == f"{claims} of {claims}" != before

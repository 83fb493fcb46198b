"""End to end in Debian's chromium against the repository's own server settings: filter by a source, click a point
on the timeline, read its German sentence; make a corpus, upload an article and find its claim on the timeline; a
link to a folder outside the corpus root is refused. The server listens on loopback only and the pages call out
to nowhere."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from core import load_articles
from core.extract import extract_claims
from core.sources import source_name
from ui.charts import plottable

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output"
SOURCE = "zelensky"
# Windows-1252 on purpose: the upload must arrive with its umlauts intact.
UPLOAD = """---
outlet: Testzeitung
published: 2025-03-03
---
Neue Verluste unter Nordkoreanern in Kursk

Nach Angaben des ukrainischen Militärgeheimdienstes HUR sind in der Region Kursk inzwischen 4.321 nordkoreanische \
Soldaten getötet worden. Überprüfen lässt sich das nicht.
""".encode("cp1252")
CHROMIUM = shutil.which("chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]

if not IN_CI:  # in CI a missing browser or Playwright fails the test instead
    if not CHROMIUM:
        pytest.skip("no chromium on PATH: install Debian's browser with `apt-get install chromium` to run the "
                    "browser test", allow_module_level=True)
    pytest.importorskip("playwright", reason="Playwright is missing: pip install -r requirements-dev.txt")

from playwright.sync_api import sync_playwright  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def corpus_root(tmp_path_factory) -> Path:
    """A corpus root holding a copy of the seeds."""
    root = tmp_path_factory.mktemp("root")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    return root


@pytest.fixture(scope="module")
def app_url(corpus_root):
    """`streamlit run dashboard.py` with the repository's .streamlit/config.toml on a free port, on the seeds."""
    port = _free_port()
    OUTPUT.mkdir(exist_ok=True)
    log = (OUTPUT / "streamlit.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port)], cwd=ROOT,
        env={**os.environ, "CLAIMS_ROOT": str(corpus_root), "CLAIMS_CORPUS": str(corpus_root / "seeds")},
        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(url, server)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _listening(port: int) -> set:
    """The local addresses (hex, as /proc/net shows them) with a listening TCP socket on `port`."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.rpartition(":")
            if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                found.add(address)
    return found


def test_the_server_listens_on_loopback_only(app_url):
    assert _listening(int(app_url.rsplit(":", 1)[1])) == {"0100007F"}  # 127.0.0.1, no IPv6, no other interface


@pytest.fixture
def browser_page():
    """A chromium page that records every request leaving 127.0.0.1; the test fails if there is any."""
    assert CHROMIUM, "the browser test needs Debian's chromium (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        outside = []
        page.on("request", lambda request: outside.append(request.url) if urllib.parse.urlsplit(
            request.url).hostname not in ("127.0.0.1", None) and not request.url.startswith("data:") else None)
        yield page
        browser.close()
        assert outside == [], "the dashboard called out of this machine"


def _wait_for_health(url: str, server: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, f"streamlit exited; see {OUTPUT / 'streamlit.log'}"
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"streamlit did not answer on {url} within {timeout}s")


def _wait_until_idle(page) -> None:
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stApp]')?.dataset.testScriptState === 'notRunning'",
        timeout=60_000)


@pytest.fixture(scope="module")
def seeds():
    articles, _ = load_articles(ROOT / "seeds")
    return extract_claims(articles), {a.article_id: a for a in articles}


def test_click_on_timeline_point_shows_its_german_sentence(app_url, seeds, browser_page):
    claims, articles = seeds
    expected_points = len(plottable(claims[claims["claimant"] == SOURCE]))
    page = browser_page
    page.goto(app_url)
    page.get_by_role("heading", name="Troop figures in German news").wait_for(timeout=60_000)
    page.get_by_test_id("stSidebarNav").get_by_text("Timeline of reported losses").click()
    points = page.locator(".js-plotly-plot g.points path.point")
    points.first.wait_for(timeout=60_000)
    _wait_until_idle(page)  # a widget changed while the page still runs can be lost

    sources = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(has_text="Source")
    sources.locator("input").click()
    page.keyboard.type(SOURCE)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    sources.get_by_text(source_name(SOURCE), exact=True).wait_for(timeout=10_000)
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot g.points path.point').length === n",
        arg=expected_points, timeout=30_000)
    assert f"source={SOURCE}" in page.url

    _wait_until_idle(page)
    point = points.last  # drawn last, so on top where points coincide
    claim_id = point.evaluate("p => p.closest('g.trace').__data__[0].trace.customdata[p.__data__.i][0]")
    _click_centre(page, point)

    claim = claims[claims["claim_id"] == claim_id].iloc[0]
    raw = articles[claim["article_id"]].raw
    sentence = " ".join(raw[int(claim["sentence_start"]):int(claim["sentence_end"])].split())
    shown = page.locator("blockquote.claim-sentence")
    shown.wait_for(timeout=30_000)
    assert " ".join(shown.inner_text().split()) == sentence
    assert shown.locator("mark").inner_text() == str(claim["figure_text"])
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT / "browser_timeline_click.png"), full_page=True)


_CUSTOMDATA = "p => p.closest('g.trace').__data__[0].trace.customdata[p.__data__.i]"


def _timeline_points(page, address: str):
    """Open `address` (the home page), go to the timeline and return its markers once drawn and idle."""
    page.goto(address)
    page.get_by_role("heading", name="Troop figures in German news").wait_for(timeout=60_000)
    page.get_by_test_id("stSidebarNav").get_by_text("Timeline of reported losses").click()
    points = page.locator(".js-plotly-plot g.points path.point")
    points.first.wait_for(timeout=60_000)
    _wait_until_idle(page)
    return points


def _point(points, wanted):
    """The marker whose claim id satisfies `wanted`, and its customdata."""
    return next((p, data) for p in points.all() if wanted((data := p.evaluate(_CUSTOMDATA))[0]))


def _click_centre(page, locator) -> None:
    box = locator.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_new_corpus_upload_and_its_claim_on_the_timeline(app_url, corpus_root, browser_page, tmp_path):
    source, picture = tmp_path / "kursk_bericht.txt", tmp_path / "bild.txt"
    source.write_bytes(UPLOAD)
    picture.write_bytes((ROOT / "tests" / "samples" / "messy" / "binary.txt").read_bytes())
    page = browser_page
    page.goto(app_url)
    page.get_by_role("heading", name="Troop figures in German news").wait_for(timeout=60_000)
    _wait_until_idle(page)
    page.get_by_test_id("stSidebar").get_by_text("New corpus").click()
    page.get_by_label("Name of the new corpus folder").fill("Kursk Upload")
    page.get_by_label("Name of the new corpus folder").press("Enter")
    page.get_by_role("button", name="Create").click()
    page.get_by_text("No articles were found").wait_for(timeout=60_000)
    assert "corpus=Kursk_Upload" in page.url
    corpus = corpus_root / "Kursk_Upload"
    page.get_by_test_id("stSidebarNav").get_by_text("Articles").click()
    page.get_by_text("No articles were found in Kursk_Upload").wait_for(timeout=60_000)
    _wait_until_idle(page)

    page.get_by_test_id("stFileUploader").locator("input[type=file]").set_input_files([str(source), str(picture)])
    page.get_by_text("Added 1 article: kursk_bericht.txt.").wait_for(timeout=60_000)
    page.get_by_text("bild.txt was not added: not a text file: it looks like a PNG image").wait_for()
    _wait_until_idle(page)
    assert [p.name for p in corpus.iterdir() if not p.name.startswith(".")] == ["kursk_bericht.txt"]
    assert (corpus / "kursk_bericht.txt").read_bytes() == UPLOAD
    table = page.get_by_test_id("stDataFrame")
    table.get_by_text("kursk_bericht.txt").wait_for(state="attached", timeout=30_000)
    assert table.get_by_text("Neue Verluste unter Nordkoreanern in Kursk").count() == 1
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT / "browser_articles_upload.png"), full_page=True)

    articles, errors = load_articles(corpus)
    claim = extract_claims(articles).iloc[0]
    sentence = " ".join(articles[0].raw[int(claim["sentence_start"]):int(claim["sentence_end"])].split())
    assert not errors and "Militärgeheimdienstes" in sentence

    page.get_by_test_id("stSidebarNav").get_by_text("Timeline of reported losses").click()
    points = page.locator(".js-plotly-plot g.points path.point")
    points.first.wait_for(timeout=60_000)
    _wait_until_idle(page)
    assert points.count() == 1
    assert page.locator(".js-plotly-plot .legend").get_by_text(source_name("ukraine")).count() == 1
    _click_centre(page, points.first)
    shown = page.locator("blockquote.claim-sentence")
    shown.wait_for(timeout=30_000)
    assert " ".join(shown.inner_text().split()) == sentence
    assert shown.locator("mark").inner_text() == "4.321"
    assert "Neue Verluste unter Nordkoreanern in Kursk" in page.locator(".claim-article").inner_text()
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT / "browser_upload_timeline.png"), full_page=True)


@pytest.mark.parametrize("link, shown", [
    ("/etc", "Refused: /etc is outside the corpus root"),
    ("[x](http://example.org/a)", "Refused: there is no folder [x](http://example.org/a) under the corpus root"),
])
def test_a_link_outside_the_corpus_root_is_refused_as_plain_text(app_url, browser_page, link, shown):
    page = browser_page
    page.goto(f"{app_url}/?corpus={urllib.parse.quote(link)}")
    alert = page.get_by_test_id("stAlertContentError")
    alert.first.wait_for(timeout=60_000)
    _wait_until_idle(page)
    # as the analyst reads it: the word joiner that stops a bare address becoming a link is invisible
    assert alert.first.get_by_test_id("stMarkdownContainer").inner_text().replace("\u2060", "").startswith(shown)
    assert alert.first.locator("a, img").count() == 0  # the link's Markdown stays text
    articles = page.get_by_test_id("stMetric").filter(has_text="Articles").get_by_test_id("stMetricValue")
    assert articles.inner_text() == "5"  # the seeds opened instead
    assert "corpus=" not in page.url
    page.screenshot(path=str(OUTPUT / f"browser_refused_{'etc' if link == '/etc' else 'markdown'}.png"))


def test_correcting_a_claims_category_moves_its_point_after_a_reload(app_url, corpus_root, seeds, browser_page):
    claims, _ = seeds
    claim = claims[(claims["claimant"] == SOURCE)].iloc[0]
    page = browser_page
    points = _timeline_points(page, f"{app_url}/?source={SOURCE}")
    point, before = _point(points, claim["claim_id"].__eq__)
    before = before[4]
    _click_centre(page, point)
    page.locator("blockquote.claim-sentence").wait_for(timeout=30_000)
    _wait_until_idle(page)

    page.get_by_role("button", name="Correct").click()
    popover = page.get_by_test_id("stPopoverBody")
    popover.get_by_test_id("stSelectbox").filter(has_text="Category").click()
    page.get_by_role("option", name="reinforcements", exact=True).click()
    popover.get_by_role("button", name="Save the correction").click()
    page.get_by_text("Corrected «").wait_for(timeout=60_000)
    _wait_until_idle(page)
    page.screenshot(path=str(OUTPUT / "browser_review_corrected.png"), full_page=True)

    page.reload()
    points.first.wait_for(timeout=60_000)
    _wait_until_idle(page)
    after = _point(points, claim["claim_id"].__eq__)[1][4]
    assert before != after and "reinforcements" in after
    decisions = (corpus_root / "seeds" / "reviews.csv").read_text(encoding="utf-8")
    assert '"category": "reinforcements"' in decisions.replace('""', '"')


GROUPED = {  # one NIS estimate that three outlets repeat within two weeks
    "a": ("2025-05-12", "Zeitung A", "Laut dem südkoreanischen Geheimdienst NIS sind rund 800 nordkoreanische "
                                     "Soldaten gefallen."),
    "b": ("2025-05-15", "Zeitung B", "Der NIS schätzt, dass etwa 800 Nordkoreaner in Kursk getötet wurden."),
    "c": ("2025-05-21", "Zeitung C", "Nach Angaben des NIS starben bislang 800 nordkoreanische Soldaten in Kursk."),
}


def test_clicking_a_claim_group_lists_its_reports_and_opens_one(app_url, corpus_root, browser_page):
    folder = corpus_root / "gruppen"
    shutil.copytree(ROOT / "seeds", folder)  # the seeds with their manifest, and one estimate reported thrice
    for name, (published, outlet, text) in GROUPED.items():
        (folder / f"{name}.txt").write_text(f"---\npublished: {published}\noutlet: {outlet}\n---\nBericht {name}\n\n"
                                            f"{text}\n", encoding="utf-8")
    page = browser_page
    points = _timeline_points(page, f"{app_url}/?corpus=gruppen")
    group, _ = _point(points, lambda claim_id: claim_id.startswith("a:"))
    _click_centre(page, group)
    page.get_by_text("reported 3 times in 3 articles").wait_for(timeout=30_000)
    _wait_until_idle(page)
    page.wait_for_timeout(500)
    page.screenshot(path=str(OUTPUT / "browser_grouped_timeline.png"))
    if os.environ.get("UPDATE_SCREENSHOTS"):  # the README's picture: UPDATE_SCREENSHOTS=1 pytest -k claim_group
        shutil.copy(OUTPUT / "browser_grouped_timeline.png", ROOT / "docs" / "grouped_timeline.png")

    reports = page.get_by_test_id("stExpander").filter(has_text="reported 3 times").get_by_test_id("stDataFrame")
    box = reports.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 * 3 + 18)  # the third report's row-selection cell
    shown = page.locator("blockquote.claim-sentence")
    shown.filter(has_text="Nach Angaben des NIS starben bislang").wait_for(timeout=30_000)
    assert shown.filter(has_text="Nach Angaben des NIS starben bislang").locator("mark").inner_text() == "800"

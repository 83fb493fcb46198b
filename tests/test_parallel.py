"""Worker processes and the fast path give the serial, full-pass frame: same rows, same order, same dtypes."""
import threading

import pytest
from conftest import ROOT, SHARED
from pandas.testing import assert_frame_equal

from core.articles import article_files, load_articles, make_article
from core.attribution import SourceTracker
from core.extract import extract_claims, is_candidate, parsed
from core.parallel import extract_files, extract_parallel, parse_files
from core.schema import validate
from bench.synthetic import write_corpus

SAMPLES = ROOT / "tests/samples/messy"
HELD_OUT = ("heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9",
            "heldout10", "heldout11")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    write_corpus(folder, count=40, seed=7)
    return folder


@pytest.fixture(params=["seeds", "dev", "heldout4", "synthetic"])
def corpus(request, synthetic):
    return _every_corpus(synthetic)[request.param]


def test_fast_path_equals_full_pass(corpus):
    articles, _ = load_articles(corpus)
    fast = extract_claims(articles)
    assert len(fast) > 0
    assert_frame_equal(fast, extract_claims(articles, fast=False))


def _every_corpus(synthetic):
    held_out = {name: ROOT / "tests" / name for name in HELD_OUT}
    return {"seeds": ROOT / "seeds", "dev": SHARED / "gold/dev", **held_out, "synthetic": synthetic}


@pytest.mark.parametrize("folder", ["seeds", "dev", *HELD_OUT, "synthetic"])
def test_sentences_skipped_or_attributed_lazily_change_nothing(folder, synthetic, monkeypatch):
    """Sentences without figures are passed over or have their source worked out only when a later one
    needs it: the frame equals attributing every sentence on the spot."""
    articles, _ = load_articles(_every_corpus(synthetic)[folder])
    lazy = extract_claims(articles)
    monkeypatch.setattr("core.extract._may_matter", lambda *args: True)
    monkeypatch.setattr("core.attribution.SourceTracker.note", SourceTracker.attribute)
    assert_frame_equal(lazy, extract_claims(articles))


@pytest.mark.parametrize("folder", ["seeds", "dev", *HELD_OUT, "synthetic"])
def test_paragraphs_grouped_into_docs_give_the_frame_of_one_doc_per_paragraph(folder, synthetic, monkeypatch):
    articles, _ = load_articles(_every_corpus(synthetic)[folder])
    grouped = extract_claims(articles)

    def one_per_paragraph(flow, fast):
        for start, end in flow.paragraphs:
            if not fast or is_candidate(flow.text[start:end]):
                yield start, flow.text[start:end]

    monkeypatch.setattr("core.extract._chunks", one_per_paragraph)
    assert_frame_equal(grouped, extract_claims(articles))


def test_fast_path_remembers_sources_of_paragraphs_without_figures():
    """'Der Präsident' refers back to Selenskyj, named in a paragraph the candidate filter skips."""
    text = (
        "# Lage an der Front\n\nSelenskyj äußerte sich am Abend ausführlich zur Lage im Gebiet Kursk.\n\n"
        "Der Präsident sagte, mehr als 3000 nordkoreanische Soldaten seien getötet worden.\n"
    )
    articles = [make_article("anaphor", text)]
    assert_frame_equal(extract_claims(articles), extract_claims(articles, fast=False))


def test_fast_path_keeps_the_full_pass_carry_over_a_skipped_heading():
    """The full pass reads the heading between a source and 'Diese Zahlen …'; skipping it must not matter."""
    text = (
        "# Lage in Kursk\n\nDie Lage in der Region Kursk bleibt nach Einschätzung von Beobachtern angespannt. "
        "Viele der Soldaten sprechen kein Russisch.\n\nVerluste und Unterstützung\n\nDer Kommandeur ist 20 Jahre alt. "
        "Diese Zahlen decken sich mit früheren Angaben, wonach 13.800 Soldaten verletzt wurden.\n"
    )
    articles = [make_article("heading", text)]
    assert_frame_equal(extract_claims(articles), extract_claims(articles, fast=False))


def test_fast_path_keeps_the_full_pass_carry_when_a_skipped_paragraph_names_an_unlisted_source():
    """The full pass reads a paragraph naming an unlisted source the fast path skips: a paragraph that is no
    candidate passes no source on in either, so 'Demnach …' after it stays unattributed in both."""
    text = (
        "Der NIS hat am Mittwoch dem Parlament Bericht erstattet.\n\n"
        "Die Lage an der Front bleibt angespannt, schreibt das Portal Meduza.\n\n"
        "Demnach seien mehr als 3000 nordkoreanische Soldaten getötet worden.\n"
    )
    articles = [make_article("carry", text)]
    assert not is_candidate("Die Lage an der Front bleibt angespannt, schreibt das Portal Meduza.")
    assert_frame_equal(extract_claims(articles), extract_claims(articles, fast=False))


def test_workers_give_the_serial_frame(corpus):
    articles, _ = load_articles(corpus)
    serial = extract_claims(articles)
    assert_frame_equal(extract_parallel(articles, jobs=2), serial)
    assert_frame_equal(extract_files(article_files(corpus)[0], jobs=2)[0], serial)


def test_full_pass_in_workers(synthetic):
    articles, _ = load_articles(synthetic)
    assert_frame_equal(extract_parallel(articles, jobs=2, fast=False), extract_claims(articles, fast=False))


def test_files_that_fail_to_load_are_reported_in_order():
    files, _ = article_files(SAMPLES)
    frame, errors = extract_files(files, jobs=2)
    articles, expected = load_articles(SAMPLES)
    assert errors == expected and errors
    assert_frame_equal(frame, extract_claims(articles))


def test_nothing_to_extract():
    assert validate(extract_parallel([], jobs=2)).empty
    assert extract_files([], jobs=2)[0].empty


def test_workers_are_spawned_beside_other_threads(monkeypatch):
    """A process running other threads (a Streamlit server) must not fork: same frame through spawned workers."""
    monkeypatch.setattr("core.parallel.SPAWN_MIN_BYTES", 0)  # the seeds are too few to spawn workers for
    articles, _ = load_articles(ROOT / "seeds")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert_frame_equal(extract_parallel(articles, jobs=2), extract_claims(articles))
    finally:
        stop.set()
        thread.join()


def test_parsing_alone_reads_what_extraction_reads_in_workers_too(synthetic):
    """The benchmark's floor (parse_files) parses the same tokens, whatever the number of workers."""
    files, _ = article_files([synthetic])
    articles, _ = load_articles(synthetic)
    tokens = sum(len(doc) for article in articles for _, doc in parsed(article))
    assert tokens > 10_000
    assert parse_files(files, jobs=1) == parse_files(files, jobs=2) == tokens

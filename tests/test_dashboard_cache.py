"""The dashboard's loads go through the Parquet claims cache and the worker processes (issue 15): the frame of
extract_claims, only changed files extracted, a restart reads the cache without extracting, progress as workers
finish; spawned workers never run the Streamlit script."""
import json
import os
import shutil
import subprocess
import sys
import threading
import types

import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import ROOT
from pandas.testing import assert_frame_equal

import core.cache
import core.parallel
from core.articles import article_files, load_articles
from core.cache import CachedArticle, cache_path
from core.extract import extract_claims
from bench.synthetic import write_corpus
from ui import common
from ui.loading import Loads

ADDED = "\nLaut NIS sind weitere 250 Soldaten gefallen.\n"


@pytest.fixture
def root(tmp_path, monkeypatch):
    """A corpus root (the server's CLAIMS_ROOT) holding the seeds and 30 synthetic articles in one folder."""
    folder = tmp_path / "root" / "corpus"
    shutil.copytree(ROOT / "seeds", folder)
    write_corpus(folder, count=30, seed=5)
    monkeypatch.setenv("CLAIMS_ROOT", str(tmp_path / "root"))
    monkeypatch.delenv(core.cache.CACHE_ENV, raising=False)
    return tmp_path / "root"


def _load(folder):
    folder = str(folder)
    return common.load_corpus(folder, common.fingerprint(folder), common.MAX_BYTES)


def test_the_dashboards_frame_and_articles_are_those_of_extract_claims(root, extracted):
    claims, articles, errors, choices = _load(root / "corpus")
    expected, _ = load_articles(root / "corpus")
    assert errors == [] and len(claims) > 100
    assert_frame_equal(claims, extract_claims(expected))
    assert list(articles) == [a.article_id for a in expected]
    for article in expected:
        cached = articles[article.article_id]
        assert isinstance(cached, CachedArticle)
        for name in ("title", "outlet", "url", "published", "path", "warnings", "body_start", "published_basis"):
            assert getattr(cached, name) == getattr(article, name), name
        assert cached.raw == article.raw and cached.flow.text == article.flow.text  # read from the file when asked
    assert sorted(choices["articles"]) == sorted(articles)
    assert extracted == [sorted(p.name for p, _ in article_files(root / "corpus")[0])]  # one load, every file
    # inside the root, hidden: never offered as a corpus
    assert cache_path(root / "corpus", root / ".cache" / "claims").is_file()


def test_a_changed_or_added_file_is_extracted_alone(root, extracted):
    folder = root / "corpus"
    _load(folder)
    changed, added = folder / "000003.txt", folder / "zz_neu.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + ADDED, encoding="utf-8")
    added.write_text("Laut Pentagon wurden 1.200 nordkoreanische Soldaten verwundet.\n", encoding="utf-8")
    claims, articles, _, _ = _load(folder)
    assert extracted[1:] == [[changed.name, added.name]]
    expected, _ = load_articles(folder)
    assert_frame_equal(claims, extract_claims(expected))
    assert "zz_neu" in articles and (claims["value"] == 250).any()
    index = json.loads(pq.read_schema(cache_path(folder, root / ".cache" / "claims")).metadata[b"claims_cache_index"])
    assert len(index) == len(expected) and index[added.name]["article"]["article_id"] == "zz_neu"


def test_an_unchanged_folder_is_not_extracted_again_even_after_the_memory_is_cleared(root, extracted, monkeypatch):
    folder = root / "corpus"
    first = _load(folder)
    monkeypatch.setattr(common, "_DIGESTS", {})  # as after a restart: nothing hashed, nothing loaded in memory
    monkeypatch.setattr(common, "LOADS", Loads(common.load_corpus))
    again = _load(folder)
    assert len(extracted) == 1
    assert_frame_equal(again[0], first[0])
    plain = lambda choices: {k: v for k, v in choices.items() if k not in ("group_of", "findings")}  # noqa: E731
    assert list(again[1]) == list(first[1]) and plain(again[3]) == plain(first[3])
    pd.testing.assert_series_equal(again[3]["group_of"], first[3]["group_of"])


def test_a_new_server_process_reads_the_parquet_cache_without_extracting(root):
    folder = root / "corpus"
    claims, _, _, _ = _load(folder)
    script = (
        "import sys, core.cache, core.parallel\n"
        "def refuse(*args, **kwargs): raise AssertionError('extracted')\n"
        "core.cache.extract_with_articles = core.parallel.extract_with_articles = refuse\n"
        "from ui import common\n"
        "folder = sys.argv[1]\n"
        "claims, articles, errors, _ = common.load_corpus(folder, common.fingerprint(folder), common.MAX_BYTES)\n"
        "assert 'spacy' not in sys.modules, 'reading the cache imported spaCy'\n"
        "claims.to_pickle(sys.argv[2])\n"
        "print(len(articles), len(errors))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CLAIMS_ROOT": str(root)}
    done = subprocess.run([sys.executable, "-c", script, str(folder), str(root / "frame.pkl")], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(len(list(folder.glob("*.txt")))), "0"]
    assert_frame_equal(pd.read_pickle(root / "frame.pkl"), claims)


def test_workers_report_progress_as_chunks_finish(root, monkeypatch):
    monkeypatch.setattr(core.parallel, "SPAWN_MIN_BYTES", 0)  # workers even for this small folder
    monkeypatch.setattr(core.parallel, "_CHUNK_BYTES", 20_000)  # several chunks
    folder = str(root / "corpus")
    seen = []

    def load(folder, *args, progress):  # the dashboard's load in the shared thread, its progress calls recorded
        return common.load_corpus(folder, *args, progress=lambda done, total: seen.append((done, total))
                                  or progress(done, total))

    job, _ = Loads(load).start(folder, "k", common.fingerprint(folder), common.MAX_BYTES)
    assert job.finished.wait(300) and job.error is None
    files = len(article_files(folder)[0])
    assert (job.done, job.total) == (files, files)
    dones = [done for done, _ in seen]
    assert len(set(dones)) >= 3 and dones == sorted(dones) and {total for _, total in seen} == {files}
    expected, _ = load_articles(folder)
    assert_frame_equal(job.result[0], extract_claims(expected))


def test_progress_text_counts_articles_and_time_left():
    job = Loads(lambda folder, progress: None).start("f", "k")[0]
    job.progress(412, 2000)
    assert common._progress_text(job).startswith("Reading articles and extracting claims: 412 of 2,000 articles, about ")


def test_spawned_workers_do_not_run_the_streamlit_script(tmp_path, monkeypatch):
    """Streamlit installs the running script as __main__; a spawned worker would run it again."""
    marker = tmp_path / "ran"
    script = tmp_path / "app.py"
    script.write_text(f"open({str(marker)!r}, 'w').close()\nraise SystemExit('the app ran in a worker')\n")
    app = types.ModuleType("__main__")
    app.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", app)
    monkeypatch.setattr(core.parallel, "SPAWN_MIN_BYTES", 0)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)  # a server's threads: workers are spawned, not forked
    thread.start()
    try:
        files, _ = article_files(ROOT / "seeds")
        frame, errors, metadata = core.parallel.extract_with_articles(files, jobs=2)
    finally:
        stop.set()
        thread.join()
    assert sys.modules["__main__"] is app and not marker.exists()
    assert_frame_equal(frame, extract_claims(load_articles(ROOT / "seeds")[0]))
    assert sorted(metadata) == sorted(path.name for path, _ in files)


def test_a_cache_folder_that_leads_out_of_the_root_is_not_used(root, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / ".cache").symlink_to(outside, target_is_directory=True)
    claims, _, _, _ = _load(root / "corpus")
    assert len(claims) and not any(outside.rglob("*.parquet"))

"""The claims cache: the fresh frame, extracting only what changed; invalidated by content, metadata and version."""
import shutil

import pytest
from conftest import ROOT
from pandas.testing import assert_frame_equal

import core.cache
import core.extract
from core.articles import load_articles
from core.cache import CACHE_ENV, cache_path, cached_claims
from core.extract import extract_claims

BAD_FILE = ROOT / "tests/samples/messy/binary.txt"


def _fresh(paths):
    articles, _ = load_articles(paths)
    return extract_claims(articles)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(ROOT / "seeds", folder)
    return folder


def test_cold_and_warm_give_the_fresh_frame(corpus, tmp_path):
    cold, errors = cached_claims(corpus, cache_dir=tmp_path / "cache")
    warm, _ = cached_claims(corpus, cache_dir=tmp_path / "cache")
    assert errors == [] and len(cold) == 19
    assert_frame_equal(cold, _fresh(corpus))
    assert_frame_equal(warm, _fresh(corpus))
    assert cache_path(corpus, tmp_path / "cache").is_file()


def test_unchanged_corpus_is_not_extracted_again(corpus, tmp_path, extracted):
    cached_claims(corpus, cache_dir=tmp_path / "cache")
    cached_claims(corpus, cache_dir=tmp_path / "cache")
    assert len(extracted) == 1 and len(extracted[0]) == 5


def test_a_changed_file_alone_is_extracted_again(corpus, tmp_path, extracted):
    cached_claims(corpus, cache_dir=tmp_path / "cache")
    changed = corpus / "003_4332e6c9f3dcfefa.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nLaut NIS sind 250 Soldaten gefallen.\n", encoding="utf-8")
    frame, _ = cached_claims(corpus, cache_dir=tmp_path / "cache")
    assert extracted[-1] == [changed.name]
    assert (frame["value"] == 250).any()
    assert_frame_equal(frame, _fresh(corpus))


def test_a_new_extractor_version_extracts_everything(corpus, tmp_path, extracted, monkeypatch):
    cached_claims(corpus, cache_dir=tmp_path / "cache")
    monkeypatch.setattr(core.cache, "code_version", lambda: core.extract.EXTRACTOR_VERSION + "-next")
    frame, _ = cached_claims(corpus, cache_dir=tmp_path / "cache")
    assert len(extracted) == 2 and len(extracted[-1]) == 5
    assert_frame_equal(frame, _fresh(corpus))


def test_a_changed_manifest_row_extracts_that_article(corpus, tmp_path, extracted):
    cached_claims(corpus, cache_dir=tmp_path / "cache")
    manifest = corpus / "manifest.csv"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("2024-12-19", "2024-12-20"), encoding="utf-8")
    frame, _ = cached_claims(corpus, cache_dir=tmp_path / "cache")
    assert extracted[-1] == ["003_4332e6c9f3dcfefa.txt"]
    assert_frame_equal(frame, _fresh(corpus))


def test_removed_and_added_files(corpus, tmp_path, extracted):
    cached_claims(corpus, cache_dir=tmp_path / "cache")
    (corpus / "000_01f51bff51cf298a.txt").unlink()
    (corpus / "zz_new.txt").write_text("Laut Pentagon wurden 1.200 Soldaten verwundet.\n", encoding="utf-8")
    frame, _ = cached_claims(corpus, cache_dir=tmp_path / "cache")
    assert extracted[-1] == ["zz_new.txt"]
    assert "000_01f51bff51cf298a" not in set(frame["article_id"])
    assert_frame_equal(frame, _fresh(corpus))
    assert_frame_equal(cached_claims(corpus, cache_dir=tmp_path / "cache")[0], frame)


def test_files_folders_and_subsets(corpus, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "b.txt").write_text("Nach Angaben des NIS sind 300 Soldaten gefangen genommen worden.\n", encoding="utf-8")
    cached_claims([corpus], cache_dir=tmp_path / "cache")
    one = sorted(corpus.glob("*.txt"))[1:3]
    assert_frame_equal(cached_claims(one, cache_dir=tmp_path / "cache")[0], _fresh(one))
    assert_frame_equal(cached_claims([other, corpus], cache_dir=tmp_path / "cache")[0], _fresh([other, corpus]))


def test_load_errors_are_kept_and_files_retried_only_when_changed(corpus, tmp_path, extracted):
    shutil.copy(BAD_FILE, corpus / "binary.txt")
    _, errors = cached_claims(corpus, cache_dir=tmp_path / "cache")
    _, again = cached_claims(corpus, cache_dir=tmp_path / "cache")
    assert errors == again == load_articles(corpus)[1] and errors
    assert len(extracted) == 1


def test_cache_dir_from_environment_and_default(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "env-cache"))
    cached_claims(corpus)
    assert list((tmp_path / "env-cache").glob("corpus-*.parquet"))
    monkeypatch.delenv(CACHE_ENV)
    assert cache_path(corpus).parent == tmp_path / ".cache" / "claims"


def test_an_unreadable_cache_is_rebuilt(corpus, tmp_path):
    path = cache_path(corpus, tmp_path / "cache")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not parquet")
    frame, _ = cached_claims(corpus, cache_dir=tmp_path / "cache")
    assert_frame_equal(frame, _fresh(corpus))
    assert_frame_equal(cached_claims(corpus, cache_dir=tmp_path / "cache")[0], frame)

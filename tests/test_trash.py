"""Removal to the trash and back, the corpus lock, and saves refused when a file changed since it was read."""
import threading
from pathlib import Path

import pytest

from core.corpus import LOCK, MANIFEST, ConflictError, corpus_lock, file_digest, save_article, update_metadata
from core.errors import ArticleError
from core.trash import TRASH, remove_article, restore_article, trashed

BODY = "Laut NIS sind 100 Soldaten gefallen.\n"


def digests(folder: Path) -> dict:
    return {p.name: file_digest(p) for p in folder.iterdir() if p.is_file()}


def visible(folder: Path) -> list:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def test_removal_moves_the_file_and_its_manifest_row_to_the_trash_and_undo_restores_both(tmp_path):
    save_article(tmp_path, "seite.html", b"<p>Text</p>")
    update_metadata(tmp_path, "seite", title="Seite", outlet="Zeitung")
    data, manifest = (tmp_path / "seite.html").read_bytes(), (tmp_path / MANIFEST).read_text(encoding="utf-8")
    entry = remove_article(tmp_path, "seite")
    assert visible(tmp_path) == [MANIFEST] and "seite" not in (tmp_path / MANIFEST).read_text(encoding="utf-8")
    assert (tmp_path / TRASH / entry["id"] / "seite.html").read_bytes() == data
    assert trashed(tmp_path) == [entry] and entry["name"] == "seite.html"
    assert restore_article(tmp_path, entry["id"]) == tmp_path / "seite.html"
    assert (tmp_path / "seite.html").read_bytes() == data
    assert (tmp_path / MANIFEST).read_text(encoding="utf-8") == manifest
    assert trashed(tmp_path) == [] and list((tmp_path / TRASH).iterdir()) == []


def test_removing_what_is_not_there_says_so(tmp_path):
    save_article(tmp_path, "b.txt", BODY)
    remove_article(tmp_path, "b")
    with pytest.raises(ArticleError, match="no article 'b'"):
        remove_article(tmp_path, "b")


def test_restore_never_overwrites_a_file_that_took_the_name(tmp_path):
    save_article(tmp_path, "bericht.txt", BODY)
    entry = remove_article(tmp_path, "bericht")
    save_article(tmp_path, "bericht.txt", "neu")
    assert restore_article(tmp_path, entry["id"]).name == "bericht-2.txt"
    assert (tmp_path / "bericht.txt").read_text(encoding="utf-8") == "neu"
    assert (tmp_path / "bericht-2.txt").read_text(encoding="utf-8") == BODY


def test_the_trash_lists_the_newest_removal_first(tmp_path):
    for name in ("a.txt", "b.txt"):
        save_article(tmp_path, name, BODY)
    first, second = remove_article(tmp_path, "a"), remove_article(tmp_path, "b")
    assert [e["id"] for e in trashed(tmp_path)] == [second["id"], first["id"]]


@pytest.mark.parametrize("trash_id", ["", "..", "../x", ".hidden", "fehlt"])
def test_restore_refuses_what_is_not_in_the_trash(tmp_path, trash_id):
    with pytest.raises(ArticleError):
        restore_article(tmp_path, trash_id)


def test_a_file_changed_since_the_page_read_it_is_not_overwritten(tmp_path):
    path = save_article(tmp_path, "bericht.txt", BODY)
    seen = digests(tmp_path)
    update_metadata(tmp_path, "bericht", title="Von einer anderen Sitzung")
    theirs = path.read_bytes()
    with pytest.raises(ConflictError, match="bericht.txt changed on disk"):
        update_metadata(tmp_path, "bericht", seen, title="Von mir")
    with pytest.raises(ConflictError):
        remove_article(tmp_path, "bericht", seen)
    assert path.read_bytes() == theirs


def test_a_manifest_changed_since_the_page_read_it_is_not_overwritten(tmp_path):
    save_article(tmp_path, "a.html", b"<p>A</p>")
    save_article(tmp_path, "b.html", b"<p>B</p>")
    seen = digests(tmp_path)
    update_metadata(tmp_path, "b", outlet="Andere Sitzung")
    with pytest.raises(ConflictError, match=MANIFEST):
        update_metadata(tmp_path, "a", seen, outlet="Ich")
    assert "Andere Sitzung" in (tmp_path / MANIFEST).read_text(encoding="utf-8")
    update_metadata(tmp_path, "a", digests(tmp_path), outlet="Ich")  # after reading again, it saves
    assert "Ich" in (tmp_path / MANIFEST).read_text(encoding="utf-8")


def test_two_writers_in_threads_one_wins_the_other_is_refused(tmp_path):
    save_article(tmp_path, "bericht.txt", BODY)
    seen, results, start = digests(tmp_path), {}, threading.Barrier(2)

    def write(title):
        start.wait()
        try:
            update_metadata(tmp_path, "bericht", seen, title=title)
            results[title] = "saved"
        except ConflictError:
            results[title] = "refused"

    threads = [threading.Thread(target=write, args=(title,)) for title in ("Eins", "Zwei")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results.values()) == ["refused", "saved"]
    winner = next(title for title, result in results.items() if result == "saved")
    assert f"title: {winner}" in (tmp_path / "bericht.txt").read_text(encoding="utf-8")


def test_two_uploads_of_one_name_at_once_give_two_files(tmp_path):
    start = threading.Barrier(8)

    def upload(n):
        start.wait()
        save_article(tmp_path, "bericht.txt", f"Fassung {n}")

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(visible(tmp_path)) == 8
    assert sorted(p.read_text(encoding="utf-8") for p in tmp_path.glob("*.txt")) == [f"Fassung {n}" for n in range(8)]


def test_a_second_writer_waits_for_the_lock(tmp_path):
    save_article(tmp_path, "bericht.txt", BODY)
    done = []
    with corpus_lock(tmp_path):
        writer = threading.Thread(target=lambda: done.append(update_metadata(tmp_path, "bericht", title="Später")))
        writer.start()
        writer.join(0.3)
        assert not done  # blocked while the lock is held
    writer.join(10)
    assert done and (tmp_path / LOCK).exists()


def test_leftover_temporary_files_are_cleaned_up_on_the_next_save(tmp_path):
    leftover = tmp_path / ".~claims-bericht.txt.abc123.tmp"
    leftover.write_bytes(b"halb geschrieben")
    (tmp_path / ".notiz.tmp").write_bytes(b"not ours")
    save_article(tmp_path, "bericht.txt", BODY)
    assert not leftover.exists() and (tmp_path / ".notiz.tmp").exists()

"""The Articles page (AppTest on a copy of tests/samples/messy/ plus a seed) and its pieces in ui/articles.py."""
import datetime as dt
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core import load_articles
from core.articles import make_article
from core.extract import extract_claims
from core.readers import MAX_BYTES_CAP
from ui import articles, common

ROOT = Path(__file__).resolve().parent.parent
MESSY = ROOT / "tests" / "samples" / "messy"
SEED = ROOT / "seeds" / "002_da44b8f95bbfcdf7.txt"
PAGE = "pages/4_Articles.py"
LIMIT = 20_000
GOOD = {"good_utf8", "windows1252", "utf16", "crlf", "page", SEED.stem}
TITLES = {"windows1252": "Verstärkung für Südkorea, Größe der Truppe unklar",
          "utf16": "Britischer Geheimdienst: Hälfte der Nordkoreaner getötet oder verletzt"}
REASONS = {"binary.txt": "not a text file: it looks like a PNG image", "empty.txt": "empty file (0 bytes)",
           "huge.txt": "file too large: 20.0 kB (20,001 bytes), over the limit of 20.0 kB (20,000 bytes)"}
PASTED = "Laut dem ukrainischen Generalstab sind inzwischen 4.321 nordkoreanische Soldaten in Kursk getötet worden."
PNG = (MESSY / "binary.txt").read_bytes()


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    """A writable copy of the messy samples, a seed article and a file one byte over a limit of 20 kB."""
    folder = tmp_path / "corpus"
    shutil.copytree(MESSY, folder)
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    (folder / "huge.txt").write_bytes(("Soldaten " * 3000).encode()[: LIMIT + 1])
    monkeypatch.setenv("CLAIMS_MAX_BYTES", str(LIMIT))
    return folder


def open_page(monkeypatch, folder: Path) -> AppTest:
    monkeypatch.setenv("CLAIMS_CORPUS", str(folder))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def files(folder: Path) -> dict:
    """The corpus's visible files and their bytes (the lock file and the trash are hidden)."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")}


def widget(at, name: str) -> str:
    """The key of the Articles page widget `name` in its current version."""
    return next(w.key for w in at.selectbox if w.key and w.key.startswith(f"articles_{name}_"))


def click(at, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception


def listed(at) -> pd.DataFrame:
    return at.data_editor[0].value


def notices(elements) -> list[str]:
    """Notice texts as shown: markdown escapes dropped."""
    return [re.sub(r"\\(.)", r"\1", element.value) for element in elements]


def edit(at, article_id: str, **cells) -> None:
    """Type `cells` into the row of `article_id` in the article table and run."""
    editor = at.data_editor[0]
    row = list(editor.value.index).index(article_id)
    at.session_state[editor.key] = {"edited_rows": {row: cells}, "added_rows": [], "deleted_rows": []}
    at.run()


def test_lists_good_articles_with_umlauts_intact_and_claims(monkeypatch, corpus):
    table = listed(open_page(monkeypatch, corpus))
    assert set(table.index) == GOOD
    for article_id, title in TITLES.items():
        assert table.at[article_id, "title"] == title
    assert (table["claims"] > 0).all()
    assert table.at["page", "outlet"] == "Beispiel-Zeitung" and table.at["page", "published"] == dt.date(2024, 12, 19)


def test_each_unreadable_file_is_listed_with_its_reason(monkeypatch, corpus):
    at = open_page(monkeypatch, corpus)
    assert at.warning[0].value == "3 files could not be read:"
    errors = at.dataframe[0].value
    assert dict(zip(errors["file"], errors["reason"])) == REASONS
    at.switch_page("dashboard.py").run()
    assert [w.value for w in at.warning] == ["3 files could not be read — see Articles."]


def test_empty_corpus_still_offers_upload_and_paste(monkeypatch, tmp_path):
    at = open_page(monkeypatch, tmp_path)
    assert "No articles were found" in at.info[0].value
    assert at.file_uploader and at.text_area(key="articles_paste_text")
    assert not at.data_editor


def test_metadata_edit_is_saved_to_disk_and_shown(monkeypatch, corpus):
    at = open_page(monkeypatch, corpus)
    assert at.button(key="articles_save").disabled
    edit(at, "windows1252", title="Größere Truppe in Kursk", outlet="Testblatt", published="2025-01-15")
    at.button(key="articles_save").click().run()
    assert notices(at.success) == ["Saved the metadata of 1 article."]
    row = listed(at).loc["windows1252"]
    assert (row["title"], row["outlet"], row["published"]) == ("Größere Truppe in Kursk", "Testblatt",
                                                              dt.date(2025, 1, 15))
    on_disk = {a.article_id: a for a in load_articles(corpus)[0]}["windows1252"]
    assert (on_disk.title, on_disk.outlet, on_disk.published) == ("Größere Truppe in Kursk", "Testblatt",
                                                                  dt.date(2025, 1, 15))
    assert "Südkoreas Generalstab schätzt" in on_disk.raw
    assert at.button(key="articles_save").disabled  # the table starts afresh from the saved values


def test_metadata_of_an_html_page_goes_to_the_manifest(monkeypatch, corpus):
    at = open_page(monkeypatch, corpus)
    edit(at, "page", outlet="Zeitung & Co")
    at.button(key="articles_save").click().run()
    assert listed(at).at["page", "outlet"] == "Zeitung & Co"
    assert "page,,Zeitung & Co," in (corpus / "manifest.csv").read_text(encoding="utf-8")
    assert (corpus / "page.html").read_bytes() == (MESSY / "page.html").read_bytes()


def test_pasted_article_is_saved_and_its_claims_appear(monkeypatch, corpus):
    at = open_page(monkeypatch, corpus)
    at.text_input(key="articles_paste_title").input("Neue Zahlen aus Kiew")
    at.date_input(key="articles_paste_published").set_value(dt.date(2025, 3, 3))
    at.text_area(key="articles_paste_text").input(PASTED)
    at.form_submit_button[0].click().run()
    assert notices(at.success) == ["Added Neue_Zahlen_aus_Kiew.txt."]
    row = listed(at).loc["Neue_Zahlen_aus_Kiew"]
    assert (row["title"], row["published"], row["claims"]) == ("Neue Zahlen aus Kiew", dt.date(2025, 3, 3), 1)
    at.switch_page("pages/3_Passages.py").run()
    at.text_input(key="passages_search").input("4.321").run()
    assert at.dataframe(key="passages_table").value["title"].tolist() == ["Neue Zahlen aus Kiew"]


def test_empty_paste_is_refused(monkeypatch, corpus):
    at = open_page(monkeypatch, corpus)
    before = sorted(p.name for p in corpus.iterdir())
    at.text_area(key="articles_paste_text").input(" \n ")
    at.form_submit_button[0].click().run()
    assert notices(at.error) == ["The pasted article was not added: the pasted text is empty"]
    assert sorted(p.name for p in corpus.iterdir()) == before


def test_uploads_add_good_files_and_refuse_bad_ones_each_with_its_reason(monkeypatch, corpus):
    at = open_page(monkeypatch, corpus)
    before = files(corpus)
    german = "Laut Selenskyj wurden 4.321 nordkoreanische Soldaten in Kursk getötet.\n".encode("cp1252")
    at.file_uploader[0].set_value([("bild.txt", PNG, "text/plain"), ("leer.txt", b"", "text/plain"),
                                   ("riesig.txt", b"x" * (LIMIT + 1), "text/plain"),
                                   ("good_utf8.txt", german, "text/plain")]).run()
    assert notices(at.success) == ["Added 1 article: good_utf8-2.txt."]
    assert notices(at.error) == [
        "bild.txt was not added: not a text file: it looks like a PNG image",
        "leer.txt was not added: empty file (0 bytes)",
        "riesig.txt was not added: file too large: 20.0 kB (20,001 bytes), over the limit of 20.0 kB (20,000 bytes)"]
    assert files(corpus) == {**before, "good_utf8-2.txt": german}  # nothing overwritten, nothing broken left behind
    assert listed(at).at["good_utf8-2", "claims"] == 1
    assert not at.file_uploader[0].value  # the uploader starts afresh: a rerun does not add the files again


def test_notices_escape_markdown(monkeypatch, corpus):
    at = open_page(monkeypatch, corpus)
    at.file_uploader[0].set_value([("![x](http://example.org/a.png).txt", PNG, "text/plain")]).run()
    assert at.error[0].value.startswith(common.md("![x](http://example.org/a.png).txt was not added"))


def test_removal_moves_the_file_and_its_manifest_row_to_the_trash_and_undo_brings_them_back(monkeypatch, corpus):
    (corpus / "manifest.csv").write_text("article_id,outlet\ncrlf,Kyiv Independent\n", encoding="utf-8")
    before = files(corpus)
    at = open_page(monkeypatch, corpus)
    at.selectbox(key=widget(at, "remove_choice")).set_value("crlf").run()
    click(at, "Move to trash")
    assert notices(at.success) == ["Moved crlf.txt to the trash."]
    assert not (corpus / "crlf.txt").exists() and "crlf" not in (corpus / "manifest.csv").read_text()
    assert "crlf" not in listed(at).index and set(listed(at).index) == GOOD - {"crlf"}
    assert [p.name for p in (corpus / ".trash").glob("*/crlf.txt")] == ["crlf.txt"]
    assert "Trash (1)" in [e.label for e in at.expander]
    click(at, "Undo")
    assert notices(at.success) == ["Restored crlf.txt."]
    assert files(corpus) | {"manifest.csv": b""} == before | {"manifest.csv": b""}
    assert {a.article_id: a.outlet for a in load_articles(corpus)[0]}["crlf"] == "Kyiv Independent"
    assert set(listed(at).index) == GOOD and not [b for b in at.button if b.label == "Undo"]


def test_an_unreadable_file_can_be_moved_to_the_trash_and_restored_from_it(monkeypatch, corpus):
    at = open_page(monkeypatch, corpus)
    choice = at.selectbox(key=widget(at, "remove_choice"))
    assert choice.format_func("binary") == "binary.txt – could not be read"
    choice.set_value("binary").run()
    click(at, "Move to trash")
    assert not (corpus / "binary.txt").exists()
    assert set(at.dataframe[0].value["file"]) == {"empty.txt", "huge.txt"}
    click(at, "Restore")
    assert (corpus / "binary.txt").read_bytes() == PNG


def test_an_edit_of_a_file_another_session_changed_is_refused(monkeypatch, corpus):
    at = open_page(monkeypatch, corpus)
    other = corpus / "crlf.txt"
    other.write_bytes(b"---\ntitle: Von der anderen Sitzung\n---\n" + other.read_bytes())
    theirs = other.read_bytes()
    edit(at, "crlf", title="Meine Fassung")
    at.button(key="articles_save").click().run()
    assert notices(at.error)[0].startswith("crlf was not saved: crlf.txt changed on disk after this page read it")
    assert other.read_bytes() == theirs
    assert listed(at).at["crlf", "title"] == "Von der anderen Sitzung"
    edit(at, "crlf", title="Meine Fassung")  # made again on the new version, it saves
    at.button(key="articles_save").click().run()
    assert listed(at).at["crlf", "title"] == "Meine Fassung"


def test_a_change_re_extracts_only_the_changed_file(monkeypatch, corpus):
    calls = []
    monkeypatch.setattr(common, "extract_claims", lambda found: calls.extend(a.article_id for a in found)
                        or extract_claims(found))
    at = open_page(monkeypatch, corpus)
    assert sorted(calls) == sorted(GOOD)
    calls.clear()
    edit(at, "crlf", title="Kiew meldet Verluste")
    at.button(key="articles_save").click().run()
    assert calls == ["crlf"]


def test_metadata_changes_compare_cells_as_update_metadata_takes_them():
    before = pd.DataFrame({"title": ["A", "B"], "outlet": ["", "X"], "url": ["", ""],
                           "published": [None, dt.date(2025, 1, 2)]}, index=["a", "b"])
    after = before.copy()
    after.loc["a", "title"] = " A "
    after.loc["b", "outlet"] = None
    after.loc["a", "published"] = pd.Timestamp("2025-02-03")
    assert articles.metadata_changes(before, after) == {"a": {"published": dt.date(2025, 2, 3)},
                                                        "b": {"outlet": ""}}


def test_add_article_leaves_nothing_behind_when_the_file_cannot_be_read(tmp_path):
    with pytest.raises(Exception, match="front matter is not valid YAML"):
        articles.add_article(str(tmp_path), "a.txt", "---\ntitle: [\n---\nText.", LIMIT)
    assert not list(tmp_path.iterdir())
    path = articles.add_article(str(tmp_path), "a.txt", "Text.", LIMIT, title="Titel", outlet="", published=None)
    assert path.read_text(encoding="utf-8") == "---\ntitle: Titel\n---\nText."


def test_removable_offers_only_files_that_removal_by_id_reaches(tmp_path):
    (tmp_path / "a.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "a.md").write_text("Anderer Text.", encoding="utf-8")  # same id: removal would hit a.txt
    loaded = {"a": make_article("a", "Anderer Text.", path=str(tmp_path / "a.md"))}
    errors = [(str(tmp_path / "notes.pdf"), "unsupported file type '.pdf'")]
    assert articles.removable(str(tmp_path), loaded, errors) == {}


def test_a_size_limit_the_machine_cannot_hold_is_capped_with_a_warning(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIMS_MAX_BYTES", str(10**15))
    at = open_page(monkeypatch, tmp_path)
    assert "is more than this machine can hold for one article" in at.warning[0].value.replace("\\", "")
    assert at.file_uploader[0].proto.max_upload_size_mb == articles.upload_megabytes(MAX_BYTES_CAP)


def test_a_file_with_invalid_utf8_bytes_loads_with_its_umlauts_and_a_repair_note(monkeypatch, tmp_path):
    text = "Laut Südkoreas Geheimdienst wurden in Kursk 4.321 Soldaten aus Pjöngjang getötet, Verstärkung folgt.\n"
    (tmp_path / "kaputt.txt").write_bytes(text.encode() + b"\xff\n")
    at = open_page(monkeypatch, tmp_path)
    assert at.dataframe[0].value.to_dict("records") == [
        {"file": "kaputt.txt", "warning": f"1 invalid UTF-8 byte replaced with � (the first at position {len(text.encode())})"}]
    at.switch_page("pages/3_Passages.py").run()
    assert "getötet" in at.dataframe(key="passages_table").value["sentence"].iloc[0]

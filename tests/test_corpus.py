"""Tests for core.corpus: safe upload names, atomic saves, metadata in front matter or manifest."""
import codecs
import csv
import datetime as dt
import os
from pathlib import Path

import pytest
import yaml

from core import corpus
from core.articles import make_article, split_front_matter
from core.corpus import MANIFEST_COLUMNS, safe_filename, save_article, update_metadata
from core.errors import ArticleError
from core.readers import decode_text

BODY = "Laut dem südkoreanischen Geheimdienst NIS wurden rund 11.000 Soldaten nach Russland entsandt.\n"


def _manifest(folder: Path) -> list[dict]:
    with (folder / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _front_matter(path: Path) -> dict:
    raw = decode_text(path.read_bytes())
    return next(yaml.safe_load_all(raw[: split_front_matter(raw)[1]]), None) or {}


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../x.txt", "x.txt"),
        ("../../etc/cron.d/job.txt", "job.txt"),
        ("/etc/passwd", "passwd"),
        ("..\\x.txt", "x.txt"),
        ("C:\\Users\\Analyst\\Bericht.txt", "Bericht.txt"),
        ("..", "article"),
        ("", "article"),
        (".bashrc", "bashrc"),
        ("x.txt.", "x.txt"),
        ("Bericht über Südkorea (1).TXT", "Bericht_über_Südkorea_1.txt"),
        ("Ｂｅｒｉｃｈｔ．ｔｘｔ", "Bericht.txt"),  # fullwidth letters and dot
        ("．．／．．／evil.txt", "evil.txt"),  # fullwidth dots and slash
        ("\ufb01le.txt", "file.txt"),  # ligature fi
        ("rechnung\u202etxt.exe", "rechnung_txt.exe"),  # right-to-left override
        ("a\u200bb\x00c\n.txt", "a_b_c.txt"),  # zero-width space, NUL, newline
    ],
)
def test_safe_filename_stays_in_the_folder(tmp_path, name, expected):
    path = safe_filename(name, tmp_path)
    assert path == tmp_path / expected
    assert path.resolve().parent == tmp_path.resolve()


def test_safe_filename_caps_the_length(tmp_path):
    path = safe_filename("ä" * 300 + ".txt", tmp_path)
    assert path.suffix == ".txt" and len(path.name.encode("utf-8")) <= 130


def test_duplicate_uploads_do_not_overwrite(tmp_path):
    first = save_article(tmp_path, "bericht.txt", b"erster")
    second = save_article(tmp_path, "bericht.txt", b"zweiter")
    third = save_article(tmp_path, "../bericht.txt", b"dritter")
    assert [p.name for p in (first, second, third)] == ["bericht.txt", "bericht-2.txt", "bericht-3.txt"]
    assert [p.read_bytes() for p in (first, second, third)] == [b"erster", b"zweiter", b"dritter"]


def test_same_stem_other_suffix_gets_a_new_id(tmp_path):
    save_article(tmp_path, "bericht.txt", b"Text")
    assert save_article(tmp_path, "Bericht.md", b"# Text").name == "Bericht-2.md"


def test_save_pasted_text_and_unsupported_types(tmp_path):
    path = save_article(tmp_path / "neu", "Eingefügter Text", "Größe: 11.000")
    assert path == tmp_path / "neu" / "Eingefügter_Text.txt"
    assert path.read_bytes() == "Größe: 11.000".encode("utf-8")
    with pytest.raises(ArticleError, match=r"unsupported file type '\.pdf'"):
        save_article(tmp_path, "scan.pdf", b"%PDF-1.4")
    assert not (tmp_path / "scan.pdf").exists()
    assert _leftovers(tmp_path / "neu") == []


def test_front_matter_is_created_and_body_kept_byte_for_byte(tmp_path):
    path = save_article(tmp_path, "artikel.txt", BODY)
    update_metadata(tmp_path, "artikel", title="Seoul: 11.000 Soldaten", outlet="Beispiel-Zeitung",
                    url="https://zeitung.example/a", published="2024-12-19")
    data = path.read_bytes()
    assert data.startswith(b"---\n") and data.endswith(BODY.encode("utf-8"))
    article = make_article("artikel", decode_text(data))
    assert (article.title, article.outlet, article.url) == ("Seoul: 11.000 Soldaten", "Beispiel-Zeitung",
                                                             "https://zeitung.example/a")
    assert article.published == dt.date(2024, 12, 19)


def test_existing_front_matter_is_updated_keeping_other_keys(tmp_path):
    original = "---\ntitle: Alt\nlanguage: en\nnote: bleibt\n---\n" + BODY
    path = save_article(tmp_path, "artikel.md", original)
    update_metadata(tmp_path, "artikel", title="Größe: neu", published=dt.date(2025, 1, 2))
    assert _front_matter(path) == {"title": "Größe: neu", "language": "en", "note": "bleibt",
                                   "published": dt.date(2025, 1, 2)}
    update_metadata(tmp_path, "artikel", title="")
    assert "title" not in _front_matter(path)
    assert path.read_bytes().endswith(BODY.encode("utf-8"))


@pytest.mark.parametrize(
    "bom, codec, newline",
    [
        pytest.param(b"", "utf-8", "\r\n", id="crlf"),
        pytest.param(b"", "cp1252", "\n", id="windows-1252"),
        pytest.param(codecs.BOM_UTF16_LE, "utf-16-le", "\n", id="utf-16-bom"),
        pytest.param(codecs.BOM_UTF8, "utf-8", "\n", id="utf-8-bom"),
    ],
)
@pytest.mark.parametrize("title", ["Größe der Truppe", "Größe – 서울"])
def test_front_matter_in_the_files_own_encoding(tmp_path, bom, codec, newline, title):
    body = (BODY + "Verstärkung für Südkorea.\n").replace("\n", newline).encode(codec)
    path = save_article(tmp_path, "alt.txt", bom + body)
    update_metadata(tmp_path, "alt", title=title, outlet="Süddeutsche")
    data = path.read_bytes()
    assert data.startswith(bom + f"---{newline}".encode(codec)) and data.endswith(body)
    article = make_article("alt", decode_text(data))
    assert (article.title, article.outlet) == (title, "Süddeutsche")
    assert "Verstärkung für Südkorea." in article.raw


def test_invalid_front_matter_is_not_overwritten(tmp_path):
    path = save_article(tmp_path, "kaputt.txt", "---\ntitle: [offen\n---\nText\n")
    before = path.read_bytes()
    with pytest.raises(ArticleError, match="not valid YAML"):
        update_metadata(tmp_path, "kaputt", title="Neu")
    assert path.read_bytes() == before


def test_bad_fields_are_rejected(tmp_path):
    save_article(tmp_path, "artikel.txt", BODY)
    with pytest.raises(ArticleError, match="must look like 2025-06-16"):
        update_metadata(tmp_path, "artikel", published="19.12.2024")
    with pytest.raises(ValueError, match="not editable: author"):
        update_metadata(tmp_path, "artikel", author="X")
    for bad in ("fehlt", "../artikel", ".artikel", ""):
        with pytest.raises(ArticleError):
            update_metadata(tmp_path, bad, title="X")


def test_html_metadata_goes_to_the_manifest(tmp_path):
    save_article(tmp_path, "seite.html", b"<html><body><p>Text</p></body></html>")
    (tmp_path / "manifest.csv").write_text(
        "article_id,title,outlet,url,published,published_basis,extra\nalt,Alt,,,2024-01-01,stated,x\n",
        encoding="utf-8",
    )
    update_metadata(tmp_path, "seite", title="Seoul, 11.000 \"Soldaten\"", published=dt.date(2024, 12, 19))
    update_metadata(tmp_path, "seite", outlet="Beispiel-Zeitung\n", published_basis="stated in the page")
    rows = _manifest(tmp_path)
    assert list(rows[0]) == [*MANIFEST_COLUMNS, "extra"]
    assert rows[0] == {"article_id": "alt", "title": "Alt", "outlet": "", "url": "", "published": "2024-01-01",
                       "published_basis": "stated", "extra": "x"}
    assert rows[1] == {"article_id": "seite", "title": "Seoul, 11.000 \"Soldaten\"", "outlet": "Beispiel-Zeitung",
                       "url": "", "published": "2024-12-19", "published_basis": "stated in the page", "extra": ""}


def test_clearing_a_field_also_clears_the_manifest(tmp_path):
    save_article(tmp_path, "seed.txt", BODY)
    (tmp_path / "manifest.csv").write_text("article_id,title,outlet\nseed,Alt,Alt-Zeitung\n", encoding="utf-8")
    update_metadata(tmp_path, "seed", outlet="")
    assert _manifest(tmp_path)[0]["outlet"] == "" and _manifest(tmp_path)[0]["title"] == "Alt"


def _fail_replace(monkeypatch, error):
    def replace(src, dst):
        raise error

    monkeypatch.setattr(corpus.os, "replace", replace)


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_failed_front_matter_write_leaves_the_old_file(tmp_path, monkeypatch, error):
    path = save_article(tmp_path, "artikel.txt", "---\ntitle: Alt\n---\n" + BODY)
    before = path.read_bytes()
    _fail_replace(monkeypatch, error)
    with pytest.raises(ArticleError if isinstance(error, OSError) else KeyboardInterrupt):
        update_metadata(tmp_path, "artikel", title="Neu")
    assert path.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_failed_manifest_write_leaves_the_old_manifest(tmp_path, monkeypatch):
    save_article(tmp_path, "seite.html", b"<p>Text</p>")
    update_metadata(tmp_path, "seite", title="Alt")
    before = (tmp_path / "manifest.csv").read_bytes()
    _fail_replace(monkeypatch, OSError(5, "Input/output error"))
    with pytest.raises(ArticleError, match="cannot write manifest.csv: Input/output error"):
        update_metadata(tmp_path, "seite", title="Neu")
    assert (tmp_path / "manifest.csv").read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_failed_save_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "link", lambda src, dst: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    with pytest.raises(ArticleError, match="No space left"):
        save_article(tmp_path, "neu.txt", BODY)
    assert [p.name for p in tmp_path.iterdir()] == [corpus.LOCK]


def test_rewrites_keep_the_file_mode(tmp_path):
    path = save_article(tmp_path, "artikel.txt", BODY)
    assert path.stat().st_mode & 0o777 == 0o644
    os.chmod(path, 0o640)
    update_metadata(tmp_path, "artikel", title="Neu")
    assert path.stat().st_mode & 0o777 == 0o640


def test_metadata_of_a_file_with_invalid_utf8_bytes_is_not_edited(tmp_path):
    path = tmp_path / "kaputt.txt"
    path.write_bytes("---\ntitle: Alt\n---\nGetötet, verwundet, in Südkorea gezählt: Größe unklar.\n".encode() + b"\xff")
    before = path.read_bytes()
    with pytest.raises(ArticleError, match="save the file as UTF-8 first"):
        update_metadata(tmp_path, "kaputt", title="Neu")
    assert path.read_bytes() == before

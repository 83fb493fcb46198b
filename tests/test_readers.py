"""Tests for core.readers: decoding, rejected files with their reasons, HTML, pasted text, samples."""
import codecs
import importlib.util
import os
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core import readers
from core.errors import ArticleError
from core.readers import (
    MAX_BYTES_CAP,
    SUPPORTED_SUFFIXES,
    capped_max_bytes,
    decode_checked,
    decode_raw,
    decode_text,
    max_bytes,
    max_bytes_setting,
    normalise_text,
    read_article,
    read_pasted,
    text_from_html,
)

MESSY = Path(__file__).parent / "samples" / "messy"
GERMAN = "Verstärkung für Südkorea, Größe der Truppe: 11.000 Soldaten."

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}">
<title>Seoul: 11.000 Soldaten nach Russland | Beispiel-Zeitung</title>
<meta property="og:site_name" content="Beispiel-Zeitung">
<meta name="date" content="2024-12-19">
<link rel="canonical" href="https://zeitung.example/nordkorea">
</head><body><nav>Startseite | Politik | Wirtschaft</nav>
<article><h1>Seoul: 11.000 Soldaten nach Russland</h1>
<p>Laut dem südkoreanischen Geheimdienst NIS wurden rund 11.000 Soldaten nach Russland entsandt.</p>
<p>Größere Verluste meldete die Ukraine: mehr als 3.000 Getötete und Verwundete.</p></article>
<footer>Impressum · Datenschutz</footer></body></html>"""


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(GERMAN.encode("utf-8"), id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + GERMAN.encode("utf-8"), id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + GERMAN.encode("utf-16-le"), id="utf-16-le-bom"),
        pytest.param(codecs.BOM_UTF16_BE + GERMAN.encode("utf-16-be"), id="utf-16-be-bom"),
        pytest.param(GERMAN.encode("utf-16-le"), id="utf-16-le-no-bom"),
        pytest.param(codecs.BOM_UTF32_LE + GERMAN.encode("utf-32-le"), id="utf-32-le-bom"),
        pytest.param(GERMAN.encode("cp1252"), id="windows-1252"),
        pytest.param(GERMAN.encode("latin-1"), id="latin-1"),
    ],
)
def test_encodings_decode_with_umlauts_intact(tmp_path, data):
    text, meta, warnings = read_article(_write(tmp_path, "artikel.txt", data))
    assert text == GERMAN
    assert meta == {} and warnings == []


def test_windows_1252_punctuation_is_not_read_as_latin_1():
    assert decode_text("„Größe“ – 5 €".encode("cp1252")) == "„Größe“ – 5 €"


def test_decode_raw_reports_codec_and_bom_length():
    assert decode_raw(codecs.BOM_UTF8 + b"abc") == ("abc", "utf-8", 3)
    assert decode_raw("Grüße".encode("cp1252")) == ("Grüße", "cp1252", 0)
    assert decode_raw(codecs.BOM_UTF16_BE + "ä".encode("utf-16-be")) == ("ä", "utf-16-be", 2)


REPORT = "Laut NIS wurden 100 Soldaten getötet und 300 verwundet; für Südkorea ist die Lage unübersichtlich."


def test_utf8_with_a_stray_byte_keeps_its_umlauts_and_warns(tmp_path):
    data = REPORT.encode("utf-8").replace(b"Laut", b"Laut\xe4")  # one Windows-1252 byte pasted into UTF-8
    text, _, warnings = read_article(_write(tmp_path, "artikel.txt", data))
    assert text == REPORT.replace("Laut", "Laut\ufffd")
    assert warnings == ["1 invalid UTF-8 byte replaced with \ufffd (the first at position 4)"]


def test_utf8_with_a_few_invalid_bytes_replaces_each():
    data = (REPORT * 3).encode("utf-8").replace(b"Lage", b"L\xffa\xfe\x80ge", 1)  # 3 bad bytes, 12 umlauts
    text, codec, bom, warning = decode_checked(data)
    assert (text.count("\ufffd"), codec, bom) == (3, "utf-8", 0)
    assert "getötet" in text and "getÃ¶tet" not in text
    first = REPORT.encode("utf-8").index(b"Lage") + 1
    assert warning == f"3 invalid UTF-8 bytes replaced with \ufffd (the first at position {first})"


def test_windows_1252_is_not_taken_for_utf8_with_stray_bytes():
    """Its umlauts are the invalid bytes; 'ß“' happens to be a valid UTF-8 pair, one against eight umlauts."""
    text = "„Gruß“ aus Südkorea: Verstärkung für Kursk, Größe der Truppe unklar, Verluste höher als gedacht."
    assert b"\xdf\x93" in text.encode("cp1252")
    assert decode_checked(text.encode("cp1252")) == (text, "cp1252", 0, None)


def test_decode_raw_keeps_its_shape_for_repaired_utf8():
    assert decode_raw(REPORT.encode("utf-8") + b"\xe4") == (REPORT + "\ufffd", "utf-8", 0)


@pytest.mark.parametrize(
    "data, expected",
    [
        pytest.param(b"Erste Zeile\r\nZweite Zeile\r\n", "Erste Zeile\nZweite Zeile\n", id="crlf"),
        pytest.param(b"Erste Zeile\rZweite Zeile\r", "Erste Zeile\nZweite Zeile\n", id="cr"),
        pytest.param(b"Mixed\r\nCR\rLF\n", "Mixed\nCR\nLF\n", id="mixed"),
        pytest.param(b"Rund 11.000\x00 Soldaten\x00\x00 entsandt.", "Rund 11.000 Soldaten entsandt.", id="nul"),
        pytest.param(b"Glocke\x07, Escape\x1b[0m und\tTab", "Glocke, Escape[0m und\tTab", id="controls"),
        pytest.param(b"Seite 1\x0cSeite 2", "Seite 1\nSeite 2", id="form-feed"),
    ],
)
def test_line_endings_and_control_characters(tmp_path, data, expected):
    assert read_article(_write(tmp_path, "artikel.txt", data))[0] == expected


def test_c1_controls_and_stray_boms_are_dropped():
    assert normalise_text("a\u0085b\u0091c\ufeffd\u2028e") == "a\nbcd\ne"


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("bild.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "PNG image"),
        ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
        ("brief.txt", b"PK\x03\x04\x14\x00\x06\x00", "Office document"),
        ("daten.txt", bytes(range(256)) * 40, "binary data"),
        ("nullen.txt", b"\x00" * 500, "binary data"),
        ("leer.txt", b"", r"empty file \(0 bytes\)"),
        ("leer.md", b"  \r\n\t\x00\n", "no text"),
        ("cp850.txt", b"Gr\x81\xe1e aus Seoul", "cannot decode text"),
        ("kaputt.txt", codecs.BOM_UTF16_LE + b"\x00\xd8a\x00", "not valid UTF-16"),
        ("kaputt8.txt", codecs.BOM_UTF8 + b"\xff\xfe", "not valid UTF-8"),
    ],
)
def test_unreadable_files_say_why(tmp_path, name, data, reason):
    with pytest.raises(ArticleError, match=reason):
        read_article(_write(tmp_path, name, data))


def test_undecodable_text_names_the_byte(tmp_path):
    with pytest.raises(ArticleError, match=r"byte 0x81 at position 2\); save it as UTF-8"):
        read_article(_write(tmp_path, "cp850.txt", b"Gr\x81\xe1e"))


def test_oversized_file_states_size_and_limit(tmp_path):
    path = _write(tmp_path, "gross.txt", b"Soldaten " * 2000)
    with pytest.raises(ArticleError, match=r"18\.0 kB \(18,000 bytes\), over the limit of 500 bytes"):
        read_article(path, max_bytes=500)
    assert read_article(path, max_bytes=18_000)[0].startswith("Soldaten")


def test_default_limit_is_five_megabytes(tmp_path):
    path = _write(tmp_path, "riesig.txt", b"x" * 5_000_001)
    with pytest.raises(ArticleError, match=r"5\.0 MB \(5,000,001 bytes\), over the limit of 5\.0 MB"):
        read_article(path)


def test_a_huge_limit_reads_a_small_file_without_allocating_the_limit(tmp_path):
    path = _write(tmp_path, "klein.txt", "Rund 11.000 Soldaten wurden nach Kursk verlegt.".encode("utf-8"))
    assert read_article(path, max_bytes=10**15)[0] == "Rund 11.000 Soldaten wurden nach Kursk verlegt."


def test_a_file_longer_than_fstat_said_is_read_on_up_to_the_limit(tmp_path, monkeypatch):
    """A file that grew after fstat, or one whose size the system does not know (st_size 0)."""
    path = _write(tmp_path, "waechst.txt", "Verstärkung für Kursk. ".encode("utf-8") * 4000)  # 100 kB
    for size in (0, 10):
        monkeypatch.setattr(readers.os, "fstat", lambda fd, size=size: os.stat_result((0,) * 6 + (size,) + (0,) * 3))
        assert read_article(path, max_bytes=200_000)[0] == "Verstärkung für Kursk. " * 4000
        with pytest.raises(ArticleError, match="file too large: 50.0 kB"):
            read_article(path, max_bytes=49_999)


def test_memory_cap_is_a_quarter_of_memory_at_most_one_gigabyte(monkeypatch):
    assert 0 < MAX_BYTES_CAP <= 1_000_000_000
    pages = {"SC_PHYS_PAGES": 500_000, "SC_PAGE_SIZE": 4096}  # 2 GB of memory
    monkeypatch.setattr(readers.os, "sysconf", pages.__getitem__)
    assert readers._memory_cap() == 512_000_000


def test_a_limit_over_the_cap_is_capped_with_a_message():
    assert capped_max_bytes(20_000_000, "--max-bytes 20000000") == (20_000_000, None)
    assert capped_max_bytes(10**11, "--max-bytes 100000000000") == (
        MAX_BYTES_CAP,
        f"--max-bytes 100000000000 is more than this machine can hold for one article; "
        f"using the cap of {MAX_BYTES_CAP:,} bytes",
    )


_DEFAULT = "is not a positive whole number of bytes; using the default of 5,000,000 bytes"
_CAPPED = f"is more than this machine can hold for one article; using the cap of {MAX_BYTES_CAP:,} bytes"


@pytest.mark.parametrize(
    "value, limit, message",
    [
        ("", 5_000_000, None),
        ("2_000_000", 2_000_000, None),
        ("5 MB", 5_000_000, f"CLAIMS_MAX_BYTES='5 MB' {_DEFAULT}"),
        ("0", 5_000_000, f"CLAIMS_MAX_BYTES='0' {_DEFAULT}"),
        ("-5", 5_000_000, f"CLAIMS_MAX_BYTES='-5' {_DEFAULT}"),
        ("100000000000", MAX_BYTES_CAP, f"CLAIMS_MAX_BYTES=100000000000 {_CAPPED}"),
    ],
)
def test_size_limit_setting_says_when_it_is_not_used_as_given(value, limit, message):
    assert max_bytes_setting({"CLAIMS_MAX_BYTES": value}) == (limit, message)
    assert max_bytes({"CLAIMS_MAX_BYTES": value}) == limit


def test_missing_file_folder_and_unsupported_type(tmp_path):
    with pytest.raises(ArticleError, match="file not found"):
        read_article(tmp_path / "fehlt.txt")
    (tmp_path / "ordner.txt").mkdir()
    with pytest.raises(ArticleError, match="folder, not a file"):
        read_article(tmp_path / "ordner.txt")
    with pytest.raises(ArticleError, match=r"unsupported file type '\.pdf': use \.txt, \.md"):
        read_article(_write(tmp_path, "bericht.pdf", b"%PDF-1.4"))


def test_unreadable_file(tmp_path, monkeypatch):
    path = _write(tmp_path, "gesperrt.txt", b"Text")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ArticleError, match="permission denied"):
        read_article(path)


def test_markdown_keeps_front_matter_for_the_loader(tmp_path):
    data = "---\ntitle: Größe\n---\n# Überschrift\n\nText.\r\n".encode("utf-8")
    assert read_article(_write(tmp_path, "notiz.MD", data)) == ("---\ntitle: Größe\n---\n# Überschrift\n\nText.\n", {}, [])


def test_html_page_gives_main_text_and_metadata(tmp_path):
    text, meta, _ = read_article(_write(tmp_path, "seite.html", PAGE.format(charset="utf-8").encode("utf-8")))
    assert "Laut dem südkoreanischen Geheimdienst NIS wurden rund 11.000 Soldaten nach Russland entsandt." in text
    assert "Impressum" not in text and "Startseite" not in text
    assert "\n\n" in text  # paragraphs kept apart for the reflow
    assert meta == {
        "title": "Seoul: 11.000 Soldaten nach Russland",
        "published": "2024-12-19",
        "outlet": "Beispiel-Zeitung",
        "url": "https://zeitung.example/nordkorea",
    }


@pytest.mark.parametrize("charset", ["windows-1252", "iso-8859-1", "utf-8"])  # utf-8: a wrong declaration
def test_html_in_a_declared_legacy_charset(tmp_path, charset):
    text, _, _ = read_article(_write(tmp_path, "seite.htm", PAGE.format(charset=charset).encode("cp1252")))
    assert "südkoreanischen" in text and "Größere" in text


def test_html_without_metadata_has_no_invented_fields():
    page = "<html><body><article><p>Am 3. März 2025 meldete Seoul rund 11.000 Soldaten.</p></article></body></html>"
    text, meta = text_from_html(page)
    assert text == "Am 3. März 2025 meldete Seoul rund 11.000 Soldaten."
    assert "published" not in meta and "outlet" not in meta


@pytest.mark.parametrize(
    "fragment", ["<p>Rund 11.000 Soldaten.</p>", "Rund 11.000 Soldaten.", "<h1>Titel</h1><p>Rund 11.000 Soldaten.</p>"]
)
def test_html_fragment_without_body(fragment):
    assert text_from_html(fragment)[0].endswith("Rund 11.000 Soldaten.")


@pytest.mark.parametrize("page", ["", "<html><body></body></html>", "<html><head><script>var x;</script></head></html>"])
def test_html_without_article_text(page):
    with pytest.raises(ArticleError, match="no article text"):
        text_from_html(page)


def test_pasted_text_is_normalised():
    assert read_pasted("\ufeffZeile 1\r\nZeile 2\rZeile 3\x00") == "Zeile 1\nZeile 2\nZeile 3"


@pytest.mark.parametrize("text", ["", "   \r\n\t", "\x00\ufeff"])
def test_empty_paste_is_rejected(text):
    with pytest.raises(ArticleError, match="pasted text is empty"):
        read_pasted(text)


def test_oversized_paste_is_rejected():
    with pytest.raises(ArticleError, match="over the limit of 100 bytes"):
        read_pasted("ä" * 60, max_bytes=100)


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".html", ".htm")


@given(st.binary(max_size=2000))
def test_any_bytes_give_clean_text_or_an_article_error(data):
    try:
        text = decode_text(data)
    except ArticleError:
        return
    assert "\r" not in text
    assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in text)


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=300))
@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_unicode_round_trips(codec, text):
    assert decode_text(text.encode(codec)) == normalise_text(text)


@given(st.text(string.ascii_letters + string.digits + " .,:\n" + "äöüÄÖÜß", max_size=300))
def test_german_windows_1252_round_trips(text):
    assert decode_text(text.encode("cp1252")) == text


def _sample_script():
    spec = importlib.util.spec_from_file_location("make_messy", MESSY.parent / "make_messy.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MESSY_EXPECTED = {
    "good_utf8.txt": "Laut dem südkoreanischen Geheimdienst NIS wurden rund 11.000 Soldaten nach Russland entsandt.",
    "windows1252.txt": "Verstärkung für Südkorea, Größe der Truppe unklar",
    "utf16.txt": "mehr als 6.000 der rund 11.000 nordkoreanischen Soldaten",
    "crlf.txt": "in der Region Kursk\netwa 300 nordkoreanische Soldaten",
    "page.html": "mindestens 100 nordkoreanische Soldaten",
}
MESSY_ERRORS = {"empty.txt": "empty file", "binary.txt": "PNG image"}


def test_messy_samples_match_their_script():
    expected = _sample_script().samples()
    assert sorted(p.name for p in MESSY.iterdir()) == sorted(expected)
    assert sorted(expected) == sorted({**MESSY_EXPECTED, **MESSY_ERRORS})
    for name, data in expected.items():
        assert (MESSY / name).read_bytes() == data, name


@pytest.mark.parametrize("name", sorted(MESSY_EXPECTED))
def test_messy_samples_that_read(name):
    text, _, _ = read_article(MESSY / name)
    assert MESSY_EXPECTED[name] in text
    assert "\r" not in text


@pytest.mark.parametrize("name", sorted(MESSY_ERRORS))
def test_messy_samples_that_fail(name):
    with pytest.raises(ArticleError, match=MESSY_ERRORS[name]):
        read_article(MESSY / name)

"""Write tests/samples/messy/: a corpus folder mixing good, re-encoded and unreadable article files.

The bytes of each file matter (encodings, BOMs, line endings), so they are built here rather than
typed in an editor; tests check that the committed files still match. Run from the repository root:
    python tests/samples/make_messy.py
An oversized file is not committed: tests create it at run time.
"""
import codecs
import struct
import zlib
from pathlib import Path

FOLDER = Path(__file__).parent / "messy"

GOOD_UTF8 = """Nordkorea schickt Soldaten nach Russland

Laut dem südkoreanischen Geheimdienst NIS wurden rund 11.000 Soldaten nach Russland entsandt. \
Die Truppen sollen in der Region Kursk gegen ukrainische Einheiten kämpfen.

Nach Angaben des ukrainischen Präsidenten Wolodymyr Selenskyj wurden bis Ende Dezember mehr als \
3.000 nordkoreanische Soldaten getötet oder verwundet. Überprüfen lassen sich diese Zahlen nicht.
"""

WINDOWS_1252 = """Verstärkung für Südkorea, Größe der Truppe unklar

Südkoreas Generalstab schätzt, dass bei den Kämpfen in Kursk rund 1.100 nordkoreanische Soldaten \
getötet oder verwundet wurden. „Die Verluste sind höher als erwartet“, hieß es aus Seoul.

Pjöngjang bereite zudem die Entsendung weiterer Truppen vor, berichtete der Geheimdienst.
"""

UTF16 = """Britischer Geheimdienst: Hälfte der Nordkoreaner getötet oder verletzt

Das britische Verteidigungsministerium schätzt, dass mehr als 6.000 der rund 11.000 \
nordkoreanischen Soldaten in Kursk getötet oder verletzt wurden. Gründe seien schlechte \
Ausbildung und fehlende Erfahrung mit Drohnen.
"""

# Hard-wrapped wire copy with Windows line endings.
CRLF = """Kiew meldet hohe Verluste unter Nordkoreanern

Der ukrainische Generalstab meldete am Montag, dass in der Region Kursk
etwa 300 nordkoreanische Soldaten getötet und 2.700 verwundet worden
seien. Die Angaben ließen sich nicht unabhängig überprüfen.
""".replace("\n", "\r\n")

HTML = """<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>Seoul: Tausende Nordkoreaner in Kursk | Beispiel-Zeitung</title>
<meta property="og:site_name" content="Beispiel-Zeitung">
<meta name="date" content="2024-12-19">
<link rel="canonical" href="https://zeitung.example/politik/nordkorea-kursk">
</head>
<body>
<nav><a href="/">Startseite</a> | <a href="/politik">Politik</a></nav>
<article>
<h1>Seoul: Tausende Nordkoreaner in Kursk</h1>
<p>Nach Einschätzung des südkoreanischen Geheimdienstes NIS sind mindestens 100 nordkoreanische
Soldaten bei Kämpfen in der russischen Region Kursk getötet worden.</p>
<p>Rund 1.000 weitere seien verletzt worden, sagte ein Abgeordneter nach einer Unterrichtung
durch den Geheimdienst in Seoul. Insgesamt habe Pjöngjang etwa 11.000 Soldaten geschickt.</p>
</article>
<footer>© Beispiel-Zeitung · Impressum · Datenschutz</footer>
</body>
</html>
"""


def _png() -> bytes:
    """A real 1×1 PNG image: what an analyst gets after saving a picture under a .txt name."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def samples() -> dict[str, bytes]:
    """Return {file name: exact bytes} of every sample in the messy folder."""
    return {
        "good_utf8.txt": GOOD_UTF8.encode("utf-8"),
        "windows1252.txt": WINDOWS_1252.encode("cp1252"),
        "utf16.txt": codecs.BOM_UTF16_LE + UTF16.encode("utf-16-le"),
        "crlf.txt": CRLF.encode("utf-8"),
        "page.html": HTML.encode("utf-8"),
        "empty.txt": b"",
        "binary.txt": _png(),
    }


def main() -> None:
    """Write every sample into the messy folder."""
    FOLDER.mkdir(exist_ok=True)
    for name, data in samples().items():
        (FOLDER / name).write_bytes(data)


if __name__ == "__main__":
    main()

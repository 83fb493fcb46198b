"""Read article files and pasted text into clean Unicode text, rejecting what is not text.

Every failure raises ArticleError whose message is the reason alone (the caller pairs it with the
file), written for an analyst: what is wrong and, where it helps, what to do about it.
"""
import codecs
import datetime as dt
import os
import re
from pathlib import Path

from core.errors import ArticleError

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
MAX_BYTES = 5_000_000
MAX_BYTES_ENV = "CLAIMS_MAX_BYTES"  # sets another limit for the dashboard and the command line


def _memory_cap() -> int:
    """1 GB, or a quarter of physical memory when that is less: one article is read, decoded and parsed whole."""
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):  # no sysconf (Windows) or the value is unknown
        return 1_000_000_000
    return min(1_000_000_000, memory // 4)


MAX_BYTES_CAP = _memory_cap()


def capped_max_bytes(requested: int, name: str) -> tuple[int, str | None]:
    """(limit, message): `requested` (from the setting `name`, e.g. '--max-bytes 100') or MAX_BYTES_CAP with why."""
    if requested <= MAX_BYTES_CAP:
        return requested, None
    return MAX_BYTES_CAP, (
        f"{name} is more than this machine can hold for one article; using the cap of {MAX_BYTES_CAP:,} bytes"
    )


def max_bytes_setting(environ) -> tuple[int, str | None]:
    """(limit, message) from $CLAIMS_MAX_BYTES: MAX_BYTES when unset; a message when it is not used as given."""
    given = str(environ.get(MAX_BYTES_ENV, "")).strip()
    if not given:
        return MAX_BYTES, None
    try:
        requested = int(given)  # also reads 2_000_000
    except ValueError:
        requested = 0
    if requested < 1:
        return MAX_BYTES, (
            f"{MAX_BYTES_ENV}={given!r} is not a positive whole number of bytes; "
            f"using the default of {MAX_BYTES:,} bytes"
        )
    return capped_max_bytes(requested, f"{MAX_BYTES_ENV}={given}")


def max_bytes(environ) -> int:
    """The size limit of one article in bytes: $CLAIMS_MAX_BYTES when a positive integer (capped), else MAX_BYTES."""
    return max_bytes_setting(environ)[0]


# UTF-32 LE first: its BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SIGNATURES = (
    (b"%PDF-", "a PDF document; copy its text into a .txt file or paste it"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive or an Office document (.docx, .odt); save it as .txt"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc); save it as .txt"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
)
# Control bytes no text editor writes (tab, newlines, form feed and escape are left out).
_CONTROL_BYTES = bytes(sorted(set(range(32)) - set(b"\t\n\v\f\r\x1b")))
_CONTROL_CHARS = dict.fromkeys(_CONTROL_BYTES)
_SAMPLE = 65_536
_BINARY_SHARE = 0.1  # stray NULs from a bad export stay well below this; binary formats do not
_BINARY_MIN = 16  # a few stray controls in a very short file do not make it binary
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # an invalid byte as decoded with surrogateescape
_STRAY_SHARE = 0.25  # at most one invalid byte per four valid multi-byte sequences: UTF-8 with stray bytes
_DECLARED_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.I)

# Page breaks and Unicode line separators become newlines so that words on either side stay apart;
# other controls, C1 controls (a sign of mis-decoding), stray BOMs and lone surrogates are dropped.
_DROPPED = (*range(9), *range(11, 32), 0x7F, *range(0x80, 0xA0), 0xFEFF, *range(0xD800, 0xE000))
_CLEAN = dict.fromkeys(_DROPPED)
_CLEAN.update({0x0B: "\n", 0x0C: "\n", 0x85: "\n", 0x2028: "\n", 0x2029: "\n\n"})
_UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ud800-\udfff\u2028\u2029]")  # _CLEAN's keys, a quick test


def normalise_text(text: str) -> str:
    """Return `text` with CRLF/CR line endings as \\n and control characters other than \\n, \\t removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_CLEAN) if _UNCLEAN.search(text) else text


def _size(n: int) -> str:
    if n < 1000:
        return f"{n} bytes"
    human = f"{n / 1000:.1f} kB" if n < 1_000_000 else f"{n / 1_000_000:.1f} MB"
    return f"{human} ({n:,} bytes)"


def _utf16_without_bom(sample: bytes) -> str | None:
    """The UTF-16 codec of BOM-less Latin-script UTF-16 (every other byte NUL), else None."""
    if len(sample) < 4 or len(sample) % 2:
        return None
    for codec, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) >= 0.9 * len(zeros) and sample.count(0) <= 0.6 * len(sample):
            return codec
    return None


def _control_share(sample: bytes | str) -> float:
    """Share of control bytes or characters that no text editor writes."""
    if not sample:
        return 0.0
    if isinstance(sample, bytes):
        kept = sample.translate(None, _CONTROL_BYTES)
    else:
        kept = sample.translate(_CONTROL_CHARS)
    return 1 - len(kept) / len(sample)


def _binary_kind(data: bytes) -> str | None:
    """What a file is when it is not text ('a PNG image', ...), or None when it looks like text."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    sample = data[:_SAMPLE]
    share = _control_share(sample)
    if share > _BINARY_SHARE and share * len(sample) > _BINARY_MIN:
        return f"binary data ({share:.0%} control bytes)"
    return None


def _repaired_utf8(data: bytes) -> tuple[str, str] | None:
    """(text, warning) of UTF-8 with a few invalid bytes, each replaced by U+FFFD; None when it is not that.

    Windows-1252 umlauts are single bytes that are invalid UTF-8 and it has (almost) no valid multi-byte
    sequences; a UTF-8 file with a stray byte has many. Decoding the latter as Windows-1252 would garble
    every umlaut in it (getÃ¶tet), so it is read as UTF-8 and the stray bytes are lost instead.
    """
    escaped = data.decode("utf-8", "surrogateescape")  # each invalid byte becomes one of U+DC80..U+DCFF
    invalid = len(_ESCAPED_BYTE.findall(escaped))
    multibyte = len(escaped) - len(escaped.encode("ascii", "ignore")) - invalid
    if invalid > multibyte * _STRAY_SHARE:
        return None
    first = len(escaped[: _ESCAPED_BYTE.search(escaped).start()].encode("utf-8"))
    noun = "byte" if invalid == 1 else "bytes"
    warning = f"{invalid} invalid UTF-8 {noun} replaced with \ufffd (the first at position {first})"
    return _ESCAPED_BYTE.sub("\ufffd", escaped), warning


def decode_checked(data: bytes, fallback: str = "cp1252") -> tuple[str, str, int, str | None]:
    """Return (text as written, codec, BOM length, warning or None); raise ArticleError if binary or undecodable.

    The warning says what was repaired: a few invalid bytes in UTF-8 text, replaced by U+FFFD.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), codec, len(bom), None
            except UnicodeDecodeError:
                name = codec[:6].upper().rstrip("-")
                raise ArticleError(f"cannot decode text: it starts like {name} but is not valid {name}") from None
    codec = _utf16_without_bom(data[:_SAMPLE])
    if codec:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            text = ""  # not UTF-16 after all: judged as binary or 8-bit text below
        if text and _control_share(text[: _SAMPLE // 2]) <= _BINARY_SHARE:
            return text, codec, 0, None
    kind = _binary_kind(data)
    if kind:
        raise ArticleError(f"not a text file: it looks like {kind}")
    try:
        return data.decode("utf-8"), "utf-8", 0, None
    except UnicodeDecodeError:
        pass
    repaired = _repaired_utf8(data)
    if repaired:
        return repaired[0], "utf-8", 0, repaired[1]
    try:
        return data.decode(fallback), fallback, 0, None
    except UnicodeDecodeError as exc:
        label = "Windows-1252" if codecs.lookup(fallback).name == "cp1252" else fallback
        raise ArticleError(
            f"cannot decode text: it is neither UTF-8, UTF-16 nor {label} "
            f"(byte 0x{data[exc.start]:02X} at position {exc.start}); save it as UTF-8"
        ) from None


def decode_raw(data: bytes, fallback: str = "cp1252") -> tuple[str, str, int]:
    """Return (text as written, codec, BOM length) of text bytes; raise ArticleError if binary or undecodable."""
    return decode_checked(data, fallback)[:3]


def decode_text(data: bytes, fallback: str = "cp1252") -> str:
    """Return normalised text from bytes: BOM, then UTF-8 (a few invalid bytes replaced), then `fallback`."""
    return normalise_text(decode_raw(data, fallback)[0])


def _declared_charset(data: bytes) -> str:
    """The charset an HTML page declares in its head when Python knows it, else Windows-1252."""
    match = _DECLARED_CHARSET.search(data[:4096])
    if match:
        try:
            name = codecs.lookup(match.group(1).decode("ascii")).name
        except LookupError:
            return "cp1252"
        # Browsers read pages declared as Latin-1 or ASCII as Windows-1252; so do we. A declared
        # UTF encoding was already tried (BOM, UTF-8) and failed: the declaration is wrong.
        return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") or name.startswith("utf") else name
    return "cp1252"


def _read_up_to(handle, size: int, max_bytes: int) -> bytes:
    """At most max_bytes + 1 bytes of `handle`, whose size fstat gave as `size`.

    read(n) allocates n bytes before it reads, so n is what fstat promises and never the limit itself
    (a limit of 10**15 is a MemoryError). Reading on past `size` catches a file that grew since fstat
    over the limit, and reads files whose size the system does not know (st_size 0).
    """
    chunks, total, want = [], 0, min(size, max_bytes) + 1
    while want > 0:
        chunk = handle.read(want)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want = min(max(total, _SAMPLE), max_bytes + 1 - total)  # doubling: few reads however it grows
    return b"".join(chunks)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = _read_up_to(handle, size, max_bytes) if size <= max_bytes else b""
    except FileNotFoundError:
        raise ArticleError("file not found") from None
    except IsADirectoryError:
        raise ArticleError("this is a folder, not a file") from None
    except PermissionError:
        raise ArticleError("cannot read the file: permission denied") from None
    except OSError as exc:
        raise ArticleError(f"cannot read the file: {exc.strerror or exc}") from None
    size = max(size, len(data))
    if size > max_bytes:
        raise ArticleError(f"file too large: {_size(size)}, over the limit of {_size(max_bytes)}")
    if not data:
        raise ArticleError("empty file (0 bytes)")
    return data


def _iso_date(value) -> str:
    try:
        return dt.date.fromisoformat(str(value or "")[:10]).isoformat()
    except ValueError:
        return ""


def text_from_html(html: str) -> tuple[str, dict]:
    """Return (main text, metadata with title/published/outlet/url when present) of an HTML page."""
    # Imported here: trafilatura takes a noticeable time to import and only HTML pages need it.
    import trafilatura

    if "<body" not in html[:_SAMPLE].lower():
        html = f"<html><body>{html}</body></html>"  # trafilatura finds no text in a bare fragment
    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            # Only dates the page states in its markup, not one guessed from the article's text.
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except Exception as exc:  # any parser failure must fail this page only, never the whole corpus
        raise ArticleError(f"cannot parse the HTML page: {exc}") from None
    lines = [line.strip() for line in normalise_text(doc.text or "").split("\n")] if doc else []
    if not any(lines):
        raise ArticleError("no article text found in the HTML page")
    # trafilatura puts one block per line; blank lines between them make paragraphs unambiguous.
    text = "\n\n".join(line for line in lines if line)
    meta = {
        "title": normalise_text(doc.title or "").strip(),
        "published": _iso_date(doc.date),
        "outlet": (doc.sitename or doc.hostname or "").strip(),
        "url": (doc.url or "").strip(),
    }
    return text, {key: value for key, value in meta.items() if value}


def read_article(path: Path, max_bytes: int = MAX_BYTES) -> tuple[str, dict, list[str]]:
    """Return (text, metadata, warnings) of a .txt, .md or .html file; raise ArticleError saying why it cannot.

    The warnings say what was repaired to read it (invalid UTF-8 bytes replaced); the text is usable.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ArticleError(f"unsupported file type '{suffix or path.name}': use {', '.join(SUPPORTED_SUFFIXES)}")
    data = _read_bytes(path, max_bytes)
    html = suffix in HTML_SUFFIXES
    raw, _, _, warning = decode_checked(data, _declared_charset(data) if html else "cp1252")
    warnings = [warning] if warning else []
    if html:
        return *text_from_html(normalise_text(raw)), warnings
    text = normalise_text(raw)
    if not text.strip():
        raise ArticleError("the file has no text, only whitespace or control characters")
    return text, {}, warnings


def read_pasted(text: str, max_bytes: int = MAX_BYTES) -> str:
    """Return pasted text normalised like a file's; raise ArticleError when empty or too large."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise ArticleError(f"pasted text too large: {_size(size)}, over the limit of {_size(max_bytes)}")
    text = normalise_text(text)
    if not text.strip():
        raise ArticleError("the pasted text is empty")
    return text

"""Reflow article text broken by hard wraps and page breaks, keeping a map back to the raw file."""
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import partial

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_URL_LINE = re.compile(r"(?:https?://|www\.)\S*")
# a page header or footer from a PDF: '… Politik … Seite 3', 'Seite 2 / Montag, 13. Januar 2025, Nr. 10'
_PAGE_LINE = re.compile(r".{0,100}\bSeite \d{1,4}(?: von \d{1,4})?|Seite \d{1,4}\b.{0,100}")
_RULE_CHARS = "-_=*·—–"
_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_RUNNING_HEAD = re.compile(r".{1,100}?\S {3,}\d{1,4}")
_BULLET = re.compile(r"(?:[-–—•*·▪]|\d{1,2}[.)])\s")
_TERMINAL = tuple(".!?:;…\"“”»«)")
_WRAP_RATIO = 0.6  # a line shorter than this share of the wrap width ends its paragraph
# No-break and thin spaces ('14\u2009000', 'nach\u00a0Angaben') become plain spaces, one for one, so that
# offsets still map to the raw text: the tokenizer splits only plain spaces within a figure or a phrase.
_ODD_SPACES = re.compile("[\u00a0\u2007\u2009\u202f]")
# Footnote markers after punctuation or a word ('… Mann.[4] Zwei …', 'sprach,[6]' from Wikipedia, 'Gefallene.²') become spaces of the same
# length: the tokenizer would otherwise glue them to the full stop and the sentence would not end.
# The pattern starts with its own characters, so that the scan is fast; _blank checks what stands before.
_FOOTNOTES = re.compile(r"\[\d{1,3}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}")
_BEFORE_FOOTNOTE = frozenset('.!?“”"»,;:')


@dataclass
class Reflowed:
    """Reflowed text, its paragraphs as (start, end) offsets, and pieces mapping text to raw offsets."""

    text: str
    paragraphs: list = field(default_factory=list)
    _text_starts: list = field(default_factory=list)
    _raw_starts: list = field(default_factory=list)
    _lengths: list = field(default_factory=list)

    def to_raw(self, i: int) -> int:
        """Raw offset of reflowed offset `i` (a joining space maps to the end of the piece before it)."""
        k = max(bisect_right(self._text_starts, i) - 1, 0)
        delta = i - self._text_starts[k]
        return self._raw_starts[k] + min(delta, self._lengths[k])

    def to_raw_span(self, start: int, end: int) -> tuple:
        """Raw (start, end) of the reflowed span [start, end)."""
        if end <= start:
            raw = self.to_raw(start)
            return raw, raw
        return self.to_raw(start), self.to_raw(end - 1) + 1


def _lines(raw: str, offset: int):
    """Yield (start, end) of each line's stripped content in raw[offset:]; blank lines, page furniture and
    footnotes ('¹ NIS-Briefing vor …' up to the next blank line) give start == end."""
    footnote = False
    for match in _LINE.finditer(raw, offset):
        line = match.group().rstrip("\r\n")
        if not match.group():
            break
        stripped = line.strip()
        footnote = bool(stripped) and (footnote or stripped[0] in _SUPERSCRIPTS and stripped[1:2] in (" ", ""))
        if not stripped or footnote or _is_url(stripped) or _is_page_furniture(line, stripped):
            yield match.start(), match.start()
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        yield start, start + len(stripped)


def _is_page_furniture(line: str, stripped: str) -> bool:
    """A page line of a PDF export: 'Seite 2 von 3', a rule ('-----'), a running head ending in its page
    number after a wide gap ('Albers: Nordkoreas Kriegseinsatz in Kursk          2')."""
    if "Seite" in stripped and _PAGE_LINE.fullmatch(stripped):
        return True
    if stripped[0] in _RULE_CHARS and not stripped.strip(_RULE_CHARS):
        return len(stripped) >= 3
    return stripped[-1].isdigit() and "   " in stripped and _RUNNING_HEAD.fullmatch(stripped) is not None


def _is_url(line: str) -> bool:
    return ("http" in line or "www." in line) and _URL_LINE.fullmatch(line) is not None


def _wrap_width(lengths: list) -> float:
    """The hard-wrap width of a file whose lines are wrapped, else 0 (one paragraph per line)."""
    if len(lengths) < 5:
        return 0
    ranked = sorted(lengths)
    width = ranked[int(len(ranked) * 0.9) - 1]
    return width if width <= 100 else 0


def _starts_lower(text: str) -> bool:
    return text[:1].islower()


def _ends_open(text: str) -> bool:
    """True when a paragraph ends mid-sentence (no terminal punctuation)."""
    return not text.rstrip().endswith(_TERMINAL)


def _join(prev_text: str, prev_len: int, line: str, gap: int, width: float) -> bool:
    """Decide whether `line` continues the paragraph ending in `prev_text` after `gap` blank lines."""
    if _BULLET.match(line):
        return False
    long_line = width > 0 and prev_len >= _WRAP_RATIO * width
    if gap == 0:
        return long_line or (_ends_open(prev_text) and _starts_lower(line))
    return _ends_open(prev_text) and (long_line or _starts_lower(line) or _ends_mid_phrase(prev_text))


def _ends_mid_phrase(text: str) -> bool:
    """'… auf über 4.000 Tote und' before a page break: a line ending in a word that cannot end a sentence."""
    words = text.rsplit(None, 1)
    return text.endswith((",", "-")) or (bool(words) and words[-1].lower() in _JOINING_WORDS)


_JOINING_WORDS = frozenset(
    "und oder sowie aber der die das des dem den ein eine einer eines einem einen auf von vom mit in im zu zum zur "
    "für bei beim über unter als nach aus gegen seit bis um durch dass wie".split()
)


def _short_head_block(lines: list) -> int:
    """Number of lines in a wrapped headline at the top (up to 3 lines before the first blank), else 0."""
    content = [i for i, (start, end) in enumerate(lines) if end > start]
    if not content:
        return 0
    first = content[0]
    stop = next((i for i in range(first, len(lines)) if lines[i][0] == lines[i][1]), len(lines))
    return stop if 1 < stop - first <= 3 else 0


def reflow(raw: str, offset: int = 0) -> Reflowed:
    """Reflow raw[offset:] into paragraphs separated by blank lines in the returned text."""
    lines = list(_lines(raw, offset))
    width = _wrap_width([end - start for start, end in lines if end > start])
    paragraphs, gap = [], 0
    title_block = width > 0 and _short_head_block(lines)
    for index, (start, end) in enumerate(lines):
        if start == end:
            gap += 1
            continue
        line = raw[start:end]
        if paragraphs:
            prev = paragraphs[-1]
            prev_start, prev_end = prev[-1]
            in_title = index < title_block and gap == 0
            prev_len = width if len(prev) > 1 and gap == 0 else prev_end - prev_start  # a joined fragment goes on
            if in_title or _join(raw[prev_start:prev_end], prev_len, line, gap, width):
                prev.append((start, end))
                gap = 0
                continue
        paragraphs.append([(start, end)])
        gap = 0
    return _assemble(raw, paragraphs)


def _blank(text: str, match: re.Match) -> str:
    """A footnote mark as spaces: after punctuation, or a bracketed one after a letter ('Angaben[3]')."""
    before = text[match.start() - 1] if match.start() else ""
    mark = match.group()
    if before in _BEFORE_FOOTNOTE or (mark[0] == "[" and before.isalpha()):
        return " " * len(mark)
    return mark


def _assemble(raw: str, paragraphs: list) -> Reflowed:
    out = Reflowed(text="")
    parts, pos = [], 0
    for p_index, pieces in enumerate(paragraphs):
        if p_index:
            parts.append("\n\n")
            pos += 2
        p_start = pos
        for k, (start, end) in enumerate(pieces):
            if k:
                parts.append(" ")
                pos += 1
            out._text_starts.append(pos)
            out._raw_starts.append(start)
            out._lengths.append(end - start)
            parts.append(raw[start:end])
            pos += end - start
        out.paragraphs.append((p_start, pos))
    text = _ODD_SPACES.sub(" ", "".join(parts))
    out.text = _FOOTNOTES.sub(partial(_blank, text), text)
    if not out._text_starts:
        out._text_starts, out._raw_starts, out._lengths = [0], [len(raw)], [0]
    return out

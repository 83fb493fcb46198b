"""Read German figures: digits (11.000, 11 000, 1,5), number words (elftausend), multipliers."""
import re
from functools import lru_cache

from core.lexicon import lexicon

_DIGITS = re.compile(r"\d{1,3}(?:[. \u00a0\u202f'’]\d{3})+|\d+")  # 11.000, 11 000, Swiss 11'000
_DECIMAL = re.compile(r"\d+,\d+")
_ENGLISH_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")  # '11,000' in an English quote; a German decimal has fewer digits
_K_THOUSANDS = re.compile(r"\d{1,3}k")  # '12k', as social media and newsletters write thousands
_SIZE = re.compile(r"(\d{1,3}(?:[.']\d{3})+|\d{3,})er")  # 'ein 3.000er-Kontingent'; not '90er', '2024er'
_MAX_DIGITS = 20
_YEAR_RANGE = range(1900, 2101)


@lru_cache(maxsize=8192)  # the same few thousand figures recur across a corpus
def parse_digits(text: str) -> float | None:
    """Value of a figure written in digits: '11.000', '11 000', '3000', '1,5', '12k', '3.000er'; None otherwise."""
    if len(text) > _MAX_DIGITS:  # a run of digits that long is an identifier or garbage, not a count
        return None
    if _DIGITS.fullmatch(text) or _ENGLISH_THOUSANDS.fullmatch(text):
        return float(re.sub(r"\D", "", text))
    if _DECIMAL.fullmatch(text):
        return float(text.replace(",", "."))
    if _K_THOUSANDS.fullmatch(text):
        return float(text[:-1]) * 1000
    size = _SIZE.fullmatch(text)
    if size and not looks_like_year(size.group(1)):
        return parse_digits(size.group(1))
    return None


@lru_cache(maxsize=8192)
def parse_words(word: str) -> float | None:
    """Value of a German number word ('zwölf', 'dreihundert', 'elftausend', 'dreiundzwanzig') or None."""
    word = word.lower()
    if not word or not word.isalpha():
        return None
    return _compound(word)


def _compound(word: str) -> float | None:
    words = lexicon().number_words
    if word in words:
        return words[word]
    for scale_word, scale in (("tausend", 1000), ("hundert", 100)):
        head, found, tail = word.partition(scale_word)
        if not found:
            continue
        left = _small(head) if head else 1
        right = _compound(tail) if tail else 0
        if left is None or right is None or (tail and right >= scale):
            return None
        return left * scale + right
    units, found, tens = word.partition("und")
    if found and units and tens:
        unit, ten = _small(units), words.get(tens)
        if unit and unit < 10 and ten and ten % 10 == 0 and 20 <= ten <= 90:
            return ten + unit
    return None


def _small(word: str) -> float | None:
    """A factor before hundert/tausend: 'ein', 'drei', 'elf', 'dreihundert' (in dreihunderttausend), and a
    whole and a half: 'anderthalb', 'zweieinhalb' (zweieinhalbtausend)."""
    if word == "ein":
        return 1
    if word == "anderthalb":
        return 1.5
    whole, half, rest = word.partition("einhalb")
    if half and whole and not rest:
        value = _small(whole)
        return value + 0.5 if value else None
    return _compound(word)


@lru_cache(maxsize=8192)
def parse_figure(text: str) -> float | None:
    """Value of one token or merged figure: digits, a number word, or either times a multiplier."""
    value = parse_digits(text)
    if value is not None:
        return value
    parts = text.split()
    if len(parts) == 2 and parts[1] in lexicon().multipliers:
        base = parse_figure(parts[0]) if parts[0].lower() != "ein" else 1.0
        return base * lexicon().multipliers[parts[1]] if base is not None else None
    value = parse_words(text)
    return float(value) if value is not None else None


def looks_like_year(text: str) -> bool:
    """True for a bare four-digit number between 1900 and 2100 (no thousands separator)."""
    return text.isdigit() and len(text) == 4 and int(text) in _YEAR_RANGE

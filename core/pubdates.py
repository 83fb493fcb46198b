"""An article's publication date where its metadata gives none: from its web address, else its dateline."""
import datetime as dt
import re
from functools import cache

from core.lexicon import lexicon

_YEAR = r"(?P<y>20\d{2})"
# Address forms, most precise first: /2025/03/14/, 2025-03-14, 20250314, /2025/03/, nachrichten-2025-03.
_URL_DAYS = (
    re.compile(rf"/{_YEAR}/(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})(?=[/_.-]|$)"),
    re.compile(rf"(?<!\d){_YEAR}-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?!\d)"),
    re.compile(rf"(?<!\d){_YEAR}(?P<m>\d{{2}})(?P<d>\d{{2}})(?!\d)"),
)
_URL_MONTHS = (
    re.compile(rf"/{_YEAR}/(?P<m>\d{{1,2}})(?=/|$)"),
    re.compile(rf"(?<!\d){_YEAR}-(?P<m>\d{{2}})(?![\d-])"),
)
_UNIX_TIME = re.compile(r"(?<!\d)(1[4-9]\d{8})(?!\d)")  # 10 digits: seconds from 2014 to 2033
_DATELINE_CHARS = 80  # a dateline date stands near the start of one of the first lines
_DATELINE_LINES = 6


def date_from_url(url: str) -> dt.date | None:
    """The publication date a web address holds in its path or query, None when it holds none."""
    path = re.sub(r"^[a-z]+://[^/]*", "", url or "", flags=re.I)  # a host name's digits are no date
    for pattern in _URL_DAYS:
        for match in pattern.finditer(path):
            date = _date(match["y"], match["m"], match["d"])
            if date:
                return date
    for pattern in _URL_MONTHS:
        for match in pattern.finditer(path):
            date = _date(match["y"], match["m"], "1")
            if date:
                return date
    for match in _UNIX_TIME.finditer(path):
        return dt.datetime.fromtimestamp(int(match.group()), dt.timezone.utc).date()
    return None


@cache
def _dateline_pattern() -> re.Pattern:
    return re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\.\s?(?:(?P<m>\d{{1,2}})\.\s?|(?P<name>{_months()})\s+){_YEAR}(?!\d)")


@cache
def _months() -> str:
    return "|".join(sorted((re.escape(m.capitalize()) for m in lexicon().months), key=len, reverse=True))


@cache
def _month_line() -> re.Pattern:
    """'GIGA Focus Asien | Nummer 2 | März 2025': a month and year alone in a short line at the top."""
    return re.compile(rf"(?<![\w.]\s)(?<!\d\.)\b(?P<name>{_months()})\s+{_YEAR}(?!\d)")


_LINE = 100  # a paragraph this short that holds a date is a date line: 'Dienstag, 11.02.2025 | 14:07'
_TIME_AFTER = re.compile(r"\W{0,4}(?:um\s)?\d{1,2}[:.]\d{2}(?:\s?Uhr)?\b")  # ', 18:04 Uhr', ' | 14:07'
_DPA_ID = re.compile(r"\bdpa:(?P<y>\d{2})(?P<m>\d{2})(?P<d>\d{2})-\d")  # 'dpa:241219-930-321847/3'
_SHORT_MONTHS = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
# a dpa footer's day, hour and minute, month and year: '301052 Apr 25'
_DPA_FOOTER = re.compile(rf"\b(?P<d>\d{{2}})\d{{4}} (?P<mon>{'|'.join(_SHORT_MONTHS)}) (?P<y>\d{{2}})\b")


def date_from_dateline(lines: list, closing: list = ()) -> dt.date | None:
    """The publication date a text states about itself: near the start of one of its first paragraphs ('Seoul,
    14.03.2025 (dpa) –'), in a short date line at its top or bottom ('14. März 2025', 'Stand: 2. Oktober 2025',
    '(Martina Steiner, 10.2.2025)'), as a time stamp ('6. November 2024, 18:04 Uhr') or an agency's id."""
    for paragraph in lines[:_DATELINE_LINES]:
        found = _dated(paragraph[:_DATELINE_CHARS]) or (_dated(paragraph) if len(paragraph) <= _LINE else None)
        if found:
            return found
    for paragraph in lines[1:_DATELINE_LINES]:  # the title's own month is a topic: 'Die Bilanz vom März 2025'
        match = _month_line().search(paragraph) if len(paragraph) <= _LINE else None
        if match:
            return _date(match["y"], lexicon().months[match["name"].lower()], 1)
    for paragraph in [*lines, *closing]:
        found = _stamped(paragraph)
        if found:
            return found
    for paragraph in closing:
        found = _agency_date(paragraph) or (_dated(paragraph) if len(paragraph) <= _LINE else None)
        found = found or _dated(paragraph[-_LINE:]) if paragraph.rstrip().endswith(")") else found
        if found:
            return found
    return None


def _dated(text: str) -> dt.date | None:
    for match in _dateline_pattern().finditer(text):
        date = _date(match["y"], match["m"] or lexicon().months[match["name"].lower()], match["d"])
        if date:
            return date
    return None


def _stamped(text: str) -> dt.date | None:
    """A date followed by a time of day: how pages stamp their publication."""
    for match in _dateline_pattern().finditer(text):
        if _TIME_AFTER.match(text, match.end()):
            return _dated(match.group())
    return None


def _agency_date(text: str) -> dt.date | None:
    match = _DPA_ID.search(text)
    if match:
        return _date(f"20{match['y']}", match["m"], match["d"])
    match = _DPA_FOOTER.search(text)
    if match:
        return _date(f"20{match['y']}", _SHORT_MONTHS.index(match["mon"]) + 1, match["d"])
    return None


def _date(year, month, day) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None

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
_DATELINE_CHARS = 80  # a dateline date stands near the start of one of the first paragraphs
_DATELINE_PARAGRAPHS = 3


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
    months = "|".join(sorted((m.capitalize() for m in lexicon().months), key=len, reverse=True))
    return re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\.\s?(?:(?P<m>\d{{1,2}})\.\s?|(?P<name>{months})\s+){_YEAR}(?!\d)")


def date_from_dateline(paragraphs: list) -> dt.date | None:
    """The date near the start of one of the first paragraphs ('Seoul, 14.03.2025 (dpa) –', '14. März 2025')."""
    for paragraph in paragraphs[:_DATELINE_PARAGRAPHS]:
        match = _dateline_pattern().search(paragraph[:_DATELINE_CHARS])
        if match:
            month = match["m"] or lexicon().months[match["name"].lower()]
            date = _date(match["y"], month, match["d"])
            if date:
                return date
    return None


def _date(year, month, day) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None

"""Dates a sentence states ('im Januar und Februar 2025', 'seit Herbst 2024', 'am Montag'), resolved as periods."""
import calendar
import datetime as dt
import re
from functools import cache

from core.lexicon import lexicon

_WORD_NUMBERS = {"ein": 1, "eine": 1, "einer": 1, "einem": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10}
_PART_OF_MONTH = {"anfang": (1, 10), "mitte": (11, 20), "ende": (21, 31)}
# 'Ende 2024' is dated to December and 'Mitte 2025' to July, as analysts place such a point on a timeline.
_PART_OF_YEAR = {"anfang": (1, 3), "beginn": (1, 3), "mitte": (7, 8), "ende": (12, 12)}


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _span(year: int, first_month: int, last_month: int) -> tuple[dt.date, dt.date]:
    """First day of first_month to last day of last_month (months past 12 run into the next year)."""
    end_year, end_month = year + (last_month - 1) // 12, (last_month - 1) % 12 + 1
    return dt.date(year, first_month, 1), _month_end(end_year, end_month)


def _year_for(month: int, year: str | None, published: dt.date | None) -> int | None:
    """The stated year, or the latest year in which `month` does not lie after the published date."""
    if year:
        return int(year)
    if published is None:
        return None
    return published.year if month <= published.month else published.year - 1


_N = r"(?P<n>\d+|ein(?:e[mr]?)?|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn)"
# Relative to the publication date; a capital at a sentence's start matches too ('Seit Jahresbeginn').
_RELATIVE = (
    ("last_year", r"\b(?:im )?(?:vergangenen|letzten|vorigen) Jahr(?:es)?\b|\bvergangenes Jahr\b|\bim Vorjahr\b"),
    ("this_year", r"\bseit Jahresbeginn\b|\bseit Anfang des Jahres\b|\bin diesem Jahr\b|\bdieses Jahr(?:es)?\b"),
    ("last_month", r"\b(?:im )?(?:vergangenen|letzten|vorigen) Monat\b|\bim Vormonat\b"),
    ("this_month", r"\bin diesem Monat\b|\bseit Monatsbeginn\b|\bseit Anfang des Monats\b|\bdiesen Monat\b"),
    ("last_week", r"\b(?:in der )?(?:vergangenen|letzten|vorigen|vergangene|letzte) Woche\b"),
    ("weekend", r"\b(?:am )?(?:vergangenen |letzten )?Wochenende\b"),
    ("days_back", rf"\b(?:in den )?(?:vergangenen|letzten) {_N} Tag(?:en|e)\b"),
    ("ago", rf"\bvor {_N} (?P<unit>Tag|Woche|Monat)(?:en|e|n)?\b"),
    ("today", r"\bheute\b|\bgestern\b|\bam Vortag\b"),
)


@cache
def _patterns() -> list:
    lex = lexicon()
    month = "|".join(sorted((re.escape(m.capitalize()) for m in lex.months), key=len, reverse=True))
    day = "|".join(d.capitalize() for d in lex.weekdays)
    season = "|".join(s.capitalize() for s in lex.seasons)
    year = r"(?:\s+(?P<year>(?:19|20)\d{2}))?"
    return [
        ("day_range", re.compile(rf"zwischen dem (?P<d1>\d{{1,2}})\. und (?:dem )?(?P<d2>\d{{1,2}})\. (?P<month>{month}){year}")),
        ("day", re.compile(rf"(?P<d1>\d{{1,2}})\.\s*(?P<month>{month}){year}")),
        ("month_part", re.compile(rf"(?P<part>Anfang|Mitte|Ende) (?P<month>{month}){year}")),
        ("month_half", re.compile(rf"(?P<half>ersten|zweiten) (?P<month>{month})hälfte{year}")),
        ("months", re.compile(rf"\b(?P<month>{month})(?: und (?P<month2>{month}))?{year}\b")),
        ("year_part", re.compile(r"(?P<part>Anfang|Mitte|Ende|Beginn des Jahres|zu Beginn des Jahres) (?P<year>(?:19|20)\d{2})\b")),
        ("season", re.compile(rf"\b(?P<season>{season}){year}\b")),
        ("year", re.compile(r"\b(?:im Jahr(?:e)?|des Jahres|Jahr) (?P<year>(?:19|20)\d{2})\b")),
        ("since_year", re.compile(r"\b[Ss]eit (?P<year>(?:19|20)\d{2})\b(?![.\d])")),
        # A noun dated by a bare year ('Verstärkung 2025:', 'Bilanz 2024'), not a year after a preposition.
        ("noun_year", re.compile(r"\b(?!(?:Seit|Bis|Ab|Von|Vor|Nach|Für|Im|In|Um|Zum|Zur|Stand)\b)"
                                 r"[A-ZÄÖÜ][a-zäöüß]{2,} (?P<year>(?:19|20)\d{2})\b(?!\s*[-–/.]\s*\d)")),
        ("weekday", re.compile(rf"\b(?P<weekday>{day})(?:abend|morgen|nachmittag|vormittag)?\b")),
        *((kind, re.compile(pattern, re.I)) for kind, pattern in _RELATIVE),
    ]


def find_periods(text: str, published: dt.date | None) -> list[tuple[int, int, dt.date, dt.date]]:
    """Every dated expression in `text` as (start, end, first day, last day); 'seit X' runs to the published date."""
    found, taken = [], []
    for kind, pattern in _patterns():
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            period = _resolve(kind, match, published)
            if period is None:
                continue
            start, end = match.start(), match.end()
            prefix = text[max(0, start - 5) : start].lower()
            if prefix.endswith("seit ") and published and period[0] <= published:
                period = (period[0], published)
                start -= 5
            taken.append((match.start(), match.end()))
            found.append((start, end, *period))
    return sorted(found)


def _resolve(kind: str, m: re.Match, published: dt.date | None):
    groups = m.groupdict()
    lex = lexicon()
    if "month" in groups and groups["month"]:
        month = lex.months[groups["month"].lower()]
        year = _year_for(month, groups.get("year"), published)
        if year is None:
            return None
        if kind == "day_range":
            return dt.date(year, month, int(groups["d1"])), dt.date(year, month, int(groups["d2"]))
        if kind == "day":
            day = dt.date(year, month, int(groups["d1"]))
            return day, day
        if kind == "month_half":
            first = dt.date(year, month, 1 if groups["half"] == "ersten" else 16)
            return first, dt.date(year, month, 15) if groups["half"] == "ersten" else _month_end(year, month)
        if kind == "month_part":
            first, last = _PART_OF_MONTH[groups["part"].lower()]
            return dt.date(year, month, first), min(dt.date(year, month, 28) + dt.timedelta(days=last - 28), _month_end(year, month))
        last_month = lex.months[groups["month2"].lower()] if groups.get("month2") else month
        return _span(year, month, max(month, last_month))
    if kind == "since_year" and published:
        return dt.date(int(groups["year"]), 1, 1), published
    if kind in ("year_part", "year", "noun_year"):
        year = int(groups["year"])
        part = groups.get("part")
        first, last = _PART_OF_YEAR[part.split()[-3].lower() if " " in part else part.lower()] if part else (1, 12)
        return _span(year, first, last)
    if kind == "season":
        first, last = lex.seasons[groups["season"].lower()]
        year = int(groups["year"]) if groups.get("year") else _year_for(first if first <= 12 else 12, None, published)
        return _span(year, first, last) if year else None
    return _relative(kind, m, published) if published else None


def _months_back(day: dt.date, months: int) -> dt.timedelta:
    """How far back the same day `months` months earlier lies (the month's last day where it has fewer)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    earlier = dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
    return day - earlier


def _relative(kind: str, m: re.Match, published: dt.date):
    if kind == "weekday":
        weekday = lexicon().weekdays[m.group("weekday").lower()]
        day = published - dt.timedelta(days=(published.weekday() - weekday) % 7)
        return day, day
    if kind == "last_year":
        return dt.date(published.year - 1, 1, 1), dt.date(published.year - 1, 12, 31)
    if kind == "this_year":
        return dt.date(published.year, 1, 1), published
    if kind in ("last_month", "this_month"):
        month = published.replace(day=1) - dt.timedelta(days=1) if kind == "last_month" else published
        return (month.replace(day=1), _month_end(month.year, month.month)) if kind == "last_month" else (
            published.replace(day=1), published)
    if kind == "last_week":
        monday = published - dt.timedelta(days=published.weekday() + 7)
        return monday, monday + dt.timedelta(days=6)
    if kind == "weekend":
        saturday = published - dt.timedelta(days=(published.weekday() - 5) % 7)
        return saturday, min(saturday + dt.timedelta(days=1), published)
    if kind in ("days_back", "ago"):
        n = m.group("n").lower()
        count = int(n) if n.isdigit() else _WORD_NUMBERS[n]
        unit = (m.groupdict().get("unit") or "Tag").lower()
        day = published - (dt.timedelta(days=count * {"tag": 1, "woche": 7}[unit]) if unit != "monat"
                           else _months_back(published, count))
        return (day, published) if kind == "days_back" else (day, day)
    word = m.group().lower()
    day = published - dt.timedelta(days=0 if word == "heute" else 1)
    return day, day


# ', die im Herbst 2024 entsandt wurden': a relative clause, up to the next comma or colon.
_RELATIVE_CLAUSE = re.compile(r",\s*(?:die|der|das|denen|deren|dessen|welche[rnms]?)\s[^,;:]*")
_OWNER_GAP = 60  # characters between a figure and the relative clause on its noun ('11.000 nordkoreanischen Soldaten')


def dating(text: str, periods: list, figure_start: int, own_end: int) -> list:
    """Of a sentence's periods, those that can date the figure at [figure_start, own_end): not one in a relative
    clause on another noun ('die Hälfte der 11.000 Soldaten, die im Herbst 2024 entsandt wurden' dates the 11.000)."""
    clauses = [(m.start(), m.end()) for m in _RELATIVE_CLAUSE.finditer(text)]
    kept = []
    for period in periods:
        clause = next(((start, end) for start, end in clauses if start <= period[0] < end), None)
        if clause is None or clause[0] <= figure_start < clause[1] or _describes(text[own_end:clause[0]]):
            kept.append(period)
    return kept


def _describes(gap: str) -> bool:
    """Whether a relative clause after `gap` describes the figure's noun: close, no comma, no other number."""
    return len(gap) <= _OWNER_GAP and not re.search(r"[,\d]", gap)


def period_for(text: str, offset: int, published: dt.date | None) -> tuple[dt.date | None, dt.date | None, str]:
    """The period nearest to character `offset` of a sentence, as (start, end, basis)."""
    return nearest_period(find_periods(text, published), offset, published)


def nearest(periods: list, offset: int) -> tuple:
    """Of a sentence's non-empty `periods` (from find_periods), the one nearest to character `offset`."""
    return min(periods, key=lambda p: min(abs(p[0] - offset), abs(p[1] - offset)))


def nearest_period(periods: list, offset: int, published: dt.date | None,
                   basis: str = "published") -> tuple[dt.date | None, dt.date | None, str]:
    """Of a sentence's `periods` (from find_periods), the one nearest to character `offset`, as (start, end, basis);
    else the article's date with the `basis` it has (published, url, dateline)."""
    if periods:
        start, end, first, last = nearest(periods, offset)
        return first, last, "stated"
    if published:
        return published, published, basis
    return None, None, "unknown"

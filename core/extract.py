"""Articles in, claims frame out."""
import re
from bisect import bisect_left
from functools import cache, lru_cache

import pandas as pd

from core.articles import Article
from core.attribution import TRACKED_CUES, UNATTRIBUTED, SourceTracker
from core.dates import dating, find_periods, nearest, nearest_period
from core.cues import TEXT, SentenceCues, char_bounds, span_text, token_texts
from core.figures import Before, find_figures
from core.lexicon import lexicon, stem
from core.numbers import parse_words
from core.names import LABEL_MAX, label_end
from core.pipeline import CUES, build_nlp, cue_starts, figure_starts, paragraph_bounds, sentence_bounds
from core.schema import coerce, empty_frame
from core.version import code_version

EXTRACTOR_VERSION = code_version()
_MAX_PIECE = 100_000  # characters; keeps every Doc far below spaCy's max_length


_DIGIT = re.compile(r"\d")
# a live ticker's entry: '+++ 06:40 +++', '11.30 Uhr:'
_TICKER = re.compile(r"\+\+\+|\d{1,2}[:.]\d{2}(?: Uhr)?\s*(?::|\+\+\+|–)")
_WORD = re.compile(r"\w+")
_ENDINGS = ("", "e", "en", "em", "er", "es", "s", "n", "ern")


@cache
def _candidate_words() -> frozenset:
    """Lower-case words that make a paragraph worth parsing: number words, vague amounts, fractions, and the first
    word of every source name in its common inflections (a figure-free paragraph that names a source
    must still be read, so that 'Der Präsident sagte, …' in a later paragraph can refer back to it)."""
    lex = lexicon()
    words = set(lex.number_words) | {p.split()[-1].lower() for p in [*lex.vague, *lex.fractions]} | {"dutzend"}
    for name in [alias for alias, _, _ in lex.claimants] + list(lex.anaphoric_sources):
        first = re.split(r"[\s-]", name)[0].lower()
        words |= {first} | {stem(first) + ending for ending in _ENDINGS}
    return frozenset(words)


def is_candidate(text: str) -> bool:
    """True when a paragraph may hold a figure or name a source; the rest skip spaCy."""
    if _DIGIT.search(text):
        return True
    words = set(_WORD.findall(text.lower()))
    if words & _candidate_words():
        return True
    return any(("hundert" in w or "tausend" in w or w.endswith("zig")) and parse_words(w) for w in words)


def extract_claims(articles: list[Article], batch_size: int = 64, fast: bool = True) -> pd.DataFrame:
    """One row per troop figure in `articles`, in the schema of core.schema; fast=False skips the candidate filter."""
    rows = []
    for article in articles:
        rows.extend(article_claims(article, batch_size, fast))
    return coerce(pd.DataFrame(rows)) if rows else empty_frame()


def article_claims(article: Article, batch_size: int = 64, fast: bool = True) -> list[dict]:
    """The claim rows of one article; fast=False also sends paragraphs without a candidate figure through spaCy."""
    tracker, rows, before = SourceTracker(), [], Before()
    carry_from, asked, listing = -1, False, ""  # where a paragraph must start to carry on the last one's source
    items = []  # unattributed rows of the one-sentence paragraphs just before: a list that 'Quelle: …' may credit
    lead_end = article.flow.paragraphs[:_LEAD][-1][1] if article.flow.paragraphs else 0
    for offset, doc in parsed(article, batch_size, fast):
        sentences = sentence_bounds(doc)
        sentence_starts = [start for start, _ in sentences]
        for lo, hi in paragraph_bounds(doc):
            at = doc[lo].idx
            follows = offset + at == carry_from and not _TICKER.match(doc.user_data[TEXT], at)
            tracker.new_paragraph(follows=follows, listing=listing)
            within = sentences[bisect_left(sentence_starts, lo) : bisect_left(sentence_starts, hi)]
            about = offset + at < lead_end or _about_the_troops(doc, lo, hi)
            bounds = [(start, min(end, hi)) for start, end in within]
            before.new_paragraph(answers=asked)
            items = items if follows and listing else []
            found = _paragraph_claims(article, doc, offset, bounds, tracker, about, before, items)
            rows += found
            items = items + [row for row in found if row["claimant"] == UNATTRIBUTED] if len(bounds) == 1 else []
            # Only a candidate paragraph passes its source on: the fast path never reads the others.
            last = doc[hi - 1]
            asked = last.text == "?"  # an interviewer's question: the answer's bare figures count the same
            listing = "opens" if last.text.endswith(":") else "item" if len(bounds) == 1 else ""
            carry_from = offset + last.idx + len(last) + 2 if fast or is_candidate(doc[lo:hi].text) else -1
    for row in rows:  # 'Geheimdienst: 600 … getötet' in the headline, the service named further down
        awaits = row.pop("awaits")
        if awaits and row["claimant"] == UNATTRIBUTED:
            _name_afterwards([row], tracker.named_later(awaits))
    return rows


def parsed(article: Article, batch_size: int = 64, fast: bool = True):
    """(offset, doc) for the runs of paragraphs that article_claims reads, parsed by the spaCy pipeline and
    before any rule: the benchmark times this alone as the floor under extraction's time."""
    chunks = list(_chunks(article.flow, fast))
    for (offset, text), doc in zip(chunks, build_nlp().pipe((text for _, text in chunks), batch_size=batch_size)):
        doc.user_data[TEXT] = text
        yield offset, doc


def _paragraph_claims(article: Article, doc, offset: int, sentences: list, tracker: SourceTracker,
                      about: bool, before: Before, unnamed: list) -> list[dict]:
    """The claim rows of one paragraph, given as (start, end) token bounds of its sentences; a paragraph not
    `about` the troops keeps no figure that counts losses by itself ('14 Verletzte'). `unnamed`: rows without a
    source that the next sentence may name ('Das meldet der NIS.'): at first those of the list items before the
    paragraph ('Quelle: …'), then those of each sentence."""
    matches, starts, figures = doc.user_data[CUES], cue_starts(doc), figure_starts(doc)
    rows = []
    for k, (start, end) in enumerate(sentences):
        found = matches[bisect_left(starts, start) : bisect_left(starts, end)]
        named = _named_category(found)
        if k and not _may_matter(found, figures, start, end):
            before.named = named
            tracker.pass_over()
            unnamed = []
            continue
        sent = doc[start:end]
        cues = SentenceCues(sent, found)
        counts = _may_count(found, figures, start, end) and not number_dump(figures, start, end)
        claims = find_figures(sent, cues, before) if counts else []
        claims = claims if about else [f for f in claims if f.unit != "loss"]
        before.named = None if claims else named  # a category with figures of its own is theirs
        if not claims:
            _name_afterwards(unnamed, tracker.named_after(sent, cues) if unnamed else None)
            unnamed = []
            tracker.note(sent, cues)
            continue
        before.add(claims)
        source = tracker.attribute(sent, cues)
        context = _Sentence(sent, offset, article)
        sources = [tracker.for_figure(source, cues, f.start) for f in claims]
        found = [_row(article, context, f, s) for f, s in zip(claims, sources)]
        for figure, row in zip(claims, found):  # after all rows: a base may follow its fraction
            row["base_claim_id"] = figure.base.claim_id if figure.base else None
        rows += found
        unnamed = [row for row, s in zip(found, sources) if s.key == UNATTRIBUTED or s.carried]
    return rows


_LEAD = 3  # the first paragraphs (title, sub-headline, lead) are about the article's subject
_ABOUT = frozenset({"OWN_SIDE", "SOURCE", "WEAK_SOURCE", "ANAPHOR"})


def _about_the_troops(doc, lo: int, hi: int) -> bool:
    """False for a paragraph that names neither North Korea nor any source and is no interview answer: a
    live-blog entry or a teaser about something else ('18.10 Uhr: Auf der A9 … 14 Verletzte')."""
    matches, starts = doc.user_data[CUES], cue_starts(doc)
    if any(m[2] in _ABOUT for m in matches[bisect_left(starts, lo) : bisect_left(starts, hi)]):
        return True
    return label_end(token_texts(doc, lo, min(hi, lo + LABEL_MAX + 1))) is not None  # an interview answer


def _named_category(matches: list) -> str | None:
    """The one category a sentence names ('eine dritte Entsendung', 'die Verluste'), if it names only one;
    'Hinzu kommen Vermisste' names the missing, not reinforcements."""
    named = {id_ for _, _, label, id_ in matches if label == "CAT"}
    named = named - {"reinforcements"} if len(named) > 1 else named
    return named.pop() if len(named) == 1 else None


def _name_afterwards(rows: list, source) -> None:
    """Give `rows` the source that the sentence after theirs names."""
    if source:
        for row in rows:
            row["claimant"], row["claimant_text"] = source.key, source.text
            row["why"] = re.sub(r"src:[^ ]*", f"src:{source.rule or 'named_after'}", row["why"])


def _chunks(flow, fast: bool):
    """(offset, text) runs of consecutive paragraphs worth parsing, each one spaCy doc of at most _MAX_PIECE
    characters: one doc per run costs less than one per paragraph. Paragraphs stay apart inside a doc
    (see core.pipeline.paragraph_bounds), so how they are grouped never changes a claim."""
    run_start = run_end = None
    for start, end in flow.paragraphs:
        for piece_start, text in _pieces(flow.text, start, end):
            piece_end = piece_start + len(text)
            if fast and not is_candidate(text):
                continue
            if run_start is not None and run_end + 2 == piece_start and piece_end - run_start <= _MAX_PIECE:
                run_end = piece_end
                continue
            if run_start is not None:
                yield run_start, flow.text[run_start:run_end]
            run_start, run_end = piece_start, piece_end
    if run_start is not None:
        yield run_start, flow.text[run_start:run_end]


def _may_matter(matches: list, figures: list, start: int, end: int) -> bool:
    """True when a sentence holds a figure, a fraction ('Davon ist jeder Dritte …') or a cue the source
    tracker reads; other sentences are passed over without building anything for them."""
    if bisect_left(figures, start) < bisect_left(figures, end):
        return True
    return any(label in _READ_ALWAYS for _, _, label, _ in matches)


_COUNTING = frozenset({"FRACTION", "COUNTED"})  # cues that make a claim without a figure
_READ_ALWAYS = TRACKED_CUES | _COUNTING


def _may_count(matches: list, figures: list, start: int, end: int) -> bool:
    """True when a sentence holds a figure or a fraction, without which find_figures finds nothing."""
    return bisect_left(figures, start) < bisect_left(figures, end) or any(m[2] in _COUNTING for m in matches)


_DUMP_FIGURES = 8  # a sentence with at least this many figures, ...
_DUMP_SHARE = 4  # ... and at least one figure in this many of its tokens, is a dump of numbers


def number_dump(figures: list, start: int, end: int) -> bool:
    """True for a sentence of tokens start..end that is a dump of numbers, not a report: at least _DUMP_FIGURES
    figures, and at least one in every _DUMP_SHARE tokens ('1, 2, 3, …', '| 300 | 400 |', '12 Soldaten, 12
    Soldaten, …'). A sentence of the corpora has at most 9 figures, one in 4 of its tokens or fewer (the lottery
    numbers '4, 11, 19, 27, 33, 41; Glückszahl 5; …': 9 in 38), and a sentence that reports a figure has words
    for its noun, verb and source around it ('Laut NIS wurden rund 300 Soldaten getötet, …': one in 8). Such a
    sentence holds no claim and skips the per-figure rules, whose work grows with the figures around each one
    (the run-on cuts of core.pipeline keep a sentence of figures to at most 150 tokens, so that work is bounded,
    but it made a dump of numbers cost 10–20 s per MB). Two bisections: no look at the tokens."""
    count = bisect_left(figures, end) - bisect_left(figures, start)
    return count >= _DUMP_FIGURES and count * _DUMP_SHARE >= end - start


def _pieces(text: str, start: int, end: int):
    """(offset, text) pieces of a paragraph, cut after a full stop when it is longer than spaCy likes."""
    while end - start > _MAX_PIECE:
        cut = text.rfind(". ", start, start + _MAX_PIECE)
        cut = cut + 2 if cut > start else start + _MAX_PIECE
        yield start, text[start:cut]
        start = cut
    yield start, text[start:end]


class _Sentence:
    """What every claim of one sentence shares: its text, the doc's character bounds, raw span and stated periods."""

    def __init__(self, sent, offset: int, article: Article):
        self.span, self.offset, self.text = sent, offset, span_text(sent.doc, sent.start, sent.end)
        self.starts, self.ends = char_bounds(sent.doc)
        self.start_char = self.starts[sent.start]
        self.periods = find_periods(self.text, article.published)
        self.raw_span = article.flow.to_raw_span(offset + self.start_char, offset + self.ends[sent.end - 1])


def _row(article: Article, context: _Sentence, figure, source) -> dict:
    offset, flow, starts, ends = context.offset, article.flow, context.starts, context.ends
    char_start, char_end = starts[figure.start], ends[figure.end - 1]
    fig_start, fig_end = flow.to_raw_span(offset + char_start, offset + char_end)
    sent_start, sent_end = context.raw_span
    at = char_start - context.start_char
    inner_base = figure.base and figure.start < figure.base.start < figure.end  # 'die Hälfte der rund 11.000'
    own_end = (starts[figure.base.start] if inner_base else char_end) - context.start_char
    periods = dating(context.text, context.periods, at, own_end)
    period_start, period_end, basis = nearest_period(periods, at, article.published, article.published_basis)
    stated = context.text[slice(*nearest(periods, at)[:2])] if periods else ""
    article_id = article.article_id
    figure.claim_id = f"{article_id}:{fig_start}-{fig_end}"
    return {
        "claim_id": figure.claim_id,
        "article_id": article_id,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": _stamp(article.published),
        "category": figure.category,
        "value": figure.value,
        "low": figure.low,
        "high": figure.high,
        "qualifier": figure.qualifier,
        "claimant": source.key,
        "awaits": source.awaits,
        "claimant_text": source.text,
        "period_start": _stamp(period_start),
        "period_end": _stamp(period_end),
        "date_basis": basis,
        "sentence": context.text,
        "figure_text": article.raw[fig_start:fig_end],
        "figure_start": fig_start,
        "figure_end": fig_end,
        "sentence_start": sent_start,
        "sentence_end": sent_end,
        "base_claim_id": None,
        "why": why(figure, source.rule, f"{basis}:{stated}" if stated else basis),
    }


@lru_cache(maxsize=4096)
def _stamp(day) -> pd.Timestamp:
    """pd.Timestamp of a date, NaT for none: made once per date, not once per row."""
    return pd.Timestamp(day) if day else pd.NaT


def why(figure, source_rule: str, date_rule: str) -> str:
    """The rules that decided a claim's category, claimant and date: 'cat:after:gefallen · src:frame · date:url'."""
    return f"cat:{figure.why or 'noun'} · src:{source_rule or 'none'} · date:{date_rule}"

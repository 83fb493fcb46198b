"""The spaCy pipeline: blank German tokenizer, figure merging, sentences, and cue rulers from core/data."""
import re
from collections import defaultdict
from functools import cache, partial

import numpy

import spacy
from spacy.attrs import IS_PUNCT, IS_SPACE, NORM, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_suffix_regex

from core.lexicon import lexicon, stem
from core.numbers import parse_digits, parse_figure, parse_words

CUES = "cues"  # doc.user_data key: cue matches
CUE_STARTS = "cue_starts"  # doc.user_data key: their start tokens
SENTENCES = "sentences"  # doc.user_data key: sentence bounds
PARAGRAPHS = "paragraphs"  # doc.user_data key: paragraph bounds
FIGURES = "figures"  # doc.user_data key: {token index: (value, vague low)} of the figures
FIGURE_STARTS = "figure_starts"  # doc.user_data key: their token indices, in order
NATIONAL = "national"  # marks the id of a SOURCE that names a country, not one of its sources: 'sk_military national'
_GROUP = re.compile(r"\d{3}")
_MAX_GROUPS = 5  # '1 234 567 890': more space-separated groups than this are no count
_MAX_RUN = _MAX_GROUPS + 1  # tokens of the longest figure: its groups and a multiplier
_LEADING_GROUP = re.compile(r"\d{1,3}")



def _vague_phrases() -> dict:
    """Vague amounts keyed by their lower-cased token texts."""
    return {tuple(p.lower().split()): low for p, low in lexicon().vague.items()}


@Language.factory("figure_merger")
def make_figure_merger(nlp: Language, name: str):
    """figure_merger with a lexeme flag, set on every word that may start a figure (spaCy caches it per word)."""
    return partial(figure_merger, flag=nlp.vocab.add_flag(_may_start_figure))


def figure_merger(doc: Doc, flag: int) -> Doc:
    """Merge a figure written over several tokens (11 000, 1,5 Millionen, mehrere Tausend) into one token.

    Only tokens whose lexeme carries the figure flag are looked at, and figures are stored by token index
    (see figure_starts, figure_value), so no step after the tokenizer scans every token in Python."""
    flagged = _outside_long_runs(doc.to_array(flag))
    closing = [i for i in _ordinals(doc, flagged) if _ends_sentence(doc, i)]
    if closing:
        with doc.retokenize() as retokenizer:
            for i in closing:
                retokenizer.split(doc[i], [doc[i].text[:-1], "."], heads=[(doc[i], 1), (doc[i], 1)])
        flagged = _outside_long_runs(doc.to_array(flag))
    found = _figures(doc, flagged) if flagged else []
    _merge(doc, [(start, end) for start, end, _, _ in found if end - start > 1])
    doc.user_data[FIGURES] = {start: (value, low) for start, _, value, low in _shifted(found)}
    doc.user_data[FIGURE_STARTS] = list(doc.user_data[FIGURES])
    return doc


def _ordinals(doc: Doc, flagged: list[int]) -> list[int]:
    """The flagged tokens that read as short ordinals ('50.'), their texts from the ORTH array: no Token each."""
    strings = doc.vocab.strings
    orths = doc.to_array(ORTH)[flagged].tolist() if flagged else []
    return [i for i, o in zip(flagged, orths) if _SHORT_ORDINAL.fullmatch(strings[o])]


def _outside_long_runs(flags: numpy.ndarray) -> list[int]:
    """Indices of the flagged tokens, without those in a run of more than _MAX_RUN flagged tokens in a row.

    A figure spans at most _MAX_RUN tokens (its digit groups and a multiplier); a longer run of numbers with
    nothing between them ('0 1 2 3 …', '000 000 000 …') is a table or garbage, not a count. Dropping it here, with
    array operations, keeps its tokens from costing a Python step each in every later rule."""
    flagged = numpy.flatnonzero(flags)
    if not len(flagged):
        return []
    cuts = numpy.flatnonzero(numpy.diff(flagged) != 1) + 1
    lengths = numpy.diff(numpy.concatenate(([0], cuts, [len(flagged)])))
    return flagged[numpy.repeat(lengths <= _MAX_RUN, lengths)].tolist()


def _merge(doc: Doc, spans: list[tuple[int, int]]) -> None:
    """Merge each (start, end) token span of `doc`, in order and apart, into one token.

    spaCy's retokenizer checks each span against a list of all spans before it, which is quadratic in a doc
    full of figures; batches keep that list short, and going from the doc's end leaves the earlier
    indices as they are."""
    for stop in range(len(spans), 0, -_MERGE_BATCH):
        with doc.retokenize() as retokenizer:
            for start, end in spans[max(0, stop - _MERGE_BATCH) : stop]:
                retokenizer.merge(doc[start:end])


_MERGE_BATCH = 500  # each batch costs a pass over the doc, each span a look through its batch


_SHORT_ORDINAL = re.compile(r"\d{1,2}\.")  # the tokenizer reads '50.' as an ordinal ('am 5. Mai')
_COUNT_LEADS = frozenset("auf mindestens etwa rund über knapp fast gut ca. insgesamt lediglich weitere".split())


def _ends_sentence(doc: Doc, i: int) -> bool:
    """'… beziffert ihre Zahl auf mindestens 50.': a number and a full stop that end the paragraph, or end the
    sentence after a word that leads a count; not 'am 5. Mai' or 'der 3. Armee'."""
    if i + 1 == len(doc) or (doc[i + 1].is_space and "\n" in doc[i + 1].text):
        return True
    return i > 0 and doc[i - 1].lower_ in _COUNT_LEADS and doc[i + 1].text[:1].isupper()


def figure_starts(doc: Doc) -> list[int]:
    """Token indices of the doc's figures, in order (not to be changed by the caller)."""
    return doc.user_data.get(FIGURE_STARTS, [])


def is_figure(doc: Doc, i: int) -> bool:
    """True when token i is a figure: a count or a vague amount ('Tausende')."""
    return i in doc.user_data.get(FIGURES, ())


def figure_value(doc: Doc, i: int) -> float | None:
    """The value of the figure at token i; None for a vague amount or any other token."""
    return doc.user_data.get(FIGURES, {}).get(i, (None, None))[0]


def vague_low(doc: Doc, i: int) -> float | None:
    """The lower bound of the vague amount at token i ('Tausende': 2000), else None."""
    return doc.user_data.get(FIGURES, {}).get(i, (None, None))[1]


def _may_start_figure(text: str) -> bool:
    """The lexical test behind the figure flag: a digit, a number word or the first word of a vague amount."""
    low = text.lower()
    return low[:1].isdigit() or low in _WORDY or low.endswith(_NUMBER_ENDINGS)


def _figures(doc: Doc, flagged: list[int]) -> list[tuple]:
    """(start, end, value, vague low) of the figures that start at flagged tokens, before merging.

    Token texts come from the ORTH array through the string store: cheaper than a Token per look."""
    orth, space = doc.to_array([ORTH, SPACY]).T.tolist()
    strings = doc.vocab.strings

    def text(k: int) -> str:
        return strings[orth[k]]

    found, borrowed, last, size = [], [], 0, len(orth)
    for i in flagged:
        if i < last:
            continue
        first = text(i)
        low = first.lower()
        pair = (low, text(i + 1).lower()) if low in _VAGUE_FIRST and i + 1 < size else None
        if pair in _VAGUE:
            found.append((i, i + 2, None, _VAGUE[pair]))
        elif low in _VAGUE_FIRST and (low,) in _VAGUE:
            found.append((i, i + 1, None, _VAGUE[(low,)]))
        elif low == "dutzend":
            if i > last and text(i - 1).lower() == "ein":  # 'ein Dutzend': 'ein' alone is no figure
                found.append((i - 1, i + 1, 12.0, None))
            elif i - 1 > last and text(i - 1).lower() in _DOZENS and text(i - 2).lower() == "ein":
                found.append((i - 2, i + 1, _DOZENS[text(i - 1).lower()], None))  # 'ein knappes Dutzend'
        else:
            end = _figure_end(text, space, i)
            if end == i + 1:  # one token, the most common figure: no words to join
                value = parse_figure(" ".join(first.split()))
            else:
                words = "".join(text(k) + " " * space[k] for k in range(i, end))
                value = parse_figure(" ".join(words.split())) if end else None
            if value is not None:
                found.append((i, end, value, None))
                borrowed += _truncated(text, i)
        last = found[-1][1] if found else 0
    return sorted(found + borrowed)


def _truncated(text, i: int) -> list[tuple]:
    """'zehn- und zwölftausend': the first word borrows the second's ending (zehntausend)."""
    if i < 3 or text(i - 1).lower() not in ("und", "bis", "oder") or not text(i - 2).endswith("-"):
        return []
    head, second = text(i - 2)[:-1], text(i).lower()
    for ending in ("tausend", "hundert"):
        if second.endswith(ending) and parse_words(head):
            return [(i - 2, i - 1, float(parse_words(head + ending)), None)]
    return []


def _figure_end(text, space: list, i: int) -> int:
    """End index of a figure starting at token i, or 0 when token i starts none."""
    first, size = text(i), len(space)
    if parse_digits(first) is not None:
        end = i + 1
        if _LEADING_GROUP.fullmatch(first):
            while end < min(size, i + _MAX_GROUPS) and space[end - 1] and _GROUP.fullmatch(text(end)):
                end += 1
    elif first.lower() != "ein" and parse_words(first) is not None:
        end = i + 1
    else:
        return 0
    following = text(end) if end < size else ""
    if following in lexicon().multipliers and (following not in ("Hundert", "Tausend") or _digits_below_1000(first)):
        end += 1  # '1,5 Millionen', 'zwei Dutzend', '1,5 Tausend', not 'zwei Tausend' (a word, not 2000)
    return end


def _digits_below_1000(text: str) -> bool:
    value = parse_digits(text)
    return value is not None and 0 < value < 1000


def _shifted(merges: list):
    """Token indices of the merged figures after retokenizing."""
    removed = 0
    for start, end, value, low in merges:
        yield start - removed, end - removed, value, low
        removed += end - start - 1


_DOZENS = {"knappes": 12.0, "gutes": 12.0, "ganzes": 12.0, "halbes": 6.0}
_VAGUE = _vague_phrases()
_VAGUE_FIRST = frozenset(words[0] for words in _VAGUE)  # the first words of vague amounts
_WORDY = frozenset(lexicon().number_words) | {words[0] for words in _VAGUE} | {"dutzend"}
_NUMBER_ENDINGS = ("hundert", "tausend", "zig", "zehn")
_SENTENCE_SOFT_MAX = 80  # tokens; past this a comma ends the sentence
_SENTENCE_HARD_MAX = 150  # tokens; past this the sentence is cut anyway


@Language.factory("sentence_splitter")
def make_sentence_splitter(nlp: Language, name: str):
    """sentence_splitter with a lexeme flag on the Sentencizer's sentence-final characters."""
    final = nlp.vocab.add_flag(lambda text: text in _FINAL)
    opening = frozenset(nlp.vocab.strings.add(mark) for mark in _OPENING)
    return partial(sentence_splitter, final=final, opening=opening, comma=nlp.vocab.strings.add(","))


def sentence_splitter(doc: Doc, final: int, opening: frozenset, comma: int) -> Doc:
    """Paragraphs and sentences from token arrays, without a Token object per token.

    Sentences start where spaCy's Sentencizer starts them: at the first token that is neither punctuation
    nor a sentence-final character after such a character; but an opening quote or bracket before that
    token starts the sentence with it ('… gefallen. „Jeder Dritte …'), where the Sentencizer would leave it
    at the end of the sentence before. Paragraphs stay apart: each starts a sentence,
    and the blank line between two (a whitespace token) starts none. Run-on 'sentences' (lists, text
    without full stops) are cut, so that work per sentence stays bounded. The result goes to the doc's
    sentence annotation (doc.sents) and to sentence_bounds, paragraph_bounds."""
    size = len(doc)
    if not size:
        doc.user_data[PARAGRAPHS], doc.user_data[SENTENCES] = [], []
        return doc
    orth, ends, punct, space, spacy = doc.to_array([ORTH, final, IS_PUNCT, IS_SPACE, SPACY]).T
    breaks = [i for i in numpy.flatnonzero(space).tolist() if "\n" in doc[i].text]
    is_start = _sentence_starts(ends, punct)
    _take_opening_marks(is_start, orth, spacy, opening)
    is_start[[i + 1 for i in breaks if i + 1 < size]] = True
    is_start[breaks] = False
    is_start[0] = True
    starts = numpy.flatnonzero(is_start).tolist()
    bounds = list(zip(starts, starts[1:] + [size]))
    if any(end - start > _SENTENCE_SOFT_MAX for start, end in bounds):
        bounds = _limited(bounds, orth, comma)
        is_start[[start for start, _ in bounds]] = True  # one array write: Token.is_sent_start scans the doc each time
    doc.from_array([SENT_START], numpy.where(is_start, 1, _NOT_START).astype("uint64"))
    doc.user_data[PARAGRAPHS] = [
        (start, end) for start, end in zip([0, *(i + 1 for i in breaks)], [*breaks, size]) if end > start
    ]
    doc.user_data[SENTENCES] = bounds
    return doc


def _sentence_starts(final: numpy.ndarray, punct: numpy.ndarray) -> numpy.ndarray:
    """True where the Sentencizer would start a sentence: at a token that is no punctuation, with a
    sentence-final character between it and the previous such token."""
    words = numpy.flatnonzero((punct == 0) & (final == 0))
    finals = numpy.cumsum(final)
    seen = finals[words] - numpy.concatenate(([0], finals[words[:-1]]))
    is_start = numpy.zeros(len(final), dtype=bool)
    is_start[words[seen > 0]] = True
    return is_start


def _take_opening_marks(is_start: numpy.ndarray, orth: numpy.ndarray, spacy: numpy.ndarray, opening: frozenset) -> None:
    """Move each sentence start back over the opening quotes and brackets glued to it: a mark with no space
    after it and a space before it."""
    for start in numpy.flatnonzero(is_start).tolist():
        mark = start - 1
        while mark > 0 and orth[mark] in opening and not spacy[mark] and spacy[mark - 1] and not is_start[mark]:
            mark -= 1
        if mark + 1 < start:
            is_start[start], is_start[mark + 1] = False, True


def _limited(bounds: list, orth: numpy.ndarray, comma: int) -> list:
    """Sentences cut after a comma past _SENTENCE_SOFT_MAX tokens, and anyway at _SENTENCE_HARD_MAX."""
    out = []
    for start, end in bounds:
        length = 0
        for i in range(start + 1, end):
            length += 1
            if length >= _SENTENCE_HARD_MAX or (length >= _SENTENCE_SOFT_MAX and orth[i - 1] == comma):
                out.append((start, i))
                start, length = i, 0
        out.append((start, end))
    return out


_NOT_START = 2**64 - 1  # -1 as spaCy's uint64 arrays hold it
_FINAL = frozenset(Sentencizer.default_punct_chars)
_OPENING = ("„", "‚", "«", "»", "“", '"', "'", "(", "[")


def paragraph_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token indices of the doc's paragraphs, without the blank lines between them."""
    return doc.user_data.get(PARAGRAPHS, [(0, len(doc))])


def cue_starts(doc: Doc) -> list[int]:
    """The start token of each cue match in doc.user_data[CUES], in order (kept once per doc)."""
    if CUE_STARTS not in doc.user_data:
        doc.user_data[CUE_STARTS] = [match[0] for match in doc.user_data[CUES]]
    return doc.user_data[CUE_STARTS]


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token indices of the doc's sentences, read once from an array instead of Span by Span.

    The sentence_splitter keeps them in doc.user_data; docs made otherwise are read once."""
    if SENTENCES not in doc.user_data:
        starts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        doc.user_data[SENTENCES] = list(zip(starts, starts[1:] + [len(doc)])) if len(doc) else []
    return doc.user_data[SENTENCES]


@Language.factory("cue_matcher")
class CueMatcher:
    """Finds the cue phrases of core/data with two PhraseMatchers: on stemmed words (NORM) and on lower case.

    Matches go to doc.user_data[CUES] as sorted (start, end, label, id) tuples: building a Span for each
    of the many matches in a paragraph would cost more than the matching itself."""

    def __init__(self, nlp: Language, name: str):
        self.kinds: dict[int, tuple[str, str]] = {}
        stemmed, exact = _cue_patterns()
        self.matchers = [self._matcher(nlp, stemmed, "NORM"), self._matcher(nlp, exact, "LOWER")]

    def _matcher(self, nlp: Language, patterns: list, attr: str) -> PhraseMatcher:
        """A PhraseMatcher on `attr`; patterns are tokenized and their figures merged, as the text is."""
        matcher = PhraseMatcher(nlp.vocab, attr=attr)
        with nlp.select_pipes(enable=["figure_merger"]):
            pattern_docs = list(nlp.pipe(p["pattern"] for p in patterns))
        docs = defaultdict(list)
        for pattern, doc in zip(patterns, pattern_docs):
            kind = (pattern["label"], pattern.get("id", ""))
            key = nlp.vocab.strings.add(repr(kind))
            self.kinds[key] = kind
            docs[key].append(doc)
        for key, found in docs.items():
            matcher.add(nlp.vocab.strings[key], found)
        return matcher

    def __call__(self, doc: Doc) -> Doc:
        found = set(self.matchers[0](doc))  # a phrase may match on both: once is enough
        found.update(self.matchers[1](doc))
        kinds = self.kinds
        doc.user_data[CUES] = sorted([(start, end, *kinds[key]) for key, start, end in found])
        return doc


def _cue_patterns() -> tuple[list, list]:
    """(stemmed, exact) SpanRuler patterns for every cue list in core/data."""
    lex = lexicon()
    stemmed = [{"label": "CAT", "pattern": p, "id": c} for p, c, match in lex.categories if match == "stem"]
    stemmed += [{"label": "SOURCE", "pattern": a, "id": k} for a, k, s in lex.claimants if s in ("strong", "relay")]
    stemmed += [{"label": "WEAK_SOURCE", "pattern": a, "id": k} for a, k, s in lex.claimants if s == "weak"]
    stemmed += _institution_patterns(lex)
    stemmed += [{"label": "ANAPHOR", "pattern": a, "id": " ".join(k)} for a, k in lex.anaphoric_sources.items()]
    stemmed += [{"label": "REPORT", "pattern": p} for p in lex.reporting]
    stemmed += [{"label": "COUNTED", "pattern": p, "id": str(v)} for p, v in lex.article_counts.items()]
    exact = [{"label": "CAT", "pattern": p, "id": c} for p, c, match in lex.categories if match == "exact"]
    exact += [{"label": "QUAL", "pattern": p, "id": f"{q} {pos}"} for p, q, pos in lex.qualifiers]
    exact += [{"label": "FRAME", "pattern": p, "id": side} for p, side in lex.frames]
    exact += [{"label": "CONT", "pattern": p} for p in lex.continuations]
    exact += [{"label": "FRACTION", "pattern": p, "id": str(v)} for p, v in lex.fractions.items()]
    exact += [{"label": "ANAPHOR_TROOPS", "pattern": p} for p in lex.anaphors]
    for kind, phrases in lex.non_claim.items():
        exact += [{"label": kind.upper(), "pattern": p} for p in phrases]
    swiss = [{**p, "pattern": p["pattern"].replace("ß", "ss")} for p in exact if "ß" in p["pattern"]]
    return stemmed, exact + swiss  # stem() folds ß into ss for the stemmed ones


def _institution_patterns(lex) -> list:
    """'amerikanische Außenministerium', 'Verteidigungsministerium in Moskau': a nationality or capital's adjective
    before an institution, or the capital after it, names that country's source, unless an alias says otherwise.
    Before a statement ('nach Seouler Rechnung') it names the country (NATIONAL), for the last of its sources."""
    listed = {" ".join(stem(w) for w in alias.split()) for alias, _, _ in lex.claimants}
    heads = [(head, "") for head in lex.institutions] + [(head, f" {NATIONAL}") for head in lex.statements]
    countries = [(f"{adjective}e", None, key) for adjective, key in lex.demonyms.items()]
    countries += [(adjective, city, key) for city, adjective, key in lex.capitals]
    named = []
    for head, national in heads:
        for adjective, city, key in countries:
            named.append((f"{adjective} {head}", key + national))
            if city:
                named.append((f"{head} in {city}", key + national))
    return [{"label": "SOURCE", "pattern": pattern, "id": key} for pattern, key in named
            if " ".join(stem(w) for w in pattern.split()) not in listed]


def _tune_tokenizer(nlp: Language) -> None:
    """Split a sentence-final period off figures (2.000.), ranges at dashes (3.000–4.000) and hyphenated names."""
    suffixes = list(nlp.Defaults.suffixes) + [r"(?<=\d{3})\.", r"(?<=\d\.\d{3})\."]
    infixes = list(nlp.Defaults.infixes) + [r"(?<=\d)[–—-](?=\d)", r"(?<=[^\W\d_])-(?=[^\W\d_])"]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


@cache
def build_nlp() -> Language:
    """The extraction pipeline on spacy.blank('de'): tokenizer, figure_merger, sentencizer, cue rulers."""
    nlp = spacy.blank("de")
    _tune_tokenizer(nlp)
    nlp.vocab.lex_attr_getters[NORM] = stem
    for lexeme in nlp.vocab:
        lexeme.norm_ = stem(lexeme.orth_)
    nlp.add_pipe("figure_merger")
    nlp.add_pipe("sentence_splitter")
    nlp.add_pipe("cue_matcher")
    return nlp

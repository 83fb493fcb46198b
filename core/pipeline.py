"""The spaCy pipeline: blank German tokenizer, figure merging, sentences, and cue rulers from core/data."""
import re
from functools import cache

import spacy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.util import compile_infix_regex, compile_suffix_regex

from core.lexicon import lexicon, stem
from core.numbers import parse_digits, parse_figure, parse_words

CUES = "cues"
FIGURES = "figures"  # doc.user_data key: indices of figure tokens
_GROUP = re.compile(r"\d{3}")
_MAX_GROUPS = 5  # '1 234 567 890': more space-separated groups than this are no count
_LEADING_GROUP = re.compile(r"\d{1,3}")

Token.set_extension("figure", default=None, force=True)
Token.set_extension("vague_low", default=None, force=True)


def _vague_phrases() -> dict:
    """Vague amounts keyed by their lower-cased token texts."""
    return {tuple(p.lower().split()): low for p, low in lexicon().vague.items()}


@Language.component("figure_merger")
def figure_merger(doc: Doc) -> Doc:
    """Merge a figure written over several tokens (11 000, 1,5 Millionen, mehrere Tausend) into one token.

    The indices of all figure tokens go to doc.user_data[FIGURES], so later steps never scan every token."""
    lowers = [token.lower_ for token in doc]  # plain strings: cheap to scan, unlike Token objects
    merges, last = [], 0
    for i, low in enumerate(lowers):
        if i < last or not (low[:1].isdigit() or low in _WORDY or low.endswith(_NUMBER_ENDINGS)):
            continue
        pair = tuple(lowers[i : i + 2])
        if len(pair) == 2 and pair in _VAGUE:
            merges.append((i, i + 2, None, _VAGUE[pair]))
        elif (low,) in _VAGUE:
            merges.append((i, i + 1, None, _VAGUE[(low,)]))
        else:
            end = _figure_end(doc, i)
            value = parse_figure(" ".join(doc[i:end].text.split())) if end else None
            if value is not None:
                merges.append((i, end, value, None))
        last = merges[-1][1] if merges else 0
    with doc.retokenize() as retokenizer:
        for start, end, value, low in merges:
            if end - start > 1:
                retokenizer.merge(doc[start:end])
    doc.user_data[FIGURES] = []
    for start, end, value, low in _shifted(merges):
        doc[start]._.figure = value
        doc[start]._.vague_low = low
        doc.user_data[FIGURES].append(start)
    _complete_truncated(doc)
    return doc


def _complete_truncated(doc: Doc) -> None:
    """'zehn- und zwölftausend': the first word borrows the second's ending (zehntausend)."""
    for i in list(doc.user_data[FIGURES]):
        if i < 3 or doc[i - 1].lower_ not in ("und", "bis", "oder") or not doc[i - 2].text.endswith("-"):
            continue
        head, second = doc[i - 2].text[:-1], doc[i].lower_
        for ending in ("tausend", "hundert"):
            if second.endswith(ending) and parse_words(head) and doc[i]._.figure is not None:
                doc[i - 2]._.figure = float(parse_words(head + ending))
                doc.user_data[FIGURES] = sorted({*doc.user_data[FIGURES], i - 2})


def _figure_end(doc: Doc, i: int) -> int:
    """End index of a figure starting at token i, or 0 when token i starts none."""
    token = doc[i]
    if parse_digits(token.text) is not None:
        end = i + 1
        if _LEADING_GROUP.fullmatch(token.text):
            while end < min(len(doc), i + _MAX_GROUPS) and doc[end - 1].whitespace_ == " " and _GROUP.fullmatch(doc[end].text):
                end += 1
    elif token.lower_ != "ein" and parse_words(token.text) is not None:
        end = i + 1
    else:
        return 0
    if end < len(doc) and doc[end].text in lexicon().multipliers and doc[end].text not in ("Hundert", "Tausend"):
        end += 1
    elif end < len(doc) and doc[end].text == "Dutzend":
        end += 1
    return end


def _shifted(merges: list):
    """Token indices of the merged figures after retokenizing."""
    removed = 0
    for start, end, value, low in merges:
        yield start - removed, end - removed, value, low
        removed += end - start - 1


_VAGUE = _vague_phrases()
_WORDY = frozenset(lexicon().number_words) | {words[0] for words in _VAGUE}
_NUMBER_ENDINGS = ("hundert", "tausend", "zig", "zehn")
_SENTENCE_SOFT_MAX = 80  # tokens; past this a comma ends the sentence
_SENTENCE_HARD_MAX = 150  # tokens; past this the sentence is cut anyway


@Language.component("sentence_limiter")
def sentence_limiter(doc: Doc) -> Doc:
    """Cut run-on 'sentences' (lists, text without full stops) so that work per sentence stays bounded."""
    for sent in list(doc.sents):
        if len(sent) <= _SENTENCE_SOFT_MAX:
            continue
        length = 0
        for token in sent[1:]:
            length += 1
            if length >= _SENTENCE_HARD_MAX or (length >= _SENTENCE_SOFT_MAX and doc[token.i - 1].text == ","):
                token.is_sent_start = True
                length = 0
    return doc


def _cue_patterns() -> tuple[list, list]:
    """(stemmed, exact) SpanRuler patterns for every cue list in core/data."""
    lex = lexicon()
    stemmed = [{"label": "CAT", "pattern": p, "id": c} for p, c, match in lex.categories if match == "stem"]
    stemmed += [{"label": "SOURCE", "pattern": a, "id": k} for a, k, s in lex.claimants if s == "strong"]
    stemmed += [{"label": "WEAK_SOURCE", "pattern": a, "id": k} for a, k, s in lex.claimants if s == "weak"]
    stemmed += _institution_patterns(lex)
    stemmed += [{"label": "ANAPHOR", "pattern": a, "id": " ".join(k)} for a, k in lex.anaphoric_sources.items()]
    stemmed += [{"label": "REPORT", "pattern": p} for p in lex.reporting]
    exact = [{"label": "CAT", "pattern": p, "id": c} for p, c, match in lex.categories if match == "exact"]
    exact += [{"label": "QUAL", "pattern": p, "id": f"{q} {pos}"} for p, q, pos in lex.qualifiers]
    exact += [{"label": "FRAME", "pattern": p, "id": side} for p, side in lex.frames]
    exact += [{"label": "CONT", "pattern": p} for p in lex.continuations]
    exact += [{"label": "FRACTION", "pattern": p, "id": str(v)} for p, v in lex.fractions.items()]
    exact += [{"label": "ANAPHOR_TROOPS", "pattern": p} for p in lex.anaphors]
    for kind, phrases in lex.non_claim.items():
        exact += [{"label": kind.upper(), "pattern": p} for p in phrases]
    return stemmed, exact


def _institution_patterns(lex) -> list:
    """'amerikanische Außenministerium' -> us_gov: nationality adjective + institution, unless an alias says otherwise."""
    listed = {" ".join(stem(w) for w in alias.split()) for alias, _, _ in lex.claimants}
    patterns = []
    for adjective, key in lex.demonyms.items():
        for head in lex.institutions:
            if f"{adjective} {stem(head)}" not in listed:
                patterns.append({"label": "SOURCE", "pattern": f"{adjective}e {head}", "id": key})
    return patterns


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
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("sentence_limiter")
    stemmed, exact = _cue_patterns()
    ruler = nlp.add_pipe("span_ruler", name="cues_stemmed", config={"spans_key": CUES, "phrase_matcher_attr": "NORM"})
    ruler.add_patterns(stemmed)
    ruler = nlp.add_pipe(
        "span_ruler", name="cues_exact", config={"spans_key": CUES, "phrase_matcher_attr": "LOWER", "overwrite": False}
    )
    ruler.add_patterns(exact)
    return nlp

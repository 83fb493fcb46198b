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
_GROUP = re.compile(r"\d{3}")
_LEADING_GROUP = re.compile(r"\d{1,3}")

Token.set_extension("figure", default=None, force=True)
Token.set_extension("vague_low", default=None, force=True)


def _vague_phrases() -> dict:
    """Vague amounts keyed by their lower-cased token texts."""
    return {tuple(p.lower().split()): low for p, low in lexicon().vague.items()}


@Language.component("figure_merger")
def figure_merger(doc: Doc) -> Doc:
    """Merge a figure written over several tokens (11 000, 1,5 Millionen, mehrere Tausend) into one token."""
    vague = _VAGUE
    merges, i = [], 0
    while i < len(doc):
        token = doc[i]
        two = tuple(t.lower_ for t in doc[i : i + 2])
        if len(two) == 2 and two in vague:
            merges.append((i, i + 2, None, vague[two]))
            i += 2
            continue
        if (token.lower_,) in vague:
            merges.append((i, i + 1, None, vague[(token.lower_,)]))
            i += 1
            continue
        end = _figure_end(doc, i)
        if end:
            text = doc[i:end].text
            merges.append((i, end, parse_figure(" ".join(text.split())), None))
            i = end
            continue
        i += 1
    with doc.retokenize() as retokenizer:
        for start, end, value, low in merges:
            if end - start > 1:
                retokenizer.merge(doc[start:end])
    for start, end, value, low in _shifted(merges):
        doc[start]._.figure = value
        doc[start]._.vague_low = low
    _complete_truncated(doc)
    return doc


def _complete_truncated(doc: Doc) -> None:
    """'zehn- und zwölftausend': the first word borrows the second's ending (zehntausend)."""
    for token in doc[:-2]:
        head = token.text[:-1]
        if token.text.endswith("-") and doc[token.i + 1].lower_ in ("und", "bis", "oder") and parse_words(head):
            second = doc[token.i + 2].lower_
            for ending in ("tausend", "hundert"):
                if second.endswith(ending) and doc[token.i + 2]._.figure is not None:
                    token._.figure = float(parse_words(head + ending))


def _figure_end(doc: Doc, i: int) -> int:
    """End index of a figure starting at token i, or 0 when token i starts none."""
    token = doc[i]
    if parse_digits(token.text) is not None:
        end = i + 1
        if _LEADING_GROUP.fullmatch(token.text):
            while end < len(doc) and doc[end - 1].whitespace_ == " " and _GROUP.fullmatch(doc[end].text):
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
_SENTENCE_SOFT_MAX = 80  # tokens; past this a comma ends the sentence
_SENTENCE_HARD_MAX = 150  # tokens; past this the sentence is cut anyway


@Language.component("sentence_limiter")
def sentence_limiter(doc: Doc) -> Doc:
    """Cut run-on 'sentences' (lists, text without full stops) so that work per sentence stays bounded."""
    length = 0
    for token in doc:
        if token.is_sent_start:
            length = 0
        elif length >= _SENTENCE_HARD_MAX or (length >= _SENTENCE_SOFT_MAX and doc[token.i - 1].text == ","):
            token.is_sent_start = True
            length = 0
        length += 1
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

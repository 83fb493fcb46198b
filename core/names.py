"""Sources missing from the alias list: a key made from the name a sentence gives ('laut Militarnyi')."""
import re
import unicodedata
from functools import cache

from spacy.tokens import Span

from core.cues import SentenceCues, span_text
from core.lexicon import lexicon, stem
from core.pipeline import is_figure

UNATTRIBUTED = "unattributed"
_NAME_SKIP = frozenset("des der dem den einem einer eines von die das ein eine aus".split())
_PRONOUNS = frozenset("er sie es wir ich man ihr du dies diese dieser dieses".split())  # stand for a name, are none
_QUOTES = frozenset("„“”\"»«‚‘'")
_AUXILIARIES = frozenset("haben werden wurden sollen seien waren hatten hätten würden können könnten".split())
_GENERIC = frozenset(
    "angaben bericht berichten einschätzung erkenntnissen informationen darstellung statement mitteilung zahl".split()
)  # 'schätzt die Zahl auf …': the object, not a source
LABEL_MAX = 3  # words in a speaker label such as 'Kessler:' or 'Oberst Reisner:'


def slug(name: str) -> str:
    """A claimant key made from a name: 'Kyiv Independent' -> 'kyiv_independent'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_") or UNATTRIBUTED


def after_frame(sent: Span, cues: SentenceCues) -> tuple[str, str] | None:
    """(key, text) of a name after 'laut', 'nach Angaben', or 'Wie der … berichtet' at the sentence start."""
    starts = [frame.end for frame in cues.get("FRAME") if frame.id_ == "after"]
    if sent[0].lower_ == "wie" and cues.get("REPORT"):
        starts.append(sent.start + 1)
    for start in starts:
        found = name_at(sent, start)
        if found:
            return found
    return None


def after_verb(sent: Span, cues: SentenceCues) -> tuple[str, str] | None:
    """(key, text) of a name after a reporting verb that follows a quote or comma: '…, schreibt das Portal X'."""
    doc = sent.doc
    for verb in cues.get("REPORT"):
        if verb.text[:1].islower() and verb.start > sent.start and doc[verb.start - 1].text in {",", *_QUOTES}:
            found = name_at(sent, verb.end)
            if found:
                return found
    return None


def before_verb(sent: Span, cues: SentenceCues) -> tuple[str, str] | None:
    """(key, text) of a subject that opens the sentence before a reporting verb: 'Der estnische Geheimdienst hält …';
    not an adverb that a sentence start capitalises ('Offiziell bestätigt sind nur zwei')."""
    for verb in cues.get("REPORT"):
        if verb.text[:1].islower():
            found = _name(sent, sent.start)
            adverb = found and found[1] == sent[0].text and found[1].lower().endswith(_ADVERB_ENDINGS)
            return found[:2] if found and found[2] == verb.start and not adverb else None
    return None


_ADVERB_ENDINGS = ("ell", "lich", "weise", "isch", "bar")  # 'Offiziell', 'Tatsächlich', 'Möglicherweise'


_OPENING_QUOTES = frozenset("„\"»‚")
_SPEAKER_MAX = 6  # tokens between a reporting verb and the colon of the quote it opens


def quote_speaker(sent: Span, cues: SentenceCues) -> tuple[int, int] | None:
    """Token (start, end) of whoever a colon hands a quote to: 'Dazu schreibt die STUTTGARTER ZEITUNG: „…“',
    'Die FAZ meint: „…“' (a press review), unless the quote reports someone else ('…, wie Kiew vermutet')."""
    doc = sent.doc
    if ":" not in span_text(doc, sent.start, sent.end):
        return None
    for verb in (r for r in cues.get("REPORT") if r.text[:1].islower()):
        last = min(verb.end + _SPEAKER_MAX + 1, sent.end - 1)
        colon = next((k for k in range(verb.end, last) if doc[k].text == ":" and doc[k + 1].text in _OPENING_QUOTES), None)
        if colon is None:
            continue
        if any(c.start > colon for c in cues.get("REPORT") + cues.get("FRAME")):
            return None
        if colon > verb.end:
            return verb.end, colon
        return (sent.start, verb.start) if 0 < verb.start - sent.start <= _SPEAKER_MAX else None
    return None


def speaker_label(sent: Span, cues: SentenceCues) -> tuple[str, str] | None:
    """(key, text) of an interview speaker label: 'Kessler: Wir gehen von …'."""
    doc = sent.doc
    k = label_end(cues.texts)
    if k is None or sent.start + k + 1 >= sent.end:
        return None
    colon = sent.start + k
    words = doc[sent.start : colon]
    if words[0].text in lexicon().labels or any(is_figure(doc, t.i) for t in words):
        return None
    if cues.within("CAT", sent.start, colon) or cues.within("FRACTION", sent.start, colon):
        return None
    return slug(words.text), words.text


def label_end(texts: list[str]) -> int | None:
    """Where the colon of a label opening these token texts stands ('Kessler:', 'Oberst Reisner:'), else None."""
    if ":" not in texts[1 : LABEL_MAX + 1]:
        return None
    k = texts.index(":", 1)
    return k if all(text[:1].isupper() for text in texts[:k]) else None


def person_after(sent: Span, start: int) -> list[str]:
    """Keys (full name and surname) of a person named right after a source and its descriptor:
    'Pentagon-Sprecher Pat Ryder' gives ['pat_ryder', 'ryder'], so that a later 'sagte Ryder' speaks for it."""
    doc, descriptors = sent.doc, lexicon().descriptors
    j, described = start, False
    while j < sent.end and (doc[j].text == "-" or doc[j].lower_ in descriptors):
        described, j = described or doc[j].text != "-", j + 1
    first, words = j, 0
    while j < sent.end and words < LABEL_MAX:
        token = doc[j]
        if token.text[:1].isupper() and token.is_alpha:
            words += 1
        elif not (words and token.text == "-" and not doc[j - 1].whitespace_):  # Seong-kweun
            break
        j += 1
    if not words or (words < 2 and not described) or (j < sent.end and doc[j].text[:1].isupper()):
        return []
    return [slug(doc[first:j].text), slug(doc[j - 1].text)]


def name_at(sent: Span, start: int) -> tuple[str, str] | None:
    """(key, text) of the name at token `start`, after articles, adjectives, descriptors ('das Portal') and quotes.

    A nationality adjective before the name gives its country's key: 'des ukrainischen Koordinierungsstabs'."""
    found = _name(sent, start)
    return found[:2] if found else None


def _name(sent: Span, start: int) -> tuple[str, str, int] | None:
    """(key, text, end token) of the name at token `start`; see name_at."""
    doc, lex = sent.doc, lexicon()
    words, demonym, described, outlet = [], None, False, False
    for token in doc[start : min(start + 8, sent.end)]:
        joined = words and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_  # Seong-kweun
        if not words and token.lower_ in _PRONOUNS:
            break
        if not words and (token.lower_ in _NAME_SKIP or token.text in _QUOTES or token.text == "-"):
            continue
        if not words and (token.lower_ in lex.descriptors or _generic(token) or stem(token.text) in _anaphors()):
            described, outlet = True, outlet or token.lower_ in lex.outlets
            continue
        country = lex.demonyms.get(stem(token.text))
        if not words and country and (_adjective_before_name(token) or token.text[:1].isupper()):
            demonym = demonym or country  # 'des ukrainischen Stabs', 'Russische Militärblogger', 'US-Kreise'
            continue
        if not words and token.i == sent.start and token.is_stop:
            break  # a capitalised function word opens the sentence: 'Wie gemeldet, …', 'Dabei …'
        if joined or (token.text[:1].isupper() and not _generic(token)):
            words.append(token)
        elif not (words and token.text == "-" and not token.whitespace_):
            break
    if not words and demonym and described:
        return demonym, doc[start:token.i].text.strip("„“\"» "), token.i
    if not words:
        return None
    demonym = None if outlet else demonym  # 'die japanische Zeitung Yomiuri': the paper, not Japan
    text = doc[start : words[-1].i + 1].text.strip("„“\"» ") if demonym else doc[words[0].i : words[-1].i + 1].text
    return demonym or slug(text), text, words[-1].i + 1


def _generic(token) -> bool:
    """Words for a statement, not a source: 'Angaben', 'Schätzung', 'Lagebericht'."""
    return token.text[:1].isupper() and (token.lower_ in _GENERIC or stem(token.text) in _report_nouns())


@cache
def _anaphors() -> frozenset:
    """Stems of the words that refer back to a source ('Geheimdienst', 'Generalstab'): no name of their own."""
    return frozenset(stem(alias) for alias in lexicon().anaphoric_sources)


@cache
def _report_nouns() -> frozenset:
    return frozenset(stem(word) for word in lexicon().reporting if word[:1].isupper())


def _adjective_before_name(token) -> bool:
    """'ukrainischen' in 'nach Angaben des ukrainischen Militärs'."""
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return (
        token.text[:1].islower()
        and token.lower_.endswith(("en", "er", "es", "em", "e"))
        and token.lower_ not in _AUXILIARIES
        and following is not None
        and following.text[:1].isupper()
    )

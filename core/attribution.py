"""Who claims a figure: the source a sentence names, or the one an earlier sentence named."""
import re
import unicodedata
from dataclasses import dataclass

from spacy.tokens import Span

from core.cues import SentenceCues
from core.lexicon import lexicon

UNATTRIBUTED = "unattributed"
_FRAME_REACH = 8
_REPORT_REACH = 12
_NAME_SKIP = frozenset("des der dem den einem einer eines von die das ein eine".split())
_PLACE_PREPOSITIONS = frozenset({"in", "nach", "bei", "über"})  # 'in Seoul' is a place, 'aus Seoul' a source
_AUXILIARIES = frozenset("haben werden wurden sollen seien waren hatten hätten würden können könnten".split())
_GENERIC = frozenset("angaben bericht berichten einschätzung erkenntnissen informationen darstellung statement mitteilung".split())


@dataclass(frozen=True)
class Source:
    """A claimant: canonical key and the words the article used."""

    key: str
    text: str


class SourceTracker:
    """Follows the sources an article names, sentence by sentence, to attribute each sentence's figures."""

    def __init__(self):
        self.history: list[Source] = []
        self.paragraph_source: Source | None = None

    def new_paragraph(self) -> None:
        self.paragraph_source = None

    def attribute(self, sent: Span, cues: SentenceCues) -> Source:
        """The source of the figures in `sent`; remembers it for the sentences that follow."""
        source = self._named(sent, cues)
        if source is None and self.paragraph_source and _continues(cues):
            source = self.paragraph_source
        source = source or _unknown_after_verb(sent, cues)
        if source is None:
            return Source(UNATTRIBUTED, "")
        self.paragraph_source = source
        self.history.append(source)
        return source

    def _named(self, sent: Span, cues: SentenceCues) -> Source | None:
        """A source named in the sentence itself, strongest evidence first."""
        for mentions in (_framed(sent, cues), _labelled(sent, cues), _reported(sent, cues)):
            for span in mentions:
                source = self._resolve(span)
                if source:
                    return source
        return _unknown_after_frame(sent, cues)

    def _resolve(self, span: Span) -> Source | None:
        if span.label_ != "ANAPHOR":
            return Source(span.id_, span.text)
        allowed = span.id_.split()
        return next((s for s in reversed(self.history) if s.key in allowed), None)


def _mentions(cues: SentenceCues) -> list:
    """Source mentions, longest first where they overlap (a named source beats an anaphor)."""
    doc = cues.sent.doc
    places = [
        s
        for s in cues.get("WEAK_SOURCE")
        if s.start > 0 and doc[s.start - 1].lower_ in _PLACE_PREPOSITIONS and not (s.end < len(doc) and doc[s.end].text == "-")
    ]
    spans = cues.get("SOURCE") + [s for s in cues.get("WEAK_SOURCE") if s not in places] + cues.get("ANAPHOR")
    rank = {"SOURCE": 0, "ANAPHOR": 1, "WEAK_SOURCE": 2}
    spans.sort(key=lambda s: (s.start, -len(s), rank[s.label_]))
    kept = []
    for span in spans:
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept


def _framed(sent: Span, cues: SentenceCues) -> list:
    """Mentions governed by 'laut', 'nach Angaben', '… zufolge', or in brackets: '(NIS)'."""
    doc = sent.doc
    found = []
    for frame in sorted(cues.get("FRAME"), key=lambda s: s.start):
        for span in _mentions(cues):
            if frame.id_ == "after" and 0 <= span.start - frame.end <= _FRAME_REACH:
                if not any(t.is_punct and t.text not in "()" for t in doc[frame.end : span.start]):
                    found.append(span)
            elif frame.id_ == "before" and 0 <= frame.start - span.end <= 1:
                found.append(span)
    for span in _mentions(cues):
        if span.start > sent.start and doc[span.start - 1].text == "(" and span.end < sent.end:
            closing = [t.text for t in doc[span.end : min(span.end + 3, sent.end)]]
            if ")" in closing:
                found.append(span)
    return found


def _labelled(sent: Span, cues: SentenceCues) -> list:
    """Headline or list labels: 'Pentagon: Rund 10.000 …', '… – Seoul: 600 Nordkoreaner gefallen'."""
    doc = sent.doc
    return [
        span
        for span in _mentions(cues)
        if span.end < sent.end
        and doc[span.end].text == ":"
        and (span.start == sent.start or doc[span.start - 1].text in ("–", "—", "-"))
    ]


def _reported(sent: Span, cues: SentenceCues) -> list:
    """Mentions near a reporting verb or noun ('sagte', 'berichtete', 'Schätzung'), nearest first."""
    reports = cues.get("REPORT")
    if not reports:
        return []
    near = []
    for span in _mentions(cues):
        distance = min(min(abs(span.start - r.end), abs(r.start - span.end)) for r in reports)
        if distance <= _REPORT_REACH:
            near.append((span.label_ == "WEAK_SOURCE", distance, span.start, span))
    return [span for *_, span in sorted(near, key=lambda item: item[:3])]


def _continues(cues: SentenceCues) -> bool:
    """True when a sentence carries on an earlier report: 'Demnach', 'Diese Zahlen', reported speech."""
    return bool(cues.get("CONT") or cues.get("REPORT") or cues.get("FRAME"))


def _unknown_after_frame(sent: Span, cues: SentenceCues) -> Source | None:
    """A source missing from the alias list, named after 'laut' or 'nach Angaben': key made from its name."""
    for frame in cues.get("FRAME"):
        if frame.id_ == "after":
            source = _name_at(sent, frame.end)
            if source:
                return source
    return None


def _unknown_after_verb(sent: Span, cues: SentenceCues) -> Source | None:
    """A source missing from the alias list that follows a reporting verb: '…, schreibt das Portal Kyiv Independent'."""
    doc = sent.doc
    for verb in cues.get("REPORT"):
        if verb.text[:1].islower() and verb.start > sent.start and doc[verb.start - 1].text in (",", "“", '"'):
            source = _name_at(sent, verb.end)
            if source:
                return source
    return None


def _name_at(sent: Span, start: int) -> Source | None:
    """The proper name starting at token `start` after articles, adjectives and descriptors ('das Portal')."""
    doc, descriptors = sent.doc, lexicon().descriptors
    words = []
    for token in doc[start : min(start + 8, sent.end)]:
        skippable = token.lower_ in _NAME_SKIP or _adjective_before_name(token) or token.lower_ in descriptors
        joined = words and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_  # Seong-kweun
        if not words and skippable:
            continue
        if joined or (token.text[:1].isupper() and token.lower_ not in _GENERIC):
            words.append(token)
        elif not (words and token.text == "-" and not token.whitespace_):
            break
    if not words:
        return None
    text = doc[words[0].i : words[-1].i + 1].text
    return Source(slug(text), text)


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


def slug(name: str) -> str:
    """A claimant key made from a name: 'Kyiv Independent' -> 'kyiv_independent'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_") or UNATTRIBUTED

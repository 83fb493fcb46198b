"""Who claims a figure: the source a sentence names, or the one an earlier sentence named."""
import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from spacy.tokens import Span

from core import names
from core.cues import SEGMENT_BREAKS, SentenceCues
from core.lexicon import lexicon, stem
from core.pipeline import NATIONAL, figure_starts

UNATTRIBUTED = names.UNATTRIBUTED
_FRAME_REACH = 8
_REPORT_REACH = 12
# A place name is a source only as a subject ('Kiew meldet', 'Die Ukraine hat … mitgeteilt'), not 'in Kiew'
# or 'Osten Russlands'; these words may stand before it.
_ARTICLES = frozenset({"der", "die", "das"})
_LABEL_LEAD = re.compile(r"[–—\-:#+]+|\d{1,2}[.)]|\d{1,2}[:.]\d{2}")  # '– Seoul:', '++ Selenskyj:', '3. Japan:', '21:02 Seoul:'
# verbs of report whose particle the sentence puts at its end, with that particle: 'kam … auf', 'gab … an'
_SPLIT_VERBS = {"kommt": "auf", "kam": "auf", "kommen": "auf", "kamen": "auf",
                "gibt": "an", "gab": "an", "geben": "an", "gaben": "an"}
_WEAK_LEADS = frozenset("die das aus war hat hatte habe ist sei hätte und wie während dass weil ob".split())
_RANK = {"SOURCE": 0, "ANAPHOR": 1, "WEAK_SOURCE": 2}
_MENTIONS = frozenset(_RANK)
_INDEFINITE = frozenset({"ein", "eine", "einer", "eines", "einem", "einen"})
_RECIPIENTS = frozenset({"an", "für", "gegenüber"})  # 'in einem Bericht an das Parlament in Seoul': not who reports
_DEMONSTRATIVES = ("diese", "dieser", "diesen", "dieses")
_CREDITS = frozenset({"Quelle", "Quellen"})  # the credit line under a table or chart names its source
_CLAUSE_MARKS = SEGMENT_BREAKS - {"„", "“", '"'}  # a quoted figure belongs to the clause that quotes it
TRACKED_CUES = frozenset({"SOURCE", "WEAK_SOURCE", "ANAPHOR", "REPORT", "FRAME", "CONT"})  # what attribute() reads


@dataclass(frozen=True)
class Source:
    """A claimant: canonical key and the words the article used."""

    key: str
    text: str
    awaits: tuple = ()  # unattributed, but a service the article may name later: 'Geheimdienst: 600 … getötet'
    carried: bool = False  # carried on from the paragraph before, which a sentence after may correct
    rule: str = ""  # the rule that found it, for the claim's `why`: 'frame', 'report', 'paragraph', …


class _Paragraph:
    """One paragraph's part in attribution: its source so far, an interview speaker, and its sentences
    without figures, whose sources are worked out only if a later sentence carries one on ('Demnach …')."""

    def __init__(self, before: "_Paragraph | None"):
        self.source: Source | None = None
        self.speaker: Source | None = None  # an interview answer's 'Kessler:' label
        self.pending: list[tuple[Span, SentenceCues, int]] = []  # with how many mentions came before each
        self.before = before  # the paragraph just before, whose source reported speech may carry on
        self.listed: Source | None = None  # the source of a list's introduction: 'Die Zahlen (laut NIS):'


class SourceTracker:
    """Follows the sources an article names, sentence by sentence, to attribute each sentence's figures."""

    def __init__(self):
        self.mentioned: list[Source] = []  # every named source so far, for 'der Dienst', 'Er'
        self.people: dict[str, Source] = {}  # name keys of the people who speak for a source: 'ryder' -> us_gov
        self.paragraph = _Paragraph(None)
        self._opening = True  # the next sentence opens its paragraph (and may carry a speaker label)

    def new_paragraph(self, follows: bool = False, listing: str = "") -> None:
        """Start a paragraph; `follows` when it comes right after the last one, so that reported speech
        can run on from it ('Die Rede ist von bis zu 5000 Soldaten' after a paragraph quoting the NIS).

        `listing` says what the paragraph before was: 'opens' when it ended with a colon, whose source then
        goes to the list items after it ('Die Zahlen im Überblick (nach Angaben des NIS):'), 'item' when it
        was one sentence, which passes such a source on to the next item."""
        before = self.paragraph
        self.paragraph = _Paragraph(before if follows else None)
        if follows and listing:
            self.paragraph.listed = self._settled(before) if listing == "opens" else before.listed
        self._opening = True

    def pass_over(self) -> None:
        """What attribute() does for a sentence that does not open its paragraph and holds none of TRACKED_CUES:
        nothing, but carry an interview speaker on."""
        self._opening = False
        paragraph = self.paragraph
        if paragraph.speaker:
            paragraph.source, paragraph.pending = paragraph.speaker, []

    def note(self, sent: Span, cues: SentenceCues) -> None:
        """Follow a sentence without figures: as attribute(), with its own source worked out later if needed."""
        if self._opening and names.speaker_label(sent, cues):
            self.attribute(sent, cues)
            return
        self._opening = False
        self.paragraph.pending.append((sent, cues, len(self.mentioned)))
        self._remember(cues)

    def attribute(self, sent: Span, cues: SentenceCues) -> Source:
        """The source of the figures in `sent`; remembers it for the sentences that follow."""
        paragraph = self.paragraph
        label = names.speaker_label(sent, cues) if self._opening else None
        self._opening = False
        if label:  # an interview answer's 'Kessler:', or 'Budanow:' when the label is a known source
            named = [m for m in _labelled(sent, cues) if m.start == sent.start]
            speaker = self._resolve(named[0], len(self.mentioned)) if named else None
            found = speaker or (None if _mentions(cues) else Source(*label))
            paragraph.speaker = replace(found, rule="interview") if found else None
        source = self._source(paragraph, sent, cues, len(self.mentioned))
        self._remember(cues)
        if source is None:
            return Source(UNATTRIBUTED, "", _unresolved(cues), rule="impersonal" if _impersonal(sent) else "none")
        paragraph.source, paragraph.pending = source, []
        return source

    def named_after(self, sent: Span, cues: SentenceCues) -> Source | None:
        """The source of 'Das meldet der NIS.', 'Dies teilte Präsident Selenskyj mit.', 'So steht es in einem Bericht
        des britischen Verteidigungsministeriums.', 'Quelle: Generalstab Seoul': a sentence that names who said what
        the sentence before said."""
        if len(sent) > 2 and sent[0].text in _CREDITS and sent[1].text == ":":  # 'Quelle: Generalstab Seoul'
            credited = [m for m in _mentions(cues) if m.start == sent.start + 2]
            found = self._resolve(credited[0], len(self.mentioned)) if credited else None
        else:
            # 'Diese Spanne nennt der NIS.' has a noun before its verb, 'So jedenfalls schätzt es der NIS' a particle
            skipped = sent[0].lower_ in _DEMONSTRATIVES and len(sent) > 1 and sent[1].is_title
            skipped = skipped or (sent[0].lower_ == "so" and len(sent) > 1 and sent[1].lower_ in _PARTICLES)
            verb = sent.start + 1 + skipped
            opening = cues.at("REPORT", start=verb) or [f for f in cues.get("FRAME") if f.start <= sent.start + 4]
            if sent[0].lower_ not in ("das", "dies", "so", *_DEMONSTRATIVES) or not opening:  # 'So steht es in …'
                return None
            found = self._named(sent, cues, len(self.mentioned))
        unknown = None if found else names.name_at(sent, sent.start + 2)
        found = found or (self._person(*unknown) if unknown else None)
        return replace(found, rule="named_after") if found else None

    def _source(self, paragraph: _Paragraph, sent: Span, cues: SentenceCues, known: int) -> Source | None:
        """The sentence's source given the first `known` mentions: named, the speaker, carried on within the
        paragraph, unlisted, or carried on from the paragraph before. A news agency that passes on what another
        source in its sentence or the paragraph's source said ('Wie Yonhap unter Berufung auf den Dienst
        berichtete') gives way to it."""
        source = self._named(sent, cues, known) or paragraph.speaker
        if source is None and _impersonal(sent):  # 'Schätzungen zufolge …', 'Wie berichtet, …': nobody is named
            return None
        passed_on = _relayed_nationality(cues)  # 'Der Sender BBC zitierte einen ukrainischen Kommandeur, …'
        if passed_on and (source is None or source.key != passed_on.key):
            source = passed_on
        if source is not None and source.key in _relays():  # 'Südkoreas Militär geht nach Angaben von Yonhap von …'
            relayed = [m for m in _mentions(cues)  # 'unter Berufung auf den Dienst': a word that refers back too
                       if m.label_ in ("SOURCE", "ANAPHOR") and m.id_.split()[0] not in _relays()]
            found = (self._resolve(relayed[0], known) if relayed else None) or self._settled(paragraph)
            source = replace(found, rule="relayed") if found else source
        if source is None and _continues(cues) and self._settled(paragraph):
            source = replace(paragraph.source, rule="paragraph")
        unknown = None if source else names.after_verb(sent, cues) or names.before_verb(sent, cues)
        source = source or (replace(self._person(*unknown), rule="unlisted") if unknown else None)
        if source is None and not _has_figure(sent):
            source = self._opening_source(sent, cues, known)
        if source is None and paragraph.before and _continues(cues):
            source = self._settled(paragraph.before)
            source = replace(source, carried=True, rule="paragraph_before") if source else None
        return source or (replace(paragraph.listed, rule="list") if paragraph.listed else None)

    def _settled(self, paragraph: _Paragraph) -> Source | None:
        """The paragraph's source so far, after working out its pending sentences' sources in order."""
        pending, paragraph.pending = paragraph.pending, []
        for sent, cues, known in pending:
            paragraph.source = self._source(paragraph, sent, cues, known) or paragraph.source
        return paragraph.source

    def _opening_source(self, sent: Span, cues: SentenceCues, known: int) -> Source | None:
        """A named source as the subject that opens a sentence without numbers, though no word says it reports:
        'Der südkoreanische Geheimdienst schon.' before 'Etwa 600 von ihnen sind demnach gefallen.' (With a
        figure such a subject acts: 'Kim Jong Un hatte 12.000 Mann geschickt.')"""
        opening = [m for m in _mentions(cues) if m.start == _opening(sent) and m.label_ == "SOURCE"]
        source = self._resolve(opening[0], known) if opening else None
        return replace(source, rule="opening") if source else None

    def for_figure(self, sent_source: Source, cues: SentenceCues, index: int) -> Source:
        """The sentence's source, unless the figure's own clause names another with a reporting word:
        'Kiew spricht von 5000 Toten, der südkoreanische Geheimdienst kommt auf etwa 3000.', or opens with
        another whose verb the sentence left out: 'Washington sprach von 10.000, Kiew von bis zu 12.000'."""
        lo, hi = cues.segment(index, _CLAUSE_MARKS)
        named = [s for s in _mentions(cues) if lo <= s.start and s.end <= hi and s.label_ != "ANAPHOR"]
        doc = cues.sent.doc
        opens = lo + (doc[lo].lower_ in _ARTICLES)  # '…, die Ukraine von bis zu 12.000'
        gapped = (bool(named) and named[0].start == opens and named[0].end < hi and bool(cues.get("REPORT"))
                  and doc[named[0].end].lower_ in ("von", "auf"))  # '…, Kiew von bis zu 12.000'
        if not (cues.within("REPORT", lo, hi) or cues.within("FRAME", lo, hi) or gapped):
            return sent_source
        keys = [self._resolve(s, len(self.mentioned)).key for s in named]
        own = [s for s, key in zip(named, keys) if key != sent_source.key]
        if not own or sent_source.key in keys:
            return sent_source
        nearest = min(own, key=lambda s: abs(s.start - index))
        source = self._resolve(nearest, len(self.mentioned))
        return replace(source, rule="clause") if source else source

    def _named(self, sent: Span, cues: SentenceCues, known: int) -> Source | None:
        """A source named in the sentence itself, strongest evidence first."""
        speaker = names.quote_speaker(sent, cues)
        if speaker:
            source = self._speaker(sent, cues, known, *speaker)
            return replace(source, rule="quote") if source else None
        for rule, finds in _named_by():
            for span in finds(sent, cues):
                source = self._resolve(_antecedent(span, cues) or span, known)
                if source:
                    return replace(source, rule=rule)
        found = names.after_frame(sent, cues)
        return Source(*found, rule="frame") if found else None

    def _speaker(self, sent: Span, cues: SentenceCues, known: int, start: int, end: int) -> Source | None:
        """The source named between tokens `start` and `end`: a known one that opens them, else a key from the
        name there ('Die CHOSUN ILBO aus Seoul schreibt:'), else a known one further in."""
        inside = [s for s in _mentions(cues) + cues.get("WEAK_SOURCE") if start <= s.start and s.end <= end]
        first = start + (sent.doc[start].lower_ in _ARTICLES)
        for span in (s for s in inside if s.start in (start, first)):
            source = self._resolve(span, known)
            if source:
                return source
        found = names.name_at(sent, start)
        if found:
            return self._person(*found)
        return next((source for source in (self._resolve(s, known) for s in inside) if source), None)

    def _resolve(self, span: Span, known: int) -> Source | None:
        """The source a mention names; for a country named with a statement ('nach Seouler Rechnung'), the latest
        of its sources among the first `known` mentions, if any; for an anaphor, the latest of them it can mean."""
        if span.label_ != "ANAPHOR":
            if " " not in span.id_:
                return Source(span.id_, span.text)
            key = span.id_.split()[0]  # a country: 'sk_military national'
            compatriots = lexicon().compatriots.get(key, ())
            earlier = (self.mentioned[k] for k in range(known - 1, -1, -1))
            named = next((s for s in earlier if s.key in compatriots or s.key == key), None) if compatriots else None
            return Source(named.key if named else key, span.text)
        allowed = span.id_.split()
        earlier = (self.mentioned[k] for k in range(known - 1, -1, -1))
        return next((s for s in earlier if s.key in allowed or allowed == ["*"]), None)

    def named_later(self, awaits: tuple) -> Source | None:
        """The first source the article names that an unresolved 'Geheimdienst' can mean (`awaits`: the keys it
        allows); ask at the article's end."""
        return next((s for s in self.mentioned if s.key in awaits), None)

    def _person(self, key: str, text: str) -> Source:
        """An unlisted name, or the source it speaks for when the article introduced it so ('sagte Ryder')."""
        known = self.people.get(key)
        return Source(known.key, text) if known else Source(key, text)

    def _remember(self, cues: SentenceCues) -> None:
        if not cues.labels & _MENTIONS:
            return
        for span in _mentions(cues):
            source = self._resolve(span, len(self.mentioned))
            if source and span.label_ != "WEAK_SOURCE" and not span.id_.endswith(NATIONAL):  # not 'der russischen Darstellung'
                self.mentioned.append(source)
                if span.label_ == "SOURCE":
                    for key in names.person_after(cues.sent, span.end):
                        self.people[key] = source


def _antecedent(span: Span, cues: SentenceCues) -> Span | None:
    """The source an anaphor's own sentence named before it, first the subject: 'Der NIS ist vorsichtiger: Er schätzt
    die Zahl der Toten auf etwa 300' (not whoever an earlier sentence named last)."""
    if span.label_ != "ANAPHOR":
        return None
    allowed = span.id_.split()
    return next((m for m in _mentions(cues) if m.end <= span.start and m.label_ == "SOURCE"
                 and (allowed == ["*"] or m.id_.split()[0] in allowed)), None)


@lru_cache(maxsize=8)  # read several times per sentence; the cache holds the last few sentences' cues
def _mentions(cues: SentenceCues) -> list:
    """Source mentions, longest first where they overlap (a named source beats an anaphor); 'einer Regierung' refers
    back to none."""
    doc = cues.sent.doc
    weak = [s for s in cues.get("WEAK_SOURCE") if _weak_is_subject(doc, s, cues)]
    anaphors = [s for s in cues.get("ANAPHOR") if s.start == 0 or doc[s.start - 1].lower_ not in _INDEFINITE]
    spans = sorted(cues.get("SOURCE") + weak + anaphors, key=lambda s: (s.start, -len(s), _RANK[s.label_]))
    kept = []
    for span in spans:
        if kept and span.start < kept[-1].end:
            continue
        kept.append(span)
    return kept


@cache
def _relays() -> frozenset:
    """Keys of the news agencies that pass on what others said (claimants.csv strength 'relay')."""
    return frozenset(key for _, key, strength in lexicon().claimants if strength == "relay")


def _has_figure(sent: Span) -> bool:
    starts = figure_starts(sent.doc)
    k = bisect_left(starts, sent.start)
    return k < len(starts) and starts[k] < sent.end


def _unresolved(cues: SentenceCues) -> tuple:
    """The keys allowed by an anaphor that speaks in the sentence ('Geheimdienst: …', 'laut Geheimdienst': nis,
    uk_mod, …) when no earlier mention resolved it."""
    sent = cues.sent
    speaking = _labelled(sent, cues) + _framed(sent, cues) + _reported(sent, cues)
    anaphors = [s for s in speaking if s.label_ == "ANAPHOR" and s.id_ != "*"]
    return tuple(anaphors[0].id_.split()) if anaphors else ()


def _weak_is_subject(doc, span: Span, cues: SentenceCues) -> bool:
    if span.start == cues.sent.start or _speaking_compound(doc, span, cues):
        return True
    before = doc[span.start - 1]
    if before.i == cues.sent.start and _LABEL_LEAD.fullmatch(before.text):
        return True  # '1. Kiew meldet drei nordkoreanische Gefangene': a list number opens the sentence
    if before.lower_ in ("in", "aus") and span.start - 2 >= cues.sent.start and doc[span.start - 2].lower_ == "man":
        return True  # 'beziffert man in Seoul': the people there
    return before.is_punct or before.lower_ in _WEAK_LEADS or bool(cues.at("REPORT", end=span.start))


def _speaking_compound(doc, span: Span, cues: SentenceCues) -> bool:
    """'Kiew-Angaben', 'Washington-Kreise': a place joined to a word that speaks; not 'Ukraine-Konflikts'."""
    if span.end + 1 >= cues.sent.end or doc[span.end].text != "-":
        return False
    head = doc[span.end + 1]
    return bool(cues.at("REPORT", start=head.i)) or head.lower_.startswith(_SPEAKING_HEADS)


_SPEAKING_HEADS = ("angabe", "kreis", "quelle", "regierung", "militär", "führung", "sprecher", "beamte")


def _framed(sent: Span, cues: SentenceCues) -> list:
    """Mentions governed by 'Wie X berichtete', 'laut', 'nach Angaben', '… zufolge', or in brackets: '(NIS)'."""
    doc = sent.doc
    found = _as_reported(sent, cues)
    for frame in sorted(cues.get("FRAME"), key=lambda s: s.start):
        for span in _mentions(cues) + cues.get("WEAK_SOURCE"):
            if frame.id_ == "after" and 0 <= span.start - frame.end <= _FRAME_REACH:
                between = doc[frame.end : span.start]
                if not any((t.is_punct and t.text not in "()") or t.lower_ in _RECIPIENTS for t in between):
                    found.append(span)
            elif frame.id_ == "before" and 0 <= frame.start - span.end <= 1:
                found.append(span)
    for span in _mentions(cues):
        if _says_itself(doc, span, sent):
            found.append(span)  # 'nach südkoreanischen Geheimdienstangaben': the mention is its own frame
        if span.start > sent.start and doc[span.start - 1].text == "(" and span.end < sent.end:
            closing = [t.text for t in doc[span.end : min(span.end + 3, sent.end)]]
            if ")" in closing:
                found.append(span)
    return found


_STATEMENT_LEADS = frozenset({"nach", "laut", "gemäß", "gemäss"})


def _says_itself(doc, span: Span, sent: Span) -> bool:
    """'nach südkoreanischen Geheimdienstangaben', 'laut US-Angaben': a source whose own last word is a statement."""
    last = doc[span.end - 1].lower_.replace("ß", "ss")
    return (span.start > sent.start and doc[span.start - 1].lower_ in _STATEMENT_LEADS
            and last.endswith(_statement_endings()))


@cache
def _statement_endings() -> tuple:
    return tuple(word.lower().replace("ß", "ss") for word in lexicon().statements)


def _as_reported(sent: Span, cues: SentenceCues) -> list:
    """'Wie der Sekretär des Sicherheitsrats, Sergej Schoigu, nach einem Treffen mit Kim verkündete, …':
    the first mention of the opening 'wie' clause, which its reporting verb closes."""
    if sent[0].lower_ != "wie":
        return []
    verb = next((r for r in cues.get("REPORT") if r.text[:1].islower()), None)
    mentions = [m for m in _mentions(cues) if verb and m.end <= verb.start and m.label_ != "WEAK_SOURCE"]
    return mentions[:1]


def _subject(sent: Span, cues: SentenceCues) -> list:
    """A source as the subject of a verb of report that the sentence splits ('Der NIS kam im April auf etwa 4700
    Opfer', 'Im September gab der NIS die Zahl der Gefallenen mit 2000 an'): it opens the sentence or follows
    the verb. Other subjects act ('Kim schickte …')."""
    texts = cues.texts
    verb = next((k for k, text in enumerate(texts) if text in _SPLIT_VERBS), None)
    if verb is None or _SPLIT_VERBS[texts[verb]] not in texts[verb + 1 :]:
        return []
    after = sent.start + verb + 1 + (verb + 1 < len(texts) and texts[verb + 1].lower() in _ARTICLES)
    return [m for m in _mentions(cues) if m.start in (_opening(sent), after) and m.label_ == "SOURCE"]


def _opening(sent: Span) -> int:
    """The token where the sentence's subject starts: its first, or the next after a particle ('Auch') or an
    article ('Auch das japanische Verteidigungsministerium')."""
    k = sent.start + (sent[0].lower_ in _PARTICLES and len(sent) > 1)
    return k + (k < sent.end and sent.doc[k].lower_ in _ARTICLES)


_PARTICLES = frozenset({"auch", "selbst", "sogar", "nun", "jetzt", "inzwischen", "zuletzt", "jedenfalls", "zumindest"})


def _labelled(sent: Span, cues: SentenceCues) -> list:
    """Headline or list labels: 'Pentagon: Rund 10.000 …', '… – Seoul: 600 Nordkoreaner gefallen'."""
    doc = sent.doc
    mentions = _mentions(cues)
    return [
        span
        for span in mentions + cues.get("WEAK_SOURCE")
        if _colon_after(doc, _name_end(span, mentions), sent.end)
        and (span.start == sent.start or _LABEL_LEAD.fullmatch(doc[span.start - 1].text))
    ]


_ASIDE_MAX = 6  # tokens in brackets between a label and its colon: 'NIS (September 2025):'


def _name_end(span: Span, mentions: list) -> int:
    """Where the name that `span` opens ends: 'Südkoreas Geheimdienst NIS' is two mentions, one name."""
    end = span.end
    while any(m.start == end for m in mentions):
        end = next(m.end for m in mentions if m.start == end)
    return end


def _colon_after(doc, k: int, end: int) -> bool:
    """True when token k is a colon, or opens a bracketed aside that a colon follows ('(März 2025):')."""
    if k < end and doc[k].text == "(":
        close = next((j for j in range(k + 1, min(k + _ASIDE_MAX + 1, end)) if doc[j].text in (")", "):")), None)
        if close is None or doc[close].text == "):":  # the tokenizer keeps '):' together
            return close is not None
        k = close + 1
    return k < end and doc[k].text == ":"


_FUNCTION_WORDS = frozenset("der die das des dem den ein eine einer eines einem einen in im aus von vom zu zum zur bei "
                            "mit nach für über und oder auf an am gegen".split())
_DASH_CREDIT = 6  # tokens after a closing dash that can only credit a source: '… getötet – südkoreanischer Geheimdienst'


def _before_colon(sent: Span, cues: SentenceCues) -> list:
    """A source that acts in a clause before a colon speaks for what follows: 'Nun erhebt der südkoreanische
    Geheimdienst schwere Vorwürfe: Nordkorea habe …', 'Das Pentagon ist besorgt: …'; a topic does not
    ('Nordkoreas Einsatz in Kursk: …'), nor does a source without a verb next to it."""
    doc = sent.doc
    colon = next((t.i for t in sent if t.text == ":"), None)
    if colon is None:
        return []
    for span in _mentions(cues):
        if span.end > colon or span.label_ != "SOURCE":
            continue
        near = [doc[k] for k in (span.start - 2, span.start - 1, span.end) if sent.start < k < colon]
        if any(t.is_alpha and t.is_lower and t.lower_ not in _FUNCTION_WORDS for t in near):
            return [span]
    return []


def _after_dash(sent: Span, cues: SentenceCues) -> list:
    """A source alone after the last dash of a sentence credits it: 'Rund 400 Nordkoreaner getötet – südkoreanischer
    Geheimdienst', 'Rund 4.000 Tote – Generalstab in Seoul'."""
    doc = sent.doc
    dash = next((t.i for t in reversed(sent) if t.text in ("–", "—")), None)
    tail = [t for t in doc[dash + 1 : sent.end] if not t.is_punct] if dash is not None else []
    if not tail or len(tail) > _DASH_CREDIT or any(t.text == "," for t in doc[dash + 1 : sent.end]):
        return []
    first = dash + 1 + (doc[dash + 1].lower_ in _ARTICLES)
    return [m for m in _mentions(cues) + cues.get("WEAK_SOURCE") if m.start in (dash + 1, first)][:1]


def _named_by():
    """The ways a sentence names its source, strongest first, each with the rule name a claim's `why` shows."""
    return (("table", _table_row), ("frame", _framed), ("label", _labelled), ("report", _reported),
            ("colon", _before_colon), ("dash", _after_dash), ("subject", _subject))


def _table_row(sent: Span, cues: SentenceCues) -> list:
    """'Okt. 2024 | 10.000–12.000 | Soldaten entsandt | NIS': a source alone in a cell of a table row."""
    texts = cues.texts
    if "|" not in texts:
        return []
    cells = [k + sent.start for k, text in enumerate(texts) if text == "|"]
    in_cell = [m for m in _mentions(cues) if any(bar < m.start for bar in cells) and m.start - 1 in cells]
    return sorted(in_cell, key=lambda m: _RANK[m.label_])


def _reported(sent: Span, cues: SentenceCues) -> list:
    """Mentions near a reporting verb or noun ('sagte', 'berichtete', 'Schätzung'), nearest first."""
    reports = cues.get("REPORT")
    if not reports:
        return []
    near, opening = [], _opening(sent)
    for span in _mentions(cues):
        distance = min(min(abs(span.start - r.end), abs(r.start - span.end)) for r in reports)
        # The subject that opens the sentence reports however far its verb: 'Der Dienst, der …, hat … gesprochen'
        if distance <= _REPORT_REACH or (span.start == opening and span.label_ == "SOURCE"):
            near.append((span.label_ == "WEAK_SOURCE", distance, span.start, span))
    return [span for *_, span in sorted(near, key=lambda item: item[:3])]


@cache
def _impersonal_frames() -> re.Pattern:
    phrases = sorted(lexicon().impersonal, key=len, reverse=True)
    spelled = (re.escape(p.lower()).replace("ß", "(?:ß|ss)").replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(rf"(?<!\w)(?:{'|'.join(spelled)})(?!\w)", re.I)


def _impersonal(sent: Span) -> bool:
    """True when the sentence reports through a frame that names nobody ('Berichten zufolge', 'Es wird vermutet')."""
    return bool(_impersonal_frames().search(sent.text))


_RELAY_REACH = 3  # tokens between a relay word and the nationality: 'zitierte zudem einen ukrainischen …'


def _relayed_nationality(cues: SentenceCues) -> Source | None:
    """The country whose unnamed person an outlet passes on: 'zitierte einen ukrainischen Offizier' is ukraine."""
    texts = cues.texts
    firsts = _relay_firsts()
    for k, text in enumerate(texts):
        if text.lower() not in firsts:  # one set lookup per word; the phrases are compared only where one may start
            continue
        for words in firsts[text.lower()]:
            if tuple(t.lower() for t in texts[k : k + len(words)]) != words:
                continue
            for j in range(k + len(words), min(k + len(words) + _RELAY_REACH, len(texts) - 1)):
                key = lexicon().demonyms.get(stem(texts[j]))
                if key and texts[j + 1][:1].isupper() and not _within_mention(cues, cues.sent.start + j):
                    return Source(key, f"{texts[j]} {texts[j + 1]}", rule="relayed")
    return None


@cache
def _relay_firsts() -> dict:
    """The relay phrases by their first word."""
    firsts: dict = {}
    for words in lexicon().relay_words:
        firsts.setdefault(words[0], []).append(words)
    return firsts


def _within_mention(cues: SentenceCues, index: int) -> bool:
    """True when token `index` is part of a source the lists know ('den südkoreanischen Geheimdienst'): that one is
    the claimant, found by the other rules."""
    return any(m.start <= index < m.end for m in _mentions(cues) + cues.get("WEAK_SOURCE"))


def _continues(cues: SentenceCues) -> bool:
    """True when a sentence carries on an earlier report: 'Demnach', 'Diese Zahlen', reported speech."""
    return bool(cues.get("CONT") or cues.get("REPORT") or cues.get("FRAME"))

"""The cue phrases of one sentence (from the cue matcher), and clause stretches between punctuation."""
from spacy.attrs import ORTH
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

CLAUSE_BREAKS = frozenset({";", "–", "—"})
SEGMENT_BREAKS = frozenset({",", ";", ":", "–", "—", "(", ")", "„", "“", '"'})


def token_texts(doc: Doc, start: int = 0, end: int | None = None) -> list[str]:
    """The texts of tokens start..end of `doc`, read from its ORTH array (kept once per doc): no Token objects,
    and string look-ups only for the tokens asked for."""
    orth = doc.user_data.get(_ORTH)
    if orth is None:
        orth = doc.user_data[_ORTH] = doc.to_array(ORTH)
    strings = doc.vocab.strings
    return [strings[o] for o in orth[start:end].tolist()]


_ORTH = "orth"
TEXT = "text"  # doc.user_data key: the text the doc was made from, when the caller keeps it there


def span_text(doc: Doc, start: int, end: int) -> str:
    """doc[start:end].text, cut from the doc's text when doc.user_data holds it: two tokens, not all of them."""
    text = doc.user_data.get(TEXT)
    if text is None or end <= start:
        return doc[start:end].text
    last = doc[end - 1]
    return text[doc[start].idx : last.idx + len(last.text)]


class Cue:
    """One cue match: token range, label ('CAT', 'SOURCE', …) and id (a category, a claimant key, …).

    Reads like a spaCy Span (start, end, label_, id_, text, len) but costs a fraction to build."""

    __slots__ = ("_text", "doc", "end", "id_", "label_", "start")

    def __init__(self, doc: Doc, start: int, end: int, label: str, id_: str):
        self.doc, self.start, self.end, self.label_, self.id_ = doc, start, end, label, id_
        self._text = None

    def __len__(self) -> int:
        return self.end - self.start

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = span_text(self.doc, self.start, self.end)
        return self._text

    def __repr__(self) -> str:
        return f"Cue({self.label_} {self.id_!r} {self.start}-{self.end})"


class SentenceCues:
    """The cues of one sentence, indexed by label; `matches` are the cue matcher's (start, end, label, id).

    `labels`, `by_label` and `texts` are built on first use (many sentences need only `labels`); plain
    attributes rather than cached_property, whose lock costs more than building them."""

    __slots__ = ("_by_label", "_labels", "_texts", "matches", "sent")

    def __init__(self, sent: Span, matches):
        self.sent, self.matches = sent, matches
        self._labels = self._by_label = self._texts = None

    @property
    def labels(self) -> frozenset:
        """The labels of the sentence's cues, without building the cues."""
        if self._labels is None:
            self._labels = frozenset(label for _, _, label, _ in self.matches)
        return self._labels

    @property
    def by_label(self) -> dict[str, list]:
        """The sentence's cues by label."""
        if self._by_label is None:
            self._by_label = self._build()
        return self._by_label

    def _build(self) -> dict[str, list]:
        sent, doc, found = self.sent, self.sent.doc, {}
        first, last = sent.start, sent.end
        for start, end, label, id_ in self.matches:
            if start >= first and end <= last:
                found.setdefault(label, []).append(Cue(doc, start, end, label, id_))
        if "CAT" in found:  # 'ihr Leben verloren' (killed), not also 'verloren' (losses)
            found["CAT"] = sorted(filter_spans(found["CAT"]), key=lambda s: s.start)
        return found

    @property
    def texts(self) -> list[str]:
        """Token texts of the sentence (built only for sentences that hold a figure)."""
        if self._texts is None:
            self._texts = token_texts(self.sent.doc, self.sent.start, self.sent.end)
        return self._texts

    def get(self, label: str) -> list:
        found = self._by_label if self._by_label is not None else self.by_label  # the hottest call of the rules
        return found.get(label, [])

    def at(self, label: str, start: int | None = None, end: int | None = None) -> list:
        """Spans of `label` that start at `start` and/or end at `end`."""
        return [s for s in self.get(label) if (start is None or s.start == start) and (end is None or s.end == end)]

    def qualified_start(self, index: int) -> int:
        """Where the figure at token `index` starts with the qualifier before it: 'bis zu 30.000' at 'bis'."""
        qualifier = self.at("QUAL", end=index)
        return qualifier[0].start if qualifier else index

    def within(self, label: str, lo: int, hi: int) -> list:
        return [s for s in self.get(label) if lo <= s.start and s.end <= hi]

    def segment(self, index: int, breaks: frozenset) -> tuple[int, int]:
        """(start, end) of the stretch around token `index` between break tokens of the sentence."""
        texts, first = self.texts, self.sent.start
        lo = index - first
        while lo > 0 and texts[lo - 1] not in breaks:
            lo -= 1
        hi = index - first
        while hi < len(texts) and texts[hi] not in breaks:
            hi += 1
        return first + lo, first + hi

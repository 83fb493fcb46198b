"""The cue phrases of one sentence (from the cue matcher), and clause stretches between punctuation."""
from bisect import bisect_left

from spacy.attrs import IDX, LENGTH, ORTH
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
_CHARS = "chars"
TEXT = "text"  # doc.user_data key: the text the doc was made from, when the caller keeps it there


def char_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """The character offsets where each token of `doc` starts and ends (Token.idx, and idx + its length), read
    once per doc from its arrays: a Token object per look costs more than the look."""
    bounds = doc.user_data.get(_CHARS)
    if bounds is None:
        idx, length = doc.to_array([IDX, LENGTH]).astype("int64").T
        bounds = doc.user_data[_CHARS] = (idx.tolist(), (idx + length).tolist())
    return bounds


def span_text(doc: Doc, start: int, end: int) -> str:
    """doc[start:end].text, cut from the doc's text when doc.user_data holds it: two offsets, no Token."""
    text = doc.user_data.get(TEXT)
    if text is None or end <= start:
        return doc[start:end].text
    starts, ends = char_bounds(doc)
    return text[starts[start] : ends[end - 1]]


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
    attributes rather than cached_property, whose lock costs more than building them. The rules ask for
    the cues at or around every figure: indices by start and end answer that without a scan of the
    sentence's cues per figure, which made a long sentence's work quadratic."""

    __slots__ = ("_breaks", "_by_end", "_by_label", "_by_start", "_labels", "_starts", "_texts", "matches", "sent")

    def __init__(self, sent: Span, matches):
        self.sent, self.matches = sent, matches
        self._labels = self._by_label = self._texts = None
        self._breaks, self._by_start, self._by_end, self._starts = {}, {}, {}, {}

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
        last = sent.end
        for start, end, label, id_ in self.matches:  # sorted by start: each label's cues are too
            if end <= last and start >= sent.start:
                cue = Cue(doc, start, end, label, id_)
                cues = found.get(label)
                if cues is None:
                    found[label] = [cue]
                else:
                    cues.append(cue)
        if "CAT" in found:  # 'ihr Leben verloren' (killed), not also 'verloren' (losses)
            found["CAT"] = sorted(filter_spans(found["CAT"]), key=lambda s: s.start)
        self._starts = {label: [cue.start for cue in cues] for label, cues in found.items()}
        return found

    def _index(self, label: str) -> tuple[dict, dict]:
        """The cues of `label` by start and by end, built for a label when first asked for."""
        by_start = self._by_start.get(label)
        if by_start is None:
            by_start, by_end = self._by_start[label], self._by_end[label] = {}, {}
            for cue in self.get(label):
                by_start.setdefault(cue.start, []).append(cue)
                by_end.setdefault(cue.end, []).append(cue)
        return by_start, self._by_end[label]

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
        found = self._by_label if self._by_label is not None else self.by_label
        if label not in found:
            return []
        by_start, by_end = self._index(label)
        if start is not None:
            return [s for s in by_start.get(start, ()) if end is None or s.end == end]
        return list(by_end.get(end, ())) if end is not None else list(found[label])

    def qualified_start(self, index: int) -> int:
        """Where the figure at token `index` starts with the qualifier before it: 'bis zu 30.000' at 'bis'."""
        qualifier = self.at("QUAL", end=index)
        return qualifier[0].start if qualifier else index

    def within(self, label: str, lo: int, hi: int) -> list:
        """Spans of `label` inside tokens lo..hi: of those that start there, the ones that end there too."""
        found = self._by_label if self._by_label is not None else self.by_label
        cues = found.get(label)
        if cues is None:  # most labels the rules ask about are not in the sentence
            return []
        starts = self._starts[label]
        return [s for s in cues[bisect_left(starts, lo) : bisect_left(starts, hi)] if s.end <= hi]

    def segment(self, index: int, breaks: frozenset) -> tuple[int, int]:
        """(start, end) of the stretch around token `index` between break tokens of the sentence.

        The break positions are found once per sentence and set of breaks: the rules ask for the stretch
        around every figure, and scanning for it each time made a sentence's work quadratic in its figures."""
        positions = self._breaks.get(breaks)
        if positions is None:
            positions = self._breaks[breaks] = [k for k, text in enumerate(self.texts) if text in breaks]
        first, k = self.sent.start, bisect_left(positions, index - self.sent.start)
        lo = positions[k - 1] + 1 if k else 0
        hi = positions[k] if k < len(positions) else len(self.texts)
        return first + lo, first + hi

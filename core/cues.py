"""The cue spans of one sentence (from the span rulers), and clause stretches between punctuation."""
from functools import cached_property

from spacy.tokens import Span
from spacy.util import filter_spans

CLAUSE_BREAKS = frozenset({";", "–", "—"})
SEGMENT_BREAKS = frozenset({",", ";", ":", "–", "—", "(", ")", "„", "“", '"'})


class SentenceCues:
    """The cue spans of one sentence, indexed by label and start token."""

    def __init__(self, sent: Span, cues):
        self.sent = sent
        self.by_label: dict[str, list] = {}
        for span in cues:
            if span.start >= sent.start and span.end <= sent.end:
                self.by_label.setdefault(span.label_, []).append(span)
        if "CAT" in self.by_label:  # 'ihr Leben verloren' (killed), not also 'verloren' (losses)
            self.by_label["CAT"] = sorted(filter_spans(self.by_label["CAT"]), key=lambda s: s.start)

    @cached_property
    def texts(self) -> list[str]:
        """Token texts of the sentence (built only for sentences that hold a figure)."""
        return [token.text for token in self.sent]

    def get(self, label: str) -> list:
        return self.by_label.get(label, [])

    def at(self, label: str, start: int | None = None, end: int | None = None) -> list:
        """Spans of `label` that start at `start` and/or end at `end`."""
        return [s for s in self.get(label) if (start is None or s.start == start) and (end is None or s.end == end)]

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

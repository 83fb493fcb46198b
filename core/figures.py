"""Find the troop figures in one sentence: value, bounds, qualifier and category."""
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Span

from core.categories import LINKS, LOSSES, category, reinforced
from core.cues import CLAUSE_BREAKS, SEGMENT_BREAKS, Cue, SentenceCues
from core.lexicon import lexicon, stem
from core.numbers import looks_like_year, parse_figure
from core.pipeline import figure_starts, figure_value, is_figure, vague_low

_STOP = frozenset(
    "in im nach von vom zu zum zur bei beim mit aus auf an am unter über für gegen seit bis um durch ohne pro je "
    "innerhalb während wegen dass wenn weil da als wie sowie aber doch sind ist war waren wird wurden".split()
)

_RANGE_JOINERS = frozenset({"bis", "–", "—", "-"})
_PARTITIVE = frozenset({"von", "der", "den"})
_MAX_FIGURE = 250_000  # larger counts are whole armies or other sides' losses, not North Korea's contingent
_GROUP_REACH = 4
_FRACTION_ARTICLES = frozenset({"die", "ein", "eine", "einem", "einer", "einen"})
_DAVON_REACH = 4  # 'Davon dürfte inzwischen jeder Dritte …'
_AGE_WORDS = frozenset({"anfang", "mitte", "ende"})
_NP_MAX = 4
_PERCENT = frozenset({"%", "Prozent"})
_CLOSING_QUOTES = frozenset({"“", "”", '"', "«", "»"})


@dataclass
class Figure:
    """A troop figure found in a sentence; token indices are the doc's."""

    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    qualifier: str = "exact"
    category: str | None = None
    base: "Figure | None" = None  # the figure a fraction is taken of
    whole: "Figure | None" = None  # the figure this one is part of: '6.000 der rund 11.000 Soldaten'
    np_end: int = 0
    unit: str = "none"  # troops, loss, anaphor ('2.600 von ihnen'), other, none
    np_cats: list = field(default_factory=list)
    by_article: bool = False  # 'Ein nordkoreanischer Soldat …', 'die beiden …': a claim only when a loss is said
    heads_group: bool = False  # 'Von den rund 12.000 Mann … seien 4000 gefallen': the whole the clause divides
    claim_id: str | None = None  # set when the figure becomes a row, for the rows of fractions taken of it
    why: str = ""  # the rule that gave the category, and its word: 'after:gefallen', 'noun:Tote', 'reinforced'


def _set(figure: Figure, name: str | None, rule: str) -> str | None:
    """Give the figure category `name` (when there is one) by the rule named `rule`; return `name`."""
    if name:
        figure.category, figure.why = name, rule
    return name


@dataclass
class Before:
    """What the article said before the sentence, for figures that refer back to it."""

    figures: list = field(default_factory=list)  # the paragraph's figures: 'Davon ist jeder Dritte gefallen'
    named: str | None = None  # the category the sentence before named without a figure ('eine dritte Entsendung')
    troops: Figure | None = None  # the article's last count of the whole force: 'ein Drittel der Entsandten'

    def new_paragraph(self, answers: bool = False) -> None:
        """Start a paragraph; one that `answers` a question goes on from the question's figures."""
        self.figures, self.named = (self.figures if answers else []), None

    def add(self, figures: list) -> None:
        self.figures += figures
        self.troops = next((f for f in reversed(figures) if f.category in _WHOLE_FORCE), self.troops)


_WHOLE_FORCE = ("deployed",)  # not reinforcements: "15 Prozent der Truppe" after "ein weiteres 3.000er-Kontingent"


def find_figures(sent: Span, cues: SentenceCues, before: Before | None = None) -> list[Figure]:
    """Every troop figure in `sent`, fractions before the figure they are taken of (which may be one of the
    figures `before` holds)."""
    doc = sent.doc
    before = before or Before()
    earlier = before.figures
    raw = _raw_figures(sent, cues)
    if "COUNTED" in cues.labels:
        raw = sorted(raw + _counted(cues, raw), key=lambda f: f.start)
    if not raw and "FRACTION" not in cues.labels:
        return []
    figures = []
    for k, figure in enumerate(raw):
        _read_unit(doc, figure, cues, raw)
        if (figure.unit == "none" and k and _same_clause(cues, raw[k - 1], figure) and raw[k - 1].unit == "other"
                and not looks_like_year(doc[raw[k - 1].start].text)):
            figure.unit = "other"  # '46 Zivilisten getötet und 180 verletzt', not 'Im September 2025 gab …'
        if figure.unit == "anaphor" and k and _part_of_others(raw[k - 1], cues):
            figure.unit = raw[k - 1].unit  # 'Vier Menschen wurden verletzt, zwei von ihnen schwer': part of those
        if _is_claim_candidate(doc, figure, cues):
            figures.append(figure)
    boundaries = [f for f in raw if not _is_year(doc, f) and not _bracketed_age(doc, f, cues)]
    counted, counted_at = _counted_before(cues, earlier, before.named)
    referred = counted if counted_at > cues.sent.start and doc[counted_at - 1].lower_ in _POSSESSIVES else None
    for figure in figures:
        _read_qualifier(doc, figure, cues)
        if figure.whole:
            figure.np_end = figure.whole.np_end
        others = [f for f in boundaries if f is not figure.whole]
        fallback = counted if counted_at < figure.start and figure.unit != "troops" else None
        if fallback and fallback == referred and figure.unit == "none":  # 'beziffert ihre Zahl auf 50'
            _set(figure, referred, "their_number")
        else:
            figure.category = category(doc, figure, cues, others) or _set(figure, fallback, "counted_before")
        if figure.category is None and (_a_force(figure) or _of_deployed(figure, earlier)):
            _set(figure, "deployed", "force")
        if figure.category is None and figure.unit == "none":
            _set(figure, _as_reported_before(figure, cues, before), "reported_before")
        if figure.category is None and figure.unit == "none" and _troops_reported_before(doc, figure, cues, raw):
            _set(figure, "deployed", "troops_named_before")
        if before.named and figure.category in ("deployed", None) and _amount_of_it(doc, figure, cues):
            _set(figure, before.named, "amount_of_named")
        if figure.category in ("deployed", None) and (
            reinforced(doc, figure, cues, boundaries) or _reinforced_before_dash(doc, figure, cues)
        ):
            _set(figure, "reinforcements", "reinforced")
        counted = figure.category or counted
    for figure in figures:
        if figure.whole and figure.whole.unit == "troops" and figure.whole in figures:
            _set(figure.whole, "deployed", "whole_of_part")
        if _heads_group(doc, figure, cues, raw):
            _set(figure, "deployed", "whole_divided")
            figure.heads_group = True
    claims = [f for f in figures if f.category and (not f.by_article or _loss_said(f, cues))]
    shares = cues.get("FRACTION") + _percentages(doc, raw, cues)
    claims = claims + _products(doc, claims, raw, cues)
    return _with_fractions(doc, claims, cues, boundaries, before, shares)


def _raw_figures(sent: Span, cues: SentenceCues) -> list[Figure]:
    """Figures and ranges of figures in the sentence, left to right."""
    doc = sent.doc
    indices = figure_starts(doc)
    out, taken = [], sent.start
    for i in indices[bisect_left(indices, sent.start) : bisect_left(indices, sent.end)]:
        if i < taken:
            continue
        figure = Figure(i, i + 1, figure_value(doc, i))
        if vague_low(doc, i) is not None:
            figure.qualifier, figure.low = "vague", float(vague_low(doc, i))
        elif i + 2 < sent.end and doc[i + 1].text in _RANGE_JOINERS and figure_value(doc, i + 2) is not None:
            figure = _range(figure, figure_value(doc, i + 2), i + 3)
        elif i + 2 < sent.end and doc[i + 1].lower_ == "und" and figure_value(doc, i + 2) is not None and i > sent.start and doc[i - 1].lower_ == "zwischen":
            figure = _range(figure, figure_value(doc, i + 2), i + 3)
            figure.start = i - 1
        out.append(figure)
        taken = figure.end
    return out


_GROUP_OPENINGS = (["von"], ["von", "den"], ["von", "insgesamt"], ["von", "den", "insgesamt"])
# Words after which 'von' can open the group: conjunctions and auxiliaries ('ist von den 12.000 … ein Drittel')
_OPENERS = frozenset("dass wonach wobei weil nachdem sodass und aber doch ist sei sind seien wurde wurden wäre wären".split())


def _heads_group(doc, figure: Figure, cues: SentenceCues, raw: list) -> bool:
    """'Von (den) rund 11.000 Mann seien nahezu 4000 getötet', 'Von den 11.000 Soldaten sei jeder Fünfte …':
    troops that open their clause with 'von' and are divided by a later figure or fraction."""
    if figure.unit not in ("troops", "none"):
        return False
    lo, _ = cues.segment(figure.start, SEGMENT_BREAKS)
    first = cues.sent.start  # the words from the sentence's texts: a Token each for a long clause costs more
    words = [text.lower() for text in cues.texts[lo - first : cues.qualified_start(figure.start) - first]]
    if "von" in words[1:] and words[words.index("von") - 1] in _OPENERS:
        words = words[words.index("von") :]  # '…, dass von den rund 11.000 …', 'Demnach ist von den 12.000 …'
    if words not in _GROUP_OPENINGS:
        return False
    later = [f.start for f in raw if f.start >= figure.end] + [c.start for c in cues.get("FRACTION") if c.start >= figure.end]
    if not later:
        return False
    return "auf" not in {t.lower_ for t in doc[figure.end : min(later)]}  # not 'stieg von 300 auf 500'


def _products(doc, claims: list, raw: list, cues: SentenceCues) -> list:
    """'drei Brigaden mit je rund 1.700 Mann': the whole, 3 × 1.700, as a claim of its own (the per-unit
    figure stays a claim too, and is the new claim's base)."""
    out = []
    for each in claims:
        k = cues.qualified_start(each.start)
        if k - 2 < cues.sent.start or doc[k - 1].lower_ not in ("je", "jeweils") or doc[k - 2].lower_ != "mit":
            continue
        units = next((f for f in raw if f.np_end == k - 2 and f.value and f is not each), None)
        if units is not None and each.value is not None:
            whole = Figure(units.start, each.end, units.value * each.value, base=each, qualifier=each.qualifier)
            whole.np_end = each.np_end
            _set(whole, each.category, "product")
            out.append(whole)
    return out


def _reinforced_before_dash(doc, figure: Figure, cues: SentenceCues) -> bool:
    """'Nordkorea schickt Verstärkung – nach dessen Schätzung rund 3000 Mann': the clause before the dash
    says what the troops after it are."""
    lo, _ = cues.segment(figure.start, CLAUSE_BREAKS)
    if lo - 2 < cues.sent.start or doc[lo - 1].text not in ("–", "—"):
        return False
    before, _ = cues.segment(lo - 2, CLAUSE_BREAKS)
    return any(c.id_ == "reinforcements" for c in cues.within("CAT", before, lo - 1))


def _as_reported_before(figure: Figure, cues: SentenceCues, before: Before) -> str | None:
    """'Das Pentagon sprach von „etwa 12.000“.' after a sentence that counted the troops: a bare figure that
    a source reports counts what the sentence before named ('Wie viele Soldaten gefallen sind. Der NIS spricht
    von rund 2.000'), else what the paragraph's last figure counted."""
    if not (cues.get("REPORT") or cues.get("FRAME")) or cues.get("CIVILIAN"):
        return None
    return before.named or (before.figures[-1].category if before.figures else None)


_SMALLEST_FORCE = 10  # 'Bart hat zwei Nordkoreaner lebend gesehen': a few soldiers are seen, not sent


def _a_force(figure: Figure) -> bool:
    """A count of troops that no word gives a category is a deployment, if it is large enough to be one."""
    return figure.unit == "troops" and (figure.value is None or figure.value >= _SMALLEST_FORCE)


def _troops_reported_before(doc, figure: Figure, cues: SentenceCues, raw: list) -> bool:
    """'bestätigte das Pentagon, dass Nordkoreaner in Russland seien, und sprach von etwa 3.000': a bare figure
    after a verb of report and 'von' or 'auf' counts the troops its sentence named before it (and no figure did)."""
    k = cues.qualified_start(figure.start)
    if k <= cues.sent.start or doc[k - 1].lower_ not in ("von", "auf"):
        return False
    if not any(r.end < k for r in cues.get("REPORT")):
        return False
    first = raw[0].start if raw else figure.start
    troop_nouns = lexicon().troop_nouns
    return any(t.text[:1].isupper() and t.lower_.endswith(troop_nouns) for t in doc[cues.sent.start : first])


_PRONOUNS = frozenset({"sie", "diese", "dieser", "dieses", "die", "er", "es"})


def _amount_of_it(doc, figure: Figure, cues: SentenceCues) -> bool:
    """'Sie beliefen sich auf etwa 3800 Mann', 'Diese könne 3.000 bis 4.000 Mann umfassen': a pronoun opens the
    clause and a verb of amount says how large the thing it stands for is; or a pronoun is the object of a verb
    that measures it ('Die Behörde bezifferte diese damals auf rund 3000 Mann')."""
    lo, hi = cues.segment(figure.start, SEGMENT_BREAKS)
    lex = lexicon()
    if doc[lo].lower_ in _PRONOUNS and any(t.lower_.startswith(lex.amount_verbs) for t in doc[lo + 1 : hi]):
        return True
    return any(doc[k].lower_.startswith(lex.measure_verbs) and doc[k + 1].lower_ in _OBJECT_PRONOUNS
               for k in range(lo, min(hi, figure.start) - 1))


_OBJECT_PRONOUNS = frozenset({"sie", "diese"})


def _of_deployed(figure: Figure, earlier: list | None) -> bool:
    """'Wenigstens 3000 von ihnen stünden im Grenzgebiet': part of the troops the last sentence counted."""
    return figure.unit == "anaphor" and bool(earlier) and earlier[-1].category in ("deployed", "reinforcements")


def _counted(cues: SentenceCues, raw: list) -> list:
    """Soldiers counted by an article ('ein nordkoreanischer Soldat' 1, 'die beiden Nordkoreaner' 2) that no
    figure overlaps; the article is the figure."""
    taken = [range(f.start, f.end) for f in raw]
    return [Figure(c.start, c.start + 1, float(c.id_), by_article=True) for c in cues.get("COUNTED")
            if not any(c.start in r for r in taken)]


def _loss_said(figure: Figure, cues: SentenceCues) -> bool:
    """Soldiers counted by an article are a claim when a loss is said of them: by a verb ('ist gefangen
    genommen worden', 'in ukrainische Gefangenschaft geraten') or in their own noun phrase ('die beiden
    nordkoreanischen Kriegsgefangenen'); not by a noun elsewhere ('vor seiner Gefangennahme')."""
    own = {id(c) for c in figure.np_cats}
    said = [c for c in cues.get("CAT")
            if c.id_ in LOSSES and (id(c) in own or any(word[:1].islower() for word in c.text.split()))]
    return figure.category in LOSSES and bool(said)


_POSSESSIVES = frozenset({"ihre", "ihrer", "deren", "dessen", "seine", "seiner"})  # 'ihre Zahl': of those named before


def _counted_before(cues: SentenceCues, earlier: list | None, named: str | None) -> tuple[str | None, int]:
    """The category that the sentence before `named` without a figure ('Hinzu kommen Vermisste.'), else that of
    the paragraph's last figure, when the sentence speaks of 'die Zahl' ('werde die Zahl auf 10.000 steigen',
    'beziffert ihre Zahl auf 50'), and where it does so: only figures after the word take the category."""
    texts = cues.texts
    at = next((k for k, text in enumerate(texts) if text in ("Zahl", "Gesamtzahl")), None)
    if not (earlier or named) or at is None:
        return None, 0
    counted = named or earlier[-1].category
    if texts[at] == "Gesamtzahl" and counted == "reinforcements":
        counted = "deployed"  # the total counts the whole force
    return counted, cues.sent.start + at


def _same_clause(cues: SentenceCues, first: Figure, second: Figure) -> bool:
    return cues.segment(first.start, CLAUSE_BREAKS) == cues.segment(second.start, CLAUSE_BREAKS)


def _range(first: Figure, high: float, end: int) -> Figure:
    low = first.value
    if low is None or high is None or low >= high:
        return first
    return Figure(first.start, end, (low + high) / 2, low=low, high=high, qualifier="range")


def _read_unit(doc, figure: Figure, cues: SentenceCues, raw: list) -> None:
    """Find the noun the figure counts ('Soldaten', 'Tote und Verletzte', 'Drohnen') and any cues before it."""
    lex = lexicon()
    sent_end = cues.sent.end
    if cues.at("ANAPHOR_TROOPS", start=figure.end):
        figure.unit, figure.np_end = "anaphor", cues.at("ANAPHOR_TROOPS", start=figure.end)[0].end
        return
    if cues.at("UNIT", start=figure.end):  # '30 km', '15 %', '20 Jahre'
        figure.unit, figure.np_end = "other", figure.end + 1
        return
    j = figure.end
    if j < sent_end and doc[j].text in _CLOSING_QUOTES:
        j += 1  # 'von „etwa 10.000“ Soldaten'
    while j < sent_end and j - figure.end <= _NP_MAX:
        token = doc[j]
        if token.is_punct or is_figure(doc, j):
            break
        whole = next((f for f in raw if j < f.start <= j + 3), None) if token.lower_ in _PARTITIVE else None
        if whole is not None:
            _read_unit(doc, whole, cues, raw)
            figure.unit, figure.whole = whole.unit, whole
            break
        if token.lower_ in _STOP or (token.text[:1].islower() and any(len(c) > 1 for c in cues.at("CAT", start=j))):
            j = _attributed_noun(doc, j, sent_end, lex.troop_nouns) if token.lower_ in _PLACE_PREPOSITIONS else None
            if j is None:
                break  # a predicate, not a noun: '4.000 außer Gefecht gesetzt', '300 ums Leben gekommen'
        elif _dates_a_year(token.lower_):
            break  # a time, not a noun: 'weitere 3000 bis 4000 Anfang 2025'
        j = _english_noun(doc, j, sent_end, lex.troop_nouns)
        token = doc[j]
        if token.text[:1].isupper() or _lower_case_noun(doc, j, sent_end, lex.troop_nouns):
            figure.unit = _noun_kind(token, lex.troop_nouns, cues, doc[figure.end].lower_ in _PARTITIVE)
            figure.np_end = j + 1
            linked = [c for c in cues.at("CAT", start=j + 2) if c.id_ in LOSSES] if j + 2 < sent_end else []
            if linked and doc[j + 1].lower_ in LINKS:  # 'Tote und Verwundete', not 'Kampftruppen und zusätzlich'
                figure.np_end = linked[0].end
            break
        j += 1
    figure.np_end = figure.np_end or figure.end
    figure.np_cats = cues.within("CAT", figure.end, figure.np_end)
    if figure.unit == "none" and any(c.id_ in LOSSES for c in figure.np_cats):
        figure.unit = "loss"
    elif figure.unit == "none" and _counts_troops_before(figure, cues, lex.troop_nouns):
        figure.unit = "troops"


def _lower_case_noun(doc, j: int, sent_end: int, troop_nouns: tuple) -> bool:
    """'troops', 'soldiers' in an English quote: a troop noun in lower case with no noun after it (unlike the
    adjective 'entsandten Soldaten')."""
    following = doc[j + 1].text if j + 1 < sent_end else ""
    return doc[j].text in troop_nouns and not following[:1].isupper()


_PLACE_PREPOSITIONS = frozenset({"nach", "in", "im", "an", "am", "aus", "bei", "beim"})


def _attributed_noun(doc, j: int, sent_end: int, troop_nouns: tuple) -> int | None:
    """'der rund 12.000 nach Russland entsandten Nordkoreaner': the troop noun after a place phrase and a
    participle (an attribute of the noun, not the predicate), or None."""
    for k in range(j + 2, min(j + 5, sent_end - 1)):
        participle, noun = doc[k], doc[k + 1]
        if participle.is_punct or noun.is_punct:
            return None
        if participle.text[:1].islower() and noun.text[:1].isupper() and noun.lower_.endswith(troop_nouns):
            return k + 1
    return None


def _english_noun(doc, j: int, sent_end: int, troop_nouns: tuple) -> int:
    """'10,000 North Korean soldiers' in an English quote: capitalised adjectives before a lower-case troop noun
    are passed over to the noun (a German noun phrase never ends in a lower-case noun)."""
    k = j
    while k < min(sent_end, j + 3) and doc[k].text[:1].isupper() and doc[k].is_alpha:
        k += 1
    return k if k > j and k < sent_end and _lower_case_noun(doc, k, sent_end, troop_nouns) else j


def _counts_troops_before(figure: Figure, cues: SentenceCues, troop_nouns: tuple) -> bool:
    """'Die Zahl der Soldaten stieg von 10.000 auf 12.000': the figure counts troops named before it."""
    lo, _ = cues.segment(figure.start, CLAUSE_BREAKS)
    first = cues.sent.start
    words = cues.texts[lo - first : figure.start - first]  # texts, not a Token per word of a long clause
    for k, word in enumerate(words[:-2]):
        if word.lower() in ("zahl", "gesamtzahl", "anzahl") and words[k + 1].lower() in ("der", "von"):
            following = words[k + 2 : k + 5]
            if any(text[:1].isupper() and text.lower().endswith(troop_nouns) for text in following):
                return True
    return False


def _noun_kind(token, troop_nouns: tuple, cues: SentenceCues, partitive: bool) -> str:
    """'loss', 'troops' or 'other'; after a partitive a word for sent troops counts troops: '200 der Neuankömmlinge'."""
    named = {c.id_ for c in cues.at("CAT", start=token.i)}
    if named & LOSSES:
        return "loss"
    if token.lower_.endswith(troop_nouns) or (partitive and named & {"deployed", "reinforcements"}):
        return "troops"
    return "other"


def _is_year(doc, figure: Figure) -> bool:
    """A bare year: '2024 Soldaten' may be a count, 'Seit Herbst 2024 kämpfen Soldaten' is not."""
    if figure.qualifier == "range" or not looks_like_year(doc[figure.start].text):
        return False
    return figure.unit not in ("troops", "loss") or (figure.start > 0 and _dates_a_year(doc[figure.start - 1].lower_))


def _dates_a_year(word: str) -> bool:
    """'Herbst 2024', 'Oktober 2024', 'seit 2022', 'Jahr 2024', 'Anfang 2025'."""
    lex = lexicon()
    return word in lex.months or word in lex.seasons or word in _YEAR_LEADS


_YEAR_LEADS = frozenset("seit jahr jahres jahre anfang mitte ende beginn bis ab".split())  # seasons: lexicon


def _is_claim_candidate(doc, figure: Figure, cues: SentenceCues) -> bool:
    """Reject years, ages, rates, other units and other armies' losses."""
    if figure.unit == "other" or _bracketed_age(doc, figure, cues) or _apposed_age(doc, figure, cues):
        return False
    if _slashed(doc, figure, cues) or cues.labels & {"COMPARISON", "WHOLE_WAR"} and "OWN_SIDE" not in cues.labels:
        return False  # 'Drucksache 21/2187'; 'Zum Vergleich: Das Bundesheer …'; 'Im gesamten Krieg sind 150.000 …'
    first = doc[figure.start]
    before = doc[figure.start - 1] if figure.start > cues.sent.start else None
    has_qualifier = bool(cues.at("QUAL", end=figure.start))
    if _is_year(doc, figure) and not has_qualifier:
        return False
    value = figure.value if figure.value is not None else figure.low
    if figure.unit == "none" and value is not None and value < 120:
        if cues.get("AGE") or (before is not None and before.lower_ in _AGE_WORDS):
            return False
    segment = cues.segment(figure.start, SEGMENT_BREAKS - {",", "(", ")"})
    if cues.within("RATE", *segment) or (value or 0) > _MAX_FIGURE or _civilians(doc, figure, cues, segment):
        return False
    if any(0 <= figure.start - g.end <= _GROUP_REACH for g in cues.within("GROUP", *segment)):
        return False  # 'in Gruppen von 20, 30 Mann' is the size of an assault group
    if _ratio(doc, figure, cues) or value == 0 or (first.text[:1] == "0" and len(first.text) > 1):
        return False  # '030 18 24-0' is a phone number, '000' no count
    if cues.at("INDEX", end=figure.start):
        return False  # 'Folge 212', 'Seite 3': a place in a series
    if "RETRACTED" in cues.labels:
        return False  # 'In einer früheren Version dieses Artikels hieß es, …': a correction takes the figure back
    if _exchanged(doc, figure, cues):
        return False
    return not _foreign(doc, figure, cues) and first.text != "#"


def _ratio(doc, figure: Figure, cues: SentenceCues) -> bool:
    """'im Verhältnis eins zu drei', '1 zu 3': either side of a ratio is no count."""
    after = figure.end + 1 < cues.sent.end and doc[figure.end].lower_ == "zu" and _number(doc[figure.end + 1].text)
    before = figure.start - 2 >= cues.sent.start and doc[figure.start - 1].lower_ == "zu" and _number(doc[figure.start - 2].text)
    return after or before


def _number(text: str) -> bool:
    return text.lower() == "eins" or parse_figure(text) is not None


def _civilians(doc, figure: Figure, cues: SentenceCues, segment: tuple) -> bool:
    """'Etwa 34.000 Nordkoreaner leben in Südkorea', '13.000 Nordkoreaner mit Studentenvisa': people, not troops."""
    noun = doc[figure.np_end - 1].lower_ if figure.np_end > figure.end else ""
    return noun.startswith("nordkorean") and bool(cues.within("CIVILIAN", *segment))


def _part_of_others(previous: Figure, cues: SentenceCues) -> bool:
    """True when the figure before 'von ihnen' or 'davon' counts people other than the troops ('Menschen') or
    losses that need a paragraph about the troops; not a time ('Zwei Tage später …: Rund 8000 von ihnen')."""
    return previous.unit in ("other", "loss") and not cues.at("UNIT", start=previous.end)


_EACH = frozenset({"je", "jeweils"})


def _exchanged(doc, figure: Figure, cues: SentenceCues) -> bool:
    """'Beide Seiten übergaben jeweils 185 Soldaten', 'Neuer Gefangenenaustausch': prisoners exchanged between
    Russia and Ukraine, unless the figure's own noun names North Koreans; 'je 146 Soldaten' counts each side."""
    texts, first = cues.texts, cues.sent.start
    if figure.start > first and texts[figure.start - first - 1].lower() in _EACH:
        return True
    return "EXCHANGE" in cues.labels and not cues.within("OWN_SIDE", figure.end, figure.np_end)


def _apposed_age(doc, figure: Figure, cues: SentenceCues) -> bool:
    """'Kim, 41, nannte die Gefallenen Helden': a small number alone between commas after a name is an age."""
    texts, first = cues.texts, cues.sent.start
    start, end = figure.start - first, figure.end - first
    if start < 2 or end >= len(texts) or figure.unit != "none" or (figure.value or 0) >= 120:
        return False
    return texts[start - 1] == "," and texts[end] == "," and texts[start - 2][:1].isupper()


def _slashed(doc, figure: Figure, cues: SentenceCues) -> bool:
    """'21/2187', '24/7': numbers joined by a slash are an identifier or a ratio, not a count."""
    texts, first = cues.texts, cues.sent.start
    start, end = figure.start - first, figure.end - first
    before = start >= 2 and texts[start - 1] == "/" and is_figure(doc, figure.start - 2)
    after = end + 1 < len(texts) and texts[end] == "/" and is_figure(doc, figure.end + 1)
    return before or after


def _bracketed_age(doc, figure: Figure, cues: SentenceCues) -> bool:
    """'Präsident Selenskyj (46)': a small number alone in brackets after a name is an age."""
    inside = figure.start > cues.sent.start and doc[figure.start - 1].text == "(" and figure.end < cues.sent.end
    return inside and doc[figure.end].text == ")" and (figure.value or 0) < 120


def _foreign(doc, figure: Figure, cues: SentenceCues) -> bool:
    """True when the figure's clause is about Russian or Ukrainian forces and never names North Korea's."""
    lo, hi = cues.segment(figure.start, CLAUSE_BREAKS)
    heads = {s.start for s in cues.within("FOREIGN_HEAD", lo, hi)}
    if any(s.end in heads for s in cues.within("FOREIGN_ADJECTIVE", figure.end, figure.np_end)):
        return True  # its own noun: '„mehrere hundert“ ukrainische Soldaten getötet', whoever else the clause names
    if cues.within("OWN_SIDE", *_comma_part(doc, figure, cues, lo, hi)):
        return False
    adjectives = cues.within("FOREIGN_ADJECTIVE", lo, hi)
    if adjectives:  # the sources that speak are looked for only then: a long clause names many
        speaking = [s for s in cues.within("SOURCE", lo, hi)
                    if cues.within("REPORT", s.end, s.end + 2) or cues.at("REPORT", end=s.start)]  # 'Berichten ukrainischer Einheiten'
        sources = [range(s.start, s.end) for s in speaking]
        adjectives = [s for s in adjectives if not any(s.start in r for r in sources)]
    adjective_head = any(s.end in heads for s in adjectives)  # 'russische Verluste', not 'die ukrainische Seite sagt'
    subjects = cues.within("FOREIGN_SUBJECT", lo, hi)
    subject_loss = bool(subjects) and bool(cues.within("LOSS_VERB", lo, hi))
    owned = any(s.end == cues.qualified_start(figure.start) for s in subjects) and not cues.within("REPORT", lo, hi)  # 'haben die Amerikaner 28.500 Soldaten'
    return adjective_head or subject_loss or owned or any(_acting_subject(doc, s, lo, cues) for s in subjects)


_COMMA = frozenset({","})


def _comma_part(doc, figure: Figure, cues: SentenceCues, lo: int, hi: int) -> tuple[int, int]:
    """The part of the clause between the commas around the figure, widened to the clause when another army's
    adjective and head stand in that part ('…, die russischen Truppen werden auf 50.000 Mann geschätzt')."""
    start, end = cues.segment(figure.start, _COMMA)
    start, end = max(start, lo), min(end, hi)
    heads = {s.start for s in cues.within("FOREIGN_HEAD", start, end)}
    named = any(s.end in heads for s in cues.within("FOREIGN_ADJECTIVE", start, end))
    return (start, end) if named else (lo, hi)


def _acting_subject(doc, subject: Span, clause_start: int, cues: SentenceCues) -> bool:
    """'Die Ukraine war mit rund 10.000 Soldaten vorgestoßen', 'Pistorius: Bundeswehr braucht …', '…, Russland habe
    110.000 Soldaten zusammengezogen', '…, wo Russland 110.000 Soldaten zusammengezogen hat': the other side opens the
    clause (or follows a colon, a comma or ', wo') and does not report."""
    after = doc[subject.start - 1].text if subject.start > clause_start else ""
    verb = doc[subject.end].lower_ if subject.end < cues.sent.end else ""
    opens = (subject.start == clause_start or after == ":" or (after == "," and verb in _FINITE_AUXILIARIES)
             or (subject.start == clause_start + 1 and after.lower() in ("die", "das"))
             or (after == "wo" and subject.start - 2 >= clause_start and doc[subject.start - 2].text == ","))
    return opens and not cues.at("REPORT", start=subject.end)


# after a comma, a country is a subject only before its verb: '…, Russland habe 110.000 Soldaten zusammengezogen',
# not '…, Kiew von bis zu 12.000'
_FINITE_AUXILIARIES = frozenset("habe hat hatte hätte haben hatten sei ist war wäre sind waren seien werde wird wurde würde "
                         "werden wurden soll solle sollen kann könne könnte".split())


def _read_qualifier(doc, figure: Figure, cues: SentenceCues) -> None:
    """Set qualifier and bounds from the words before the figure or a verb like 'überschritten' in its clause."""
    if figure.qualifier in ("range", "vague"):
        return
    before = [s for s in cues.at("QUAL", end=figure.start) if s.id_.endswith("before")]
    if before:
        figure.qualifier = max(before, key=len).id_.split()[0]
    else:
        lo, hi = cues.segment(figure.start, SEGMENT_BREAKS)
        after = [s for s in cues.within("QUAL", lo, hi) if not s.id_.endswith("before")]
        if after:
            figure.qualifier = after[0].id_.split()[0]
    if figure.qualifier in ("more_than", "at_least"):
        figure.low = figure.value
    elif figure.qualifier in ("up_to", "less_than"):
        figure.high = figure.value


def _percentages(doc, raw: list, cues: SentenceCues) -> list:
    """'40 Prozent' and '40 %' as shares (0.4) to be taken of a figure like fractions are."""
    found = []
    for figure in raw:
        unit = cues.at("UNIT", start=figure.end)
        if unit and doc[figure.end].text in _PERCENT and figure.value is not None and 0 < figure.value <= 100:
            found.append(Cue(doc, figure.start, unit[0].end, "FRACTION", str(figure.value / 100)))
    return found


def _with_fractions(doc, claims: list, cues: SentenceCues, boundaries: list, before: Before, shares: list) -> list:
    """Add a claim for 'die Hälfte der rund 11.000', 'ein Drittel davon', 'Davon … jeder Dritte' or
    '40 Prozent des Kontingents von 11.000 Soldaten': `shares` are the fraction cues and percentages."""
    out = []
    for fraction in shares:
        base, end = _fraction_base(doc, fraction, claims, before, cues, boundaries)
        if base is None or base.value is None:
            continue
        start = fraction.start - 1 if fraction.start > cues.sent.start and doc[fraction.start - 1].lower_ in _FRACTION_ARTICLES else fraction.start
        qualifier = [s for s in cues.at("QUAL", end=start) if s.id_.endswith("before")]
        share = Figure(start, end, base.value * float(fraction.id_), base=base)
        lead = qualifier[0].start if qualifier else start
        if _restates(doc, claims, lead, share.value):
            continue  # 'rund 2.500 Opfer, fast ein Viertel der 11.000 Soldaten': the text gave the number itself
        share.qualifier = qualifier[0].id_.split()[0] if qualifier else ("approx" if base.qualifier == "approx" else "exact")
        share.low = share.value if share.qualifier in ("more_than", "at_least") else None
        follows = any(base is c for c in claims) and base.start > fraction.start  # not an earlier sentence's
        share.np_end = base.np_end if follows else end
        share.category = (category(doc, share, cues, [f for f in boundaries if f is not base])
                          or _set(share, base.category, "share_of_base"))
        if follows and base.unit in ("troops", "none"):
            _set(base, "deployed", "whole_of_share")  # the whole: 'jeder Vierte der 12.000 sei gefallen'
        out.append(share)
    return sorted(claims + out, key=lambda f: f.start)


_RESTATED = 0.25  # a share this close to the figure it stands in apposition to says that figure again


def _restates(doc, claims: list, start: int, value: float) -> bool:
    """True when the share starting at token `start` follows a figure's noun and a comma and comes to about the same
    number: an apposition that puts the figure in proportion, not a claim of its own."""
    if start < 1 or doc[start - 1].text != ",":
        return False
    said = next((c for c in claims if c.np_end in (start - 1, start) or c.end == start - 1), None)
    return bool(said and said.value and abs(value - said.value) <= _RESTATED * said.value)


def _fraction_base(doc, fraction: Span, claims: list, told: Before, cues: SentenceCues, raw: list) -> tuple:
    """(base figure, end of the fraction's words): the next figure ('der rund 11.000') or, with 'davon' or
    'von ihnen' around the fraction, the last one before it (in this sentence or an earlier one)."""
    words = [t.lower_ for t in doc[fraction.end : min(fraction.end + 2, cues.sent.end)]]
    before = [c for c in claims if c.end <= fraction.start] or told.figures
    last = before[-1] if before else None
    if any(f.end <= fraction.start and f not in claims for f in raw):
        last = None  # '34.000 Menschen …, rund 70 Prozent von ihnen Frauen': a share of what is no claim
    if words[:1] == ["davon"]:
        return last, fraction.end + 1
    if words[:2] == ["von", "ihnen"]:
        return last, fraction.end + 2
    lo = max(cues.sent.start, fraction.start - _DAVON_REACH)
    leading = [t.lower_ for t in doc[lo : fraction.start]]
    if "davon" in leading or "von denen" in " ".join(leading):  # '… 15.000 Soldaten, von denen etwa ein Drittel …'
        return last, fraction.end
    if words[:2] in (["dieser", "zahl"], ["der", "zahl"]):
        return last, fraction.end + 2
    if words[:1] and words[0] in ("der", "des", "von", "aller", "unter", "dieser", "dieses", "jener", "jenes", "seiner", "ihrer"):
        following = next((c for c in claims if fraction.end < c.start <= fraction.end + 3), None)
        hypothetical = any(t.lower_ in ("wenn", "falls") for t in doc[lo : fraction.start])  # 'Selbst wenn ein Viertel …'
        if following or len(words) < 2 or not _names_the_troops(words[1]) or hypothetical:
            return following, following.end if following else fraction.end
        return _whole_force(before, told), fraction.end + 2  # 'Knapp 15 Prozent der Truppe', maybe paragraphs before
    group = next((c for c in reversed(claims) if c.heads_group and c.end <= fraction.start), None)
    if group is None and _of_the_troops(doc, fraction, cues):
        group = _whole_force(before, told)
    return group, fraction.end


def _whole_force(before: list, told: Before) -> Figure | None:
    """The whole force a share is taken of: the largest deployment the paragraph counted so far ('rund 15.000
    Soldaten …, dazu 6.000 Pioniere'), else the article's last count of it."""
    counted = [c for c in before if c.category in _WHOLE_FORCE and c.value is not None]
    return max(counted, key=lambda c: c.value) if counted else told.troops


def _of_the_troops(doc, fraction: Span, cues: SentenceCues) -> bool:
    """'Von den Kampftruppen ist rund ein Drittel tot': the clause opens with the whole force, named without a figure."""
    lo, _ = cues.segment(fraction.start, SEGMENT_BREAKS)
    words = [t.lower_ for t in doc[lo : fraction.start]]
    return len(words) > 2 and words[0] == "von" and words[1] in ("den", "der") and _names_the_troops(words[2])


def _names_the_troops(word: str) -> bool:
    """'Truppe', 'Kontingents', 'Soldaten': a word for the whole force a fraction can be taken of."""
    return word.endswith(lexicon().troop_nouns) or stem(word) in _FORCES


_FORCES = frozenset({"trupp", "kontingent", "einheit", "streitmacht"})

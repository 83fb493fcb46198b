"""The category of a figure: from its own noun phrase, else the nearest cue after it, else before it."""
from core.cues import CLAUSE_BREAKS, SentenceCues

LOSSES = frozenset({"killed", "wounded", "killed_or_wounded", "captured", "missing"})
LINKS = frozenset({"und", "oder", "entweder", "bzw.", "sowie", "beziehungsweise", "einschließlich", "inklusive", "samt"})
# 'ums Leben oder wurden verletzt', 'gefallen oder so schwer verwundet'
_LINK_FILLERS = LINKS | {"wurden", "worden", "sind", "waren", "seien", "wären", "sein", "der", "die", "den", "so",
                         "schwer", "schwerst", "leicht"}
_DASHES = frozenset({"–", "—"})
_RELATIVE = frozenset({"die", "der", "das", "welche", "welcher", "welches", "denen", "deren", "dessen"})


def category(doc, figure, cues: SentenceCues, boundaries: list) -> str | None:
    """Category from the figure's own noun phrase, then the nearest cue after it, then before it; the rule that
    decided goes to `figure.why`."""
    lo, hi = _scope(doc, figure, cues, boundaries)
    listed = _listed_on(doc, figure, cues, hi)
    own = _combine(figure.np_cats + listed)
    if own == "wounded" and _taken_after(cues, figure, lo, hi):
        return _decided(figure, "captured", "taken_after")  # 'zwei verwundete Soldaten gefangen genommen'
    whole = own == "deployed" and doc[figure.end].lower_ in _OF_WHOLE  # '6.000 der Entsandten seien ausgefallen'
    if own and own != "reinforcements" and not whole:
        return _decided(figure, own, "noun", figure.np_cats + listed)
    cats = [
        c for c in cues.within("CAT", lo, hi)
        if c.id_ != "reinforcements" and not _counts_a_later_figure(doc, c, figure, boundaries)
        and not _for_them(cues, c) and not _purpose(cues, c, figure)
    ]
    after = [c for c in cats if c.start >= figure.np_end and not _in_relative_clause(doc, c.start, figure.np_end)]
    if len(after) > 1 and _placed(after[0]) and any(c.id_ in LOSSES for c in after[1:]):
        # a noun or a place, not the verb: '12.000 Mann starken Kontingents außer Gefecht gesetzt',
        # '300 Soldaten aus Nordkorea an der Front gefallen'
        after = [c for c in after if not _placed(c)]
    if after:
        group = _linked(doc, after, forward=True)
        return _decided(figure, _combine(group), "after", group)
    before = [c for c in cats if c.end <= figure.start]
    if before:
        group = _linked(doc, before[::-1], forward=False)
        return _decided(figure, _combine(group), "before", group)
    inside = [c for c in cats if c.start >= figure.np_end]  # 'Zwei Soldaten, die in Gefangenschaft geraten waren'
    if inside and not _added(cues, figure, lo):  # not 'weitere 3000 Soldaten, die die Verluste ausgleichen sollten'
        group = _linked(doc, inside, forward=True)
        return _decided(figure, _combine(group), "relative_clause", group)
    return _decided(figure, own, "noun_of_whole", figure.np_cats) if whole else None


def _decided(figure, name: str | None, rule: str, cues: list = ()) -> str | None:
    """Return category `name`, noting on the figure the rule and the words that gave it."""
    words = "+".join(c.text for c in cues[:3])
    figure.why = f"{rule}:{words}" if words else rule
    return name


_OF_WHOLE = frozenset({"der", "von"})  # "6.000 der Entsandten", "300 von den Soldaten"


def _listed_on(doc, figure, cues: SentenceCues, hi: int) -> list:
    """Cues that a list carries on from the figure's own noun: '4.000 Tote, Verwundete und Vermisste'."""
    own = [c for c in cues.within("CAT", figure.start, figure.np_end) if c.end == figure.np_end]
    after = [c for c in cues.within("CAT", figure.np_end, hi) if c.start >= figure.np_end]
    return _linked(doc, own + after, forward=True)[1:] if own and after else []


def _added(cues: SentenceCues, figure, lo: int) -> bool:
    """'weitere 3000 Soldaten', 'zusätzliche 1500': a word for reinforcements right before the figure or in its noun."""
    return any(c.id_ == "reinforcements" for c in cues.within("CAT", max(lo, figure.start - 2), figure.np_end))


def _scope(doc, figure, cues: SentenceCues, boundaries: list) -> tuple[int, int]:
    """The clause around a figure, cut at the neighbouring figures; a clause that closes a pair of dashes
    goes on from before them ('die Gesamtverluste – Tote und Verwundete – auf 4700 beziffert')."""
    lo, _ = cues.segment(figure.start, CLAUSE_BREAKS)
    _, hi = cues.segment(figure.end - 1, CLAUSE_BREAKS)  # past the dash of a range: '1.000–3.000 Soldaten'
    start = cues.sent.start
    if lo - 2 > start and doc[lo - 1].text in _DASHES:
        inner, _ = cues.segment(lo - 2, CLAUSE_BREAKS)
        if inner - 2 > start and doc[inner - 1].text in _DASHES:
            lo, _ = cues.segment(inner - 2, CLAUSE_BREAKS)
    for other in boundaries:
        if other.end <= figure.start:
            lo = max(lo, other.np_end or other.end)
        elif other.start >= figure.end and other.start != figure.start:
            hi = min(hi, other.start)
    return lo, hi


def _past_a_comma(doc, figure, cue) -> bool:
    """A cue after a comma that follows the figure tells of something else ('rund 11.000 geschickt, hinzu kommen
    weitere 3000'), unless it sits in a relative clause on the figure's noun ('1500 Mann, die zusätzlich …')."""
    if cue.start < figure.end or not any(t.text == "," for t in doc[figure.end : cue.start]):
        return False
    return not _in_relative_clause(doc, cue.start, figure.np_end)


_COME = frozenset({"kam", "kamen", "kommt", "kommen", "käme", "kämen"})


def _came_on_top(doc, figure, hi: int) -> bool:
    """'3000 kamen seit Januar dazu': a form of 'kommen' after the figure and 'dazu' or 'hinzu' closing its clause."""
    end = next((t.i for t in doc[figure.end : hi] if t.text == "("), hi)  # '… dazu (Generalstab Seoul)'
    words = [t.lower_ for t in doc[figure.end : end] if not t.is_punct]
    return bool(words) and words[-1] in ("dazu", "hinzu") and any(word in _COME for word in words)


def _for_them(cues: SentenceCues, cue) -> bool:
    """'als Ersatz für die Gefallenen', 'Medaillen für die Verwundeten': a loss the figure is for, not its own."""
    first = cues.sent.start
    lead = cues.texts[max(cue.start - 4, first) - first : cue.start - first]
    return cue.id_ in LOSSES and any(word.lower() == "für" for word in lead)


def _purpose(cues: SentenceCues, cue, figure) -> bool:
    """'weitere 1.500 Mann nachgeschickt, um die Ausfälle zu ersetzen': a loss in a purpose clause is not the figure's."""
    first, texts = cues.sent.start, cues.texts
    between = texts[figure.end - first : cue.start - first]
    return cue.id_ in LOSSES and "um" in between and "zu" in texts[cue.end - first : cue.end - first + 2]


def _taken_after(cues: SentenceCues, figure, lo: int, hi: int) -> bool:
    return any(c.id_ == "captured" and c.start >= figure.np_end for c in cues.within("CAT", lo, hi))


def _placed(cue) -> bool:
    """A deployment said by a noun or a phrase ('Kontingent', 'an der Front'), not by a verb ('geschickt')."""
    return cue.id_ == "deployed" and (cue.text[:1].isupper() or len(cue) > 1)


def _counts_a_later_figure(doc, cue, figure, boundaries: list) -> bool:
    """'… von 11.000 Soldaten gesprochen und die Zahl ihrer Toten mit 6000 angegeben': a cue in 'die Zahl
    der …' names what a figure after it counts, not the figure before."""
    before = {t.lower_ for t in doc[figure.np_end : cue.start]}
    return bool(before & _COUNT_NOUNS) and any(other.start >= cue.end for other in boundaries)


_COUNT_NOUNS = frozenset({"zahl", "gesamtzahl", "anzahl", "jene"})  # '… mit 600 angegeben, jene der Verwundeten'



def _in_relative_clause(doc, index: int, np_end: int) -> bool:
    """True when token `index` sits in a relative clause (', die … ,') opened after the figure's noun."""
    for j in range(np_end, index):
        if doc[j].text == "," and j + 1 < len(doc) and doc[j + 1].lower_ in _RELATIVE:
            close = next((k for k in range(j + 1, len(doc)) if doc[k].text in {",", ".", ";"}), len(doc))
            if j < index < close:
                return True
    return False


def _linked(doc, ordered: list, forward: bool) -> list:
    """The first cue in `ordered` plus cues joined to it by und/oder ('getötet oder verletzt'), or listed with commas
    where a link joins the list ('Tote, Verwundete und Vermisste')."""
    chain, linked = [ordered[0]], False
    for cue in ordered[1:]:
        left, right = (chain[-1], cue) if forward else (cue, chain[-1])
        gap = [t.lower_ for t in doc[left.end : right.start]]
        listed = bool(gap) and gap[0] == "," and all(word in _LINK_FILLERS for word in gap[1:])
        if not listed and (len(gap) > 3 or not any(word in LINKS for word in gap)
                           or not all(word in _LINK_FILLERS for word in gap)):
            break
        linked = linked or not listed
        chain.append(cue)
    return chain if linked else chain[:1]


def _combine(cats: list) -> str | None:
    """One category for a group of cues: killed and wounded together make killed_or_wounded."""
    names = {c.id_ for c in cats} - {"reinforcements"}
    if not names:
        return "reinforcements" if cats else None
    if "killed_or_wounded" in names or {"killed", "wounded"} <= names:
        return "killed_or_wounded"
    for name in ("killed", "wounded", "captured", "missing", "deployed"):
        if name in names:
            return name
    return None


def reinforced(doc, figure, cues: SentenceCues, boundaries: list) -> bool:
    """True when 'weitere', 'zusätzliche', 'Verstärkung' or 'nachgeschickt' goes with a deployed figure."""
    lo, hi = _scope(doc, figure, cues, boundaries)
    if _came_on_top(doc, figure, hi):
        return True
    later = [other.start for other in boundaries if other.start > figure.start]
    lead = cues.qualified_start(figure.start)  # 'noch einmal bis zu 30.000'
    for cue in cues.within("CAT", lo, hi):
        near = cue.start >= lead - 2 or not cue.text.islower()  # 'weitere 3.000', 'zweite Welle von 3.000'
        leads = any(0 <= start - cue.end <= 1 for start in later)  # '13.000 Kampftruppen und zusätzlich 1.000'
        if cue.id_ == "reinforcements" and near and not leads and not _past_a_comma(doc, figure, cue):
            return True
    return False

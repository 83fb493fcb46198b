"""German word lists from core/data, loaded once, and the stemmer used to match inflected forms."""
import csv
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
_SUFFIXES = ("ern", "em", "en", "er", "es", "e", "n", "s")


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """Lower-case `word` and strip up to two inflection endings (Geheimdienstes -> geheimdienst)."""
    word = word.lower().replace("ß", "ss")  # Swiss German writes ss: 'hiess', 'gemäss'
    for _ in range(2):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3 and word[-len(suffix) - 1].isalpha():
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


def rows(name: str) -> list[list[str]]:
    """Rows of a tab- or comma-separated data file, skipping comments and blank lines."""
    text = (DATA / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if name.endswith(".csv"):
        return [row for row in csv.reader(lines)][1:]
    return [line.split("\t") for line in lines]


def _words(name: str) -> tuple[str, ...]:
    return tuple(row[0].strip() for row in rows(name))


@dataclass(frozen=True)
class Lexicon:
    """Every word list the extractor uses."""

    number_words: dict
    multipliers: dict
    vague: dict
    fractions: dict
    qualifiers: tuple  # (phrase, qualifier, position)
    categories: tuple  # (phrase, category, stem|exact)
    troop_nouns: tuple  # lower-case noun endings
    anaphors: tuple
    article_counts: dict  # phrase -> soldiers it counts: 'ein nordkoreanischer Soldat' 1, 'die beiden Nordkoreaner' 2
    claimants: tuple  # (alias, key, strength): strong, weak (a place: only as a subject) or relay (a news agency)
    anaphoric_sources: dict  # alias -> allowed keys
    reporting: tuple
    frames: tuple  # (phrase, side)
    continuations: tuple
    descriptors: frozenset
    outlets: frozenset  # descriptors of outlets and institutes, whose own name beats a nationality: 'Zeitung'
    demonyms: dict  # adjective stem -> claimant key
    capitals: tuple  # (city, its adjective, claimant key)
    compatriots: dict  # a country's key -> the keys of its named sources: 'sk_military' -> ('nis',)
    institutions: tuple
    statements: tuple  # 'Angaben', 'Rechnung', 'Sicherheitskreise': after a country's adjective, its source
    non_claim: dict  # kind -> tuple of phrases
    months: dict
    weekdays: dict
    seasons: dict
    amount_verbs: tuple  # lower-case beginnings: 'belief', 'umfass'
    measure_verbs: tuple  # lower-case beginnings: 'beziffer', 'schätz'
    labels: frozenset  # first words of labels that name no speaker: 'Fazit', 'Korrektur'
    impersonal: tuple  # frames that name nobody: 'Schätzungen zufolge', 'es wird vermutet'
    relay_words: tuple  # lower-case word sequences with which an outlet passes on another's words: ('zitierte',)


@cache
def lexicon() -> Lexicon:
    """Load the word lists from core/data (once per process)."""
    return Lexicon(
        number_words={swiss: int(v) for w, v in rows("number_words.tsv") for swiss in _spellings(w.lower())},
        multipliers={w: int(v) for w, v in rows("multipliers.tsv")},
        vague={w: int(v) for w, v in rows("vague.tsv")},
        fractions={w: float(v) for w, v in rows("fractions.tsv")},
        qualifiers=tuple((p, q, pos) for p, q, pos in rows("qualifiers.tsv")),
        categories=tuple((p, c, m) for p, c, m in rows("categories.tsv")),
        troop_nouns=_words("troop_nouns.txt"),
        anaphors=_words("anaphors.txt"),
        article_counts={p: int(v) for p, v in rows("article_counts.tsv")},
        claimants=tuple((a, k, s) for a, k, s in rows("claimants.csv")),
        anaphoric_sources={a: tuple(k.split()) for a, k in rows("anaphoric_sources.csv")},
        reporting=_words("reporting.txt"),
        frames=tuple((p, side) for p, side in rows("frames.tsv")),
        continuations=_words("continuations.txt"),
        descriptors=frozenset(w.lower() for w in _words("descriptors.txt")),
        outlets=frozenset(row[0].strip().lower() for row in rows("descriptors.txt") if row[1:] == ["own"]),
        demonyms={stem(a): k for a, k in rows("demonyms.csv")},
        capitals=tuple((c, a, k) for c, a, k in rows("capitals.csv")),
        compatriots={k: tuple(others.split()) for k, others in rows("compatriots.csv")},
        institutions=_words("institutions.txt"),
        statements=_words("statements.txt"),
        non_claim={kind: tuple(p.strip() for p in phrases.split("|")) for kind, phrases in rows("non_claim.tsv")},
        months={w.lower(): int(v) for w, v in rows("months.tsv")},
        weekdays={w.lower(): int(v) for w, v in rows("weekdays.tsv")},
        seasons={w.lower(): (int(a), int(b)) for w, a, b in rows("seasons.tsv")},
        amount_verbs=_words("amount_verbs.txt"),
        measure_verbs=_words("measure_verbs.txt"),
        labels=frozenset(_words("labels.txt")),
        impersonal=_words("impersonal.txt"),
        relay_words=tuple(tuple(w.lower().split()) for w in _words("relay_words.txt")),
    )


def _spellings(text: str) -> set[str]:
    """`text` as German and as Swiss German (no ß) write it: 'dreißig', 'dreissig'."""
    return {text, text.replace("ß", "ss")}

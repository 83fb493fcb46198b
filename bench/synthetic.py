"""A seeded synthetic German news corpus for the benchmark, built from the blocks in bench/data/synthetic.tsv."""
import random
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

from core.lexicon import lexicon

DATA = Path(__file__).parent / "data"
MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November")
_SHARES = (("filler", 0.7), ("claim", 0.15), ("distractor", 0.15))  # kinds of sentence in a paragraph
_SLOT = re.compile(r"\{(\w+)\}")


@cache
def _blocks() -> dict:
    """Rows of synthetic.tsv by kind: sources as (nominative, dative), everything else as text."""
    blocks = defaultdict(list)
    for line in (DATA / "synthetic.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, *fields = line.split("\t")
            blocks[kind].append(tuple(fields) if kind == "source" else fields[0])
    return dict(blocks)


@cache
def _number_words() -> dict:
    """German words for the values 2..12 (zwei .. zwölf), from the number-word list."""
    return {value: word for word, value in lexicon().number_words.items() if 2 <= value <= 12}


def german_figure(value: int, rng: random.Random) -> str:
    """`value` written as German articles write it: 11.000, 11 000, 11000 or elftausend."""
    words = _number_words()
    style = rng.random()
    if style > 0.9 and value % 1000 == 0 and value // 1000 in words:
        return words[value // 1000] + "tausend"
    if style > 0.9 and value < 1000 and value % 100 == 0 and value // 100 in words:
        return words[value // 100] + "hundert"
    if value < 1000 or style > 0.7:
        return str(value)
    grouped = f"{value:,}"
    return grouped.replace(",", ".") if style < 0.5 else grouped.replace(",", " ")


def _sentence(kind: str, rng: random.Random) -> str:
    blocks = _blocks()
    nom, dat = rng.choice(blocks["source"])
    value = rng.randrange(1, 150) * 100
    slots = {
        "nom": nom,
        "Nom": nom[:1].upper() + nom[1:],
        "dat": dat,
        "Dat": dat[:1].upper() + dat[1:],
        "q": rng.choice(blocks["qualifier"]) if rng.random() < 0.7 else "",
        "n": german_figure(value, rng),
        "m": german_figure(value + rng.randrange(1, 20) * 100, rng),
        "year": str(rng.randrange(2022, 2026)),
        "month": rng.choice(MONTHS),
        "day": str(rng.randint(1, 28)),
        "age": str(rng.randint(19, 60)),
        "k": str(rng.randrange(2, 60)),
        "money": str(rng.randrange(5, 40) * 100),
    }
    text = _SLOT.sub(lambda m: slots[m.group(1)], rng.choice(blocks[kind]))
    return " ".join(text.split())


def _paragraph(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return rng.choice(_blocks()["heading"])
    kinds, weights = zip(*_SHARES)
    return " ".join(_sentence(kind, rng) for kind in rng.choices(kinds, weights, k=rng.randint(2, 6)))


def _wrap(paragraph: str, width: int, rng: random.Random) -> str:
    """Hard-wrap a paragraph as a PDF export does, sometimes with a page break (blank lines) mid-sentence."""
    lines, line = [], ""
    for word in paragraph.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    if len(lines) > 2 and rng.random() < 0.2:
        lines.insert(rng.randrange(1, len(lines)), "\n\n")
    return "\n".join(lines)


def article_text(index: int, seed: int = 0) -> str:
    """The text of synthetic article number `index`; the same (index, seed) always gives the same text."""
    rng = random.Random(seed * 1_000_003 + index)
    title = rng.choice(_blocks()["title"])
    paragraphs = [_paragraph(rng) for _ in range(rng.randint(6, 14))]
    layout = rng.random()
    if layout < 0.4:
        width = rng.randint(55, 75)
        body = "\n\n".join(_wrap(p, width, rng) for p in paragraphs)
        return f"{title}\n\n{body}\n\nhttps://example.org/artikel/{index}\n"
    if layout < 0.6:
        published = f"{rng.randrange(2024, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        front = f"---\ntitle: \"{title}\"\noutlet: Synthetische Zeitung\npublished: {published}\n---\n"
        return front + "\n\n".join(paragraphs) + "\n"
    return f"# {title}\n" + "\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, megabytes: float | None = None, count: int | None = None, seed: int = 0) -> list[Path]:
    """Write synthetic articles into `folder` until they hold `megabytes` MB or number `count`; return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    limit = float("inf") if megabytes is None else megabytes * 1e6
    most = float("inf") if count is None else count
    paths, total = [], 0
    while total < limit and len(paths) < most:
        data = article_text(len(paths), seed).encode("utf-8")
        path = folder / f"{len(paths):06d}.txt"
        path.write_bytes(data)
        paths.append(path)
        total += len(data)
    return paths

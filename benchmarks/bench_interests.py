"""Reading interests from free text: tag quality per language, "circles", and speed.

    python benchmarks/bench_interests.py            # all three parts
    python benchmarks/bench_interests.py corpus     # or: circles, speed

- corpus: the labelled answers of `benchmarks/data/answers_<lang>.tsv` (language, answer,
  the tags a person would give) read by `interests.read_cell`; precision and recall of the
  tags per language, and the misses listed.
- circles: people in hidden groups describe their group's topics in their own words (other
  spellings, other languages, team and product names, narrower topics, typos, a niche
  phrase of the group that no vocabulary knows) plus one topic of their own; the event is
  imported and planned. Share of meetings inside a group, and of those the share whose card
  (the table's `shared`) says what they share. Compared with reading cells as clean tags.
- speed: importing a form export of 1,000 and 10,000 free-text answers (fresh process,
  vocabulary built included), then reading every stored answer again with an event synonym
  (what `import` of another file, `import EVENT --synonyms` and a plan after walk-ins do).
Figures, not tests: nothing here asserts.
"""

from __future__ import annotations

import csv
import random
import subprocess
import sys
import time
import tomllib
from collections import defaultdict
from pathlib import Path
from tempfile import TemporaryDirectory

from eventrunner.importing import read_attendees
from eventrunner.interests import default_vocabulary, parse_tags, read_cell
from eventrunner.model import Attendee, EventSettings
from eventrunner.resources import seed_file
from eventrunner.scheduling import plan

DATA = Path(__file__).parent / "data"
LANGS = ("en", "de", "fr", "es", "it", "pt", "nl")


# --- corpus -----------------------------------------------------------------------------------


def corpus(name: str = "answers_{lang}.tsv", title: str = "Labelled corpus") -> None:
    vocabulary = default_vocabulary()
    print(f"{title}: precision / recall of the tags read, per language")
    header = f"{'lang':<5}{'answers':>8}{'precision':>11}{'recall':>8}"
    print(f"{header}  misses (answer: missed | extra)")
    total = [0, 0, 0, 0]
    for lang in LANGS:
        lines = (DATA / name.format(lang=lang)).read_text(encoding="utf-8").splitlines()
        rows = [row for line in lines if (row := line.split("\t"))[0] == lang]
        tp = fp = fn = 0
        misses = []
        for _, answer, labels in rows:
            want = {t.strip() for t in labels.split(";") if t.strip()}
            got = set(read_cell(answer, vocabulary).tags)
            tp += len(want & got)
            fp += len(got - want)
            fn += len(want - got)
            if got != want:
                misses.append(f"{answer}: {sorted(want - got)} | {sorted(got - want)}")
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        total = [total[0] + len(rows), total[1] + tp, total[2] + fp, total[3] + fn]
        print(f"{lang:<5}{len(rows):>8}{precision:>10.1%}{recall:>8.1%}")
        for miss in misses:
            print(f"       {miss}")
    n, tp, fp, fn = total
    print(f"{'all':<5}{n:>8}{tp / max(tp + fp, 1):>10.1%}{tp / max(tp + fn, 1):>8.1%}")


# --- circles ----------------------------------------------------------------------------------

TEMPLATES = {
    "en": [
        "I'm into {a} and {b}, also {c}",
        "{a}, {b} & {c}",
        "Mostly {a}; big fan of {b}. Also {c}",
    ],
    "de": ["Ich interessiere mich für {a} und {b}, außerdem {c}", "{a}, {b} und {c}"],
    "fr": ["J'aime {a} et {b}, aussi {c}", "{a}, {b} et {c}"],
    "es": ["Me gusta {a} y {b}, también {c}", "{a}, {b} y {c}"],
    "it": ["Mi piace {a} e {b}, anche {c}", "{a}, {b} e {c}"],
    "pt": ["Gosto de {a} e {b}, também {c}", "{a}, {b} e {c}"],
    "nl": ["Ik hou van {a} en {b}, ook {c}", "{a}, {b} en {c}"],
}
# One phrase per group that no vocabulary knows (a local club, a niche game): there must be
# at least as many as groups, or two groups share one (a real shared topic across groups).
NICHE = [
    "zorblax league", "quillball club", "vantor chess circle", "murkle racing", "tindle choir",
    "brasko knitting club", "ferro kite club", "olum poetry nights", "glimmer rowing crew",
    "pakko darts team", "sprocket film club", "yelder quiz team", "krandel hiking crew",
    "wobbet league", "frisk lantern society", "daltor cooking circle", "umbrix go club",
    "peltra dance crew", "zintel book club", "morrow kayak club", "quorin lego league",
    "saffel trivia nights", "brindle choir", "tovak puzzle hunt",
]  # fmt: skip


def _spellings() -> dict[str, dict[str, list[str]]]:
    """Tag -> language -> spellings people type (from seeds/, as written, accents kept)."""
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    with seed_file("interests.toml").open("rb") as f:
        for entries in tomllib.load(f).values():
            for tag, aliases in entries.items():
                found[tag]["en"].extend([tag, *aliases])
    for lang in LANGS:
        with seed_file(f"aliases/{lang}.toml").open("rb") as f:
            for tag, aliases in tomllib.load(f).items():
                found[tag][lang].extend(aliases)
    with seed_file("brands.toml").open("rb") as f:
        for tag, names in tomllib.load(f).items():
            found[tag]["en"].extend(n.title() for n in names)
    with seed_file("related.toml").open("rb") as f:
        for broad, entries in tomllib.load(f).items():
            for tag, aliases in entries.items():
                found[broad]["en"].extend([tag, *aliases])  # a narrower topic: related
    return found


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 7 or " " in word:
        return word
    k = rng.randrange(1, len(word) - 1)
    return word[:k] + word[k + 1 :]


def circles_event(seed: int, groups: int, size: int) -> tuple[list[str], list[str], list[int]]:
    """Answers, their languages and the hidden group of each person."""
    if groups > len(NICHE):
        raise ValueError(f"{groups} groups but only {len(NICHE)} niche phrases")
    rng = random.Random(seed)
    spellings = _spellings()
    concepts = sorted(t for t, by in spellings.items() if sum(len(v) for v in by.values()) >= 4)
    rng.shuffle(concepts)
    answers, langs, group_of = [], [], []
    for g in range(groups):
        topics = concepts[g * 3 : g * 3 + 3]
        for _ in range(size):
            lang = rng.choice(LANGS)
            words = []
            for tag in rng.sample(topics, 2):
                by = spellings[tag]
                pool = by.get(lang) or by["en"]
                word = rng.choice(pool if rng.random() < 0.7 else by["en"])
                words.append(_typo(rng, word) if rng.random() < 0.1 else word)
            own = rng.choice(concepts[groups * 3 :])
            words.append(NICHE[g] if rng.random() < 0.5 else own)
            rng.shuffle(words)
            a, b, c = words
            answers.append(rng.choice(TEMPLATES[lang]).format(a=a, b=b, c=c))
            langs.append(lang)
            group_of.append(g)
    return answers, langs, group_of


def _measure(people: list[Attendee], group_of: dict[str, int], rounds: int) -> tuple[float, float]:
    result = plan(people, EventSettings(name="circles", rounds=rounds), time_limit=5, seed=1)
    inside = explained = total = 0
    for rnd in result.rounds:
        for table in rnd.tables:
            total += 1
            a, b = table.attendees[0], table.attendees[1]
            if group_of[a] == group_of[b]:
                inside += 1
                explained += bool(table.shared)
    return inside / max(total, 1), explained / max(inside, 1)


def circles() -> None:
    print("\nCircles: hidden groups describing the same topics in their own words (1:1 rounds)")
    print(f"{'event':<28}{'reading':<14}{'in group':>9}{'explained':>10}")
    for seed, groups, size, rounds in ((1, 8, 6, 5), (2, 12, 8, 6), (3, 20, 6, 5)):
        answers, _, hidden = circles_event(seed, groups, size)
        with TemporaryDirectory() as tmp:
            path = Path(tmp) / "form.csv"
            with path.open("w", newline="", encoding="utf-8") as f:
                out = csv.writer(f)
                out.writerow(["Name", "Email Address", "What are your interests?"])
                for i, answer in enumerate(answers):
                    out.writerow([f"P{i}", f"p{i}@example.org", answer])
            report = read_attendees(path)
        read = list(report.attendees)
        group_of = {p.id: hidden[i] for i, p in enumerate(read)}
        clean = [Attendee(id=p.id, name=p.name, interests=parse_tags(answers[i]))
                 for i, p in enumerate(read)]  # fmt: skip
        name = f"{groups}x{size} people, {rounds} rounds"
        for label, people in (("clean tags", clean), ("free text", read)):
            inside, explained = _measure(people, group_of, rounds)
            print(f"{name:<28}{label:<14}{inside:>9.1%}{explained:>10.1%}")
            name = ""


# --- speed ------------------------------------------------------------------------------------

_SPEED = """
import csv, random, sys, time
from pathlib import Path
t0 = time.perf_counter()
from eventrunner.importing import read_attendees, reread
n, path = int(sys.argv[1]), Path(sys.argv[2])
t1 = time.perf_counter()
report = read_attendees(path)
t2 = time.perf_counter()
reread(report.attendees, {"caps": "hockey"})
t3 = time.perf_counter()
print(f"{n},{t1 - t0:.2f},{t2 - t1:.2f},{t3 - t2:.2f},{len(report.attendees)},"
      f"{len(report.answers)}")
"""


def speed() -> None:
    print("\nSpeed: importing a form export of free-text answers (fresh process each)")
    print(f"{'answers':>8}{'import s':>10}{'read s':>8}{'again s':>9}{'people':>8}{'free':>7}")
    answers = [
        line.split("\t")[1]
        for lang in LANGS
        for line in (DATA / f"answers_{lang}.tsv").read_text().splitlines()
    ]
    rng = random.Random(5)
    for n in (1000, 10000):
        with TemporaryDirectory() as tmp:
            path = Path(tmp) / "form.csv"
            with path.open("w", newline="", encoding="utf-8") as f:
                out = csv.writer(f)
                out.writerow(["Name", "Email Address", "What are your interests?"])
                for i in range(n):
                    # Two answers joined, a word dropped at random: few exact repeats.
                    text = f"{rng.choice(answers)}, {rng.choice(answers)}".split()
                    text.pop(rng.randrange(len(text)))
                    out.writerow([f"P{i}", f"p{i}@example.org", " ".join(text)])
            line = subprocess.run(
                [sys.executable, "-c", _SPEED, str(n), str(path)],
                capture_output=True, text=True, check=True,
            ).stdout.strip()  # fmt: skip
        count, imp, read, again, people, free = line.split(",")
        print(f"{count:>8}{imp:>10}{read:>8}{again:>9}{people:>8}{free:>7}")


if __name__ == "__main__":
    parts = sys.argv[1:] or ["corpus", "heldout", "circles", "speed"]
    started = time.perf_counter()
    for part in parts:
        if part == "heldout":
            print()
            corpus("heldout.tsv", "Held-out answers (written after the vocabulary, never tuned on)")
        else:
            {"corpus": corpus, "circles": circles, "speed": speed}[part]()
    print(f"\n({time.perf_counter() - started:.0f} s)")

"""Benchmark of the recommendation tagger: throughput of each mode, and its figures on the
OHCHR file when it is available.

    .venv/bin/python bench/tagging.py                     # 2,000 synthetic recommendations
    .venv/bin/python bench/tagging.py --count 10000 --embeddings --model-cache /tmp/models

Throughput is recommendations tagged per second: the median of five timed runs, wall clock
and CPU time, after one untimed warm-up run (which loads vocabularies and the language
detector and fills the stem caches). The load average is printed before and after: on a
shared machine, wall-clock figures mean little above a load of about the number of cores.
The learned tagger is trained first on the synthetic texts' own topics (training is timed
separately). Target: 1,000 recommendations a second in every mode.

The synthetic recommendations are seeded and read like UPR and treaty-body ones: a verb, one
or two topics (children's rights, trafficking and exploitation, or the rest of the human-rights
field), a qualifier, and the recommending State in brackets.

When ``/work/shared/data/ohchr_upr_thematic_SVN_c3c4.csv`` (469 UPR recommendations to
Slovenia, cycles 3 and 4, labelled by OHCHR) exists, its texts (read from there at run time,
never copied) are timed in every mode too, and the evaluation table of ``impact recs
evaluate`` (every mode beside the TF-IDF + logistic regression baseline, on the same folds) is
printed for it, and for our French and Spanish translations of 72 of its recommendations
(``tests/data/tagging/ohchr_sample_{fr,es}.csv``, labels read from the OHCHR file by id), whose
zero-shot throughput is also measured (stemming and the cue vocabularies of those languages).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import time
from pathlib import Path

from rich.console import Console

from impactkit.cli.recs_evaluate import render_evaluation
from impactkit.recommendations.tagging import (
    BaselineTagger,
    CatalogueView,
    Embedder,
    KeywordTagger,
    LearnedTagger,
    Tagger,
    ZeroShotTagger,
    load_embedder,
)
from impactkit.services.tagging_evaluation import evaluate_file_modes

OHCHR = Path("/work/shared/data/ohchr_upr_thematic_SVN_c3c4.csv")
SAMPLES = Path(__file__).parents[1] / "tests" / "data" / "tagging"
OHCHR_MAPPING = {
    "Children": "child-rights",
    "Children in vulnerable situations*": "child-rights",
    "Prohibition of slavery, trafficking": "trafficking",
    "Human trafficking & contemporary forms of slavery": "trafficking",
}

VERBS = ("Strengthen", "Ensure", "Adopt measures on", "Take further steps to address",
         "Continue its efforts on", "Allocate sufficient resources to", "Step up",
         "Intensify efforts regarding", "Consider developing a national strategy on")
TOPICS: dict[str, tuple[str, ...]] = {
    "child-rights": (
        "the protection of children from all forms of violence, including corporal punishment",
        "access to inclusive education for Roma children", "the juvenile justice system",
        "the rights of unaccompanied migrant children", "child marriage",
        "the participation of adolescents in decisions that affect them",
        "alternative care and deinstitutionalisation of children with disabilities",
    ),
    "trafficking": (
        "the identification and protection of victims of trafficking in human beings",
        "the prosecution of traffickers and adequate penalties", "forced labour in agriculture",
        "the sexual exploitation of women and girls", "the fight against human trafficking",
        "labour exploitation of migrant workers",
    ),
    "": (
        "freedom of expression and media pluralism", "the independence of the judiciary",
        "hate speech and racial discrimination", "the rights of persons with disabilities",
        "gender equality in political life", "the right to adequate housing",
        "prison conditions", "climate change adaptation", "the status of the erased",
        "the national human rights institution", "tax reform",
    ),
}
QUALIFIERS = ("", " in line with international standards", ", including through training",
              " and ensure adequate funding", ", in consultation with civil society")
STATES = ("Albania", "Brazil", "Canada", "Chile", "France", "Germany", "India", "Italy", "Japan",
          "Mexico", "Norway", "Portugal", "Spain", "Sweden", "Ukraine")


def synthetic(count: int, seed: int = 0) -> tuple[list[str], list[set[str]]]:
    """``count`` seeded recommendations and the summary tags their topics carry."""
    rng = random.Random(seed)
    texts, labels = [], []
    for _ in range(count):
        chosen = rng.sample(list(TOPICS), k=rng.choice((1, 1, 1, 2)))
        phrases = [rng.choice(TOPICS[key]) for key in chosen]
        texts.append(f"{rng.choice(VERBS)} {' and '.join(phrases)}{rng.choice(QUALIFIERS)} "
                     f"({rng.choice(STATES)});")
        labels.append({key for key in chosen if key})
    return texts, labels


def throughput(tagger: Tagger, texts: list[str], runs: int = 5) -> tuple[float, float]:
    """Recommendations per second by wall clock and by CPU time: the median of ``runs``
    timed runs, after one untimed warm-up run."""
    tagger.predict(texts)
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        tagger.predict(texts)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return len(texts) / statistics.median(walls), len(texts) / max(statistics.median(cpus),
                                                                   1e-9)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} cores)"


def read_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as source:
        return [row["recommendation"] for row in csv.DictReader(source)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--embeddings", action="store_true",
                        help="also measure zero-shot and learned with embeddings (ml extra)")
    parser.add_argument("--model-cache", type=Path, default=None)
    args = parser.parse_args()

    print(load())
    texts, labels = synthetic(args.count)
    catalogue = CatalogueView.default()
    embedders: list[Embedder | None] = [None]
    if args.embeddings:
        start = time.perf_counter()
        loaded = load_embedder(args.model_cache, required=True)
        embedders.append(loaded)
        print(f"embedder {loaded and loaded.name} loaded (distilled on first use) in "
              f"{time.perf_counter() - start:.1f} s")
    ohchr = read_texts(OHCHR) if OHCHR.exists() else []
    print(f"{len(texts)} synthetic recommendations"
          + (f"; the {len(ohchr)} of {OHCHR.name}" if ohchr else ""))
    print("recommendations per second, median of 5 runs after a warm-up run")
    print(f"{'mode':<36} {'synthetic wall':>14} {'CPU':>7}"
          + (f" {'OHCHR wall':>11} {'CPU':>7}" if ohchr else ""))

    def show(name: str, tagger: Tagger, extra: str = "") -> None:
        rates = [*throughput(tagger, texts), *(throughput(tagger, ohchr) if ohchr else ())]
        cells = [f"{rates[0]:>14,.0f}", f"{rates[1]:>7,.0f}",
                 *([f"{rates[2]:>11,.0f}", f"{rates[3]:>7,.0f}"] if ohchr else [])]
        print(f"{name:<36} {' '.join(cells)}{extra}")

    show("keywords", KeywordTagger())
    show("baseline (tf-idf + logistic regr.)", BaselineTagger().fit(texts, labels))
    for embedder in embedders:
        suffix = " + embeddings" if embedder is not None else ""
        zero_shot = ZeroShotTagger(catalogue, embedder=embedder)
        show("zero-shot" + suffix, zero_shot)
        start = time.perf_counter()
        learned = LearnedTagger(zero_shot).fit(texts, labels)
        show("learned" + suffix, learned,
             f"   (training {time.perf_counter() - start:.1f} s)")

    for language in ("fr", "es"):
        translated = read_texts(SAMPLES / f"ohchr_sample_{language}.csv")
        many = (translated * (args.count // len(translated) + 1))[:args.count]
        rate = throughput(ZeroShotTagger(catalogue), many)
        print(f"{'zero-shot, ' + language + ' (sample repeated)':<36} {rate[0]:>14,.0f} "
              f"{rate[1]:>7,.0f}")
    print(load())

    if OHCHR.exists():
        console = Console(width=250)
        for use in [False, *([True] if args.embeddings else [])]:
            reports = evaluate_file_modes(
                OHCHR, text_column="recommendation",
                labels_column=["groups_of_persons", "themes"], mapping=OHCHR_MAPPING,
                embeddings=use, cache_dir=args.model_cache)
            console.print()
            render_evaluation(console, reports, location=OHCHR.name)
        for language in ("fr", "es"):
            sample = SAMPLES / f"ohchr_sample_{language}.csv"
            reports = evaluate_file_modes(
                sample, text_column="recommendation",
                labels_column=["groups_of_persons", "themes"], mapping=OHCHR_MAPPING,
                labels_from=OHCHR, join=["cycle", "rec_id"], folds=3)
            console.print()
            render_evaluation(console, reports, location=sample.name)


if __name__ == "__main__":
    main()

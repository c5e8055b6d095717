"""Benchmark of the recommendation tagger: throughput of each mode, and its figures on the
OHCHR file when it is available.

    .venv/bin/python bench/tagging.py                     # 2,000 synthetic recommendations
    .venv/bin/python bench/tagging.py --count 10000 --embeddings --model-cache /tmp/models

Throughput is recommendations tagged per second (best of three runs, wall clock; the CPU time
of the best run is printed beside it, the fairer figure on a busy machine). The learned tagger
is trained first on the synthetic texts' own topics (training is timed separately). Target:
1,000 recommendations a second in every mode.

The synthetic recommendations are seeded and read like UPR and treaty-body ones: a verb, one
or two topics (children's rights, trafficking and exploitation, or the rest of the human-rights
field), a qualifier, and the recommending State in brackets.

When ``/work/shared/data/ohchr_upr_thematic_SVN_c3c4.csv`` (469 UPR recommendations to
Slovenia, cycles 3 and 4, labelled by OHCHR) exists, the evaluation table of ``impact recs
evaluate`` (every mode beside the TF-IDF + logistic regression baseline, on the same folds) is
printed for it, and for our French and Spanish translations of 72 of its recommendations
(``tests/data/tagging/ohchr_sample_{fr,es}.csv``, labels read from the OHCHR file by id), whose
zero-shot throughput is also measured (stemming and the cue vocabularies of those languages).
"""

from __future__ import annotations

import argparse
import csv
import random
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


def throughput(tagger: Tagger, texts: list[str]) -> tuple[float, float]:
    """Best of three: recommendations per second by wall clock, and by CPU time."""
    best_wall = best_cpu = float("inf")
    for _ in range(3):
        wall, cpu = time.perf_counter(), time.process_time()
        tagger.predict(texts)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return len(texts) / best_wall, len(texts) / max(best_cpu, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--embeddings", action="store_true",
                        help="also measure zero-shot and learned with embeddings (ml extra)")
    parser.add_argument("--model-cache", type=Path, default=None)
    args = parser.parse_args()

    texts, labels = synthetic(args.count)
    catalogue = CatalogueView.default()
    embedders: list[Embedder | None] = [None]
    if args.embeddings:
        start = time.perf_counter()
        loaded = load_embedder(args.model_cache, required=True)
        embedders.append(loaded)
        print(f"embedder {loaded and loaded.name} loaded (distilled on first use) in "
              f"{time.perf_counter() - start:.1f} s")
    print(f"{len(texts)} synthetic recommendations")
    print(f"{'mode':<36} {'recs/s (wall)':>14} {'recs/s (CPU)':>13}")
    rate = throughput(KeywordTagger(), texts)
    print(f"{'keywords':<36} {rate[0]:>14,.0f} {rate[1]:>13,.0f}")
    rate = throughput(BaselineTagger().fit(texts, labels), texts)
    print(f"{'baseline (tf-idf + logistic regr.)':<36} {rate[0]:>14,.0f} {rate[1]:>13,.0f}")
    for embedder in embedders:
        suffix = " + embeddings" if embedder is not None else ""
        zero_shot = ZeroShotTagger(catalogue, embedder=embedder)
        rate = throughput(zero_shot, texts)
        print(f"{'zero-shot' + suffix:<36} {rate[0]:>14,.0f} {rate[1]:>13,.0f}")
        start = time.perf_counter()
        learned = LearnedTagger(zero_shot).fit(texts, labels)
        fitted = time.perf_counter() - start
        rate = throughput(learned, texts)
        print(f"{'learned' + suffix:<36} {rate[0]:>14,.0f} {rate[1]:>13,.0f}"
              f"   (training {fitted:.1f} s)")

    for language in ("fr", "es"):
        with (SAMPLES / f"ohchr_sample_{language}.csv").open(encoding="utf-8") as sample:
            translated = [row["recommendation"] for row in csv.DictReader(sample)]
        many = (translated * (args.count // len(translated) + 1))[:args.count]
        rate = throughput(ZeroShotTagger(catalogue), many)
        print(f"{'zero-shot, ' + language:<36} {rate[0]:>14,.0f} {rate[1]:>13,.0f}")

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

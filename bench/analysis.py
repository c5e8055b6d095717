"""Benchmark of the analysis engine on synthetic workspaces.

    .venv/bin/python bench/analysis.py                      # 10k, 100k and 1M findings
    .venv/bin/python bench/analysis.py --sizes 10000 200000

Each size runs in a fresh process (so max RSS is that size's alone) and prints: the time to
build the domain objects (not part of the analysis), the wall and CPU time of ``analyse`` (CPU
time is the fairer figure on a busy machine), the tracemalloc peak of a second ``analyse`` run
(tracemalloc slows it down, so it is not timed), and the process's max RSS (domain objects
included). Targets: 100k under 1 s and 1M under 10 s.

The workspaces are seeded and realistic in mix: about 10% of findings not assessed and 5%
not applicable, 1-3 provisions each (5% also naming a cluster), 1-2 sectors, 0-3 child groups,
exclusion criteria on a third of inclusion findings, sectors in tension on half of coherence
findings, 200 actors with one mandate each and 300 links. The catalogue is the default one
when ``impactkit.catalogue.loader.load_default_catalogue`` is importable (and
``--synthetic-catalogue`` is not given), else a synthetic one of the same size (260 provisions,
9 clusters).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from typing import Any

import numpy as np

from impactkit.analysis import analyse
from impactkit.catalogue.schema import (
    Area,
    Catalogue,
    Cluster,
    ExploitationForm,
    Instrument,
    Provision,
    RatingLevel,
    RatingScale,
    Term,
)
from impactkit.domain import (
    Actor,
    Confidence,
    CoordinationLink,
    Finding,
    FindingStatus,
    Jurisdiction,
    Mandate,
    RatingState,
    Workspace,
    WorkspaceData,
)

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)


def _terms(*codes: str) -> list[Term]:
    return [Term(code=c, title=c) for c in codes]


def synthetic_catalogue() -> Catalogue:
    """A catalogue of the default's size and vocabulary, for when the default is absent."""
    sizes = {"CRC": 54, "OPSC": 17, "OPAC": 13, "PALERMO": 20, "ILO138": 18, "ILO182": 16,
             "CETS197": 47, "CETS201": 50, "EUATD": 25}
    instruments = [
        Instrument(code=code, title=code, short_title=code, body="UN", provisions=[
            Provision(code=f"{code}-{i}", article=str(i), title=f"{code} article {i}",
                      assessable=not (code == "CRC" and i >= 43))
            for i in range(1, n + 1)])
        for code, n in sizes.items()]
    clusters = {"general-measures": (4, 42, 44), "definition": (1,),
                "general-principles": (2, 3, 6, 12),
                "civil-rights": (7, 8, 13, 14, 15, 16, 17),
                "violence": (19, 24, 28, 34, 37, 39),
                "family-care": (5, 9, 10, 11, 18, 20, 21, 25, 27),
                "health-welfare": (6, 18, 23, 24, 26, 27, 33),
                "education-leisure": (28, 29, 30, 31),
                "special-protection": (22, 30, 32, 33, 34, 35, 36, 37, 38, 39, 40)}
    return Catalogue(
        key="impact-default", version="synthetic", title="Synthetic benchmark catalogue",
        instruments=instruments,
        clusters=[Cluster(code=c, title=c, provisions=[f"CRC-{a}" for a in arts])
                  for c, arts in clusters.items()],
        areas=[Area(code=c, title=c, questions=["?"]) for c in
               ("inclusion", "compliance", "appropriateness", "effectiveness", "coherence")],
        layers=_terms("law-policy", "practice", "child-perspective"),
        needs_dimensions=[], systemic_dimensions=[],
        sectors=_terms("child-protection", "law-enforcement", "judiciary", "labour",
                       "education", "health", "immigration", "social-economic",
                       "finance-budget", "governance"),
        child_groups=_terms("unaccompanied", "separated", "asylum-seeking", "refugee",
                            "undocumented", "stateless", "ethnic-minority", "disability",
                            "alternative-care", "out-of-school", "street-connected", "working",
                            "trafficking-victims", "in-conflict-with-law", "deprived-of-liberty",
                            "girls", "boys", "lgbtqi", "rural", "poverty", "left-behind"),
        forms=[ExploitationForm(code=c, title=c) for c in (
            "sexual-exploitation", "online-sexual-exploitation", "labour-exploitation",
            "domestic-servitude", "forced-begging", "forced-criminality", "child-marriage",
            "illegal-adoption", "organ-removal", "armed-recruitment", "sale-of-children")],
        exclusion_criteria=_terms("status", "age", "nationality", "documents", "place",
                                  "form-of-exploitation"),
        mandate_functions=_terms("identification", "referral", "protection"),
        actor_types=_terms("agency"), actor_levels=_terms("national"),
        instrument_kinds=_terms("law"),
        link_kinds=_terms("referral", "coordination-body", "data-sharing", "funding",
                          "supervision", "conflict"),
        evidence_kinds=_terms("desk-review"), indicators=[],
        rating_scale=RatingScale(levels=[RatingLevel(value=v, label=str(v), description="")
                                         for v in range(5)]))


def load_catalogue(synthetic: bool = False) -> tuple[Catalogue, str]:
    if synthetic:
        return synthetic_catalogue(), "synthetic"
    try:
        from impactkit.catalogue.loader import load_default_catalogue
    except ImportError:
        return synthetic_catalogue(), "synthetic"
    return load_default_catalogue(), "default"


def _pick(rng: np.random.Generator, codes: list[str], counts: np.ndarray) -> list[tuple[str, ...]]:
    """For each count, that many distinct codes (a random sample)."""
    chosen = rng.integers(0, len(codes), size=(len(counts), max(int(counts.max()), 1)))
    return [tuple(dict.fromkeys(codes[j] for j in row[:k])) for row, k in
            zip(chosen.tolist(), counts.tolist(), strict=True)]


def synthetic_workspace(catalogue: Catalogue, n: int, seed: int = 7) -> WorkspaceData:
    rng = np.random.default_rng(seed)
    provisions = [p.code for p in catalogue.provisions() if p.assessable]
    clusters, sectors = catalogue.codes("clusters"), catalogue.codes("sectors")
    groups, forms = catalogue.codes("child_groups"), catalogue.codes("forms")
    criteria, areas = catalogue.codes("exclusion_criteria"), catalogue.codes("areas")
    layers = catalogue.codes("layers")
    states = [RatingState.RATED, RatingState.NOT_ASSESSED, RatingState.NOT_APPLICABLE]
    state = rng.choice(3, size=n, p=[0.85, 0.10, 0.05])
    rating = rng.integers(0, 5, size=n)
    area = rng.integers(0, len(areas), size=n)
    layer = rng.integers(0, len(layers), size=n)
    confidence = rng.integers(0, 3, size=n)
    status = rng.integers(0, 3, size=n)
    prov = _pick(rng, provisions, rng.integers(1, 4, size=n))
    clus = _pick(rng, clusters, (rng.random(n) < 0.05).astype(np.int64))
    sect = _pick(rng, sectors, rng.integers(1, 3, size=n))
    grp = _pick(rng, groups, rng.integers(0, 4, size=n))
    inclusion, coherence = areas.index("inclusion"), areas.index("coherence")
    crit = _pick(rng, criteria, ((area == inclusion) & (rng.random(n) < 1 / 3)) * 2)
    tens = _pick(rng, sectors, ((area == coherence) & (rng.random(n) < 0.5)) * 2)
    confidences, statuses = list(Confidence), list(FindingStatus)
    # findings arrive in no particular key order, as from a database, and are allocated in
    # the order they arrive (as a store would)
    numbers = rng.permutation(n).tolist()
    findings = [
        Finding(key=f"F-{numbers[i]:07d}", area=areas[a], layer=layers[la], provisions=p,
                clusters=c, sectors=s, groups=g, rating=int(r) if st == 0 else None,
                rating_state=states[st], confidence=confidences[cf], status=statuses[su],
                exclusion_criteria=ec, tension_sectors=ts)
        for i, (a, la, p, c, s, g, r, st, cf, su, ec, ts) in enumerate(zip(
            area.tolist(), layer.tolist(), prov, clus, sect, grp, rating.tolist(),
            state.tolist(), confidence.tolist(), status.tolist(), crit, tens, strict=True))]
    actors = [Actor(key=f"A-{i}", name=f"Actor {i}", sector=sectors[i % len(sectors)])
              for i in range(200)]
    mandates = [Mandate(key=f"M-{i}", actor_key=f"A-{i}",
                        provisions=tuple(rng.choice(provisions, size=5, replace=False).tolist()),
                        forms=tuple(rng.choice(forms, size=1).tolist()) if i % 3 else ())
                for i in range(200)]
    kinds = ["referral", "coordination-body", "data-sharing", "funding", "supervision",
             "conflict"]
    links = [CoordinationLink(key=f"L-{i}", source_key=f"A-{rng.integers(200)}",
                              target_key=f"A-{rng.integers(200)}", kind=kinds[i % len(kinds)])
             for i in range(300)]
    return WorkspaceData(
        workspace=Workspace(key=f"bench-{n}", title="Benchmark", cycle="bench",
                            jurisdiction=Jurisdiction(code="XB", name="Benchland",
                                                      fictional=True)),
        actors=actors, mandates=mandates, links=links, findings=findings)


def run_one(n: int, seed: int, synthetic: bool = False) -> dict[str, Any]:
    catalogue, source = load_catalogue(synthetic)
    started = time.perf_counter()
    data = synthetic_workspace(catalogue, n, seed)
    build = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    report = analyse(data, catalogue)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    del report
    tracemalloc.start()
    analyse(data, catalogue)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"findings": n, "catalogue": source, "build_s": round(build, 3),
            "analyse_s": round(seconds, 3), "analyse_cpu_s": round(cpu, 3),
            "analyse_peak_mb": round(peak / 2**20, 1),
            "max_rss_mb": round(rss_kb / 1024, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES),
                        help="numbers of findings (default: 10000 100000 1000000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--synthetic-catalogue", action="store_true",
                        help="use the synthetic catalogue even when the default one exists")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_one(args.sizes[0], args.seed, args.synthetic_catalogue)))
        return 0
    print(f"{'findings':>10} {'catalogue':>9} {'build s':>8} {'analyse s':>10} {'cpu s':>6} "
          f"{'peak MB':>8} {'max RSS MB':>11}")
    for n in args.sizes:
        command = [sys.executable, __file__, "--child", "--sizes", str(n), "--seed",
                   str(args.seed), *(["--synthetic-catalogue"] if args.synthetic_catalogue else [])]
        out = subprocess.run(command, check=True, capture_output=True, text=True)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{row['findings']:>10} {row['catalogue']:>9} {row['build_s']:>8.2f} "
              f"{row['analyse_s']:>10.2f} {row['analyse_cpu_s']:>6.2f} "
              f"{row['analyse_peak_mb']:>8.1f} "
              f"{row['max_rss_mb']:>11.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

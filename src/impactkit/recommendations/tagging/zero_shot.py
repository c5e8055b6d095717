"""Zero-shot tagging: no labelled examples, only the curated cues and the catalogue.

Signals, combined in this order for each text:

1. curated cues, each a probability, combined by noisy-or: regular expressions for English
   (:mod:`.vocabulary`), stemmed phrases for French and Spanish (:mod:`.lexicon`), the
   language chosen per text (:func:`~.lexicon.text_language`); and rules that read a
   provision from two ideas in one clause (:mod:`.provision_rules`: a child and trafficking
   make CRC Art. 35);
2. catalogue titles: a text that repeats most content words of a provision's title (and
   phrases of its full text, when ``impact catalogue load-texts`` added it);
3. the catalogue's links, each damped: a form of exploitation suggests its provisions (the
   trafficking instruments only when trafficking is named, ILO C182 Art. 3 only for the
   worst forms of child labour: :data:`~.provision_rules.LINK_NEEDS`), a provision its
   clusters, a child-specific form or group the child-rights tag, a trafficking form the
   trafficking tag;
4. optionally, an embedding model (:mod:`.embeddings`): the margin between the nearest
   in-scope prompt and the nearest other prompt raises or lowers a summary tag, but never
   vetoes a clear cue.

The catalogue's titles and texts and the embedding prompts are English: for a French or
Spanish text only the cues, the rules and the links speak.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from impactkit.recommendations.tagging.catalogue_view import CatalogueView
from impactkit.recommendations.tagging.cues import (
    compile_cue,
    content_bigrams,
    content_stems,
    logit,
    noisy_or,
    sigmoid,
)
from impactkit.recommendations.tagging.embeddings import Embedder
from impactkit.recommendations.tagging.lexicon import LEXICON_LANGUAGES, lexicon, text_language
from impactkit.recommendations.tagging.provision_rules import (
    CONCEPT,
    CONCEPT_CUES_EN,
    apply_rules,
    clause_bounds,
    link_allowed,
    split_clauses,
)
from impactkit.recommendations.tagging.suggestions import (
    CHILD_RIGHTS,
    SUMMARY_TAGS,
    TRAFFICKING,
    TaggingResult,
    TagSuggestion,
    parse_tag,
)
from impactkit.recommendations.tagging.vocabulary import (
    CHILD_LINKED,
    CURATED_CUES,
    PROMPTS,
    TRAFFICKING_LINKED,
    WEAK_CHILD_CONTEXTS,
    WEAK_CHILD_WEIGHT,
)

Evidence = dict[str, list[tuple[float, str]]]
Phrase = tuple[str, str]


@dataclass(frozen=True, slots=True)
class ZeroShotWeights:
    """Fixed, label-free weights of the combination (set by reasoning, not fitted)."""

    prior: float = 0.05  # a summary tag with no evidence at all
    embedding: float = 1.5  # log-odds per unit of clipped prompt margin
    explicit_cue: float = 0.7  # a cue-based confidence at or above this is never lowered
    embedding_scale: float = 0.08  # a margin of this size counts as one unit
    title_match: float = 0.5  # a full match of a provision title's content words
    text_match: float = 0.15  # each phrase shared with a provision's full text ...
    text_match_cap: float = 0.45  # ... up to this much
    propagation: float = 0.8  # damping from form to provision to cluster
    child_link: float = 0.7  # child-specific form or group -> child-rights
    trafficking_link: float = 0.6  # trafficking form or group -> trafficking


def distinctive_phrases(texts: Mapping[str, str], *, most: int = 2) -> dict[str, set[Phrase]]:
    """The phrases (pairs of content stems) of each provision text that at most ``most``
    provisions share: "ensure that" or "human rights" is in every treaty and says nothing of
    which article a recommendation is about; "illicit transfer" does."""
    phrases = {tag: content_bigrams(text) for tag, text in texts.items()}
    counts = Counter(phrase for found in phrases.values() for phrase in found)
    return {tag: {p for p in found if counts[p] <= most} for tag, found in phrases.items()}


TITLE_SUPPORT = "title: "
"""How a suggestion's support names a catalogue title the text echoed (the review queue marks
a suggestion with no other support as title-only)."""

READ_LANGUAGES = ("en", *LEXICON_LANGUAGES)
"""The languages the zero-shot tagger reads: English by its cue expressions, the others by
their stemmed cue vocabularies."""


class ZeroShotTagger:
    """Cues, catalogue titles and links, and the embedding signal when an embedder is given.

    ``catalogue`` defaults to the packaged catalogue. Pass ``embedder`` from
    :func:`~.embeddings.load_embedder` to use sentence similarity; None uses the rest only.
    """

    name = "zero-shot"

    def __init__(self, catalogue: CatalogueView | None = None, *,
                 embedder: Embedder | None = None,
                 weights: ZeroShotWeights | None = None) -> None:
        self.catalogue = catalogue or CatalogueView.default()
        self.embedder = embedder
        self.weights = weights or ZeroShotWeights()
        self._cues = [(tag, compile_cue(pattern), weight)
                      for tag, cues in CURATED_CUES.items() for pattern, weight in cues]
        self._cues += [(tag, compile_cue(pattern), 1.0)
                       for tag, pattern in CONCEPT_CUES_EN.items()]
        self._weak_child = compile_cue("|".join(WEAK_CHILD_CONTEXTS))
        self._title_stems = {  # two content words at least: one word is no title match
            tag: stems for tag, title in self.catalogue.titles.items()
            if tag.startswith("provision:") and len(stems := content_stems(title)) >= 2}
        self._titles_with: dict[str, list[str]] = {}  # stem -> the titles holding it
        for tag, title_stems in self._title_stems.items():
            for title_stem in title_stems:
                self._titles_with.setdefault(title_stem, []).append(tag)
        self._text_bigrams = distinctive_phrases(self.catalogue.provision_texts)
        self._prompts: dict[str, np.ndarray] = {}
        if embedder is not None:
            self._prompts = {key: embedder.encode(prompts) for key, prompts in PROMPTS.items()}

    def fit(self, texts: Sequence[str], labels: Sequence[Iterable[str]]) -> ZeroShotTagger:
        """Nothing to learn: see :class:`~.learned.LearnedTagger` for that."""
        return self

    def predict(self, texts: Sequence[str], languages: Sequence[str] | None = None
                ) -> list[TaggingResult]:
        """``languages`` given (a recommendation's stored language, detected on import) is
        trusted when it is one the cue vocabularies read; otherwise the text tells."""
        given = languages or [""] * len(texts)
        languages = [language if language in READ_LANGUAGES else text_language(text)
                     for text, language in zip(texts, given, strict=True)]
        english = [i for i, language in enumerate(languages) if language == "en"]
        margins = self._embedding_margins([texts[i] for i in english])
        at = {i: n for n, i in enumerate(english)}
        return [self._tag(text, language,
                          {tag: float(m[at[i]]) for tag, m in margins.items()}
                          if i in at else {})
                for i, (text, language) in enumerate(zip(texts, languages, strict=True))]

    # -- signals -----------------------------------------------------------------------------
    def _cue_evidence(self, text: str) -> tuple[Evidence, list[set[str]]]:
        """Evidence of the English cues, and the concepts found in each clause."""
        lowered = text.lower()
        weak_spans = [(a, b) for a, b, _ in self._weak_child.finditer(text, lowered)]
        bounds = clause_bounds(text)
        clauses: list[set[str]] = [set() for _ in range(len(bounds) + 1)]
        evidence: Evidence = {}
        same = len(text) == len(lowered)
        for tag, cue, weight in self._cues:
            for match in cue.pattern.finditer(lowered):  # inlined Cue.finditer: the hot loop
                start = match.start()
                if start and (lowered[start - 1].isalnum() or lowered[start - 1] == "_"):
                    continue
                words = text[start:match.end()] if same else match.group(0)
                weak = bool(weak_spans) and any(a <= start < b for a, b in weak_spans)
                if tag.startswith(CONCEPT):
                    if not (weak and tag == "concept:child"):
                        clauses[bisect_right(bounds, start)].add(tag)
                    continue
                w = weight
                if weak and tag in (CHILD_RIGHTS, "group:girls"):
                    w = min(w, WEAK_CHILD_WEIGHT)
                evidence.setdefault(tag, []).append((w, words))
        return evidence, clauses

    def _lexicon_evidence(self, text: str, language: str) -> tuple[Evidence, list[set[str]]]:
        """Evidence of a French or Spanish text's stemmed cues, and each clause's concepts."""
        vocabulary = lexicon(language)
        evidence: Evidence = {}
        clauses: list[set[str]] = []
        for clause in split_clauses(text):
            matches, offsets = vocabulary.match(clause)
            weak_spans = vocabulary.weak_child_spans(clause)
            concepts: set[str] = set()
            seen: set[tuple[str, int]] = set()  # "niño" and "niña" share a stem: count it once
            for m in matches:
                if (m.tag, m.start) in seen:
                    continue
                seen.add((m.tag, m.start))
                weak = any(a <= offsets[m.start] < b for a, b in weak_spans)
                if m.tag.startswith(CONCEPT):
                    if not (weak and m.tag == "concept:child"):
                        concepts.add(m.tag)
                else:
                    w = min(m.weight, WEAK_CHILD_WEIGHT) if weak and m.tag in (
                        CHILD_RIGHTS, "group:girls") else m.weight
                    evidence.setdefault(m.tag, []).append((w, m.phrase))
            clauses.append(concepts)
        return evidence, clauses

    def _catalogue_evidence(self, text: str, evidence: Evidence) -> None:
        stems = content_stems(text)
        candidates = {tag for word in stems for tag in self._titles_with.get(word, ())}
        for tag in candidates:
            title_stems = self._title_stems[tag]
            shared = title_stems & stems
            coverage = len(shared) / len(title_stems)
            if len(shared) >= 2 and coverage >= 0.6:
                evidence.setdefault(tag, []).append(
                    (self.weights.title_match * coverage,
                     TITLE_SUPPORT + self.catalogue.titles[tag]))
        if not self._text_bigrams:
            return
        bigrams = content_bigrams(text)
        for tag, provision_bigrams in self._text_bigrams.items():
            shared_phrases = sorted(bigrams & provision_bigrams)
            if len(shared_phrases) >= 2:
                weight = min(self.weights.text_match_cap,
                             self.weights.text_match * len(shared_phrases))
                phrases = ", ".join(" ".join(pair) for pair in shared_phrases[:3])
                evidence.setdefault(tag, []).append((weight, f"text: {phrases}"))

    def _embedding_margins(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        if self.embedder is None or not texts:
            return {}
        vectors = self.embedder.encode(texts)
        other = (vectors @ self._prompts["other"].T).max(axis=1)
        return {tag: (vectors @ self._prompts[tag].T).max(axis=1) - other
                for tag in SUMMARY_TAGS}

    # -- combination -------------------------------------------------------------------------
    def _tag(self, text: str, language: str, margins: dict[str, float]) -> TaggingResult:
        w = self.weights
        if language == "en":
            evidence, clauses = self._cue_evidence(text)
            self._catalogue_evidence(text, evidence)
        else:
            evidence, clauses = self._lexicon_evidence(text, language)
        for tag, weight, reason in apply_rules(clauses):
            evidence.setdefault(tag, []).append((weight, reason))
        concepts = set().union(*clauses)
        conf = {tag: noisy_or(p for p, _ in items) for tag, items in evidence.items()}
        support = {tag: [s for _, s in items] for tag, items in evidence.items()}
        for form, provisions in self.catalogue.form_provisions.items():
            if conf.get(form, 0.0) > 0:
                for provision in provisions:
                    if not link_allowed(provision, concepts):
                        continue
                    conf[provision] = noisy_or([conf.get(provision, 0.0),
                                                w.propagation * conf[form]])
                    support.setdefault(provision, []).append(f"via {form}")
        for provision in [t for t in conf if t.startswith("provision:")]:
            for cluster in self.catalogue.provision_clusters.get(provision, ()):
                conf[cluster] = max(conf.get(cluster, 0.0), w.propagation * conf[provision])
                support.setdefault(cluster, []).append(f"via {provision}")
        for summary, linked, damping in ((CHILD_RIGHTS, CHILD_LINKED, w.child_link),
                                         (TRAFFICKING, TRAFFICKING_LINKED, w.trafficking_link)):
            links = sorted(t for t in linked if t in conf)
            support.setdefault(summary, []).extend(f"via {t}" for t in links)
            value = noisy_or([w.prior, conf.get(summary, 0.0),
                              *(damping * conf[t] for t in links)])
            if summary in margins:
                margin = margins[summary]
                unit = max(-1.0, min(1.0, margin / w.embedding_scale))
                if unit < 0 and value >= w.explicit_cue:
                    unit = 0.0  # similarity may raise a tag or sink a weak one, never veto a cue
                value = sigmoid(logit(value) + w.embedding * unit)
                support[summary].append(f"embedding margin {margin:+.3f}")
            conf[summary] = value
        result = TaggingResult(text)
        for tag, confidence in conf.items():
            kind, code = parse_tag(tag)
            result.add(TagSuggestion(kind, code, round(confidence, 4),
                                     tuple(dict.fromkeys(support.get(tag, ())))))
        return result


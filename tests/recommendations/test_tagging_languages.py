"""Provision tags a specialist expects on clear cases, in English, French and Spanish; the
French and Spanish cue vocabularies; the translated OHCHR sample evaluated with its labels
read from the source file."""

from __future__ import annotations

from pathlib import Path

import pytest

from impactkit.errors import ValidationError
from impactkit.recommendations.tagging import ZeroShotTagger
from impactkit.recommendations.tagging.lexicon import lexicon, text_language
from impactkit.services.tagging_evaluation import evaluate_file_modes
from tests.conftest import shared_file

SAMPLES = Path(__file__).parents[1] / "data" / "tagging"


@pytest.fixture(scope="module")
def zero_shot() -> ZeroShotTagger:
    return ZeroShotTagger()


def decided(tagger: ZeroShotTagger, text: str) -> set[str]:
    return {s.tag for s in tagger.predict([text])[0].ranked(minimum=0.5)}


# upr-4-140.99, and our French and Spanish translations of it
CHILD_VICTIMS = {
    "en": "Continue providing mandatory training on early identification and referral of "
          "victims of trafficking, especially children, to the appropriate services (Cyprus);",
    "fr": "Continuer de dispenser une formation obligatoire sur l'identification précoce des "
          "victimes de la traite, en particulier des enfants, et sur leur orientation vers les "
          "services appropriés (Chypre);",
    "es": "Seguir impartiendo capacitación obligatoria sobre la identificación temprana de las "
          "víctimas de la trata, especialmente los niños, y su derivación a los servicios "
          "apropiados (Chipre);",
}
CHILD_LABOUR = {
    "en": "Eliminate child labour, in particular in agriculture (Italy);",
    "fr": "Éliminer le travail des enfants, en particulier dans l'agriculture (Italie);",
    "es": "Erradicar el trabajo infantil, en particular en la agricultura (Italia);",
}
WORST_FORMS = {
    "en": "Eliminate the worst forms of child labour, including hazardous work (Italy);",
    "fr": "Éliminer les pires formes de travail des enfants, y compris les travaux dangereux "
          "(Italie);",
    "es": "Erradicar las peores formas de trabajo infantil, incluido el trabajo peligroso "
          "(Italia);",
}
RECOVERY = {
    "en": "Ensure the physical and psychological recovery and social reintegration of child "
          "victims of sexual exploitation (Spain);",
    "fr": "Assurer la réadaptation physique et psychologique et la réinsertion sociale des "
          "enfants victimes d'exploitation sexuelle (Espagne);",
    "es": "Garantizar la recuperación física y psicológica y la reintegración social de los "
          "niños víctimas de explotación sexual (España);",
}
WOMEN_AND_GIRLS = {
    "en": "Combat trafficking in women and girls (Sweden);",
    "fr": "Combattre la traite des femmes et des filles (Suède);",
    "es": "Combatir la trata de mujeres y niñas (Suecia);",
}


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_clear_cases_get_the_provisions_a_specialist_expects(zero_shot: ZeroShotTagger,
                                                             language: str) -> None:
    assert text_language(CHILD_VICTIMS[language]) == language
    victims = decided(zero_shot, CHILD_VICTIMS[language])
    assert {"child-rights", "trafficking", "provision:CRC-35", "provision:CRC-39",
            "provision:PALERMO-6", "sector:child-protection"} <= victims
    labour = decided(zero_shot, CHILD_LABOUR[language])
    assert {"child-rights", "provision:CRC-32", "provision:ILO138-1",
            "form:labour-exploitation"} <= labour
    # child labour is neither trafficking nor, in general, one of its worst forms (ILO C182)
    assert not labour & {"trafficking", "provision:CRC-35", "provision:PALERMO-3",
                         "provision:EUATD-2", "provision:ILO182-1", "provision:ILO182-3"}
    worst = zero_shot.predict([WORST_FORMS[language]])[0]
    assert {"provision:CRC-32", "provision:ILO182-1", "provision:ILO182-3"} <= {
        s.tag for s in worst.ranked(minimum=0.5)}
    assert worst.confidence("provision:ILO182-1") > worst.confidence("provision:ILO138-1")
    assert not worst.decided("trafficking") and not worst.decided("provision:PALERMO-3")
    recovery = zero_shot.predict([RECOVERY[language]])[0]
    assert recovery.confidence("provision:CRC-39") >= 0.8  # recovery named outright
    assert recovery.decided("provision:CRC-34")
    # trafficking in women and girls is not, by itself, trafficking of children
    women = decided(zero_shot, WOMEN_AND_GIRLS[language])
    assert "trafficking" in women and "provision:CRC-35" not in women


def test_forced_labour_of_adults_is_no_child_labour_convention(zero_shot: ZeroShotTagger) -> None:
    adults = decided(zero_shot, "Eliminate forced labour in agriculture (Brazil);")
    assert "trafficking" in adults  # a contemporary form of slavery...
    assert not {t for t in adults if t.startswith(("provision:ILO", "provision:CRC"))}
    hazardous = decided(zero_shot, "Protéger les enfants contre les travaux dangereux (Italie);")
    assert {"provision:CRC-32", "provision:ILO182-3"} <= hazardous


# False friends: words that share a stem (or a spelling) with a cue and mean something else.
# Each text must get none of the tags listed beside it.
FALSE_FRIENDS = {
    "fr": [
        ("Prévenir les mauvais traitements infligés aux enfants dans les institutions (Chili);",
         {"trafficking", "provision:CRC-35", "provision:PALERMO-3"}),
        ("Ratifier le traité sur l'interdiction des armes nucléaires (Autriche);",
         {"trafficking", "provision:PALERMO-3"}),
        ("Traiter les demandes d'asile des mineurs non accompagnés sans délai (Suède);",
         {"trafficking", "provision:CRC-35"}),
        ("Le Comité traite la question de la torture avec sérieux (Pérou);",
         {"trafficking"}),
        ("Ratifier les amendements de Kampala au Statut de Rome de la Cour pénale "
         "internationale (Suisse);", {"group:ethnic-minority"}),
        ("Dépénaliser les délits mineurs commis par des adultes (Norvège);",
         {"child-rights"}),
        # colloquial wording: a weak cue, which alone decides neither trafficking nor Art. 35
        ("Lutter contre le trafic d'êtres humains visant les enfants (Italie);",
         {"trafficking", "provision:CRC-35"}),
    ],
    "es": [
        ("Prevenir los malos tratos a los niños en las instituciones (Chile);",
         {"trafficking", "provision:CRC-35", "provision:PALERMO-3"}),
        ("Prevenir la tortura y otros tratos o penas crueles, inhumanos o degradantes (Perú);",
         {"trafficking", "provision:PALERMO-3"}),
        ("Ratificar el Tratado sobre la Prohibición de las Armas Nucleares (Austria);",
         {"trafficking", "provision:PALERMO-3"}),
        ("Tratar con prontitud las solicitudes de asilo de los menores no acompañados "
         "(Suecia);", {"trafficking", "provision:CRC-35"}),
        ("Se trata de garantizar la igualdad de los hombres y las mujeres (Uruguay);",
         {"trafficking"}),
        ("Despenalizar los delitos menores cometidos por adultos (Noruega);",
         {"child-rights"}),
        # "prestar atención" is to pay attention, not care for victims
        ("Prestar atención a los datos sobre los niños víctimas de explotación (Perú);",
         {"provision:CRC-39", "sector:child-protection"}),
        # colloquial wording: a weak cue, which alone decides neither trafficking nor Art. 35
        ("Combatir el tráfico de personas, en particular de niños (Italia);",
         {"trafficking", "provision:CRC-35"}),
        ("Ratificar las enmiendas de Kampala al Estatuto de Roma (Suiza);",
         {"group:ethnic-minority"}),
    ],
}
TRUE_FRIENDS = {  # the same words where they do mean the cue
    "fr": [("Combattre la traite des enfants (Italie);", {"trafficking", "provision:CRC-35"}),
           ("Protéger les victimes de traite (Grèce);", {"trafficking"}),
           ("Protéger les Roms contre la discrimination (Hongrie);",
            {"group:ethnic-minority"}),
           ("Protéger les droits des mineurs migrants (Malte);", {"child-rights"})],
    "es": [("Combatir la trata de niñas (Italia);", {"trafficking", "provision:CRC-35"}),
           ("Trata de personas: proteger a las víctimas (Grecia);", {"trafficking"}),
           ("Proteger a los romaníes contra la discriminación (Hungría);",
            {"group:ethnic-minority"}),
           ("Proteger los derechos de los menores migrantes (Malta);", {"child-rights"})],
}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_false_friends_get_no_tag_and_the_real_words_do(zero_shot: ZeroShotTagger,
                                                        language: str) -> None:
    for text, wrong in FALSE_FRIENDS[language]:
        assert text_language(text) == language, text
        assert not decided(zero_shot, text) & wrong, text
    for text, right in TRUE_FRIENDS[language]:
        assert text_language(text) == language
        assert right <= decided(zero_shot, text), text


def test_a_rule_needs_its_ideas_in_one_clause(zero_shot: ZeroShotTagger) -> None:
    together = "Combat the trafficking of children and protect their rights (Italy);"
    apart = ("Combat trafficking in persons (Italy); Guarantee the right of every child to "
             "education (Spain);")
    assert "provision:CRC-35" in decided(zero_shot, together)
    assert "provision:CRC-35" not in decided(zero_shot, apart)
    assert {"trafficking", "child-rights"} <= decided(zero_shot, apart)


def test_stems_match_other_inflections_and_shared_stems_count_once(
        zero_shot: ZeroShotTagger) -> None:
    matches, _ = lexicon("es").match("la trata de niñas")
    assert {"provision:CRC-35", "child-rights"} <= {m.tag for m in matches}
    # "niños" and "niñas" both stem to "nin": "mujeres y niñas" stays a weak child context
    women = zero_shot.predict(["Eliminar la violencia contra las mujeres y las niñas "
                               "(República de Corea);"])[0]
    assert not women.decided("child-rights")
    assert text_language("Protect the rights of children in alternative care (Chile);") == "en"


# --- the translated sample ------------------------------------------------------------------
OHCHR_MAPPING = {
    "Children": "child-rights",
    "Children in vulnerable situations*": "child-rights",
    "Prohibition of slavery, trafficking": "trafficking",
    "Human trafficking & contemporary forms of slavery": "trafficking",
}


@pytest.mark.parametrize("language", ["fr", "es"])
def test_zero_shot_tags_the_translated_sample(language: str) -> None:
    source = shared_file("ohchr_upr_thematic_SVN_c3c4.csv")
    keywords, zero_shot = evaluate_file_modes(
        SAMPLES / f"ohchr_sample_{language}.csv", text_column="recommendation",
        labels_column=["groups_of_persons", "themes"], mapping=OHCHR_MAPPING,
        modes=("keywords", "zero-shot"), folds=3, labels_from=source,
        join=["cycle", "rec_id"])
    assert zero_shot.count == 72
    assert zero_shot.tags["child-rights"].support == 32
    assert zero_shot.tags["trafficking"].support == 20
    assert zero_shot.tags["trafficking"].precision >= 0.85
    for tag in ("child-rights", "trafficking"):
        assert zero_shot.tags[tag].f1 >= 0.8
        assert zero_shot.tags[tag].f1 > keywords.tags[tag].f1  # the word list is English
        assert zero_shot.baseline is not None and tag in zero_shot.baseline.tags


def test_labels_from_another_file_must_match_every_row(tmp_path: Path) -> None:
    texts = tmp_path / "sample.csv"
    texts.write_text("id,text\n1,Protéger les enfants\n7,Combattre la traite\n",
                     encoding="utf-8")
    labels = tmp_path / "source.csv"
    labels.write_text("id,text,topics\n1,Protect children,Kids\n2,Combat trafficking,Slavery\n"
                      "2,Again,Slavery\n", encoding="utf-8")
    with pytest.raises(ValidationError) as raised:
        evaluate_file_modes(texts, text_column="text", labels_column="topics",
                            mapping={"Kids": "child-rights"}, modes=("keywords",),
                            folds=2, labels_from=labels, join=["id"])
    messages = [(p.location, p.row, p.message) for p in raised.value.problems]
    assert (str(labels), 4, "two rows have id='2'") in messages
    assert (str(texts), 3, f"no row of {labels} has id='7'") in messages


def test_the_stored_language_reads_a_text_too_short_to_tell(zero_shot: ZeroShotTagger) -> None:
    """A recommendation's language is detected on import and stored: the tagger reads it in
    that language instead of guessing again from a few words."""
    text = "Combatir la trata infantil."
    (guessed,) = zero_shot.predict([text])
    (told,) = zero_shot.predict([text], ["es"])
    assert "CRC-35" not in guessed.codes("provisions")
    assert "CRC-35" in told.codes("provisions")

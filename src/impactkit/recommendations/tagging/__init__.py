"""Suggest tags for recommendation texts: summary tags, provisions, clusters, sectors, groups,
forms of exploitation, each with a confidence and the words that support it.

Three modes share one interface (:class:`~.suggestions.Tagger`): the keyword list
(:class:`KeywordTagger`), zero-shot from the catalogue and curated vocabularies in English,
French and Spanish (:class:`ZeroShotTagger`), and a linear model trained on people's decisions
(:class:`LearnedTagger`). :func:`evaluate_table` scores them on a labelled table, each beside
the plain supervised baseline (:class:`BaselineTagger`) on the same folds. Suggestions
stay suggestions: nothing here writes a tag on a recommendation.
"""

from impactkit.recommendations.tagging.baseline import BaselineTagger
from impactkit.recommendations.tagging.catalogue_view import CatalogueView
from impactkit.recommendations.tagging.decisions import TrainingSet, training_set
from impactkit.recommendations.tagging.embeddings import Embedder, load_embedder
from impactkit.recommendations.tagging.evaluation import (
    MODES,
    EvaluationReport,
    Mode,
    evaluate,
    evaluate_table,
)
from impactkit.recommendations.tagging.keywords import KeywordTagger
from impactkit.recommendations.tagging.labelled import (
    LabelledSet,
    Table,
    parse_mapping,
    read_labelled,
)
from impactkit.recommendations.tagging.learned import LearnedTagger
from impactkit.recommendations.tagging.metrics import TagScores
from impactkit.recommendations.tagging.suggestions import (
    DECISION_THRESHOLD,
    TAG_HELP,
    Tagger,
    TaggingResult,
    TagSuggestion,
    parse_tag,
    tag_text,
)
from impactkit.recommendations.tagging.zero_shot import ZeroShotTagger, ZeroShotWeights

__all__ = [
    "DECISION_THRESHOLD",
    "MODES",
    "TAG_HELP",
    "BaselineTagger",
    "CatalogueView",
    "Embedder",
    "EvaluationReport",
    "KeywordTagger",
    "LabelledSet",
    "LearnedTagger",
    "Mode",
    "Table",
    "TagScores",
    "TagSuggestion",
    "Tagger",
    "TaggingResult",
    "TrainingSet",
    "ZeroShotTagger",
    "ZeroShotWeights",
    "evaluate",
    "evaluate_table",
    "load_embedder",
    "parse_mapping",
    "parse_tag",
    "read_labelled",
    "tag_text",
    "training_set",
]

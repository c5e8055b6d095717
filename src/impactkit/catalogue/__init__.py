"""The catalogue: the IMPACT methodology as data.

Instruments and their provisions, reporting clusters, areas of analysis, layers,
dimensions, sectors, child groups, forms of exploitation, indicators, the rating scale and
the scoring rules, written in YAML (``default/`` holds the one shipped with the package) and
validated into :class:`Catalogue`. Full treaty texts are read separately (:mod:`.texts`).
"""

from impactkit.catalogue.loader import (
    DEFAULT_KEY,
    load_catalogue,
    load_default_catalogue,
    validate_catalogue,
)
from impactkit.catalogue.schema import Catalogue
from impactkit.catalogue.texts import TreatyTexts, read_treaty_texts, with_texts

__all__ = [
    "DEFAULT_KEY",
    "Catalogue",
    "TreatyTexts",
    "load_catalogue",
    "load_default_catalogue",
    "read_treaty_texts",
    "validate_catalogue",
    "with_texts",
]

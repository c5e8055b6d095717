"""What the tagger needs from a catalogue, as plain data keyed by tag strings.

The zero-shot tagger reads the catalogue's own titles (a recommendation that repeats most
content words of "Assistance to and protection of victims of trafficking" is about that
provision) and follows its links: a form of exploitation lists its provisions, a cluster its
provisions. Provision texts (added by ``impact catalogue load-texts``) are used when present
and never required.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from impactkit.catalogue.schema import Catalogue

VOCABULARIES: tuple[tuple[str, str], ...] = (
    ("sectors", "sector"), ("child_groups", "group"), ("forms", "form"), ("clusters", "cluster"),
)
"""Catalogue vocabularies (attribute name) and the prefix of their tag strings."""


@dataclass(frozen=True, slots=True)
class CatalogueView:
    """``titles`` maps every tag string (``provision:CRC-32``, ``form:sale-of-children``...)
    to its title (and description); ``form_provisions`` and ``provision_clusters`` are the
    catalogue's links; ``provision_texts`` the full texts that were loaded, if any."""

    titles: Mapping[str, str]
    form_provisions: Mapping[str, tuple[str, ...]]
    provision_clusters: Mapping[str, tuple[str, ...]]
    provision_texts: Mapping[str, str]

    @classmethod
    def from_catalogue(cls, catalogue: Catalogue) -> CatalogueView:
        titles: dict[str, str] = {}
        texts: dict[str, str] = {}
        for instrument in catalogue.instruments:
            for provision in instrument.provisions:
                if not provision.assessable:
                    continue  # final clauses (ratification, languages) are never a topic
                tag = f"provision:{provision.code}"
                titles[tag] = provision.title
                if provision.text:
                    texts[tag] = provision.text
        for vocabulary, prefix in VOCABULARIES:
            for term in getattr(catalogue, vocabulary):
                titles[f"{prefix}:{term.code}"] = f"{term.title}. {term.description}".strip()
        forms = {f"form:{form.code}": tuple(f"provision:{c}" for c in form.provisions)
                 for form in catalogue.forms}
        clusters: dict[str, list[str]] = {}
        for cluster in catalogue.clusters:
            for code in cluster.provisions:
                clusters.setdefault(f"provision:{code}", []).append(f"cluster:{cluster.code}")
        return cls(titles=titles, form_provisions=forms,
                   provision_clusters={k: tuple(v) for k, v in clusters.items()},
                   provision_texts=texts)

    @classmethod
    def default(cls) -> CatalogueView:
        from impactkit.catalogue.loader import load_default_catalogue

        return cls.from_catalogue(load_default_catalogue())

    def tags(self) -> list[str]:
        """Every catalogue tag string, in catalogue order."""
        return list(self.titles)

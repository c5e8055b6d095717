"""Rich views of the catalogue: an overview, one vocabulary, one instrument, one provision."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from impactkit.catalogue.schema import Catalogue, Instrument, Provision

VOCABULARIES = {
    "clusters": "clusters", "areas": "areas", "layers": "layers",
    "needs": "needs_dimensions", "systemic": "systemic_dimensions", "sectors": "sectors",
    "groups": "child_groups", "forms": "forms", "criteria": "exclusion_criteria",
    "functions": "mandate_functions", "actor-types": "actor_types", "levels": "actor_levels",
    "instrument-kinds": "instrument_kinds", "link-kinds": "link_kinds",
    "evidence-kinds": "evidence_kinds", "indicators": "indicators",
}


def render_overview(console: Console, catalogue: Catalogue) -> None:
    console.print(f"[bold]{catalogue.title}[/] ({catalogue.key} {catalogue.version})",
                  highlight=False)
    table = Table("instrument", "title", "provisions", "with text")
    for instrument in catalogue.instruments:
        with_text = sum(1 for p in instrument.provisions if p.text)
        table.add_row(instrument.code, instrument.short_title, str(len(instrument.provisions)),
                      str(with_text))
    console.print(table)
    counts = Table("vocabulary", "entries", "show with")
    for name, attribute in VOCABULARIES.items():
        counts.add_row(attribute.replace("_", " "), str(len(getattr(catalogue, attribute))),
                       f"impact catalogue show {name}")
    console.print(counts)
    console.print(f"Rating scale {catalogue.rating_scale.minimum}-"
                  f"{catalogue.rating_scale.maximum}: "
                  + "; ".join(f"{lv.value} {lv.label}" for lv in catalogue.rating_scale.levels),
                  highlight=False)


def render_vocabulary(console: Console, catalogue: Catalogue, name: str) -> None:
    items: list[Any] = getattr(catalogue, VOCABULARIES[name])
    table = Table("code", "title", "details")
    for item in items:
        details = ""
        if hasattr(item, "provisions"):
            details = ", ".join(item.provisions)
        elif hasattr(item, "type"):
            details = f"{item.type}, {item.unit}"
        table.add_row(item.code, item.title, details)
    console.print(table)


def render_instrument(console: Console, instrument: Instrument) -> None:
    console.print(f"[bold]{instrument.title}[/] ({instrument.code}, {instrument.body}, "
                  f"{instrument.adopted})", highlight=False)
    table = Table("provision", "title", "assessable", "text")
    for p in instrument.provisions:
        table.add_row(p.code, p.title, "yes" if p.assessable else "no",
                      "yes" if p.text else "-")
    console.print(table)


def render_provision(console: Console, catalogue: Catalogue, provision: Provision) -> None:
    clusters = ", ".join(catalogue.clusters_of(provision.code)) or "none"
    related = ", ".join(provision.related) or "none"
    body = (f"Clusters: {clusters}\nRelated: {related}\n"
            f"Assessable: {'yes' if provision.assessable else 'no (procedural)'}")
    if provision.text:
        body += f"\n\n{provision.text}"
    else:
        body += "\n\n(full text not loaded: impact catalogue load-texts FILE)"
    console.print(Panel(body, title=f"{provision.code}: {provision.title}", highlight=False))

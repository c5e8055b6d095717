"""Helpers shared by the catalogue tests: a small valid catalogue to break on purpose,
writing YAML, and the path to the shared treaty texts (skipped where absent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from impactkit.errors import Problem

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"

_TERM_SECTIONS = {
    "layers": ["law-policy", "practice"],
    "systemic_dimensions": ["legislative"],
    "sectors": ["labour", "education"],
    "child_groups": ["working"],
    "exclusion_criteria": ["age"],
    "mandate_functions": ["referral"],
    "actor_types": ["ministry"],
    "actor_levels": ["national"],
    "instrument_kinds": ["law"],
    "link_kinds": ["referral", "funding"],
    "evidence_kinds": ["statistics"],
}

MINIMAL: dict[str, Any] = {
    "key": "mini",
    "version": "1",
    "title": "A minimal catalogue",
    "instruments": [
        {"code": "CRC", "title": "Convention on the Rights of the Child", "short_title": "CRC",
         "body": "UN", "provisions": [
             {"code": "CRC-1", "article": "1", "title": "Who is a child"},
             {"code": "CRC-32", "article": "32", "title": "Economic exploitation",
              "related": ["ILO182-3"]},
         ]},
        {"code": "ILO182", "title": "Worst Forms of Child Labour Convention",
         "short_title": "C182", "body": "ILO", "aliases": ["ILO_C182"], "provisions": [
             {"code": "ILO182-3", "article": "3", "title": "Worst forms",
              "related": ["CRC-32"]},
         ]},
    ],
    "clusters": [{"code": "definition", "title": "Definition", "provisions": ["CRC-1"]}],
    "areas": [
        {"code": "inclusion", "title": "Inclusion", "questions": ["Who is left out?"]},
        {"code": "effectiveness", "title": "Effectiveness", "questions": ["Does it work?"]},
    ],
    "needs_dimensions": [{"code": "protection", "title": "Protection",
                          "provisions": ["CRC-32"]}],
    "forms": [{"code": "labour-exploitation", "title": "Labour exploitation",
               "provisions": ["CRC-32", "ILO182-3"]}],
    "indicators": [{"code": "child-labour-rate", "title": "Child labour", "type": "outcome",
                    "unit": "percent", "direction": "lower-is-better",
                    "areas": ["effectiveness"], "provisions": ["CRC-32"],
                    "sectors": ["labour"]}],
    "rating_scale": {"levels": [{"value": 0, "label": "Absent", "description": "Nothing."},
                                {"value": 1, "label": "Full", "description": "Everything."}]},
    "scoring": {"coordinating_link_kinds": ["referral"]},
    **{section: [{"code": code, "title": code.title()} for code in codes]
       for section, codes in _TERM_SECTIONS.items()},
}


def write_yaml(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")
    return path


def places(problems: list[Problem]) -> list[tuple[str | None, str | None]]:
    return [(p.location, p.field) for p in problems]


def treaty_texts_file() -> Path:
    path = SHARED_DATA / "treaties_en.json"
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path

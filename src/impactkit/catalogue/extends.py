"""``extends: impact-default``: a user catalogue built on top of the default one.

The rules, kept few on purpose so a user can predict the result:

- ``key``, ``version`` and ``title`` are the user's own (an extended catalogue is another
  methodology; workspaces must not mistake it for the default), ``description`` is optional.
  Nothing of the base's identity is inherited, and ``key`` must differ from the base's.
- Items of a list section (``instruments``, ``indicators``, ``child_groups``...) are *added*
  after the base's. An item whose code the base already has is an error: to change an
  existing item, put the whole new item under ``replace:`` (``replace: {indicators: [...]}``),
  where it takes the place of the base item with the same code. Replacing a code the base
  does not have is an error too.
- ``scoring`` fields override the base's one by one (``scoring: {gap_threshold: 20}``);
  ``rating_scale`` replaces the base's scale as a whole. Because the base's ``scoring.rule``
  describes the base's numbers, changing weights, thresholds or the scale requires writing
  your own ``rule``.
- A provision added or replaced by the user may list base provisions as ``related``; the
  reverse link is added to the base provision, since the user cannot edit the base file.
"""

from __future__ import annotations

import copy
from typing import Any

from impactkit.catalogue.locations import Issue, Loc, Provenance
from impactkit.catalogue.schema import Catalogue
from impactkit.errors import Problem

IDENTITY = ("key", "version", "title", "description")
RULE_INPUTS = ("confidence_weights", "status_weights", "exclusion_threshold", "gap_threshold",
               "coordinating_link_kinds")


def _code(item: Any) -> str | None:
    code = item.get("code") if isinstance(item, dict) else None
    return code if isinstance(code, str) else None


def _index(items: list[Any]) -> dict[str, int]:
    return {code: i for i, item in enumerate(items) if (code := _code(item)) is not None}


class _Extension:
    def __init__(self, user: dict[str, Any], user_prov: Provenance, base: dict[str, Any],
                 base_prov: Provenance, base_key: str) -> None:
        self.user, self.user_prov, self.base_key = user, user_prov, base_key
        self.data = copy.deepcopy(base)
        self.prov = base_prov.copy()
        self.prov.root = user_prov.root
        self.problems: list[Problem] = []
        self.user_instruments: set[int] = set()
        for key in IDENTITY:
            self.data.pop(key, None)
            self.prov.forget((key,))

    def fail(self, loc: Loc, message: str) -> None:
        self.problems.append(self.user_prov.problem(Issue(loc, message)))

    def take(self, user_loc: Loc, merged: Loc) -> None:
        """The merged item at ``merged`` is the user's item at ``user_loc``."""
        location, local = self.user_prov.resolve(user_loc)
        self.prov.record(merged, location, local)

    def add_items(self, key: str, items: list[Any]) -> None:
        target = self.data[key]
        existing = _index(target)
        for i, item in enumerate(items):
            code = _code(item)
            if code is not None and code in existing:
                self.fail((key, i, "code"), f"'{code}' is already in {self.base_key}; to "
                          f"change it, put the whole item under replace: {key}:")
                continue
            if key == "instruments":
                self.user_instruments.add(len(target))
            self.take((key, i), (key, len(target)))
            target.append(item)

    def override_scoring(self, value: dict[str, Any]) -> None:
        merged = dict(self.data["scoring"])
        merged.update(value)
        self.data["scoring"] = merged
        for field in value:
            self.take(("scoring", field), ("scoring", field))

    def replace(self, sections: dict[str, list[Any]]) -> None:
        for key, items in sections.items():
            target = self.data.get(key)
            if not isinstance(target, list):
                lists = ", ".join(k for k in Catalogue.model_fields
                                  if isinstance(self.data.get(k), list))
                self.fail(("replace", key), f"'{key}' is not a list section of {self.base_key};"
                          f" replace: takes {lists}")
                continue
            existing = _index(target)
            done: set[str] = set()
            for j, item in enumerate(items):
                code = _code(item)
                if code is None:
                    self.fail(("replace", key, j), "an item under replace: needs the code of "
                              "the item it replaces")
                elif code in done:
                    self.fail(("replace", key, j, "code"), f"'{code}' is replaced twice")
                elif code not in existing:
                    self.fail(("replace", key, j, "code"), f"{self.base_key} has no '{code}' "
                              f"in {key} to replace; add new items under {key}: instead")
                else:
                    done.add(code)
                    if key == "instruments":
                        self.user_instruments.add(existing[code])
                    target[existing[code]] = item
                    self.take(("replace", key, j), (key, existing[code]))

    def check_identity_and_rule(self) -> None:
        if self.user.get("key") == self.base_key:
            self.fail(("key",), f"an extended catalogue needs its own key, not '{self.base_key}'"
                      " (workspaces assessed with it must not be read as the default)")
        scoring = self.user.get("scoring")
        scoring = scoring if isinstance(scoring, dict) else {}
        changed = [f for f in RULE_INPUTS if f in scoring]
        if "rating_scale" in self.user:
            changed.append("rating_scale")
        if changed and "rule" not in scoring:
            self.fail(("scoring",) if scoring else ("rating_scale",),
                      f"changes {', '.join(changed)} but keeps the rule text of "
                      f"{self.base_key}, which describes other numbers; add scoring.rule "
                      "stating your rule in plain words")

    def link_back(self) -> None:
        """Add the reverse of user links that point into base instruments."""
        instruments = self.data.get("instruments")
        if not isinstance(instruments, list):
            return
        base_provisions: dict[str, dict[str, Any]] = {}
        for i, instrument in enumerate(instruments):
            if i in self.user_instruments or not isinstance(instrument, dict):
                continue
            provisions = instrument.get("provisions")
            for provision in provisions if isinstance(provisions, list) else []:
                if (code := _code(provision)) is not None:
                    base_provisions[code] = provision
        for i in sorted(self.user_instruments):
            instrument = instruments[i]
            provisions = instrument.get("provisions") if isinstance(instrument, dict) else None
            for provision in provisions if isinstance(provisions, list) else []:
                code = _code(provision)
                related = provision.get("related") if isinstance(provision, dict) else None
                if code is None or not isinstance(related, list):
                    continue
                for other in related:
                    target = base_provisions.get(other) if isinstance(other, str) else None
                    if target is None:
                        continue
                    back = target.setdefault("related", [])
                    if isinstance(back, list) and code not in back:
                        back.append(code)

    def run(self) -> None:
        for key, value in self.user.items():
            if key in ("extends", "replace"):
                continue
            if isinstance(value, list) and isinstance(self.data.get(key), list):
                self.add_items(key, value)
            elif key == "scoring" and isinstance(value, dict) and isinstance(
                    self.data.get("scoring"), dict):
                self.override_scoring(value)
            else:
                self.data[key] = value
                self.take((key,), (key,))
        sections = self.user.get("replace")
        if isinstance(sections, dict):
            self.replace(sections)
        self.check_identity_and_rule()
        self.link_back()


def extend(user: dict[str, Any], user_prov: Provenance, base: dict[str, Any],
           base_prov: Provenance, base_key: str) -> tuple[dict[str, Any], Provenance,
                                                          list[Problem]]:
    """Apply a user document (already joined, ``extends`` included) on top of a base one.
    Neither input is modified."""
    extension = _Extension(user, user_prov, base, base_prov, base_key)
    extension.run()
    return extension.data, extension.prov, extension.problems

"""Which steps of the protection pathway, and which provisions, apply to one situation, and why.

The pathway is catalogue data (``pathway:``, :class:`~impactkit.catalogue.schema.PathwayStep`);
this module reads it for a :class:`~impactkit.systemmap.navigator.Situation`:

* **trafficking** (:func:`trafficking_forms`, :func:`is_trafficking`): a named form of
  exploitation marked ``trafficking: true`` in the catalogue is a purpose of exploitation in
  the trafficking definition. For a child the recruitment, transport, transfer, harbouring or
  receipt for such a purpose is trafficking whatever the means (Palermo Protocol art. 3(c);
  CETS 197 art. 4(c); Directive 2011/36/EU art. 2(5)), so the child is treated as a presumed
  victim (CETS 197 art. 10(2): not removed, and assisted, while there are reasonable grounds to
  believe it is a victim). Ticking the group ``trafficking-victims`` says the same. A presumed
  victim joins the group ``trafficking-victims`` for every mandate question
  (:func:`effective_groups`), so a shelter for trafficking victims counts for her.
* **steps** (:func:`applicable_steps`): a step applies when any of its ``when`` conditions
  holds (no condition: every child); a condition holds when all of its given fields do, each
  list meaning "any of". The answer keeps, as :class:`Reason` data, what made each hold.
* **provisions** (:func:`applicable_provisions`), in catalogue order, each with every reason
  it applies: the general principles (every child), the provisions of each named form, those
  owed to child victims of trafficking when trafficking is inferred, those owed to each named
  group (``ChildGroup.provisions``), the legal basis of each applicable step (with its
  ``trafficking_provisions`` when trafficking), and the needs named.

Reasons are data (a kind and a code); the words come from :func:`provision_reason_text` and
:func:`step_reason_text`, one translatable sentence per kind, which the CLI and the web page
share.
"""

from __future__ import annotations

from dataclasses import dataclass
from gettext import gettext as _
from typing import TYPE_CHECKING, Any

from impactkit.catalogue.schema import Catalogue, PathwayCondition, PathwayStep
from impactkit.systemmap.analysis import _Plain

if TYPE_CHECKING:
    from impactkit.systemmap.route import Situation

#: The catalogue cluster whose provisions apply to every situation.
GENERAL_PRINCIPLES = "general-principles"
#: The child group a presumed victim of trafficking joins.
TRAFFICKING_GROUP = "trafficking-victims"


@dataclass(frozen=True, slots=True)
class Reason(_Plain):
    """Why a provision or a step applies: a kind and the code it concerns.

    Provision reasons: ``principle`` (no code), ``form``, ``trafficking`` (the form that
    counts as trafficking), ``group``, ``step``, ``need``. Step reasons: ``every-child``,
    ``group``, ``form``, ``exploitation`` (the form named), ``trafficking`` (the form, or no
    code when the group ``trafficking-victims`` is ticked), ``age-band``, ``age-in-doubt``.
    """

    kind: str
    code: str | None = None

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Reason:
        return cls(kind=str(raw["kind"]), code=raw.get("code"))


@dataclass(frozen=True, slots=True)
class AppliedProvision(_Plain):
    """A provision that applies to the situation, with every reason it does."""

    code: str
    reasons: tuple[Reason, ...] = ()

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | str) -> AppliedProvision:
        if isinstance(raw, str):  # a route saved before provisions carried their reasons
            return cls(code=raw)
        return cls(code=str(raw["code"]),
                   reasons=tuple(Reason.from_dict(r) for r in raw.get("reasons", ())))


@dataclass(frozen=True, slots=True)
class ApplicableStep:
    """A pathway step that applies, with what made it apply."""

    step: PathwayStep
    why: tuple[Reason, ...]
    provisions: tuple[str, ...]


# --- trafficking ----------------------------------------------------------------------------
def trafficking_forms(situation: Situation, catalogue: Catalogue) -> tuple[str, ...]:
    """The named forms the catalogue counts as trafficking of a child, in catalogue order."""
    return tuple(f.code for f in catalogue.forms if f.trafficking and f.code in situation.forms)


def is_trafficking(situation: Situation, catalogue: Catalogue) -> bool:
    """Trafficking of a child: a trafficking form is named, or the group is ticked."""
    return (TRAFFICKING_GROUP in situation.groups
            or bool(trafficking_forms(situation, catalogue)))


def effective_groups(situation: Situation, catalogue: Catalogue) -> tuple[str, ...]:
    """The situation's groups, with ``trafficking-victims`` for a presumed victim."""
    if is_trafficking(situation, catalogue) and TRAFFICKING_GROUP not in situation.groups:
        return (*situation.groups, TRAFFICKING_GROUP)
    return situation.groups


# --- steps ----------------------------------------------------------------------------------
def _condition_reasons(condition: PathwayCondition, situation: Situation,
                       groups: tuple[str, ...], traffic: tuple[str, ...],
                       trafficking: bool) -> tuple[Reason, ...] | None:
    """The reasons a condition holds, or None when it does not."""
    reasons: list[Reason] = []
    if condition.groups:
        matched = [g for g in condition.groups if g in groups]
        if not matched:
            return None
        reasons += [Reason("group", g) for g in matched]
    if condition.forms:
        matched = [f for f in condition.forms if f in situation.forms]
        if not matched:
            return None
        reasons += [Reason("form", f) for f in matched]
    if condition.age_bands:
        if situation.age_band not in condition.age_bands:
            return None
        reasons.append(Reason("age-band", situation.age_band))
    if condition.trafficking is not None:
        if condition.trafficking != trafficking:
            return None
        if trafficking:
            reasons += ([Reason("trafficking", f) for f in traffic] if traffic
                        else [Reason("trafficking")])
    if condition.exploitation is not None:
        if condition.exploitation != bool(situation.forms):
            return None
        reasons += [Reason("exploitation", f) for f in situation.forms]
    if condition.age_in_doubt is not None:
        if condition.age_in_doubt != situation.age_in_doubt:
            return None
        if situation.age_in_doubt:
            reasons.append(Reason("age-in-doubt"))
    return tuple(reasons)


def applicable_steps(situation: Situation, catalogue: Catalogue) -> list[ApplicableStep]:
    """The steps that apply, in pathway order, each with the reasons of every condition that
    holds (no condition: ``every-child``) and its legal basis (with the trafficking basis
    when the situation is trafficking)."""
    trafficking = is_trafficking(situation, catalogue)
    traffic = trafficking_forms(situation, catalogue)
    groups = effective_groups(situation, catalogue)
    found: list[ApplicableStep] = []
    for step in catalogue.pathway_steps():
        if not step.when:
            why: tuple[Reason, ...] | None = (Reason("every-child"),)
        else:
            held = [r for c in step.when
                    if (r := _condition_reasons(c, situation, groups, traffic, trafficking))
                    is not None]
            why = tuple(dict.fromkeys(r for reasons in held for r in reasons)) if held else None
        if why is None:
            continue
        basis = [*step.provisions, *(step.trafficking_provisions if trafficking else ())]
        found.append(ApplicableStep(step, why, tuple(dict.fromkeys(basis))))
    return found


# --- provisions -----------------------------------------------------------------------------
def applicable_provisions(situation: Situation, catalogue: Catalogue,
                          steps: list[ApplicableStep] | None = None
                          ) -> tuple[AppliedProvision, ...]:
    """Every provision that applies, in catalogue order, with all its reasons (see the module
    docstring for their order)."""
    reasons: dict[str, list[Reason]] = {}

    def add(codes: list[str] | tuple[str, ...], reason: Reason) -> None:
        for code in codes:
            found = reasons.setdefault(code, [])
            if reason not in found:
                found.append(reason)

    for cluster in catalogue.clusters:
        if cluster.code == GENERAL_PRINCIPLES:
            add(cluster.provisions, Reason("principle"))
    for form in catalogue.forms:
        if form.code in situation.forms:
            add(form.provisions, Reason("form", form.code))
    groups = {g.code: g for g in catalogue.child_groups}
    if TRAFFICKING_GROUP in groups and TRAFFICKING_GROUP not in situation.groups:
        for form_code in trafficking_forms(situation, catalogue):
            add(groups[TRAFFICKING_GROUP].provisions, Reason("trafficking", form_code))
    for group in catalogue.child_groups:
        if group.code in situation.groups:
            add(group.provisions, Reason("group", group.code))
    for applied in steps if steps is not None else applicable_steps(situation, catalogue):
        add(applied.provisions, Reason("step", applied.step.code))
    dimensions = {d.code: d.provisions for d in catalogue.needs_dimensions}
    for need in situation.needs:
        code, _sep, provision = need.partition(":")
        add([provision] if provision else dimensions.get(code, []), Reason("need", need))
    return tuple(AppliedProvision(p.code, tuple(reasons[p.code]))
                 for p in catalogue.provisions() if p.code in reasons)


# --- words ----------------------------------------------------------------------------------
def lower_first(title: str) -> str:
    """A title inside a sentence: "Unaccompanied children" -> "unaccompanied children", but
    "LGBTQI children" stays as it is."""
    if len(title) > 1 and title[0].isupper() and not title[1].isupper():
        return title[0].lower() + title[1:]
    return title


def _titles(catalogue: Catalogue) -> dict[str, dict[str, str]]:
    return {"form": {t.code: t.title for t in catalogue.forms},
            "group": {t.code: t.title for t in catalogue.child_groups},
            "step": {s.code: s.title for s in catalogue.pathway},
            "need": {d.code: d.title for d in catalogue.needs_dimensions}}


def provision_reason_text(reason: Reason, catalogue: Catalogue) -> str:
    """Why a provision applies, in one sentence."""
    titles = _titles(catalogue)
    code = reason.code or ""
    if reason.kind == "principle":
        return _("Applies to every child (general principles).")
    if reason.kind == "form":
        return _("Addresses {form}, named in this situation.").format(
            form=lower_first(titles["form"].get(code, code)))
    if reason.kind == "trafficking":
        return _("{form} is a purpose of exploitation in the trafficking definition: "
                 "recruiting, moving, harbouring or receiving a child for it is trafficking "
                 "whatever the means (Palermo Protocol art. 3(c); CETS 197 art. 4(c)), and the "
                 "child is treated as a presumed victim (CETS 197 art. 10(2)).").format(
            form=titles["form"].get(code, code))
    if reason.kind == "group":
        return _("Owed to {group} in particular.").format(
            group=lower_first(titles["group"].get(code, code)))
    if reason.kind == "step":
        return _("Legal basis of the step {step}.").format(
            step=titles["step"].get(code, code))
    if reason.kind == "need":
        dimension, _sep, provision = code.partition(":")
        if provision:
            return _("Named as a {dimension} need of the child.").format(
                dimension=lower_first(titles["need"].get(dimension, dimension)))
        return _("Among the {dimension} needs named for the child.").format(
            dimension=lower_first(titles["need"].get(dimension, dimension)))
    return _("Applies for a reason of kind {kind}.").format(kind=reason.kind)


def step_reason_text(reason: Reason, catalogue: Catalogue) -> str:
    """Why a step applies, in one sentence (all the reasons of one step hold together)."""
    titles = _titles(catalogue)
    code = reason.code or ""
    if reason.kind == "every-child":
        return _("Applies to every child.")
    if reason.kind == "group":
        return _("Applies to {group}.").format(
            group=lower_first(titles["group"].get(code, code)))
    if reason.kind == "form":
        return _("Applies to {form}.").format(form=lower_first(titles["form"].get(code, code)))
    if reason.kind == "exploitation":
        return _("Applies where a child is exploited: {form} is named.").format(
            form=lower_first(titles["form"].get(code, code)))
    if reason.kind == "trafficking":
        if not code:
            return _("Applies to a child victim of trafficking.")
        return _("Applies to a presumed child victim of trafficking: {form} is a purpose of "
                 "exploitation in the trafficking definition.").format(
            form=lower_first(titles["form"].get(code, code)))
    if reason.kind == "age-band":
        return _("Applies at the age of {band} years.").format(band=code)
    if reason.kind == "age-in-doubt":
        return _("Applies while the child's age is in doubt (presumption of minority).")
    return _("Applies for a reason of kind {kind}.").format(kind=reason.kind)

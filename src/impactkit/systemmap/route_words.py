"""The sentences of a route that the command line and the web page share: how the case
reached a step's actor, and why the child is treated as a presumed victim of trafficking.
Each is one whole translatable sentence with named placeholders."""

from __future__ import annotations

from gettext import gettext as _

from impactkit.catalogue.schema import Catalogue
from impactkit.systemmap.pathway import lower_first
from impactkit.systemmap.route import Route, Step


def connection_text(step: Step, route: Route) -> str:
    """How the case reached the step's actor, in one sentence."""
    path = step.referral_path
    if step.connection == "start" and path:
        return _("The route starts with {actor}.").format(actor=route.name(path[0]))
    if step.connection == "same" and path:
        return _("{actor} goes on with the case.").format(actor=route.name(path[0]))
    if step.connection == "referral" and len(path) == 2:
        return _("{source} refers the child to {target}.").format(
            source=route.name(path[0]), target=route.name(path[1]))
    if step.connection == "coordination" and len(path) == 2:
        return _("{source} and {target} are linked for coordination.").format(
            source=route.name(path[0]), target=route.name(path[1]))
    if step.connection == "shared-body" and len(path) == 3:
        return _("{source} and {target} both sit on {body}.").format(
            source=route.name(path[0]), body=route.name(path[1]), target=route.name(path[2]))
    if step.actor is not None and not path:
        return _("No link passes the child on to {actor}.").format(actor=route.name(step.actor))
    return _("Nobody carries out this step.")


def trafficking_text(route: Route, catalogue: Catalogue) -> str:
    """Why the child is treated as a presumed victim of trafficking ("" when not)."""
    if not route.trafficking:
        return ""
    titles = {f.code: lower_first(f.title) for f in catalogue.forms}
    if not route.trafficking_forms:
        return _("The child is treated as a victim of trafficking: the steps and provisions "
                 "for child victims of trafficking apply.")
    return _("The child is treated as a presumed victim of trafficking until identification "
             "is complete (CETS 197 art. 10(2)): {forms} is a purpose of exploitation in the "
             "trafficking definition, and recruiting, moving, harbouring or receiving a child "
             "for it is trafficking whatever the means (Palermo Protocol art. 3(c); CETS 197 "
             "art. 4(c)). The steps and provisions for child victims of trafficking apply, and "
             "services for them are counted.").format(
        forms=", ".join(titles.get(f, f) for f in route.trafficking_forms))

"""The four invented jurisdictions of the comparative demo, and what sets each apart.

Codes start with "X" (user-assigned in ISO 3166) and every jurisdiction is flagged fictional,
so none can be mistaken for a country; a test checks that no name is a country's or a
subdivision's. A :class:`Profile` is the whole recipe of one jurisdiction's assessment: how its
ordinary findings are rated, how the findings on children without identity documents are rated,
which sector (if any) lags behind the rest, and the one provision whose practice trails its law.
"""

from __future__ import annotations

from dataclasses import dataclass

from impactkit.demo.build import JURISDICTION as VELDMARK
from impactkit.domain import Jurisdiction

YEAR = 2024
CYCLE = "2020-2024"

#: Probabilities of the ratings 0, 1, 2, 3 and 4 for an ordinary finding.
Weights = tuple[float, float, float, float, float]


@dataclass(frozen=True, slots=True)
class Profile:
    """One jurisdiction of the comparative demo.

    ``weights`` rate the ordinary findings; ``documents`` is the rating band of the findings on
    children without identity documents (the determinant common to every jurisdiction);
    ``weak_sector`` names a sector whose findings are all rated 0-1 (the determinant particular
    to one jurisdiction); law-policy findings on ``gap_provision`` are rated 3-4 and its practice
    findings 0-1 (a significant law-practice gap); ``unmandated`` is a provision no actor's
    mandate names."""

    code: str
    name: str
    short: str
    slug: str
    ministry: str  # how the State names its ministries ("Federal Ministry", "Ducal Office")
    weights: Weights
    documents: tuple[int, int]
    gap_provision: str
    weak_sector: str | None = None
    unmandated: str | None = None
    description: str = ""

    @property
    def key(self) -> str:
        return f"demo-{self.slug}-{YEAR}"

    @property
    def jurisdiction(self) -> Jurisdiction:
        return Jurisdiction(code=self.code, name=self.name, fictional=True)


MARISCA = Profile(
    code="XMC", name="Republic of Marisca", short="Marisca", slug="marisca",
    ministry="Ministry", weights=(0.35, 0.40, 0.20, 0.05, 0.0), documents=(0, 0),
    gap_provision="CRC-7",
    description=(
        "A poor, largely rural State where most children are born at home: highly vulnerable, "
        "and an implementation that seldom reaches beyond the capital. The Civil Registration "
        "Act promises free birth registration that few registrars deliver."))
OBERAN = Profile(
    code="XOB", name="Federal Republic of Oberan", short="Oberan", slug="oberan",
    ministry="Federal Ministry", weights=(0.0, 0.03, 0.15, 0.47, 0.35), documents=(1, 2),
    gap_provision="CRC-37",
    description=(
        "A federal State as poor and as exposed as its neighbours, whose child protection system "
        "nonetheless works: the resilient exception. Its weak point is pre-trial detention, "
        "which the law limits and the courts do not."))
ARVENHOLT = Profile(
    code="XAR", name="Duchy of Arvenholt", short="Arvenholt", slug="arvenholt",
    ministry="Ducal Ministry", weights=(0.0, 0.01, 0.09, 0.45, 0.45), documents=(1, 2),
    gap_provision="CRC-22",
    description=(
        "A small, wealthy duchy with strong services; unaccompanied children seeking asylum "
        "are the exception, received in adult centres despite a sound Reception Act."))
SORVIA = Profile(
    code="XSV", name="Commonwealth of Sorvia", short="Sorvia", slug="sorvia",
    ministry="Commonwealth Department", weights=(0.05, 0.20, 0.40, 0.28, 0.07),
    documents=(0, 1), gap_provision="CRC-32", weak_sector="education", unmandated="CRC-23",
    description=(
        "A middle-income commonwealth of modest vulnerability whose implementation is uneven; "
        "its school system in particular fails the children the rest of the system reaches, "
        "and nobody is designated for children with disabilities."))

#: The comparative jurisdictions, in the order their workspaces are built and listed.
PROFILES: tuple[Profile, ...] = (MARISCA, OBERAN, ARVENHOLT, SORVIA)

#: Every jurisdiction with an indicator panel: Veldmark and the four above.
PANEL_JURISDICTIONS: tuple[Jurisdiction, ...] = (
    Jurisdiction(code=VELDMARK.code, name=VELDMARK.name, fictional=True),
    *(p.jurisdiction for p in PROFILES))

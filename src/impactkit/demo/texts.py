"""The demo's report texts: an introduction and conclusions for each cycle of Veldmark.

What people would write around the findings (:mod:`impactkit.reports.editorial`), so that a
report of the demo has its opening and its close. They state what the demo's planted
patterns show (:mod:`impactkit.demo`) and nothing more: Veldmark is invented, and so is
every institution named.
"""

from __future__ import annotations

from impactkit.reports.editorial import CONCLUSIONS, INTRODUCTION, EditorialSection

_INTRODUCTION = """\
This assessment reviews how the Republic of Veldmark, a fictional country, put the \
Convention on the Rights of the Child and the related instruments into practice between \
{start} and {end}. It rates the law and policy in force, what institutions do in practice, \
and what children told the assessment team, one area of analysis at a time.

The findings rest on the following sources:

- desk review of the laws, regulations, plans and budget lines in force;
- statistics and case files of the institutions concerned;
- interviews with staff of those institutions, cited by type and date only;
- group discussions with children, held anonymously.
"""

_CONCLUSIONS = """\
Veldmark's laws on child labour and trafficking are largely sound, but they are hardly \
applied: farms are not inspected for child labour, and child victims of trafficking are \
identified by one police unit only. Undocumented and unaccompanied children are the most \
often left out, because documents, residence status and age assessments decide their \
access to school and care. {reform}

Four steps would close the largest gaps:

- give one institution the mandate for the recovery and reintegration of child victims, \
which the Child Protection Act promises but assigns to no one;
- extend labour inspections to farms;
- settle the conflict between the immigration service and the guardianship authority over \
unaccompanied children;
- create a coordinating link between the labour and education inspectorates, which both \
oversee children's work and schooling.
"""

_REFORMS = {
    2019: "The guardianship of unaccompanied children rests on a 2016 regulation that "
          "appoints a guardian only once an asylum claim is lodged.",
    2024: "The law improved during the period (the 2021 amendment on child victims of "
          "trafficking and the 2022 Guardianship of Unaccompanied Children Act), but "
          "practice has not yet followed.",
}


def texts_for(year: int) -> list[EditorialSection]:
    """The introduction and conclusions of the cycle ending in ``year`` (2019 or 2024)."""
    reform = _REFORMS.get(year, _REFORMS[2019])
    return [
        EditorialSection(key=INTRODUCTION, body=_INTRODUCTION.format(start=year - 4, end=year)),
        EditorialSection(key=CONCLUSIONS, body=_CONCLUSIONS.format(reform=reform)),
    ]

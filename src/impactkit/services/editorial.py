"""A workspace's report texts: the parts of a report only people write.

The vocabulary (which sections exist, where a report places them) is
:mod:`impactkit.reports.editorial`; this module is who may read and write them, and how a
text is checked before the store keeps it. Reading needs read access to the workspace (a
public workspace's texts are public, as its findings are); writing needs the role that
changing records needs (:data:`EDIT_ROLE`). Every save names the version it started from
(0 for a section nobody has written) and a stale one is refused with :class:`ConflictError`
carrying the stored section, never written over.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from impactkit.catalogue.schema import Catalogue
from impactkit.errors import NotFoundError, Problem, UsageError, ValidationError
from impactkit.input_rules import text_problem
from impactkit.reports.editorial import (
    CLUSTER_PREFIX,
    FIXED_SECTIONS,
    MAX_BODY_CHARS,
    EditorialSection,
    check_section_key,
    section_keys,
)
from impactkit.services.accounts import Principal, Role, require_read, role_of
from impactkit.services.catalogue import workspace_catalogue
from impactkit.services.records import need_role
from impactkit.store import editorial as store
from impactkit.store.db import Database

EDIT_ROLE = Role.CONTRIBUTOR
"""Who writes report texts: whoever may change the workspace's records. The texts frame
the findings the contributors write, so the same people write them."""


@dataclass(frozen=True, slots=True)
class SectionEntry:
    """One section as a list of texts shows it: its key, its heading, and the stored text
    (None while nobody has written it). ``known`` is False for a text stored under a
    section the workspace's catalogue no longer has (a cluster taken out of it): it can
    still be read and cleared, not saved."""

    key: str
    heading: str
    section: EditorialSection | None
    known: bool = True

    @property
    def version(self) -> int:
        """The stored version, 0 while the section is not written: what a save starts from."""
        return self.section.version if self.section is not None else 0

    @property
    def body(self) -> str:
        return self.section.body if self.section is not None else ""

    @property
    def first_line(self) -> str:
        """The text's first line that is not blank: enough to recognise it in a list."""
        return next((line.strip() for line in self.body.splitlines() if line.strip()), "")


def unwritten(key: str) -> EditorialSection:
    """A section nobody has written (or that was cleared): empty, at version 0."""
    return EditorialSection(key=key, body="", version=0)


def headings(catalogue: Catalogue) -> dict[str, str]:
    """Every section of a workspace with this catalogue, in the order a form lists them,
    with the heading it takes in a report."""
    titles = {cluster.code: cluster.title for cluster in catalogue.clusters}
    found: dict[str, str] = {}
    for key in section_keys(catalogue.codes("clusters")):
        if key in FIXED_SECTIONS:
            found[key] = FIXED_SECTIONS[key]
        else:
            found[key] = titles[key.removeprefix(CLUSTER_PREFIX)]
    return found


def normalise(body: str) -> str:
    """A text as stored: ``\\n`` line ends, whatever the browser or the file sent."""
    return body.replace("\r\n", "\n").replace("\r", "\n")


def body_problems(body: object, *, location: str | None = None, row: int | None = None
                  ) -> list[Problem]:
    """What is wrong with a section's text, under the field ``body``: not text, longer than
    :data:`MAX_BODY_CHARS`, or holding control characters (the rule of every free text)."""
    if not isinstance(body, str):
        return [Problem("body must be text", location=location, row=row, field="body")]
    if len(body) > MAX_BODY_CHARS:
        return [Problem(f"the text is {len(body)} characters long; a section holds at most "
                        f"{MAX_BODY_CHARS} characters", location=location, row=row,
                        field="body")]
    message = text_problem(body, field="body")
    return [] if message is None else [Problem(message, location=location, row=row,
                                               field="body")]


def key_problems(key: str, catalogue: Catalogue, *, location: str | None = None,
                 row: int | None = None) -> list[Problem]:
    """Whether ``key`` names a section of a workspace with this catalogue, under ``key``."""
    try:
        check_section_key(key, catalogue.codes("clusters"))
    except UsageError as error:
        return [Problem(error.message, location=location, row=row, field="key")]
    return []


def section_problems(sections: Iterable[EditorialSection], catalogue: Catalogue, *,
                     location: str | None = None) -> list[Problem]:
    """Every problem of texts coming in together (an imported package): unknown sections
    and texts that break the rules, each naming its section."""
    problems: list[Problem] = []
    for section in sections:
        for problem in (*key_problems(section.key, catalogue, location=location),
                        *body_problems(section.body, location=location)):
            problems.append(Problem(f"section {section.key!r}: {problem.message}",
                                    location=location, field=problem.field))
    return problems


# --- reading ---------------------------------------------------------------------------------
def in_report_order(stored: Sequence[EditorialSection], catalogue: Catalogue
                    ) -> list[EditorialSection]:
    """Stored sections in the order a form lists them; any the catalogue no longer has
    follow, by key."""
    order = {key: n for n, key in enumerate(section_keys(catalogue.codes("clusters")))}
    return sorted(stored, key=lambda s: (order.get(s.key, len(order)), s.key))


def sections(db: Database, principal: Principal, *, workspace_key: str
             ) -> dict[str, EditorialSection]:
    """The written sections of a workspace by key, in the order a report places them (the
    fixed ones and one narrative per cluster, as :func:`impactkit.reports.editorial.
    section_keys` lists them). A section nobody has written is absent, so that a report
    leaves it out."""
    require_read(db, principal, workspace_key)
    catalogue = workspace_catalogue(db, workspace_key)
    with db.connect() as conn:
        stored = store.load_sections(conn, workspace_key=workspace_key)
    return {section.key: section for section in in_report_order(stored, catalogue)}


def section_entries(db: Database, principal: Principal, *, workspace_key: str
                    ) -> list[SectionEntry]:
    """Every section a workspace can hold, written or not, with its heading (what the list
    of texts shows); texts stored under sections the catalogue no longer has come last."""
    stored = sections(db, principal, workspace_key=workspace_key)
    known = headings(workspace_catalogue(db, workspace_key))
    entries = [SectionEntry(key=key, heading=heading, section=stored.get(key))
               for key, heading in known.items()]
    entries += [SectionEntry(key=key, heading=key, section=section, known=False)
                for key, section in stored.items() if key not in known]
    return entries


def section_entry(db: Database, principal: Principal, *, workspace_key: str, key: str
                  ) -> SectionEntry:
    """One section, written or not (what its edit page shows); NotFound for a key that is
    neither a section of the workspace nor a stored text."""
    for entry in section_entries(db, principal, workspace_key=workspace_key):
        if entry.key == key:
            return entry
    known = ", ".join(headings(workspace_catalogue(db, workspace_key)))
    raise NotFoundError(f"workspace '{workspace_key}' has no report section '{key}'; its "
                        f"sections are: {known}")


# --- writing ---------------------------------------------------------------------------------
def save_section(db: Database, principal: Principal, *, workspace_key: str, key: str,
                 body: str, expected_version: int | None) -> EditorialSection:
    """Write a section's text over the stored one if that is still at
    ``expected_version`` (0 or None for a section not written yet); returns it as saved.
    A text of nothing but white space clears the section (see :func:`clear_section`) and
    returns it unwritten (version 0). Checked first, every problem at once: the key must be
    a section of the workspace's catalogue, the text at most :data:`MAX_BODY_CHARS`
    characters without control characters; line ends are stored as ``\\n``."""
    need_role(role_of(db, principal, workspace_key), EDIT_ROLE, principal, workspace_key,
              "write report texts")
    if isinstance(body, str) and not body.strip():
        return clear_section(db, principal, workspace_key=workspace_key, key=key,
                             expected_version=expected_version)
    catalogue = workspace_catalogue(db, workspace_key)
    text = normalise(body) if isinstance(body, str) else body
    problems = [*key_problems(key, catalogue), *body_problems(text)]
    if problems:
        raise ValidationError(problems, summary="the text was not saved: "
                                                f"{len(problems)} problem(s) to fix")
    with db.begin() as conn:
        return store.save_section(conn, workspace_key=workspace_key, key=key, body=text,
                                  expected_version=expected_version, user=principal.name)


def clear_section(db: Database, principal: Principal, *, workspace_key: str, key: str,
                  expected_version: int | None) -> EditorialSection:
    """Clear a section still at ``expected_version`` (audited as a deletion, the text kept
    in the trail); returns it unwritten. Clearing a section that is not written, from
    version 0, changes nothing. Any stored text can be cleared, even one under a section
    the catalogue no longer has."""
    need_role(role_of(db, principal, workspace_key), EDIT_ROLE, principal, workspace_key,
              "clear report texts")
    unknown = key_problems(key, workspace_catalogue(db, workspace_key))
    with db.begin() as conn:
        if unknown and store.get_section(conn, workspace_key=workspace_key, key=key) is None:
            raise ValidationError(unknown, summary="nothing was cleared: 1 problem to fix")
        store.clear_section(conn, workspace_key=workspace_key, key=key,
                            expected_version=expected_version, user=principal.name)
    return unwritten(key)

"""The review workflow of findings: draft -> reviewed -> validated, comments, sending back.

Only reviewers move a finding along: ``review`` (draft -> reviewed, records who reviewed),
``validate`` (reviewed -> validated, records who validated; refused while the finding has no
evidence item), ``send-back`` (reviewed or validated -> draft, with a comment saying what
must change; clears both names) and ``reopen`` (validated -> reviewed, when a validated
finding needs another look without going back to its authors). Each step names the version
it was taken on, so a step on a finding changed meanwhile is refused like any stale edit.

Every step and every comment is kept as an event of the finding (who, when, what) and
audited with the finding before and after.

The four-eyes rule (the maker-checker principle: no one checks their own work), on by
default and switched per workspace by its admins: whoever wrote a finding (its author) or
last changed it (the newest create or update of it in the audit trail) may neither review
nor validate it; another reviewer must. Sending back and reopening stay open to them, as
they approve nothing. Evidence and comments are not changes to the finding itself.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field

from impactkit.domain import Evidence, Finding, FindingStatus
from impactkit.errors import OwnWorkRefused as OwnWorkRefused  # where it was first
from impactkit.errors import Problem, UsageError, ValidationError
from impactkit.input_rules import text_problem
from impactkit.services.accounts import Principal, Role, require_read, role_of
from impactkit.services.records import need_role
from impactkit.store import audit as audit_store
from impactkit.store import editing as store
from impactkit.store import workspaces as workspace_store
from impactkit.store.db import Connection, Database
from impactkit.store.editing import FindingEvent

__all__ = ["ACTIONS", "CHECKS", "FindingDetail", "FindingEvent", "OwnWorkRefused", "add_comment",
           "allowed_actions", "finding_detail", "finding_events", "imported_own_work",
           "transition"]

DRAFT, REVIEWED, VALIDATED = FindingStatus.DRAFT, FindingStatus.REVIEWED, FindingStatus.VALIDATED

# action -> (statuses it starts from, status it leads to)
ACTIONS: dict[str, tuple[frozenset[FindingStatus], FindingStatus]] = {
    "review": (frozenset({DRAFT}), REVIEWED),
    "validate": (frozenset({REVIEWED}), VALIDATED),
    "send-back": (frozenset({REVIEWED, VALIDATED}), DRAFT),
    "reopen": (frozenset({VALIDATED}), REVIEWED),
}
DONE = {"review": "reviewed", "validate": "validated", "send-back": "sent back",
        "reopen": "reopened"}
MAX_TEXT = 10_000
CHECKS = frozenset({"review", "validate"})
"""The steps that approve a finding, which the four-eyes rule keeps from its makers."""
OWN_WORK = {
    "review": ("finding '{finding}' was written or last changed by {user}, and workspace "
               "'{workspace}' applies the four-eyes rule: another reviewer must review it"),
    "validate": ("finding '{finding}' was written or last changed by {user}, and workspace "
                 "'{workspace}' applies the four-eyes rule: another reviewer must validate "
                 "it"),
}
NO_EVIDENCE = ("a finding needs at least one evidence item before it can be validated: add "
               "one, then validate")


def makers(finding: Finding, last_changed_by: str | None) -> frozenset[str]:
    """Who wrote (``author``) or last changed a finding."""
    return frozenset(name for name in (finding.author, last_changed_by) if name)


IMPORTED_OWN_WORK = {
    "reviewed_by": ("finding '{finding}' is {status} and names {user} as its reviewer, who also "
                    "wrote it, and workspace '{workspace}' applies the four-eyes rule: "
                    "reviewed_by must name another reviewer"),
    "validated_by": ("finding '{finding}' is {status} and names {user} as its validator, who "
                     "also wrote it, and workspace '{workspace}' applies the four-eyes rule: "
                     "validated_by must name another reviewer"),
}
IMPORTED_UNCHECKED = {
    "reviewed_by": ("finding '{finding}' is {status} but names no reviewer, and workspace "
                    "'{workspace}' applies the four-eyes rule: reviewed_by must name the "
                    "reviewer, someone other than its author"),
    "validated_by": ("finding '{finding}' is {status} but names no validator, and workspace "
                     "'{workspace}' applies the four-eyes rule: validated_by must name the "
                     "validator, someone other than its author"),
}
# the names a finding in each status must carry: who took each check it passed
_CHECKED_BY = {REVIEWED: ("reviewed_by",), VALIDATED: ("reviewed_by", "validated_by")}


def imported_own_work(findings: Iterable[Finding], *, workspace_key: str
                      ) -> list[tuple[Finding, str, str]]:
    """Findings arriving already reviewed or validated (an import), checked against the
    four-eyes rule as :func:`transition` applies it: each check a finding has passed must name
    who took it, and that person must not be one of its :func:`makers`. A finding not yet
    stored has no audit trail, so its makers are its author. Returns (finding, field,
    message) for each breach; the caller applies it only when the workspace has the rule on."""
    breaches: list[tuple[Finding, str, str]] = []
    for finding in findings:
        own = makers(finding, None)
        for name in _CHECKED_BY.get(finding.status, ()):
            user = getattr(finding, name)
            template = IMPORTED_UNCHECKED[name] if not user \
                else IMPORTED_OWN_WORK[name] if user in own else None
            if template is not None:
                breaches.append((finding, name, template.format(
                    finding=finding.key, status=finding.status, user=user,
                    workspace=workspace_key)))
    return breaches


def _own_work(conn: Connection, finding: Finding, workspace_key: str, user: str) -> bool:
    """Whether the four-eyes rule keeps ``user`` from checking ``finding`` here."""
    if not workspace_store.four_eyes(conn, key=workspace_key):
        return False
    last = audit_store.last_changed_by(conn, workspace_key=workspace_key, entity="finding",
                                       record_key=finding.key)
    return user in makers(finding, last)


def _text(value: str, field_name: str, *, required: bool, why: str) -> str:
    text = value.strip()
    if required and not text:
        raise ValidationError([Problem(why, field=field_name)], summary=why)
    if (message := text_problem(text, field=field_name)) is not None:
        raise ValidationError([Problem(message, field=field_name)], summary=message)
    if len(text) > MAX_TEXT:
        raise ValidationError([Problem(f"{field_name} is {len(text)} characters long; "
                                       f"keep it under {MAX_TEXT}", field=field_name)])
    return text


def _moved(finding: Finding, action: str, user: str) -> Finding:
    target = ACTIONS[action][1]
    if action == "review":
        return dataclasses.replace(finding, status=target, reviewed_by=user, validated_by=None)
    if action == "validate":
        return dataclasses.replace(finding, status=target, validated_by=user)
    if action == "send-back":
        return dataclasses.replace(finding, status=target, reviewed_by=None, validated_by=None)
    return dataclasses.replace(finding, status=target, validated_by=None)


def transition(db: Database, principal: Principal, *, workspace_key: str, finding_key: str,
               action: str, expected_version: int, comment: str = "") -> Finding:
    """Take one review step on a finding; returns the finding as saved (version + 1)."""
    if action not in ACTIONS:
        raise UsageError(f"unknown review step '{action}'; use one of: {', '.join(ACTIONS)}")
    need_role(role_of(db, principal, workspace_key), Role.REVIEWER, principal, workspace_key,
          f"{action} findings")
    comment = _text(comment, "comment", required=action == "send-back",
                    why="say what needs to change: sending a finding back needs a comment")
    with db.begin() as conn:
        current = store.get_record(conn, workspace_key=workspace_key, entity="finding",
                                   key=finding_key)
        if current.version != expected_version:
            raise store.stale("finding", finding_key, expected_version, current,
                              f"changed ({action})")
        starts, _ = ACTIONS[action]
        if current.status not in starts:
            allowed = " or ".join(sorted(str(s) for s in starts))
            raise ValidationError([Problem(
                f"finding '{finding_key}' is {current.status}: '{action}' applies to "
                f"{allowed} findings only", field="status")],
                summary=f"this finding cannot be {DONE[action]} now")
        if action in CHECKS and _own_work(conn, current, workspace_key, principal.name):
            raise OwnWorkRefused(OWN_WORK[action].format(
                finding=finding_key, user=principal.name, workspace=workspace_key))
        if action == "validate" and not store.evidence_of(
                conn, workspace_key=workspace_key, finding_key=finding_key):
            raise ValidationError([Problem(NO_EVIDENCE, field="evidence")],
                                  summary=NO_EVIDENCE)
        saved = store.update_record(conn, workspace_key=workspace_key, entity="finding",
                                    record=_moved(current, action, principal.name),
                                    expected_version=expected_version, user=principal.name,
                                    action=action, summary=comment)
        store.add_event(conn, workspace_key=workspace_key, finding_key=finding_key,
                        user=principal.name, kind=action, text=comment)
    result: Finding = saved
    return result


def add_comment(db: Database, principal: Principal, *, workspace_key: str, finding_key: str,
                text: str) -> FindingEvent:
    """A reviewer's comment on a finding (it changes no field, so no version is needed)."""
    need_role(role_of(db, principal, workspace_key), Role.REVIEWER, principal, workspace_key,
          "comment on findings")
    text = _text(text, "text", required=True, why="a comment cannot be empty")
    with db.begin() as conn:
        return store.add_comment(conn, workspace_key=workspace_key, finding_key=finding_key,
                                 user=principal.name, text=text)


def finding_events(db: Database, principal: Principal, *, workspace_key: str,
                   finding_key: str) -> list[FindingEvent]:
    """Comments and review steps of a finding, oldest first."""
    require_read(db, principal, workspace_key)
    with db.connect() as conn:
        return store.events_of(conn, workspace_key=workspace_key, finding_key=finding_key)


@dataclass(frozen=True, slots=True)
class FindingDetail:
    """A finding with what its page shows: evidence, review trail, and what the visitor may
    do now (``blocked`` says why a step that exists is not possible yet; ``own_work`` that
    the four-eyes rule keeps the visitor from reviewing or validating it)."""

    finding: Finding
    evidence: list[Evidence]
    events: list[FindingEvent]
    role: Role | None
    actions: tuple[str, ...]
    blocked: dict[str, str] = field(default_factory=dict)
    own_work: bool = False


def allowed_actions(role: Role | None, finding: Finding, n_evidence: int, *,
                    own_work: tuple[str, str] | None = None
                    ) -> tuple[tuple[str, ...], dict[str, str]]:
    """What a role may do with a finding now: edit, delete, add-evidence, comment and the
    review steps, plus the steps blocked, with the reason. ``own_work`` is (workspace key,
    user name) when the four-eyes rule keeps this user from checking the finding (their own
    work): review and validate are then blocked."""
    if role is None:
        return (), {}
    actions: list[str] = []
    blocked: dict[str, str] = {}
    editor = Role.CONTRIBUTOR if finding.status == DRAFT else Role.REVIEWER
    if role >= editor:
        actions += ["edit", "delete", "add-evidence"]
    if role >= Role.REVIEWER:
        actions.append("comment")
        for action, (starts, _) in ACTIONS.items():
            if finding.status in starts:
                if action in CHECKS and own_work is not None:
                    blocked[action] = OWN_WORK[action].format(
                        finding=finding.key, user=own_work[1], workspace=own_work[0])
                elif action == "validate" and n_evidence == 0:
                    blocked[action] = NO_EVIDENCE
                else:
                    actions.append(action)
    return tuple(actions), blocked


def finding_detail(db: Database, principal: Principal, *, workspace_key: str,
                   finding_key: str) -> FindingDetail:
    require_read(db, principal, workspace_key)
    with db.connect() as conn:
        finding = store.get_record(conn, workspace_key=workspace_key, entity="finding",
                                   key=finding_key)
        evidence = store.evidence_of(conn, workspace_key=workspace_key,
                                     finding_key=finding_key)
        events = store.events_of(conn, workspace_key=workspace_key, finding_key=finding_key)
        own = principal.is_authenticated and _own_work(conn, finding, workspace_key,
                                                       principal.name)
    role = role_of(db, principal, workspace_key)
    actions, blocked = allowed_actions(role, finding, len(evidence),
                                       own_work=(workspace_key, principal.name) if own else None)
    return FindingDetail(finding=finding, evidence=evidence, events=events, role=role,
                         actions=actions, blocked=blocked, own_work=own)

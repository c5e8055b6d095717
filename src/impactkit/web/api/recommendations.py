"""Recommendations made to the State, through the API: search, read, tag (with versions),
the suggestion queue and decisions on it, running and retraining the tagger, the actions
answering recommendations and their status history.

Every operation calls :mod:`impactkit.services.recommendations` or
:mod:`impactkit.services.recommendation_tagging`, which check the caller's role (viewers
read; contributors tag, decide, add actions and assessments). Paths that name no
recommendation (``suggestions``, ``actions``) are declared before ``/{rkey}``.
Recommendations written by hand, their source fields and deletions go through
:mod:`impactkit.services.recommendation_editing`; links to findings through
:mod:`impactkit.services.recommendation_links`.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Response, status
from pydantic import ConfigDict, Field

from impactkit.errors import Problem, ValidationError
from impactkit.limits import MAX_OFFSET
from impactkit.plain import plain
from impactkit.recommendations import model
from impactkit.services import recommendation_editing as editing
from impactkit.services import recommendation_links as links
from impactkit.services import recommendation_tagging as tagging
from impactkit.services import recommendation_themes as themes
from impactkit.services import recommendations as service
from impactkit.web.api import recommendation_models as m
from impactkit.web.api.common import ApiRoute, Reader, Writer, error_responses
from impactkit.web.api.models import Conflict, Strict

router = APIRouter(route_class=ApiRoute, tags=["recommendations"],
                   responses=error_responses(422))

WorkspaceKey = Annotated[str, Path(description="The workspace key.")]
RecKey = Annotated[str, Path(description="The recommendation key.")]
ActionKey = Annotated[str, Path(description="The action key.")]
FindingKey = Annotated[str, Path(description="The finding key.")]
Version = Annotated[int, Query(ge=1, description="The version being deleted (as last read).")]
BASE = "/workspaces/{key}/recommendations"
READ = error_responses(401, 403, 404)


def _conflict(what: str, model_: Any) -> dict[int | str, dict[str, Any]]:
    return {409: {"model": Conflict[model_], "description": "Stale version: nothing was "
                  f"written; `current` is the {what} as stored now."}}


class SearchQuery(Strict):
    """The search: words (all must occur; ``"a phrase"``, ``OR``, ``-word``) and filters
    (every one given must hold). Unknown parameters are refused."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    mechanism: str | None = None
    cycle: str | None = None
    tag: str | None = Field(default=None, description="KIND:CODE, e.g. provision:CRC-32.")
    theme: str | None = Field(default=None, description="One of the source's themes, as it "
                                                        "gives them (not with `tag`).")
    status: str | None = Field(default=None, description="The latest status, from any source.")
    actor: str | None = Field(default=None, description="Responsible for an action answering "
                                                        "the recommendation.")
    family: str | None = None
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)
    limit: int = Field(default=50, ge=1, le=1000)


@router.get(BASE, response_model=m.RecommendationPage, operation_id="search_recommendations",
            summary="Search recommendations", responses=error_responses(400, 401, 403, 404))
def search(key: WorkspaceKey, caller: Reader, query: Annotated[SearchQuery, Query()]) -> Any:
    """Recommendations matching the words and filters, best first when there are words,
    else by key, ``limit`` at a time from ``offset``; ``total`` counts every match."""
    fields = query.model_dump(exclude={"offset", "limit"})
    filters = themes.search_filters(fields)
    found = service.find(caller.db, caller.who, workspace_key=key, filters=filters,
                         offset=query.offset, limit=query.limit)
    return {"items": [plain(r) for r in found.items], "total": found.total,
            "offset": found.offset, "limit": found.limit}


# --- suggestions (before /{rkey}) ------------------------------------------------------------
@router.get(BASE + "/suggestions", response_model=list[m.Suggestion],
            operation_id="list_tag_suggestions", summary="The queue of pending suggestions",
            responses=READ)
def suggestions(key: WorkspaceKey, caller: Reader,
                min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0,
                kind: str | None = None, recommendation: str | None = None,
                limit: Annotated[int, Query(ge=1, le=1000)] = 50,
                offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> Any:
    """Pending suggestions, most confident first, with the words that support each."""
    return [plain(s) for s in tagging.queue(
        caller.db, caller.who, workspace_key=key, min_confidence=min_confidence, kind=kind,
        recommendation=recommendation, limit=limit, offset=offset)]


@router.post(BASE + "/suggestions", response_model=m.SuggestReport,
             operation_id="suggest_tags", summary="Run the tagger", responses=READ)
def suggest(key: WorkspaceKey, caller: Writer, body: m.SuggestRequest | None = None) -> Any:
    """Suggest tags for every recommendation (or those of ``keys``), replacing pending
    suggestions; nothing becomes a tag until someone accepts it."""
    return plain(tagging.suggest(caller.db, caller.who, workspace_key=key,
                                 keys=body.keys if body else None))


@router.post(BASE + "/suggestions/decisions", response_model=m.Recommendation,
             operation_id="decide_tag_suggestion", summary="Accept or reject a suggestion",
             responses={**error_responses(400, 401, 403, 404)})
def decide(key: WorkspaceKey, body: m.Decision, caller: Writer) -> Any:
    """Accept (the tag is added) or reject one suggestion; the decision is kept with who
    and when. Returns the recommendation as it is now."""
    return plain(tagging.decide(caller.db, caller.who, workspace_key=key,
                                recommendation=body.recommendation, kind=body.kind,
                                code=body.code, accept=body.accept))


@router.post(BASE + "/suggestions/accept-above", response_model=m.Accepted,
             operation_id="accept_tag_suggestions_above",
             summary="Accept every suggestion at or above a confidence",
             responses=error_responses(400, 401, 403, 404))
def accept_above(key: WorkspaceKey, body: m.AcceptAbove, caller: Writer) -> Any:
    """A person's explicit bulk decision, in one transaction."""
    return {"accepted": tagging.accept_above(caller.db, caller.who, workspace_key=key,
                                             threshold=body.threshold, kind=body.kind)}


@router.post(BASE + "/tagger", response_model=m.TrainReport, operation_id="train_tagger",
             summary="Retrain the tagger", responses=error_responses(400, 401, 403, 404))
def train(key: WorkspaceKey, caller: Writer) -> Any:
    """Fit the learned tagger on every decision and tag so far; the next suggestions use
    it. 400 when there is nothing to learn from yet."""
    return plain(tagging.train(caller.db, caller.who, workspace_key=key))


# --- actions (before /{rkey}) ----------------------------------------------------------------
@router.get(BASE + "/actions", response_model=list[m.Action], operation_id="list_actions",
            summary="Actions answering recommendations", responses=READ)
def actions(key: WorkspaceKey, caller: Reader, recommendation: str | None = None) -> Any:
    """Every action of the workspace, or those answering ``recommendation``."""
    return [plain(a) for a in service.actions_of(caller.db, caller.who, workspace_key=key,
                                                 recommendation=recommendation)]


def _action(key: str, body: m.ActionFields) -> model.Action:
    return model.Action(key=key, title=body.title, description=body.description,
                        recommendations=tuple(body.recommendations), actors=tuple(body.actors),
                        status=body.status, due=body.due)


@router.post(BASE + "/actions", response_model=m.Action, status_code=status.HTTP_201_CREATED,
             operation_id="create_action", summary="Add an action", responses=READ)
def create_action(key: WorkspaceKey, body: m.ActionCreate, caller: Writer,
                  response: Response) -> Any:
    """An action (version 1) answering one or more recommendations, with its responsible
    actors; unknown recommendations or actors are 422."""
    saved = service.add_action(caller.db, caller.who, workspace_key=key,
                               action=_action(body.key, body))
    response.headers["Location"] = (f"/api/workspaces/{quote(key, safe='')}/recommendations/"
                                    f"actions/{quote(saved.key, safe='')}")
    return plain(saved)


@router.put(BASE + "/actions/{akey}", response_model=m.Action, operation_id="update_action",
            summary="Update an action",
            responses={**READ, **_conflict("action", m.Action)})
def update_action(key: WorkspaceKey, akey: ActionKey, body: m.ActionUpdate,
                  caller: Writer) -> Any:
    """Every field and the version the change is based on; a stale version is 409."""
    if body.key is not None and body.key != akey:
        raise ValidationError([Problem(f"the key in the body ('{body.key}') is not the key "
                                       f"in the URL ('{akey}'); keys never change",
                                       location="body", field="key")],
                              summary="the action was not saved")
    return plain(service.update_action(caller.db, caller.who, workspace_key=key,
                                       action=_action(akey, body),
                                       expected_version=body.version))


@router.delete(BASE + "/actions/{akey}", status_code=status.HTTP_204_NO_CONTENT,
               response_class=Response, operation_id="delete_action",
               summary="Delete an action", responses={**READ, **_conflict("action", m.Action)})
def delete_action(key: WorkspaceKey, akey: ActionKey, caller: Writer, version: Version
                  ) -> Response:
    """Delete an action still at ``version``; the recommendations it answers are kept."""
    editing.delete_action(caller.db, caller.who, workspace_key=key, key=akey,
                          expected_version=version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- recommendations written by hand ---------------------------------------------------------
@router.post(BASE, response_model=m.Recommendation, status_code=status.HTTP_201_CREATED,
             operation_id="create_recommendation", summary="Add a recommendation by hand",
             responses=READ)
def create(key: WorkspaceKey, body: m.RecommendationSource, caller: Writer,
           response: Response) -> Any:
    """A recommendation (version 1) keyed as an import would key it (mechanism, cycle and
    paragraph, or a digest of its text); a key already used is 422."""
    saved = editing.add_recommendation(caller.db, caller.who, workspace_key=key,
                                       record=model.Recommendation(key="", **body.model_dump()))
    response.headers["Location"] = (f"/api/workspaces/{quote(key, safe='')}/recommendations/"
                                    f"{quote(saved.key, safe='')}")
    return plain(saved)


# --- one recommendation ----------------------------------------------------------------------
@router.get(BASE + "/{rkey}", response_model=m.Recommendation,
            operation_id="get_recommendation", summary="Get one recommendation",
            responses=READ)
def get(key: WorkspaceKey, rkey: RecKey, caller: Reader) -> Any:
    return plain(service.get(caller.db, caller.who, workspace_key=key, key=rkey))


@router.get(BASE + "/{rkey}/family", response_model=list[m.Recommendation],
            operation_id="recommendation_family", summary="Its reiterations", responses=READ)
def family(key: WorkspaceKey, rkey: RecKey, caller: Reader) -> Any:
    """The recommendation and every one reiterating it, oldest cycle first."""
    return [plain(r) for r in service.family_of(caller.db, caller.who, workspace_key=key,
                                                key=rkey)]


@router.put(BASE + "/{rkey}/tags", response_model=m.Recommendation,
            operation_id="set_recommendation_tags", summary="Set tags",
            responses={**READ, **_conflict("recommendation", m.Recommendation)})
def set_tags(key: WorkspaceKey, rkey: RecKey, body: m.TagsUpdate, caller: Writer) -> Any:
    """Replace the tag lists given (others are kept), checked against the workspace's
    catalogue; a stale ``version`` is refused with 409 and the recommendation as stored."""
    tags = {name: tuple(value) for name, value in body.model_dump(exclude={"version"}).items()
            if value is not None}
    return plain(service.set_tags(caller.db, caller.who, workspace_key=key, key=rkey,
                                  tags=tags, expected_version=body.version))


@router.get(BASE + "/{rkey}/status", response_model=list[m.StatusAssessment],
            operation_id="status_history", summary="Status history", responses=READ)
def status_history(key: WorkspaceKey, rkey: RecKey, caller: Reader) -> Any:
    """Every assessment of how far it is implemented, from every source, oldest first."""
    return [plain(s) for s in service.status_history(caller.db, caller.who, workspace_key=key,
                                                     key=rkey)]


@router.post(BASE + "/{rkey}/status", response_model=m.StatusAssessment,
             status_code=status.HTTP_201_CREATED, operation_id="add_status_assessment",
             summary="Add a status assessment", responses=READ)
def add_status(key: WorkspaceKey, rkey: RecKey, body: m.StatusCreate, caller: Writer) -> Any:
    """One source's view at one date; the history keeps every earlier one."""
    assessment = model.StatusAssessment(
        recommendation=rkey, source=body.source, status=body.status,
        assessed_on=body.assessed_on, assessor=body.assessor, evidence=body.evidence,
        note=body.note)
    return plain(service.add_status(caller.db, caller.who, workspace_key=key,
                                    assessment=assessment))


@router.patch(BASE + "/{rkey}", response_model=m.Recommendation,
              operation_id="update_recommendation", summary="Change source fields",
              responses={**READ, **_conflict("recommendation", m.Recommendation)})
def update(key: WorkspaceKey, rkey: RecKey, body: m.RecommendationUpdate,
           caller: Writer) -> Any:
    """Change the source fields given (text, symbol, paragraph...); tags, links and the key
    stay. A stale ``version`` is refused with 409 and the recommendation as stored."""
    fields = {name: value for name, value in body.model_dump(exclude={"version"},
                                                            exclude_unset=True).items()
              if value is not None or name in ("date", "position")}  # these may be cleared
    return plain(editing.edit_source(caller.db, caller.who, workspace_key=key, key=rkey,
                                     fields=fields, expected_version=body.version))


@router.delete(BASE + "/{rkey}", status_code=status.HTTP_204_NO_CONTENT,
               response_class=Response, operation_id="delete_recommendation",
               summary="Delete a recommendation",
               responses={**READ, **_conflict("recommendation", m.Recommendation)})
def delete(key: WorkspaceKey, rkey: RecKey, caller: Writer, version: Version) -> Response:
    """Delete a recommendation still at ``version`` (the admin role) with its tags,
    suggestions and status history; the actions answering it are kept without it."""
    editing.delete_recommendation(caller.db, caller.who, workspace_key=key, key=rkey,
                                  expected_version=version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# --- links to findings -----------------------------------------------------------------------
def _linked(caller: Any, key: str, rkey: str) -> list[dict[str, Any]]:
    rec = service.get(caller.db, caller.who, workspace_key=key, key=rkey)
    return [{"ref": f.ref, "workspace": f.workspace_key, "key": f.key,
             "title": f.finding.title if f.finding else None,
             "layer": f.finding.layer if f.finding else None,
             "status": str(f.finding.status) if f.finding else None}
            for f in links.linked_findings(caller.db, caller.who, workspace_key=key,
                                           recommendation=rec)]


@router.get(BASE + "/{rkey}/findings", response_model=list[m.LinkedFinding],
            operation_id="recommendation_findings", summary="Its linked findings",
            responses=READ)
def linked_findings(key: WorkspaceKey, rkey: RecKey, caller: Reader) -> Any:
    """The findings the recommendation bears on, those of this workspace first."""
    return _linked(caller, key, rkey)


@router.post(BASE + "/{rkey}/findings", response_model=m.Recommendation,
             operation_id="link_findings", summary="Link findings",
             responses={**READ, **_conflict("recommendation", m.Recommendation)})
def link_findings(key: WorkspaceKey, rkey: RecKey, body: m.LinkChange, caller: Writer) -> Any:
    """Link the recommendation to more findings (those already linked are left as they
    are); an unknown finding, or one of a workspace of another State, is 422."""
    return plain(links.link(caller.db, caller.who, workspace_key=key, key=rkey,
                            findings=body.findings, expected_version=body.version))


@router.post(BASE + "/{rkey}/findings/unlink", response_model=m.Recommendation,
             operation_id="unlink_findings", summary="Unlink findings",
             responses={**READ, **_conflict("recommendation", m.Recommendation)})
def unlink_findings(key: WorkspaceKey, rkey: RecKey, body: m.LinkChange,
                    caller: Writer) -> Any:
    """Remove links to findings; one that is not linked is 422, naming it."""
    return plain(links.unlink(caller.db, caller.who, workspace_key=key, key=rkey,
                              findings=body.findings, expected_version=body.version))


@router.get("/workspaces/{key}/findings/{fkey}/recommendations",
            response_model=m.FindingRecommendations,
            operation_id="finding_recommendations",
            summary="The recommendations linked to a finding", responses=READ)
def finding_recommendations(key: WorkspaceKey, fkey: FindingKey, caller: Reader) -> Any:
    """The recommendations made to the State linked to the finding, in paragraph order,
    with their latest status; and the workspace's own recommendations following them up."""
    found = links.for_finding(caller.db, caller.who, workspace_key=key, finding_key=fkey)
    return {"recommendations": [{"recommendation": plain(item.recommendation),
                                 "latest_status": plain(item.latest)}
                                for item in found.recommendations],
            "own_recommendations": [o.key for o in found.own]}

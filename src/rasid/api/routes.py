"""The REST endpoints under ``/api`` (JSON only; errors as ``{"error": ...}``)."""
from __future__ import annotations

import asyncio
import hmac
import time
from datetime import date
from typing import Any, Literal, get_args

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError

from rasid.api import queries
from rasid.api.errors import ERROR_RESPONSES, NOT_FOUND, ApiError, ErrorBody
from rasid.api.ingest import (MAX_INGEST_BYTES, IngestOutcome, IngestRequest, IngestText, checked_url, text_article,
                              upload_article)
from rasid.api.resolution import BackgroundResolver
from rasid.api.stores import StoreAccess
from rasid.store import Store

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
RESOLUTION_PATH = "/api/resolution"
WAIT_POLL_SECONDS = 0.05     # how often a POST checks whether its resolution has ended
EventType = Literal["attack", "armed_clash", "plot_foiled", "arrest", "legal_action", "designation", "claim",
                    "threat", "protest"]
EntityType = Literal["PER", "ORG", "LOC", "GPE", "FAC", "MISC"]
DiscrepancyKind = Literal["evolving", "conflict", "vague_vs_precise", "anachronism", "soft"]
EVENT_TYPES: tuple[str, ...] = get_args(EventType)


class PageBody(BaseModel):
    """One page of a listing."""

    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int


class SearchBody(BaseModel):
    query: str
    articles: list[dict[str, Any]]
    events: list[dict[str, Any]]


class IngestBody(BaseModel):
    articles: list[str]
    created: bool
    report: dict[str, Any]
    resolution: dict[str, Any] | None = None


class ResolutionBody(BaseModel):
    state: Literal["idle", "running"]
    requested: int
    resolved: int
    failed: int
    last_error: str | None
    last_seconds: float | None
    ticket: int | None = None
    ticket_state: Literal["done", "failed", "pending", "unknown"] | None = None


def access(request: Request) -> StoreAccess:
    return request.app.state.stores


async def reader(request: Request) -> Store:
    """The read store of whichever thread runs the endpoint (no thread hop to hand it out)."""
    return access(request).thread_store  # type: ignore[return-value]


def limit_param(default: int = 50) -> Any:
    return Query(default, ge=1, le=MAX_LIMIT, description=f"page size (1..{MAX_LIMIT})")


def offset_param() -> Any:
    return Query(0, ge=0, le=MAX_OFFSET, description="items to skip")


def event_query(type: EventType | None = Query(None, description="event type"),
                actor: str | None = Query(None, max_length=200, description="actor: kb id, entity id or name"),
                country: str | None = Query(None, pattern="^[A-Za-z]{2}$", description="ISO 3166 alpha-2"),
                date_from: date | None = Query(None, description="events on or after (YYYY-MM-DD)"),
                date_to: date | None = Query(None, description="events on or before (YYYY-MM-DD)"),
                q: str | None = Query(None, max_length=200, description="words of the event's sentences"),
                limit: int = limit_param(), offset: int = offset_param()) -> queries.EventQuery:
    return queries.EventQuery(type, actor, country, date_from, date_to, q, limit, offset)


router = APIRouter(prefix="/api", tags=["api"])


@router.get("/events", response_model=PageBody, responses=ERROR_RESPONSES, summary="reconciled events")
def list_events(query: queries.EventQuery = Depends(event_query), store: Store = Depends(reader)) -> dict[str, Any]:
    return queries.list_events(store, query).to_dict()


@router.get("/events/{event_id}", responses=NOT_FOUND, summary="one event, its mentions side by side")
def get_event(event_id: str, store: Store = Depends(reader)) -> dict[str, Any]:
    return queries.event_detail(store, event_id) or _missing("event", event_id)


@router.get("/articles", response_model=PageBody, responses=ERROR_RESPONSES, summary="stored articles")
def list_articles(limit: int = limit_param(), offset: int = offset_param(),
                  store: Store = Depends(reader)) -> dict[str, Any]:
    return queries.list_articles(store, limit, offset).to_dict()


@router.get("/articles/{article_id}", responses=NOT_FOUND, summary="one article: text, removed parts, entities")
def get_article(article_id: str, store: Store = Depends(reader)) -> dict[str, Any]:
    return queries.article_detail(store, article_id) or _missing("article", article_id)


@router.get("/entities", response_model=PageBody, responses=ERROR_RESPONSES, summary="entities")
def list_entities(type: EntityType | None = Query(None, description="entity type"),
                  q: str | None = Query(None, max_length=200, description="words of the names"),
                  limit: int = limit_param(), offset: int = offset_param(),
                  store: Store = Depends(reader)) -> dict[str, Any]:
    return queries.list_entities(store, type, q, limit, offset).to_dict()


@router.get("/entities/{entity_id}", responses=NOT_FOUND, summary="one entity (id or kb id), profile, events")
def get_entity(entity_id: str, store: Store = Depends(reader)) -> dict[str, Any]:
    return queries.entity_detail(store, entity_id) or _missing("entity", entity_id, "entities")


@router.get("/profiles", response_model=PageBody, responses=ERROR_RESPONSES, summary="organization profiles")
def list_profiles(limit: int = limit_param(), offset: int = offset_param(),
                  store: Store = Depends(reader)) -> dict[str, Any]:
    return queries.list_profiles(store, limit, offset).to_dict()


@router.get("/profiles/{entity}", responses=NOT_FOUND, summary="the profile of an entity (id or kb id)")
def get_profile(entity: str, store: Store = Depends(reader)) -> dict[str, Any]:
    return queries.profile_detail(store, entity) or _missing("profile", entity)


@router.get("/search", response_model=SearchBody, responses=ERROR_RESPONSES, summary="full-text search")
def search(q: str = Query(..., min_length=1, max_length=200, description="words to find"),
           limit: int = Query(20, ge=1, le=100), store: Store = Depends(reader)) -> dict[str, Any]:
    hits = [hit.to_dict() for hit in store.search(q, limit)]
    events = queries.list_events(store, queries.EventQuery(q=q, limit=limit), total=False).items
    return {"query": q, "articles": hits, "events": events}


@router.get("/discrepancies", response_model=PageBody, responses=ERROR_RESPONSES, summary="discrepancies")
def list_discrepancies(kind: DiscrepancyKind | None = Query(None, description="discrepancy kind"),
                       limit: int = limit_param(), offset: int = offset_param(),
                       store: Store = Depends(reader)) -> dict[str, Any]:
    return queries.list_discrepancies(store, kind, limit, offset).to_dict()


INGEST_BODY_DOC = {
    "requestBody": {"required": True, "content": {
        "application/json": {"schema": IngestText.model_json_schema()},
        "multipart/form-data": {"schema": {"type": "object", "required": ["file"],
                                           "properties": {"file": {"type": "string", "format": "binary"}}}},
    }},
}
INGEST_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": IngestBody, "description": "already stored (read now if it was unread)"},
    201: {"model": IngestBody, "description": "stored, read and reconciled"},
    202: {"model": IngestBody, "description": "stored and read; the corpus is being reconciled in the background "
                                              "(follow the Location header / resolution.status_url)"},
    401: {"model": ErrorBody, "description": "missing or wrong bearer token"},
    403: {"model": ErrorBody, "description": "writing is disabled (no token configured)"},
    413: {"model": ErrorBody, "description": "body too large"},
    415: {"model": ErrorBody, "description": "unsupported content type"},
    422: {"model": ErrorBody, "description": "the input cannot be read"},
}


def require_token(request: Request) -> None:
    """Bearer-token check of the write endpoints."""
    token = request.app.state.token
    if not token:
        raise ApiError(403, "writing is disabled: start 'rasid serve' with --token T or set RASID_TOKEN")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(401, "missing or wrong token: send 'Authorization: Bearer <token>'",
                       {"WWW-Authenticate": "Bearer"})


@router.post("/ingest", status_code=201, responses=INGEST_RESPONSES, openapi_extra=INGEST_BODY_DOC,
             summary="ingest and read one article (text, URL or file), reconcile in the background; needs the "
                     "bearer token", dependencies=[Depends(require_token)], response_model=None)
async def ingest(request: Request) -> JSONResponse:
    wanted = await ingest_source(request)
    outcome: IngestOutcome = await request.app.state.ingester.run(wanted)
    if not outcome.changed:
        return JSONResponse(outcome.to_dict(), status_code=200)
    resolver: BackgroundResolver = request.app.state.resolver
    ticket = resolver.request()
    done = await wait_for_ticket(resolver, ticket, request.app.state.resolve_wait)
    status_url = f"{RESOLUTION_PATH}?ticket={ticket}"
    outcome.resolution = {**resolver.status().to_dict(ticket), "status_url": status_url}
    if done or not outcome.created:
        return JSONResponse(outcome.to_dict(), status_code=201 if outcome.created else 200)
    return JSONResponse(outcome.to_dict(), status_code=202, headers={"Location": status_url})


async def wait_for_ticket(resolver: BackgroundResolver, ticket: int, seconds: float) -> bool:
    """Wait (without holding a thread) up to ``seconds`` for the ticket's resolution to end."""
    deadline = time.monotonic() + seconds
    while resolver.status().ticket_state(ticket) == "pending":
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(WAIT_POLL_SECONDS)
    return True


@router.get("/resolution", response_model=ResolutionBody, responses=ERROR_RESPONSES,
            summary="the background reconciliation: running or idle, tickets done; ?ticket= from POST /api/ingest")
def resolution_status(request: Request, ticket: int | None = Query(None, ge=1, le=2**62,
                                                                  description="ticket of a POST /api/ingest")
                      ) -> dict[str, Any]:
    resolver: BackgroundResolver = request.app.state.resolver
    return resolver.status().to_dict(ticket)


async def ingest_source(request: Request) -> IngestRequest:
    """The article source of the request body (JSON text or URL, or a multipart file)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_INGEST_BYTES:
        raise ApiError(413, f"body over {MAX_INGEST_BYTES} bytes: send a smaller article")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        return json_source(await bounded_body(request))
    if content_type == "multipart/form-data":
        return await upload_source(request)
    raise ApiError(415, "send application/json {text, published?, outlet?, title?, url?} or {url}, "
                        "or multipart/form-data with a 'file'")


async def bounded_body(request: Request) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_INGEST_BYTES:
            raise ApiError(413, f"body over {MAX_INGEST_BYTES} bytes: send a smaller article")
        chunks.append(chunk)
    return b"".join(chunks)


def json_source(data: bytes) -> IngestRequest:
    try:
        body = IngestText.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ())) or "body"
        raise ApiError(422, f"bad JSON body ({where}: {first.get('msg', 'invalid')}): "
                            "send {text, published?, outlet?, title?, url?} or {url}") from exc
    if body.text:
        return IngestRequest(articles=(text_article(body),))
    if body.url:
        return IngestRequest(url=checked_url(body.url))
    raise ApiError(422, "nothing to ingest: give 'text' (the article) or 'url'")


async def upload_source(request: Request) -> IngestRequest:
    form = await request.form(max_files=1, max_fields=10)
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise ApiError(422, "no file: send the article as the multipart field 'file'")
    data = await upload.read(MAX_INGEST_BYTES + 1)
    if len(data) > MAX_INGEST_BYTES:
        raise ApiError(413, f"file over {MAX_INGEST_BYTES} bytes: send a smaller article")
    return IngestRequest(articles=(upload_article(upload.filename or "upload.txt", data),))


def _missing(kind: str, key: str, plural: str | None = None) -> dict[str, Any]:
    raise ApiError(404, f"no {kind} {key!r}: list them at /api/{plural or kind + 's'}")

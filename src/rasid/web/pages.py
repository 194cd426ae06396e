"""The web UI: server-rendered Jinja2 pages (autoescape on), Arabic right-to-left, ``?lang=en``."""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, ChainableUndefined

from rasid.api import queries
from rasid.api.routes import EVENT_TYPES, MAX_OFFSET, reader
from rasid.store import Store
from rasid.web.labels import Labels, labels_for
from rasid.web.mapsvg import event_map
from rasid.web.render import FIGURE_FIELDS, article_parts, figure_spans, marked
from rasid.web.timeline import timeline_buckets

PAGE_SIZE = 25
PROFILE_SECTIONS = ("founded", "size_estimates", "composition", "areas", "leaders", "designations",
                    "media_outlets")


class PageNotFound(Exception):
    """An unknown id on a web page: rendered as an HTML 404 page."""

    status = 404

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class BadPageParameter(PageNotFound):
    """A filter value the page cannot use: rendered as an HTML 422 page."""

    status = 422


def optional_date(name: str, value: str | None) -> date | None:
    """A form date: empty means no filter; anything but YYYY-MM-DD is a :class:`BadPageParameter`."""
    if not value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise BadPageParameter(f"{name}={value!r}: give a date as YYYY-MM-DD") from exc


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The template environment: autoescape ON for every template, missing fields render empty."""
    env = Environment(loader=PackageLoader("rasid.web", "templates"), autoescape=True,
                      undefined=ChainableUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(figure_fields=FIGURE_FIELDS, profile_sections=PROFILE_SECTIONS)
    return env


def link_maker(lang: str) -> Any:
    """``link(path, **params)``: a URL keeping the language and dropping empty parameters."""
    def link(path: str, **params: Any) -> str:
        kept = {k: v for k, v in params.items() if v not in (None, "")}
        if lang != "ar":
            kept["lang"] = lang
        return path + ("?" + urlencode(kept) if kept else "")
    return link


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    labels = labels_for(request.query_params.get("lang"))
    other = "en" if labels.lang == "ar" else "ar"
    switch_params = {k: v for k, v in request.query_params.items() if k != "lang"}
    if other != "ar":
        switch_params["lang"] = other
    switch = request.url.path + ("?" + urlencode(switch_params) if switch_params else "")
    html = environment().get_template(template).render(
        L=labels, lang=labels.lang, link=link_maker(labels.lang), switch_url=switch,
        path=request.url.path, figure_text=figure_text(labels), **context)
    return HTMLResponse(html, status_code=status)


def figure_text(labels: Labels) -> Any:
    """Formats a reconciled FIGURE or a mention QUANTITY for display."""
    def fmt(value: dict[str, Any] | None) -> str:
        if not value:
            return ""
        if "best" in value or "low" in value:
            return reconciled_text(value)
        qualifier = labels.term("qualifiers", value.get("qualifier"))
        number = value.get("value")
        shown = str(number) if number is not None else str(value.get("text") or "")
        return f"{shown} ({qualifier})" if qualifier and number is not None else shown
    return fmt


def reconciled_text(figure: dict[str, Any]) -> str:
    low, best, high = figure.get("low"), figure.get("best"), figure.get("high")
    if best is not None and (low in (None, best)) and (high in (None, best)):
        return str(best)
    shown = [str(v) for v in (low, best, high) if v is not None]
    return " / ".join(dict.fromkeys(shown))


router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def events_page(request: Request, type: str | None = Query(None), actor: str | None = Query(None, max_length=200),
                country: str | None = Query(None, max_length=2), date_from: str | None = Query(None, max_length=40),
                date_to: str | None = Query(None, max_length=40), q: str | None = Query(None, max_length=200),
                offset: int = Query(0, ge=0, le=MAX_OFFSET), store: Store = Depends(reader)) -> HTMLResponse:
    query = queries.EventQuery(type if type in EVENT_TYPES else None, actor or None, country or None,
                               optional_date("date_from", date_from), optional_date("date_to", date_to), q or None,
                               PAGE_SIZE, offset)
    page = queries.list_events(store, query)
    filters = {"type": query.type or "", "actor": actor or "", "country": country or "",
               "date_from": query.date_from.isoformat() if query.date_from else "",
               "date_to": query.date_to.isoformat() if query.date_to else "", "q": q or ""}
    return render(request, "events.html", page=page, filters=filters, event_types=EVENT_TYPES)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str, store: Store = Depends(reader)) -> HTMLResponse:
    event = queries.event_detail(store, event_id)
    if event is None:
        raise PageNotFound(event_id)
    labels = labels_for(request.query_params.get("lang"))
    sentences = [marked(m.get("sentence") or "", figure_spans(m, labels.words)) for m in event["mentions"]]
    disputed = {d.get("field") for d in event["discrepancies"]}
    return render(request, "event.html", event=event, sentences=sentences, disputed=disputed,
                  articles=queries.ArticleIndex(store))


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, store: Store = Depends(reader)) -> HTMLResponse:
    return render(request, "timeline.html", buckets=timeline_buckets(store.events()))


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, store: Store = Depends(reader)) -> HTMLResponse:
    return render(request, "map.html", emap=event_map(store.events()))


@router.get("/profiles", response_class=HTMLResponse)
def profiles_page(request: Request, store: Store = Depends(reader)) -> HTMLResponse:
    profiles = store.profiles()
    entities = {str(p.get("entity")): store.entity(str(p.get("entity"))) or {} for p in profiles}
    return render(request, "profiles.html", profiles=profiles, entities=entities)


@router.get("/profiles/{entity}", response_class=HTMLResponse)
def profile_page(request: Request, entity: str, store: Store = Depends(reader)) -> HTMLResponse:
    profile = queries.profile_detail(store, entity)
    if profile is None:
        raise PageNotFound(entity)
    events = [e for e in (store.event(i) for i in profile["events"]) if e]
    return render(request, "profile.html", profile=profile, record=profile["entity_record"] or {}, events=events,
                  articles=queries.ArticleIndex(store))


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, q: str | None = Query(None, max_length=200),
                  offset: int = Query(0, ge=0, le=MAX_OFFSET), store: Store = Depends(reader)) -> HTMLResponse:
    page = queries.list_entities(store, None, q, PAGE_SIZE, offset)
    profiled = {e["id"] for e in page.items if store.profile(str(e["id"])) is not None}
    return render(request, "entities.html", page=page, entities=page.items, profiled=profiled, q=q or "")


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: str, store: Store = Depends(reader)) -> HTMLResponse:
    entity = queries.entity_detail(store, entity_id)
    if entity is None:
        raise PageNotFound(entity_id)
    events = [e for e in (store.event(i) for i in entity["events"]) if e]
    return render(request, "entity.html", entity=entity, events=events, articles=queries.ArticleIndex(store))


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, offset: int = Query(0, ge=0, le=MAX_OFFSET),
                  store: Store = Depends(reader)) -> HTMLResponse:
    page = queries.list_articles(store, PAGE_SIZE, offset)
    return render(request, "articles.html", page=page)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str, store: Store = Depends(reader)) -> HTMLResponse:
    article = queries.article_detail(store, article_id)
    if article is None:
        raise PageNotFound(article_id)
    parts = article_parts(article["raw"], article["removed"], article["entities"])
    return render(request, "article.html", article=article, parts=parts)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str | None = Query(None, max_length=200),
                store: Store = Depends(reader)) -> HTMLResponse:
    hits = store.search(q, 50) if q and q.strip() else []
    found = queries.list_events(store, queries.EventQuery(q=q, limit=50), total=False) if q and q.strip() else None
    events = found.items if found else []
    return render(request, "search.html", q=q or "", hits=hits, events=events)


@router.get("/discrepancies", response_class=HTMLResponse)
def discrepancies_page(request: Request, store: Store = Depends(reader)) -> HTMLResponse:
    return render(request, "discrepancies.html", items=store.discrepancies(), articles=queries.ArticleIndex(store))


def not_found_page(request: Request, what: str, status: int = 404) -> HTMLResponse:
    return render(request, "error.html", status=status, message=what, status_code=status)

"""The web process: REST API under ``/api``, web UI pages, static files; one database (SQLite file or PostgreSQL).

    app = create_app("rasid.db", token=None)   # write endpoints disabled without a token

OpenAPI schema at ``/openapi.json`` and an offline reference page at ``/api/docs`` (no CDN).
"""
from __future__ import annotations

import os
from contextlib import asynccontextmanager
from importlib import resources as importlib_resources
from typing import AsyncIterator

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rasid import __version__
from rasid.api.errors import install_error_handlers
from rasid.api.ingest import InlineIngester, ProcessIngester
from rasid.api.resolution import BackgroundResolver, ResolveRunner, resolve_in_subprocess
from rasid.api.routes import router as api_router
from rasid.api.stores import StoreAccess

TOKEN_ENV = "RASID_TOKEN"
DEFAULT_THREADS = 64         # worker threads for the sync endpoints (anyio's default is 40)
DEFAULT_RESOLVE_WAIT = 1.0   # seconds a POST waits for its resolution before answering 202
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def configured_token(token: str | None) -> str | None:
    """The write token: the given one, else ``$RASID_TOKEN``; empty means none."""
    chosen = token if token is not None else os.environ.get(TOKEN_ENV)
    return chosen.strip() or None if chosen else None


def create_app(db: str, token: str | None = None, *, threads: int = DEFAULT_THREADS,
               resolve_wait: float = DEFAULT_RESOLVE_WAIT, resolver: ResolveRunner = resolve_in_subprocess,
               ingest_in_child: bool = True) -> FastAPI:
    """The FastAPI application over database ``db`` (which must exist: StoreError otherwise).

    ``threads`` sync endpoints run at once (each with its own read connection). A POST ingest
    stores and reads its article in a child process (``ingest_in_child``; else in a server thread),
    then waits ``resolve_wait`` seconds for the background resolution (``resolver(db)``) it asks for.
    """
    stores = StoreAccess(db)
    background = BackgroundResolver(db, resolver)
    ingester = ProcessIngester(db) if ingest_in_child else InlineIngester(stores)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield
        await anyio.to_thread.run_sync(background.close)
        await anyio.to_thread.run_sync(ingester.close)
        stores.close()

    app = FastAPI(title="Rasid", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Arabic security news as a source-attributed database of events, actors and figures.")
    app.state.stores = stores
    app.state.token = configured_token(token)
    app.state.resolver = background
    app.state.resolve_wait = resolve_wait
    app.state.ingester = ingester
    install_error_handlers(app)
    install_web(app)
    app.include_router(api_router)
    app.add_middleware(SecurityHeaders)
    return app


class SecurityHeaders:
    """Pure ASGI middleware adding :data:`SECURITY_HEADERS` to every HTTP response that lacks them
    (cheaper than ``@app.middleware("http")``, which runs each request in an extra task)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_web(app: FastAPI) -> None:
    """Web pages, static files, the offline API reference, HTML errors outside ``/api``."""
    from rasid.web.pages import PageNotFound, not_found_page, render
    from rasid.web.pages import router as web_router

    static = importlib_resources.files("rasid.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.include_router(web_router)

    @app.get("/api/docs", include_in_schema=False, response_class=HTMLResponse)
    def api_docs(request: Request) -> HTMLResponse:
        return render(request, "api_docs.html", routes=api_routes(app))

    @app.exception_handler(PageNotFound)
    async def _page_not_found(request: Request, exc: PageNotFound) -> HTMLResponse:
        return not_found_page(request, exc.what, exc.status)

    json_http = app.exception_handlers[StarletteHTTPException]

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404 and not request.url.path.startswith(("/api", "/openapi", "/static")):
            return not_found_page(request, request.url.path)
        return await json_http(request, exc)


def api_routes(app: FastAPI) -> list[dict[str, str]]:
    """Method, path and summary of every documented endpoint."""
    rows = []
    for path, item in app.openapi().get("paths", {}).items():
        for method, operation in item.items():
            rows.append({"method": method.upper(), "path": path, "summary": operation.get("summary", "")})
    return rows

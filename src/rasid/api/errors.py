"""Errors as JSON ``{"error": "<clear message>"}`` with proper status codes."""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from rasid.errors import InputError, RasidError, ResourceError, StoreError


class ErrorBody(BaseModel):
    """Every error response of the API."""

    error: str


class ApiError(Exception):
    """An error with an HTTP status and a one-line message for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def error_response(status: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def validation_message(exc: RequestValidationError) -> str:
    """One line naming each bad parameter and what is wrong with it."""
    parts = []
    for item in exc.errors():
        where = ".".join(str(p) for p in item.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {item.get('msg', 'invalid')}")
    return "bad request parameters: " + "; ".join(parts) if parts else "bad request parameters"


def rasid_status(exc: RasidError) -> int:
    """422 for unreadable input; 503 when the server's database or packaged data fail; else 400."""
    if isinstance(exc, InputError):
        return 422
    if isinstance(exc, (StoreError, ResourceError)):
        return 503
    return 400


def install_error_handlers(app: FastAPI) -> None:
    """Every error of the API becomes ``{"error": ...}`` JSON."""
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, validation_message(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or endpoint: {request.url.path}; the API is listed at /openapi.json"
        return error_response(exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(RasidError)
    async def _rasid(request: Request, exc: RasidError) -> JSONResponse:
        return error_response(rasid_status(exc), " ".join(str(exc).split()))


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "bad parameters"},
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody, "description": "unknown id"}, **ERROR_RESPONSES}

"""Application factory: everything the app needs is injected, nothing read at import time."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from aidtrace.web import errors
from aidtrace.web.desk import Desk
from aidtrace.web.pages import STATIC
from aidtrace.web.routes import ROUTERS
from aidtrace.web.security import SecurityHeaders
from aidtrace.web.settings import WebSettings
from aidtrace.workspace import Clock, utc_now


class HoldStore:
    """Each request (but static files) holds the desk's store from start to end: opened once for
    all its reads and writes, closed soon after no request is left, so other commands can use it."""

    def __init__(self, app: ASGIApp, desk: Desk) -> None:
        self.app = app
        self.desk = desk

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        self.desk.enter()
        try:
            await self.app(scope, receive, send)
        finally:
            self.desk.leave()


def create_app(
    workspace_path: Path, *, settings: WebSettings | None = None, clock: Clock = utc_now
) -> FastAPI:
    """The web desk over the workspace at ``workspace_path`` (opened while requests use it)."""
    settings = settings or WebSettings()
    desk = Desk(Path(workspace_path), settings, clock)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        # Warm up beside the first requests rather than delaying start-up.
        warming = threading.Thread(target=desk.warm, name="desk-warm-up", daemon=True)
        if settings.warm_up:
            warming.start()
        yield
        if warming.is_alive():
            warming.join()
        desk.close()

    app = FastAPI(
        title="aidtrace",
        version="0.1.0",
        summary="The officer's desk: alerts, cases, screening, lists and audit over one workspace.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.desk = desk
    errors.install(app)
    app.add_middleware(HoldStore, desk=desk)
    app.add_middleware(SecurityHeaders, secure_cookies=settings.secure_cookies)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for router in ROUTERS:
        app.include_router(router, responses=errors.ERROR_RESPONSES)

    @app.get("/api/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app

"""Application factory: everything the app needs is injected, nothing read at import time."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from aidtrace.alerts.store import alert_counts
from aidtrace.errors import AidtraceError
from aidtrace.workspace import Workspace


def create_app(workspace_path: Path) -> FastAPI:
    app = FastAPI(title="aidtrace", version="0.1.0")

    @app.exception_handler(AidtraceError)
    async def _error(request: Request, exc: AidtraceError) -> JSONResponse:
        return JSONResponse(status_code=400, content={"error": exc.as_dict()})

    @app.get("/api/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/api/alerts/counts")
    def counts() -> dict[str, int]:
        with Workspace.open(workspace_path) as ws:
            return alert_counts(ws)

    return app

"""The web desk: FastAPI JSON API and server-rendered pages over the same library functions."""

from aidtrace.web.app import create_app

__all__ = ["create_app"]

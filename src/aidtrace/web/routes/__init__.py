"""One router per page family; each serves its page and the JSON API behind it."""

from __future__ import annotations

from fastapi import APIRouter

from aidtrace.web.routes.alerts import router as alerts
from aidtrace.web.routes.audit import router as audit
from aidtrace.web.routes.auth import router as auth
from aidtrace.web.routes.cases import router as cases
from aidtrace.web.routes.dashboard import router as dashboard
from aidtrace.web.routes.filters import router as filters
from aidtrace.web.routes.language import router as language
from aidtrace.web.routes.lists import router as lists
from aidtrace.web.routes.reveals import router as reveals
from aidtrace.web.routes.screening import router as screening
from aidtrace.web.routes.users import router as users

ROUTERS: tuple[APIRouter, ...] = (
    auth,
    language,
    dashboard,
    alerts,
    cases,
    filters,
    screening,
    lists,
    audit,
    reveals,
    users,
)

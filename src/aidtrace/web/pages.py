"""Server-rendered pages: the Jinja environment, the navigation a role sees, the error page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from aidtrace.accounts.users import User
from aidtrace.web.csrf import csrf_token
from aidtrace.web.i18n import LANGUAGES, N_, Language, language_of, template_context
from aidtrace.web.labels import label_context
from aidtrace.web.policy import Permission, allows
from aidtrace.web.preferences import stored_languages

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

_ENV = Environment(
    loader=FileSystemLoader(TEMPLATES), autoescape=True, extensions=["jinja2.ext.i18n"]
)
# Each render passes its own language's gettext; these stand in where none is given.
_ENV.install_null_translations()  # type: ignore[attr-defined]


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str
    permission: Permission


NAV: tuple[NavItem, ...] = (
    NavItem("/", N_("Dashboard"), Permission.VIEW_AGGREGATES),
    NavItem("/alerts", N_("Alerts"), Permission.VIEW_ALERTS),
    NavItem("/cases", N_("Cases"), Permission.VIEW_ALERTS),
    NavItem("/screening", N_("Screening"), Permission.SCREEN),
    NavItem("/lists", N_("Lists"), Permission.VIEW_LISTS),
    NavItem("/audit", N_("Audit"), Permission.VIEW_AUDIT),
    NavItem("/audit/reveals", N_("Personal data seen"), Permission.VIEW_ACCESS_REPORT),
    NavItem("/users", N_("Users"), Permission.MANAGE_USERS),
)


def reader_language(request: Request, user: User | None) -> Language:
    """The signed-in officer's own language when they chose one, else the picker's cookie or
    the browser's (as on the sign-in page)."""
    if user is not None:
        desk = request.app.state.desk

        def load() -> dict[str, str]:
            with desk.reader() as ws:
                return stored_languages(ws)

        code = desk.languages.get(user.username, load)
        if code in LANGUAGES:
            return LANGUAGES[code]
    return language_of(request)


def to_json(value: object) -> Markup:
    """``value`` as the templates' ``tojson`` filter writes it (safe inside a script element),
    for JSON that is worth writing once and reusing across pages."""
    dumps = _ENV.policies["json.dumps_function"]
    return htmlsafe_json_dumps(value, dumps=dumps, **_ENV.policies["json.dumps_kwargs"])


def render(
    request: Request, template: str, user: User | None, status: int = 200, **context: Any
) -> HTMLResponse:
    """A page in the request's language, with the navigation this user's role may follow and a
    CSRF token for its forms."""
    nav = [n for n in NAV if user is not None and allows(user.role, n.permission)]
    language = reader_language(request, user)
    spoken = template_context(language)
    labels = label_context(language.code, spoken["gettext"], spoken["number"])  # type: ignore[arg-type]
    html = _ENV.get_template(template).render(
        user=user,
        nav=nav,
        path=request.url.path,
        csrf_token=csrf_token(request),
        can=lambda p: user is not None and allows(user.role, Permission(p)),
        **spoken,
        **labels,
        **context,
    )
    return HTMLResponse(html, status_code=status)


def render_error(request: Request, status: int, error: Mapping[str, object]) -> HTMLResponse:
    """The error page: what went wrong in words, never a trace."""
    return render(request, "error.html", None, status=status, status_code=status, error=error)

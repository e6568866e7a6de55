"""What each officer chose for themself on the desk: the language pages speak to them.

Kept on the account (``web_users.language``), so the choice follows the officer to any browser
after sign-in; the picker's cookie and the browser's Accept-Language still decide for the
sign-in page and anyone not signed in.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from aidtrace.errors import InputError
from aidtrace.web.i18n import LANGUAGES
from aidtrace.workspace import Workspace


def stored_languages(ws: Workspace) -> dict[str, str]:
    """Every account's chosen language (accounts that chose none are left out)."""
    rows = ws.engine.query(
        "SELECT username, language FROM web_users WHERE language IS NOT NULL"
    ).to_pylist()
    return {str(r["username"]): str(r["language"]) for r in rows if r["language"] in LANGUAGES}


def set_language(ws: Workspace, username: str, code: str) -> None:
    """Remember ``code`` as the language of ``username``'s pages."""
    if code not in LANGUAGES:
        raise InputError(f"unknown language {code!r}; the desk speaks {', '.join(LANGUAGES)}")
    ws.engine.execute("UPDATE web_users SET language = ? WHERE username = ?", (code, username))


class LanguageCache:
    """Every account's language, read once and kept until one changes (``forget``): each page
    then costs a dictionary lookup, not a query."""

    def __init__(self) -> None:
        self._languages: dict[str, str] | None = None
        self._lock = threading.Lock()

    def get(self, username: str, load: Callable[[], dict[str, str]]) -> str | None:
        """``username``'s language; ``load`` reads them all when none are held."""
        with self._lock:
            if self._languages is None:
                self._languages = load()
            return self._languages.get(username)

    def forget(self) -> None:
        with self._lock:
            self._languages = None

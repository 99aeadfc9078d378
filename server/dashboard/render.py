"""Pages as server-side templates (Jinja2, autoescaped), with the frame every page shares."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from ting.server.dashboard.auth import Auth, Session
from ting.server.dashboard.i18n import lang_of, translator
from ting.server.state import ServerState
from ting.settings import Settings

TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class NavItem:
    path: str
    key: str
    """Its name in ``i18n.TEXTS``."""


class Renderer:
    def __init__(self, settings: Settings, auth: Auth, nav: list[NavItem], htmx: bool) -> None:
        self.settings = settings
        self.auth = auth
        self.nav = nav
        self.htmx = htmx
        self.zone = ZoneInfo(settings.household.timezone)
        self._env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._env.filters["when"] = self.when
        self._env.filters["ago"] = _ago

    def lang(self, request: Request) -> str:
        return lang_of(request, self.settings.household.language)

    def page(
        self, request: Request, session: Session | None, template: str, *, status: int = 200, **context: Any
    ) -> HTMLResponse:
        lang = self.lang(request)
        html = self._env.get_template(template).render(
            t=translator(lang), lang=lang, csrf=session.csrf if session else "", nav=self.nav,
            path=request.url.path, htmx=self.htmx, logged_in=session is not None and not self.auth.open,
            now_unix=time.time(), **context,
        )  # fmt: skip
        response = HTMLResponse(html, status_code=status)
        response.headers["cache-control"] = "no-store"
        return response

    def fragment(self, request: Request, template: str, **context: Any) -> str:
        lang = self.lang(request)
        return self._env.get_template(template).render(t=translator(lang), lang=lang, **context)

    def when(self, unix: float | None) -> str:
        """A moment in the household's zone, as a person reads it."""
        if unix is None:
            return "—"
        return datetime.fromtimestamp(unix, self.zone).strftime("%Y-%m-%d %H:%M:%S")


def _ago(unix: float | None) -> str:
    if unix is None:
        return "—"
    seconds = max(0, int(time.time() - unix))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"


def state_of(request: Request) -> ServerState:
    state: ServerState = request.app.state.ting
    return state

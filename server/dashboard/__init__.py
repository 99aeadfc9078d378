"""The household's dashboard: server-side pages under ``/ui/`` (``/`` leads there), in Chinese and English.

Each page is a module with a ``NavItem`` and a ``routes(ctx)`` function adding its routes; a new page
(weather, music ...) is one more module and one more line in ``PAGES``. docs/dashboard.md has the why.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter

from ting.server.dashboard import (
    alarms,
    frame,
    live,
    push,
    rooms,
    settings_models,
    settings_music,
    settings_page,
    try_sentence,
)
from ting.server.dashboard.auth import Auth
from ting.server.dashboard.context import Context
from ting.server.dashboard.render import NavItem, Renderer
from ting.server.dashboard.static import htmx_file
from ting.settings import Settings

PAGES: list[tuple[NavItem, Callable[[APIRouter, Context], None]]] = [
    (rooms.NAV, rooms.routes),
    (live.NAV, live.routes),
    (alarms.NAV, alarms.routes),
    (try_sentence.NAV, try_sentence.routes),
    (push.NAV, push.routes),
    (settings_page.NAV, settings_page.routes),
]

SETTINGS_SUBPAGES: list[Callable[[APIRouter, Context], None]] = [
    settings_music.routes,
    settings_models.routes,
]
"""Pages under Settings (its tabs: ``templates/settings_tabs.html``), not in the menu."""


def dashboard_router(settings: Settings, config_file: Path | None = None) -> APIRouter:
    auth = Auth(settings.server.api_token)
    renderer = Renderer(settings, auth, [nav for nav, _ in PAGES], htmx=htmx_file() is not None)
    ctx = Context(settings=settings, auth=auth, renderer=renderer, config_file=config_file)
    router = APIRouter(include_in_schema=False)
    frame.routes(router, ctx)
    for _, add_routes in PAGES:
        add_routes(router, ctx)
    for add_subpage in SETTINGS_SUBPAGES:
        add_subpage(router, ctx)
    return router

"""What every page stands in: ``/`` and ``/ui/``, log in and out, the language switch, static files."""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response

from ting.server.dashboard.auth import SESSION_COOKIE, safe_next
from ting.server.dashboard.context import Context
from ting.server.dashboard.i18n import LANG_COOKIE, LANGS
from ting.server.dashboard.login_limit import LoginLimiter, LoginLimits
from ting.server.dashboard.static import static_file

_LOGGER = logging.getLogger(__name__)

MAX_LOGIN_BYTES = 4096


def routes(router: APIRouter, ctx: Context, limits: LoginLimits | None = None) -> None:
    auth, renderer = ctx.auth, ctx.renderer
    limiter = LoginLimiter(limits or LoginLimits())

    @router.get("/")
    @router.get("/ui")
    @router.get("/ui/")
    async def home() -> RedirectResponse:
        return RedirectResponse("/ui/rooms", status_code=303)

    @router.get("/ui/login", response_model=None)
    async def login_form(request: Request, next: str = "/ui/rooms") -> Response:
        if auth.open or auth.session(request) is not None:
            return _logged_in(ctx, request, safe_next(next))
        return renderer.page(
            request, None, "login.html", title_key="login", next=safe_next(next), failed=False
        )

    @router.post("/ui/login", response_model=None)
    async def login(request: Request) -> Response:
        body = (await request.body())[:MAX_LOGIN_BYTES].decode("utf-8", errors="replace")
        form = dict(parse_qsl(body, keep_blank_values=True, max_num_fields=10))
        target = safe_next(form.get("next", ""))
        client = request.client.host if request.client else "unknown"
        if auth.open:
            return _logged_in(ctx, request, target)
        wait = limiter.retry_after_seconds(client)
        if wait:  # even the right token waits: a guesser must not learn that it found it
            _LOGGER.warning("dashboard login from %s refused for %d s: too many wrong tokens", client, wait)
            response = renderer.page(request, None, "login.html", status=429, title_key="login",
                                     next=target, failed=False, wait_seconds=wait)  # fmt: skip
            response.headers["retry-after"] = str(wait)
            return response
        if auth.token_matches(form.get("token", "")):
            limiter.succeeded(client)
            return _logged_in(ctx, request, target)
        limiter.failed(client)
        return renderer.page(
            request, None, "login.html", status=401, title_key="login", next=target, failed=True
        )

    @router.post("/ui/logout")
    async def logout(request: Request) -> RedirectResponse:
        await auth.checked_form(request)
        response = RedirectResponse("/ui/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @router.get("/ui/lang/{lang}")
    async def switch_language(lang: str, next: str = "/ui/rooms") -> RedirectResponse:
        response = RedirectResponse(safe_next(next), status_code=303)
        if lang in LANGS:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax", path="/")
        return response

    @router.get("/ui/static/{name}")
    async def static(name: str) -> FileResponse:
        found = static_file(name)
        if found is None:
            raise HTTPException(404)
        return FileResponse(found[0], media_type=found[1], headers={"cache-control": "max-age=3600"})


def _logged_in(ctx: Context, request: Request, target: str) -> Response:
    response = RedirectResponse(target, status_code=303)
    if ctx.auth.session(request) is None:
        _, cookie = ctx.auth.new_session()
        ctx.auth.set_cookie(response, request, cookie)
    return response

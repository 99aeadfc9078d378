"""Settings → Models: the speech models ``ting models`` knows, installed or not, and a download button with
its progress (``model_jobs``: the command itself runs the download, in a child process).

The page polls one model's progress (htmx, every second; without htmx the page reloads itself). A
download goes into ``device.models_dir`` of the server's config, and the config file is pointed at the
model as ``ting models download`` does: on a device that runs on another machine, run the command there.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from ting.errors import ConfigError
from ting.server.dashboard.context import Context
from ting.server.dashboard.model_jobs import ModelDownloads, ModelRow, ting_command

PATH = "/ui/settings/models"
MAX_NAME_CHARS = 80


def routes(parent: APIRouter, ctx: Context) -> None:
    auth, renderer = ctx.auth, ctx.renderer
    downloads = ModelDownloads(ting_command(ctx.config_file), write_config=ctx.config_file is not None)

    @asynccontextmanager
    async def lifespan(_app: object) -> AsyncIterator[None]:
        yield
        await downloads.close()  # a download still running when the server stops is ended with it

    router = APIRouter(lifespan=lifespan)

    async def page(request: Request, *, error: str | None = None) -> HTMLResponse:
        session = auth.require(request)
        models: list[ModelRow] = []
        try:
            models = await downloads.models()
        except ConfigError as problem:
            error = error or str(problem)
        running = any(d.state == "running" for d in downloads.downloads.values())
        return renderer.page(
            request, session, "settings_models.html", title_key="settings", models=models, error=error,
            downloads=downloads.downloads, running=running, status=422 if error else 200,
            models_dir=str(ctx.settings.device.models_dir),
        )  # fmt: skip

    @router.get(PATH)
    async def listing(request: Request) -> HTMLResponse:
        return await page(request)

    @router.post(PATH)
    async def download(request: Request) -> HTMLResponse:
        form = await auth.checked_form(request)
        name = form.get("name", "")[:MAX_NAME_CHARS]
        try:
            known = {model.name for model in await downloads.models()}
        except ConfigError as error:
            return await page(request, error=str(error))
        if name not in known:  # never a word of the form on the command line but a listed name
            return await page(request, error=f"unknown model {name!r}")
        downloads.start(name)
        return await page(request)

    @router.get(PATH + "/progress/{name}")
    async def progress(request: Request, name: str) -> HTMLResponse:
        auth.require(request)
        found = downloads.downloads.get(name)
        if found is None:
            raise HTTPException(404, "no download of that model was started here")
        return HTMLResponse(renderer.fragment(request, "model_progress.html", d=found))

    parent.include_router(router)  # after its routes: they are copied, and its lifespan joins the app's

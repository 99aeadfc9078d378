"""Settings: the household's keys of ting.toml, written back with ``ConfigEditor`` (comments and layout
kept; the edited file is validated by the settings loader, whose message is shown when it refuses).

A setting is one ``Field`` line; pages of later features (weather provider, voices, music folders) add
theirs to ``FIELDS``. A saved change takes effect when the server restarts, as the page says.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ting.config_edit import ConfigEditor
from ting.errors import ConfigError
from ting.server.dashboard.context import Context
from ting.server.dashboard.render import NavItem
from ting.settings import Settings

NAV = NavItem("/ui/settings", "settings")
MAX_VALUE_CHARS = 200


@dataclass(frozen=True)
class Field:
    section: str
    key: str
    label_key: str
    choices: tuple[str, ...] = ()
    """A select with these values; empty: free text."""

    @property
    def name(self) -> str:
        return f"{self.section}.{self.key}"

    def current(self, settings: Settings) -> str:
        value: Any = getattr(getattr(settings, self.section), self.key)
        return "" if value is None else str(value)


FIELDS: tuple[Field, ...] = (
    Field("household", "timezone", "timezone"),
    Field("household", "language", "household_language", ("zh", "en")),
    Field("household", "region", "region"),
)


def _save(config_file: Any, values: dict[str, str]) -> list[str]:
    """Write the changed values; the keys changed."""
    editor = ConfigEditor(config_file)
    changed = []
    for field in FIELDS:
        value = values.get(field.name)
        if value is None:
            continue
        if len(value) > MAX_VALUE_CHARS:
            raise ConfigError(f"{field.name}: at most {MAX_VALUE_CHARS} characters")
        if editor.get(field.section, field.key) != value and editor.set(
            field.section, field.key, value=value
        ):
            changed.append(field.name)
    editor.save()
    return changed


def routes(router: APIRouter, ctx: Context) -> None:
    auth, renderer = ctx.auth, ctx.renderer

    def values_now() -> dict[str, str]:
        found = {field.name: field.current(ctx.settings) for field in FIELDS}
        if ctx.config_file is not None and ctx.config_file.is_file():
            try:
                editor = ConfigEditor(ctx.config_file)
            except ConfigError:
                return found
            for field in FIELDS:
                written = editor.get(field.section, field.key)
                if written is not None:
                    found[field.name] = str(written)
        return found

    def page(request: Request, values: dict[str, str], *, error: str | None = None,
             saved: bool = False) -> HTMLResponse:  # fmt: skip
        return renderer.page(
            request, auth.require(request), "settings.html", title_key="settings", fields=FIELDS,
            values=values, error=error, saved=saved, status=422 if error else 200,
            config_file=str(ctx.config_file) if ctx.config_file else None,
        )  # fmt: skip

    @router.get(NAV.path)
    async def settings(request: Request) -> HTMLResponse:
        return page(request, await asyncio.to_thread(values_now))

    @router.post(NAV.path)
    async def save(request: Request) -> HTMLResponse:
        form = await auth.checked_form(request)
        values = {field.name: form.get(field.name, "").strip() for field in FIELDS if field.name in form}
        if ctx.config_file is None:
            return page(request, {**await asyncio.to_thread(values_now), **values}, error="read-only")
        try:
            await asyncio.to_thread(_save, ctx.config_file, values)
        except ConfigError as error:
            return page(request, {**await asyncio.to_thread(values_now), **values}, error=str(error))
        return page(request, await asyncio.to_thread(values_now), saved=True)

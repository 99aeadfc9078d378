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

from ting.config_edit import ConfigEditor, SettingsCheck
from ting.errors import ConfigError
from ting.server.dashboard.context import Context
from ting.server.dashboard.render import NavItem, state_of
from ting.server.dashboard.settings_check import skill_check
from ting.settings import Settings

NAV = NavItem("/ui/settings", "settings")
MAX_VALUE_CHARS = 200


@dataclass(frozen=True)
class Field:
    keys: tuple[str, ...]
    """Where it is in ting.toml (``("household", "timezone")``)."""
    label_key: str
    group: str
    """The heading it is shown under (an ``i18n`` key)."""
    choices: tuple[str, ...] = ()
    """A select with these values; empty: free text."""
    secret: bool = False
    """Never shown back; left empty, the file keeps what it has."""
    number: bool = False
    """Written as a TOML number when it reads as one (else as text, for the loader to refuse)."""

    @property
    def name(self) -> str:
        return ".".join(self.keys)

    def current(self, settings: Settings) -> str:
        """The running value, where the settings object has it (else empty)."""
        node: Any = settings
        for key in self.keys:
            node = node.get(key) if isinstance(node, dict) else getattr(node, key, None)
            if node is None:
                return ""
        return "" if self.secret else str(node)


WEATHER_PROVIDERS = ("open-meteo", "qweather", "demo")
"""As ``[skills.weather]`` accepts them (the weather skill checks them when it loads; the server may not
import the skill, so they are repeated here: a select keeps a typo out of the file)."""

FIELDS: tuple[Field, ...] = (
    Field(("household", "timezone"), "timezone", "household"),
    Field(("household", "language"), "household_language", "household", ("zh", "en")),
    Field(("household", "region"), "region", "household"),
    # where home is: the weather skill's (the only one that needs it so far)
    Field(("skills", "weather", "city"), "weather_city", "location"),
    Field(("skills", "weather", "latitude"), "latitude", "location", number=True),
    Field(("skills", "weather", "longitude"), "longitude", "location", number=True),
    Field(("skills", "weather", "provider"), "weather_provider", "weather", WEATHER_PROVIDERS),
    Field(("skills", "weather", "qweather_api_host"), "weather_api_host", "weather"),
    Field(("skills", "weather", "qweather_api_key"), "weather_api_key", "weather", secret=True),
    Field(("device", "tts_voices", "zh"), "voice_zh", "voices"),
    Field(("device", "tts_voices", "en"), "voice_en", "voices"),
)
GROUPS = ("household", "location", "weather", "voices")


def _save(
    config_file: Any, values: dict[str, str], shown: dict[str, str], check: SettingsCheck | None
) -> list[str]:
    """Write the values changed on the page (not the ones only shown: a default the page filled in
    stays out of the file; one emptied is taken out of it); the keys changed."""
    editor = ConfigEditor(config_file)
    changed = []
    for field in FIELDS:
        value = values.get(field.name)
        if value is None or value == shown.get(field.name) or (field.secret and not value):
            continue
        if len(value) > MAX_VALUE_CHARS:
            raise ConfigError(f"{field.name}: at most {MAX_VALUE_CHARS} characters")
        if field.choices and value not in field.choices:
            raise ConfigError(f"{field.name}: one of {', '.join(field.choices)}")
        if not value:
            done = editor.remove(*field.keys)
        else:
            done = editor.set(*field.keys, value=_number(value) if field.number else value)
        if done:
            changed.append(field.name)
    editor.save(check)
    return changed


def _number(value: str) -> float | str:
    try:
        return float(value)
    except ValueError:
        return value  # written as text: the loader says what it expected


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
                written = editor.get(*field.keys)
                if written is not None and not field.secret:
                    found[field.name] = str(written)
                elif field.secret:
                    found[field.name] = "set" if written else ""
        return found

    def page(request: Request, values: dict[str, str], *, error: str | None = None,
             saved: bool = False) -> HTMLResponse:  # fmt: skip
        return renderer.page(
            request, auth.require(request), "settings.html", title_key="settings", fields=FIELDS,
            groups=GROUPS, values=values, error=error, saved=saved, status=422 if error else 200,
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
            shown = await asyncio.to_thread(values_now)
            check = skill_check(state_of(request))
            await asyncio.to_thread(_save, ctx.config_file, values, shown, check)
        except ConfigError as error:
            return page(request, {**await asyncio.to_thread(values_now), **values}, error=str(error))
        return page(request, await asyncio.to_thread(values_now), saved=True)

"""Settings → Music: the library folders and the radio stations of ``[media]`` (docs/music.md), written
back into ting.toml with ``ConfigEditor`` (comments kept, the loader's message shown when it refuses),
and a rescan of the library now.

A folder must exist and be readable when it is added (the library would only log a warning and find
nothing in it). Station ids, URLs and the rest are checked by the settings loader, as at start.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ting.config_edit import ConfigEditor
from ting.errors import ConfigError
from ting.server.dashboard.context import Context
from ting.server.dashboard.render import state_of
from ting.server.media.library import ScanResult
from ting.settings import load_settings

PATH = "/ui/settings/music"
MAX_FIELD_CHARS = 500
STREAM_SCHEMES = ("http://", "https://")


@dataclass(frozen=True)
class Station:
    id: str
    name_zh: str
    name_en: str
    url: str


@dataclass(frozen=True)
class MusicConfig:
    folders: tuple[str, ...]
    stations: tuple[Station, ...]


def read_music(config_file: Path | None, fallback: Any) -> MusicConfig:
    """What the file says (after any change made here), else what the server started with."""
    media = fallback
    if config_file is not None and config_file.is_file():
        media = load_settings(config_file, environ={}).media
    return MusicConfig(
        tuple(str(folder) for folder in media.library_folders),
        tuple(Station(s.id, s.name_zh, s.name_en, s.url) for s in media.stations),
    )


def readable_folder(text: str) -> Path:
    """The folder as it will be written; ``ConfigError`` when the library could not read it."""
    if not text or len(text) > MAX_FIELD_CHARS:
        raise ConfigError(f"media.library_folders: a folder path (1 to {MAX_FIELD_CHARS} characters)")
    folder = Path(text).expanduser()
    if not folder.is_absolute():
        raise ConfigError(f"media.library_folders: {text!r} is not an absolute path")
    if not folder.is_dir():
        raise ConfigError(f"media.library_folders: music folder {folder} does not exist")
    if not os.access(folder, os.R_OK | os.X_OK):
        raise ConfigError(f"media.library_folders: music folder {folder} is not readable by the server")
    return folder


def add_folder(config_file: Path, text: str) -> None:
    folder = readable_folder(text)
    editor = ConfigEditor(config_file)
    folders = [str(f) for f in editor.get("media", "library_folders") or []]
    if str(folder) in folders:
        raise ConfigError(f"media.library_folders: {folder} is already in the library")
    editor.set("media", "library_folders", value=[*folders, str(folder)])
    editor.save()


def remove_folder(config_file: Path, text: str) -> None:
    editor = ConfigEditor(config_file)
    folders = [str(f) for f in editor.get("media", "library_folders") or []]
    if text not in folders:
        raise ConfigError(f"media.library_folders: {text!r} is not in the file")
    kept = [f for f in folders if f != text]
    if kept:
        editor.set("media", "library_folders", value=kept)
    else:
        editor.remove("media", "library_folders")
    editor.save()


def add_station(config_file: Path, form: dict[str, str]) -> None:
    table = {key: form.get(key, "").strip() for key in ("id", "name_zh", "name_en", "url")}
    if any(len(value) > MAX_FIELD_CHARS for value in table.values()):
        raise ConfigError(f"media.stations: at most {MAX_FIELD_CHARS} characters a field")
    if not table["url"].lower().startswith(STREAM_SCHEMES):
        raise ConfigError(
            f"media.stations.url: {table['url']!r} is not an http(s) URL of a stream or an m3u/pls playlist"
        )
    editor = ConfigEditor(config_file)
    stations = editor.get("media", "stations") or []
    if any(station.get("id") == table["id"] for station in stations):
        raise ConfigError(f"media.stations: a station with id {table['id']!r} is already there")
    editor.append_table("media", "stations", table={k: v for k, v in table.items() if v or k == "id"})
    editor.save()


def remove_station(config_file: Path, station_id: str) -> None:
    editor = ConfigEditor(config_file)
    stations = editor.get("media", "stations") or []
    ids = [station.get("id") for station in stations]
    if station_id not in ids:
        raise ConfigError(f"media.stations: no station {station_id!r} in the file")
    editor.remove_table("media", "stations", index=ids.index(station_id))
    editor.save()


ACTIONS: dict[str, Callable[[Path, dict[str, str]], None]] = {
    "add-folder": lambda config_file, form: add_folder(config_file, form.get("folder", "").strip()),
    "remove-folder": lambda config_file, form: remove_folder(config_file, form.get("folder", "")),
    "add-station": add_station,
    "remove-station": lambda config_file, form: remove_station(config_file, form.get("id", "")),
}


def routes(router: APIRouter, ctx: Context) -> None:
    auth, renderer = ctx.auth, ctx.renderer

    async def page(
        request: Request, *, error: str | None = None, saved: bool = False,
        scanned: ScanResult | None = None, form: dict[str, str] | None = None,
    ) -> HTMLResponse:  # fmt: skip
        session = auth.require(request)
        try:
            music = await asyncio.to_thread(read_music, ctx.config_file, ctx.settings.media)
        except ConfigError as problem:  # the file was changed by hand since: say so, show the start's
            music, error = read_music(None, ctx.settings.media), error or str(problem)
        library = state_of(request).media.library
        return renderer.page(
            request, session, "settings_music.html", title_key="settings", music=music, error=error,
            saved=saved, scanned=scanned, form=form or {}, status=422 if error else 200,
            config_file=str(ctx.config_file) if ctx.config_file else None,
            scanning=[str(folder) for folder in library.folders],
        )  # fmt: skip

    @router.get(PATH)
    async def music(request: Request) -> HTMLResponse:
        return await page(request)

    @router.post(PATH)
    async def change(request: Request) -> HTMLResponse:
        form = await auth.checked_form(request)
        action = ACTIONS.get(form.get("action", ""))
        if action is None:
            return await page(request, error=f"unknown action {form.get('action', '')[:40]!r}")
        if ctx.config_file is None:
            return await page(request, error="read-only")
        try:
            await asyncio.to_thread(action, ctx.config_file, form)
        except ConfigError as error:
            return await page(request, error=str(error), form=form)
        return await page(request, saved=True)

    @router.post(PATH + "/rescan")
    async def rescan(request: Request) -> HTMLResponse:
        await auth.checked_form(request)
        result = await state_of(request).media.rescan()  # the NLU gets the new names too
        return await page(request, scanned=result)

"""Rooms: every site (online or not, last seen, what it is doing) and the household's devices, switchable."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ting.errors import HomeError
from ting.server.dashboard.context import Context
from ting.server.dashboard.render import NavItem, state_of
from ting.server.state import ServerState

NAV = NavItem("/ui/rooms", "rooms")


@dataclass(frozen=True)
class SiteRow:
    id: str
    area: str | None
    presence: str
    """``online``, ``offline`` or ``unknown`` (configured, never heard of)."""
    last_seen: float | None
    doing: str | None
    playing: str | None = None
    """What its player plays or has paused (``title — artist``)."""
    player: str | None = None
    """``playing``, ``paused``, ``buffering`` (None: stopped or no player)."""
    volume: int | None = None
    """The music volume, 0-100 (None: no player state)."""
    volume_settable: bool = False
    """A ting device (it has a status or a player): it obeys ``ting/media/<siteId>/volume``."""


@dataclass(frozen=True)
class DeviceRow:
    id: str
    name: str
    area: str
    domain: str
    on: bool
    brightness: int | None
    temperature: float | None
    switchable: bool


def sites(state: ServerState) -> list[SiteRow]:
    household = state.runtime.household
    statuses = state.presence.statuses()
    seen = state.activity.sites()
    players = state.media.players
    devices = (s for s, st in statuses.items() if st.role == "device")
    ids = sorted({*household.sites, *devices, *seen, *players.sites()})
    rows = []
    for site_id in ids:
        status = statuses.get(site_id)
        activity = seen.get(site_id)
        presence = status.state.value if status is not None else "unknown"
        doing = activity.doing if activity is not None and presence == "online" else None
        media = players.state(site_id)
        row = SiteRow(site_id, household.area_for_site(site_id), presence,
                      activity.last_seen_unix if activity else None, doing,
                      volume_settable=status is not None or media is not None)  # fmt: skip
        if media is not None:
            item = media.item
            title = f"{item.title} — {item.artist}" if item and item.artist else item.title if item else None
            active = media.status.value if media.status.value != "stopped" else None
            row = replace(row, playing=title if active else None, player=active, volume=media.volume)
        rows.append(row)
    return rows


async def devices(state: ServerState, lang: str) -> list[DeviceRow]:
    states = await state.device_states()
    rows = []
    for device in state.runtime.household.devices.values():
        current: dict[str, Any] = states.get(device.id, {})
        names = device.names.get(lang) or next(iter(device.names.values()), (device.id,))
        rows.append(DeviceRow(
            id=device.id, name=names[0], area=device.area, domain=device.domain, on=bool(current.get("on")),
            brightness=current.get("brightness_percent"), temperature=current.get("temperature_c"),
            switchable=bool(device.capabilities & {"on_off", "open_close"}),
        ))  # fmt: skip
    return rows


def routes(router: APIRouter, ctx: Context) -> None:
    auth, renderer = ctx.auth, ctx.renderer

    @router.get(NAV.path)
    async def rooms(request: Request) -> HTMLResponse:
        session = auth.require(request)
        state = state_of(request)
        rows = await devices(state, renderer.lang(request))
        return renderer.page(
            request, session, "rooms.html", title_key="rooms", sites=sites(state), devices=rows
        )

    @router.post(NAV.path + "/devices/{device_id}")
    async def switch(device_id: str, request: Request) -> RedirectResponse:
        form = await auth.checked_form(request)
        state = state_of(request)
        if device_id not in state.runtime.household.devices:
            raise HTTPException(404, f"no device {device_id!r}")
        home = state.runtime.home
        try:
            await (home.turn_on(device_id) if form.get("on") == "1" else home.turn_off(device_id))
        except HomeError as error:
            raise HTTPException(422, str(error)) from None
        return RedirectResponse(f"{NAV.path}#device-{device_id}", status_code=303)

    @router.post(NAV.path + "/sites/{site_id}/volume")
    async def volume(site_id: str, request: Request) -> RedirectResponse:
        """Sent as the media skill sends it (``MediaVolume``); the page shows the level the device then
        reports in its state."""
        form = await auth.checked_form(request)
        state = state_of(request)
        if not any(row.id == site_id and row.volume_settable for row in sites(state)):
            raise HTTPException(404, f"no ting device at site {site_id!r}")
        level = form.get("level", "").strip()
        if not level.isdigit() or int(level) > 100:
            raise HTTPException(422, f"volume: a whole number from 0 to 100, not {level[:10]!r}")
        await state.media.players.volume(site_id, level=int(level))
        return RedirectResponse(f"{NAV.path}#site-{site_id}", status_code=303)

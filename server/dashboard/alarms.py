"""Alarms, timers and reminders: list, add, change the time, delete, snooze or stop what rings; missed
ones are listed and marked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ting.errors import TingError
from ting.server.alarms.recurrence import validate
from ting.server.alarms.service import AlarmService
from ting.server.dashboard.auth import Session
from ting.server.dashboard.context import Context
from ting.server.dashboard.render import NavItem, state_of
from ting.server.dashboard.rooms import sites
from ting.skills.sdk.alarms import ACTIVE_STATES, Item, ItemKind, ItemState

NAV = NavItem("/ui/alarms", "alarms")
RECURRENCES = ("", "daily", "weekdays", "weekends")
MAX_LABEL_CHARS = 100
MAX_MESSAGE_CHARS = 500


@dataclass(frozen=True)
class Row:
    item: Item
    due_local: str
    """``YYYY-MM-DDTHH:MM:SS`` for the page's datetime-local field."""


def _rows(service: AlarmService, items: list[Item]) -> list[Row]:
    rows = []
    for item in items:
        try:
            local = datetime.fromtimestamp(item.due_unix, service.zone).strftime("%Y-%m-%dT%H:%M:%S")
        except (OverflowError, ValueError, OSError):
            local = ""
        rows.append(Row(item, local))
    return rows


def _when(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)  # a naive time is taken in the household's zone
    except ValueError:
        raise TingError(f"not a date and time: {text[:40]!r} (YYYY-MM-DDTHH:MM)") from None


def _minutes(text: str) -> float:
    try:
        minutes = float(text)
    except ValueError:
        raise TingError(f"not a number of minutes: {text[:20]!r}") from None
    if not 0 < minutes < float("inf"):
        raise TingError("minutes must be more than 0")
    return minutes * 60


def _short(form: dict[str, str], key: str, limit: int) -> str | None:
    value = form.get(key, "").strip()
    if len(value) > limit:
        raise TingError(f"{key}: at most {limit} characters")
    return value or None


def routes(router: APIRouter, ctx: Context) -> None:
    auth, renderer = ctx.auth, ctx.renderer

    async def page(request: Request, session: Session, error: str | None = None) -> HTMLResponse:
        state = state_of(request)
        service = state.alarms
        active = [i for i in await service.store.items(household=service.household, states=ACTIVE_STATES)]
        missed = await service.store.items(household=service.household, states=(ItemState.MISSED,))
        site_ids = [row.id for row in sites(state)] or ["default"]
        return renderer.page(
            request, session, "alarms.html", title_key="alarms", status=422 if error else 200,
            items=_rows(service, active), missed=_rows(service, missed), sites=site_ids, error=error,
            recurrences=RECURRENCES, kinds=[k.value for k in ItemKind],
        )  # fmt: skip

    @router.get(NAV.path)
    async def alarms(request: Request) -> HTMLResponse:
        return await page(request, auth.require(request))

    @router.post(NAV.path + "/add", response_model=None)
    async def add(request: Request) -> Response:
        form = await auth.checked_form(request)
        service = state_of(request).alarms
        site = form.get("site", "default") or "default"
        lang = renderer.lang(request)
        try:
            kind = form.get("kind", "")
            if kind == "alarm":
                await service.add_alarm(site_id=site, when=_when(form.get("time", "")), lang=lang,
                                        recurrence=form.get("recurrence") or None,
                                        label=_short(form, "label", MAX_LABEL_CHARS))  # fmt: skip
            elif kind == "timer":
                await service.add_timer(site_id=site, seconds=_minutes(form.get("minutes", "")), lang=lang,
                                        label=_short(form, "label", MAX_LABEL_CHARS))  # fmt: skip
            elif kind == "reminder":
                message = _short(form, "message", MAX_MESSAGE_CHARS)
                if message is None:
                    raise TingError("message: say what to remind of")
                await service.add_reminder(site_id=site, when=_when(form.get("time", "")), message=message,
                                           lang=lang)  # fmt: skip
            else:
                raise TingError(f"unknown kind {kind[:20]!r}")
        except TingError as error:
            return await page(request, auth.require(request), str(error))
        return RedirectResponse(NAV.path, status_code=303)

    @router.post(NAV.path + "/{item_id}/{action}", response_model=None)
    async def act(item_id: str, action: str, request: Request) -> Response:
        form = await auth.checked_form(request)
        service = state_of(request).alarms
        item = await service.get(item_id)
        if item is None:
            raise HTTPException(404, f"no alarm, timer or reminder {item_id!r}")
        try:
            if action == "delete":
                await service.cancel(item_id)
            elif action == "time":
                await service.change(item, _when(form.get("time", "")))
            elif action == "edit" and item.kind is ItemKind.ALARM:
                recurrence = form.get("recurrence", "").strip() or None
                if recurrence:
                    validate(recurrence)
                # change() recomputes the wall time and the next occurrence from the time given
                revised = item.with_(label=_short(form, "label", MAX_LABEL_CHARS), recurrence=recurrence,
                                     wall_time=None)  # fmt: skip
                await service.change(revised, _when(form.get("time", "")))
            elif action == "snooze" and item.state is ItemState.RINGING:
                await service.snooze(item.site_id)
            elif action == "stop" and item.state is ItemState.RINGING:
                await service.stop(item.site_id)
            else:
                raise TingError(f"cannot {action[:20]} this {item.kind.value} now ({item.state.value})")
        except TingError as error:
            return await page(request, auth.require(request), str(error))
        return RedirectResponse(NAV.path, status_code=303)

"""HTTP API for alarms, timers and reminders (in the OpenAPI document under the ``alarms`` tag)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field

from ting.errors import LimitError
from ting.server.alarms.recurrence import RecurrenceError
from ting.server.alarms.service import AlarmService
from ting.skills.sdk.alarms import Item, ItemKind

router = APIRouter(prefix="/api", tags=["alarms"])


def get_alarms(request: Request) -> AlarmService:
    service: AlarmService = request.app.state.ting.alarms
    return service


AlarmsDep = Annotated[AlarmService, Depends(get_alarms)]


class ItemOut(BaseModel):
    id: str
    kind: Literal["alarm", "timer", "reminder"]
    site_id: str
    state: str
    due: str | None = Field(
        description="Next due moment, ISO 8601 in the household's time zone (null: not a representable time)."
    )
    remaining_seconds: float
    label: str | None
    message: str | None
    recurrence: str | None
    lang: str


class AlarmIn(BaseModel):
    time: datetime = Field(description="Local `YYYY-MM-DDTHH:MM:SS` (household zone) or with an offset.")
    recurrence: str | None = Field(
        default=None, description="`daily`, `weekdays`, `weekends`, `weekly:MO,WE`."
    )
    label: str | None = Field(default=None, max_length=100)
    site_id: str = Field(default="default", max_length=100, description="The device that rings.")
    lang: Literal["zh", "en"] | None = None


class TimerIn(BaseModel):
    duration_seconds: float = Field(gt=0, le=7 * 24 * 3600)
    label: str | None = Field(default=None, max_length=100)
    site_id: str = Field(default="default", max_length=100)
    lang: Literal["zh", "en"] | None = None


class ReminderIn(BaseModel):
    time: datetime
    message: str = Field(min_length=1, max_length=500)
    site_id: str = Field(default="default", max_length=100)
    lang: Literal["zh", "en"] | None = None


def _out(service: AlarmService, item: Item) -> ItemOut:
    try:
        due: str | None = datetime.fromtimestamp(item.due_unix, service.zone).isoformat()
    except (OverflowError, ValueError, OSError):  # a row from before the limits: listed, not a 500
        due = None
    return ItemOut(
        id=item.id, kind=item.kind.value, site_id=item.site_id, state=item.state.value, due=due,
        remaining_seconds=round(service.remaining_seconds(item), 3), label=item.label, message=item.message,
        recurrence=item.recurrence, lang=item.lang,
    )  # fmt: skip


def _lang(request: Request, lang: str | None) -> str:
    return lang or str(request.app.state.ting.settings.household.language)


async def _list(service: AlarmService, kind: ItemKind) -> list[ItemOut]:
    return [_out(service, item) for item in await service.items(kind)]


@router.get("/alarms", response_model=list[ItemOut])
async def list_alarms(service: AlarmsDep) -> list[ItemOut]:
    """Active alarms (pending or ringing), soonest first."""
    return await _list(service, ItemKind.ALARM)


@router.get("/timers", response_model=list[ItemOut])
async def list_timers(service: AlarmsDep) -> list[ItemOut]:
    """Running, paused and ringing timers."""
    return await _list(service, ItemKind.TIMER)


@router.get("/reminders", response_model=list[ItemOut])
async def list_reminders(service: AlarmsDep) -> list[ItemOut]:
    return await _list(service, ItemKind.REMINDER)


@router.post("/alarms", response_model=ItemOut, status_code=201)
async def create_alarm(body: AlarmIn, service: AlarmsDep, request: Request) -> ItemOut:
    try:
        item = await service.add_alarm(site_id=body.site_id, when=body.time, recurrence=body.recurrence,
                                       label=body.label, lang=_lang(request, body.lang))  # fmt: skip
    except (RecurrenceError, LimitError) as error:
        raise HTTPException(422, str(error)) from None
    return _out(service, item)


@router.post("/timers", response_model=ItemOut, status_code=201)
async def create_timer(body: TimerIn, service: AlarmsDep, request: Request) -> ItemOut:
    try:
        item = await service.add_timer(site_id=body.site_id, seconds=body.duration_seconds, label=body.label,
                                       lang=_lang(request, body.lang))  # fmt: skip
    except LimitError as error:
        raise HTTPException(422, str(error)) from None
    return _out(service, item)


@router.post("/reminders", response_model=ItemOut, status_code=201)
async def create_reminder(body: ReminderIn, service: AlarmsDep, request: Request) -> ItemOut:
    try:
        item = await service.add_reminder(site_id=body.site_id, when=body.time, message=body.message,
                                          lang=_lang(request, body.lang))  # fmt: skip
    except LimitError as error:
        raise HTTPException(422, str(error)) from None
    return _out(service, item)


async def _delete(service: AlarmService, kind: ItemKind, item_id: str) -> dict[str, Any]:
    item = await service.get(item_id)
    if item is None or item.kind is not kind:
        raise HTTPException(404, f"no {kind.value} {item_id}")
    await service.cancel(item_id)
    return {"deleted": item_id}


@router.delete("/alarms/{item_id}")
async def delete_alarm(item_id: str, service: AlarmsDep) -> dict[str, Any]:
    return await _delete(service, ItemKind.ALARM, item_id)


@router.delete("/timers/{item_id}")
async def delete_timer(item_id: str, service: AlarmsDep) -> dict[str, Any]:
    return await _delete(service, ItemKind.TIMER, item_id)


@router.delete("/reminders/{item_id}")
async def delete_reminder(item_id: str, service: AlarmsDep) -> dict[str, Any]:
    return await _delete(service, ItemKind.REMINDER, item_id)

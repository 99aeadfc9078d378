"""``GET /api/weather``: the normalized forecast for a place and day, as the weather skill has it.

The server does not know weather providers: it asks the weather skill (``weather.get`` with the
``location`` and ``date`` slots, through the same runtime as a spoken question), so HTTP shares the
skill's settings, cache and outage handling. Behind the API token like every private route.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from ting.server.state import ServerState
from ting.skills.sdk import IntentRequest

router = APIRouter()


def _state(request: Request) -> ServerState:
    state: ServerState = request.app.state.ting
    return state


class WeatherAnswer(BaseModel):
    place: str = Field(description="The place as the provider names it.")
    date: str = Field(description="The day asked about (YYYY-MM-DD, the place's local date).")
    text: str = Field(description="The spoken-style answer about that day.")
    provider: str = Field(description="open-meteo, qweather or demo.")
    demo: bool = Field(description="True: bundled demo data, not a forecast.")
    stale: bool = Field(description="The provider could not be reached: the last stored forecast.")
    fetched_at: str = Field(description="When the provider gave the forecast (household time, ISO 8601).")
    forecast: dict[str, Any] = Field(
        description="The normalized forecast: place, timezone, current, days (°C, km/h, mm, %), hours, air "
        "(AQI), warnings. See docs/weather.md."
    )


@router.get(
    "/api/weather",
    response_model=WeatherAnswer,
    responses={
        404: {"description": "No weather skill, no such place (or an ambiguous one), or no home set."},
        503: {"description": "The provider cannot be reached and nothing is cached for the place."},
    },
)
async def weather(
    state: Annotated[ServerState, Depends(_state)],
    place: Annotated[str, Query(max_length=100, description="A place name; empty: home.")] = "",
    date: Annotated[dt.date | None, Query(description="YYYY-MM-DD; empty: today.")] = None,
    lang: Literal["zh", "en"] = "zh",
) -> WeatherAnswer:
    """The forecast for ``place`` (home when empty) and the spoken answer about ``date`` (default today)."""
    if not state.runtime.can_handle("weather.get"):
        raise HTTPException(404, "the weather skill is not running (GET /api/skills says why)")
    slots: dict[str, Any] = {}
    if place.strip():
        slots["location"] = place.strip()
    if date is not None:
        slots["date"] = date.isoformat()
    request = IntentRequest(
        intent="weather.get",
        slots=slots,
        raw_slots={name: str(value) for name, value in slots.items()},
        text="",
        lang=lang,
        site_id="http",
    )
    response = await state.runtime.handle(request)
    data = response.data
    if not response.ok or "forecast" not in data:
        raise HTTPException(503 if "error" in data else 404, response.text)
    return WeatherAnswer(
        place=str(data["location"]),
        date=str(data["date"]),
        text=response.text,
        provider=str(data["provider"]),
        demo=bool(data["demo"]),
        stale=bool(data["stale"]),
        fetched_at=str(data["fetched_at"]),
        forecast=data["forecast"],
    )

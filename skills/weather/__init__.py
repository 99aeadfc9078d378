"""The weather skill: understands weather questions (place and day); answers once a provider is set up.

No weather provider is wired in yet, so every answer says honestly what was understood and that
the forecast is not available (``Response(ok=False)``), in the request's language. ``location``
is the city's English name when the city is in the shipped list (上海 and Shanghai both give
``Shanghai``), else the words as said; ``date`` is ``YYYY-MM-DD``.
"""

from __future__ import annotations

from pathlib import Path

from ting.skills.sdk import IntentRequest, Response, Services, Skill
from ting.skills.weather.phrases import not_set_up

skill = Skill(
    "weather",
    sentences=Path(__file__).parent / "sentences",
    description="understands weather questions (no forecast provider is set up yet)",
)


@skill.handle("weather.get")
async def get_weather(request: IntentRequest, services: Services) -> Response:
    location = request.slots.get("location")
    date = request.slots.get("date")
    place = str(request.raw_slots.get("location") or location) if location else ""
    when = str(request.raw_slots.get("date") or date) if date else ""
    return Response(
        text=not_set_up(request.lang, place, when),
        data={"location": location, "date": date, "provider": None},
        ok=False,
    )
